/**
 * A throwaway test CA and a server certificate for api.notion.com signed by it, made with the
 * openssl CLI. n8n trusts the CA through NODE_EXTRA_CA_CERTS; the emulator serves the certificate,
 * so n8n's clients verify TLS exactly as they would against Notion.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const NOTION_HOST = 'api.notion.com';

export interface TestTls {
	dir: string;
	caFile: string;
	keyFile: string;
	certFile: string;
	/** PEM strings, ready for https.createServer / startEmulator({ tls }) */
	ca: string;
	key: string;
	cert: string;
}

function openssl(cwd: string, args: string[]): void {
	execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Creates a fresh CA and server certificate in a new temp dir (about 100 ms). */
export function createTestTls(parent = os.tmpdir()): TestTls {
	const dir = fs.mkdtempSync(path.join(parent, 'notion-e2e-tls-'));
	openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=n8n-nodes-notion-access test CA',
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
		'-keyout', 'ca.key', '-out', 'ca.pem']);
	openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${NOTION_HOST}`, '-keyout', 'server.key', '-out', 'server.csr']);
	// SAN is what clients check; extendedKeyUsage keeps strict verifiers happy.
	fs.writeFileSync(path.join(dir, 'server.ext'),
		`subjectAltName=DNS:${NOTION_HOST}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
	openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
		'-extfile', 'server.ext', '-out', 'server.pem']);
	const caFile = path.join(dir, 'ca.pem');
	const keyFile = path.join(dir, 'server.key');
	const certFile = path.join(dir, 'server.pem');
	return {
		dir, caFile, keyFile, certFile,
		ca: fs.readFileSync(caFile, 'utf8'),
		key: fs.readFileSync(keyFile, 'utf8'),
		cert: fs.readFileSync(certFile, 'utf8'),
	};
}
