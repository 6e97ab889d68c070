/**
 * A local npm registry for n8n's own Community Nodes installer, on loopback only.
 *
 * n8n 1.123.81 and 2.41.1 (`community-packages.service.js`) put `--registry=<N8N_COMMUNITY_PACKAGES_REGISTRY>`
 * on the command line of every npm call they make, and any registry other than
 * https://registry.npmjs.org needs an Enterprise licence (getNpmRegistry() throws
 * FeatureNotLicensedError). A command-line flag beats npm's own config, so an `.npmrc` or
 * `npm_config_registry` cannot move n8n's npm to another registry. What npm's own config can do
 * is what a company's npm mirror does: `https-proxy`. So the tests run
 *   - verdaccio 6.8.0 (installed from test/e2e/verdaccio/ into the cache, no uplinks: it never
 *     asks the real registry), with a throwaway storage and one fake user, and
 *   - an HTTPS proxy on loopback that answers CONNECT registry.npmjs.org:443 with a certificate for
 *     registry.npmjs.org from the test CA and hands every request to verdaccio; any other CONNECT
 *     target is refused and recorded.
 * n8n's npm gets `npm_config_https_proxy`, `npm_config_cafile` (the test CA) and a cache of its
 * own in its env. proxy-from-env, which axios (1.x) and @n8n/backend-network (2.x) use, also
 * reads `npm_config_https_proxy`: n8n's own in-process requests then go to the proxy as well, which
 * serves registry.npmjs.org and refuses (and records) every other host; NO_PROXY keeps
 * api.notion.com off it, so the preload still sends Notion's traffic to the emulator. n8n's in-process registry
 * checks (axios / OutboundHttp GET https://registry.npmjs.org/NAME/VERSION, api.n8n.io's package
 * status) are refused by preload.js; n8n then falls back to `npm view`, which goes through the proxy.
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo, Socket } from 'net';
import * as os from 'os';
import * as path from 'path';

import { packPackage } from './community';
import { freePort, PRELOAD } from './n8n';
import type { TestTls } from './tls';

export const NPM_REGISTRY_HOST = 'registry.npmjs.org';
const VERDACCIO_VERSION = '6.8.0';
const CACHE_DIR = process.env.N8N_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'n8n-notion-access');
/** fake, loopback only */
const PUBLISHER = { name: 'e2e-publisher', password: 'not-a-secret-e2e-publisher' };

/** `npm ci` of test/e2e/verdaccio into the cache, once. Returns verdaccio's bin. */
export function ensureVerdaccio(): string {
	const dir = path.join(CACHE_DIR, `verdaccio-${VERDACCIO_VERSION}`);
	const bin = path.join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
	if (fs.existsSync(path.join(dir, '.installed'))) return bin;
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(__dirname, 'verdaccio', file), path.join(dir, file));
	execFileSync('npm', ['ci', '--ignore-scripts', '--loglevel=error', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
	fs.writeFileSync(path.join(dir, '.installed'), '');
	return bin;
}

export interface LocalRegistry {
	/** verdaccio's own URL, http://127.0.0.1:PORT */
	url: string;
	/** the loopback HTTPS proxy n8n's npm uses for registry.npmjs.org */
	proxyUrl: string;
	/** env for an n8n process: npm's own config, nothing of n8n's (and NO_PROXY for Notion) */
	npmEnv: Record<string, string>;
	/** "METHOD /path" of every request that came through the proxy */
	proxied: string[];
	/** hosts other than registry.npmjs.org that something asked the proxy for (refused) */
	refused: string[];
	/** verdaccio's stdout and stderr so far */
	output(): string;
	/** `npm pack` of packageDir, with package.json's version set to `version`, published to verdaccio */
	publish(packageDir: string, version: string): void;
	close(): Promise<void>;
}

/** A certificate for registry.npmjs.org signed by the test CA (in tls.dir). */
function registryCertificate(tls: TestTls): { key: string; cert: string } {
	const run = (args: string[]) => execFileSync('openssl', args, { cwd: tls.dir, stdio: ['ignore', 'ignore', 'pipe'] });
	fs.writeFileSync(path.join(tls.dir, 'registry.ext'),
		`subjectAltName=DNS:${NPM_REGISTRY_HOST}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
	run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${NPM_REGISTRY_HOST}`, '-keyout', 'registry.key', '-out', 'registry.csr']);
	run(['x509', '-req', '-in', 'registry.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
		'-extfile', 'registry.ext', '-out', 'registry.pem']);
	return { key: fs.readFileSync(path.join(tls.dir, 'registry.key'), 'utf8'), cert: fs.readFileSync(path.join(tls.dir, 'registry.pem'), 'utf8') };
}

async function waitForPing(url: string, child: ChildProcess, output: () => string): Promise<void> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`verdaccio exited (${child.exitCode}):\n${output()}`);
		try {
			if ((await fetch(`${url}/-/ping`)).ok) return;
		} catch { /* not listening yet */ }
		if (Date.now() > deadline) throw new Error(`verdaccio not ready after 60 s:\n${output()}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** Starts verdaccio and the proxy in a fresh directory under `parent`. */
export async function startLocalRegistry(tls: TestTls, parent = os.tmpdir()): Promise<LocalRegistry> {
	const bin = ensureVerdaccio();
	const dir = fs.mkdtempSync(path.join(parent, 'npm-registry-e2e-'));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const config = path.join(dir, 'config.yaml');
	fs.writeFileSync(config, [
		`storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
		'auth:',
		'  htpasswd:',
		`    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
		'    max_users: 1',
		'uplinks: {}', // never ask the real registry
		'packages:',
		"  '**':",
		'    access: $all',
		'    publish: $authenticated',
		'web:',
		'  enable: false',
		'log: { type: stdout, format: json, level: warn }',
		'',
	].join('\n'));
	let output = '';
	const child = spawn(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], {
		cwd: dir,
		// the preload refuses anything that is not loopback: verdaccio has no business elsewhere
		env: {
			PATH: process.env.PATH ?? '', HOME: dir, NODE_OPTIONS: `--require ${JSON.stringify(PRELOAD)}`,
			// tarball URLs in the metadata name registry.npmjs.org, so n8n's npm fetches those through the proxy too
			VERDACCIO_PUBLIC_URL: `https://${NPM_REGISTRY_HOST}/`,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout!.setEncoding('utf8').on('data', (c: string) => { output += c; });
	child.stderr!.setEncoding('utf8').on('data', (c: string) => { output += c; });
	await waitForPing(url, child, () => output);

	// npm's adduser call: the first user registers and gets a token
	const added = await fetch(`${url}/-/user/org.couchdb.user:${PUBLISHER.name}`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name: PUBLISHER.name, password: PUBLISHER.password, type: 'user' }),
	});
	if (!added.ok) throw new Error(`verdaccio adduser: ${added.status} ${await added.text()}`);
	const { token } = (await added.json()) as { token: string };

	const proxied: string[] = [];
	const refused: string[] = [];
	const toVerdaccio = (req: http.IncomingMessage, res: http.ServerResponse) => {
		// absolute-form (a plain-HTTP proxy request) or origin-form (inside a CONNECT tunnel)
		const target = req.url!.startsWith('http') ? new URL(req.url!) : new URL(req.url!, `https://${NPM_REGISTRY_HOST}`);
		if (target.host !== NPM_REGISTRY_HOST) {
			refused.push(target.host);
			res.writeHead(403).end();
			return;
		}
		proxied.push(`${req.method} ${target.pathname}`);
		const upstream = http.request({
			host: '127.0.0.1', port, method: req.method, path: target.pathname + target.search,
			headers: { ...req.headers, host: `127.0.0.1:${port}` },
		}, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', (error) => res.destroy(error));
		req.pipe(upstream);
	};
	const tunnelEnd = https.createServer(registryCertificate(tls), toVerdaccio);
	const proxy = http.createServer(toVerdaccio);
	proxy.on('connect', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
		if (req.url !== `${NPM_REGISTRY_HOST}:443`) {
			refused.push(req.url ?? '');
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head.length) socket.unshift(head);
		tunnelEnd.emit('connection', socket);
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

	return {
		url, proxyUrl, proxied, refused,
		output: () => output,
		npmEnv: {
			npm_config_https_proxy: proxyUrl,
			// npm's own CA setting wins over NODE_EXTRA_CA_CERTS when a machine's npm config sets one
			npm_config_cafile: tls.caFile,
			// a cache of its own: metadata cached from another run would name another verdaccio port
			npm_config_cache: path.join(dir, 'npm-cache'),
			npm_config_update_notifier: 'false',
			// proxy-from-env (n8n's own HTTP clients) reads npm_config_https_proxy too: keep Notion off it
			NO_PROXY: 'api.notion.com',
		},
		publish(packageDir: string, version: string) {
			const stage = fs.mkdtempSync(path.join(dir, 'stage-'));
			const { tarball } = packPackage(packageDir, stage);
			execFileSync('tar', ['-xzf', tarball, '-C', stage]);
			const manifestPath = path.join(stage, 'package', 'package.json');
			const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
			fs.writeFileSync(manifestPath, JSON.stringify({ ...manifest, version }, null, 2));
			execFileSync('npm', ['publish', path.join(stage, 'package'), '--ignore-scripts', `--registry=${url}`, `--//127.0.0.1:${port}/:_authToken=${token}`], {
				cwd: stage, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false', npm_config_cache: path.join(dir, 'npm-cache') },
			});
		},
		async close() {
			proxy.closeAllConnections();
			tunnelEnd.closeAllConnections();
			await new Promise<void>((resolve) => proxy.close(() => resolve()));
			child.kill('SIGTERM');
			if (child.exitCode === null) await new Promise((r) => child.once('close', r));
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}
