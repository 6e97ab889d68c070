import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, WORLD } from './index';

function selfSigned(): { key: string; cert: string } | undefined {
	const dir = mkdtempSync(join(tmpdir(), 'notion-emu-tls-'));
	try {
		execFileSync(
			'openssl',
			['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
				'-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
			{ stdio: 'ignore' },
		);
	} catch {
		return undefined;
	}
	return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

it('serves HTTPS with the given key and certificate', async () => {
	const tls = selfSigned();
	if (!tls) return; // no openssl here: nothing to test with
	const emu = await startEmulator({ tls, modes: { rateLimit: null } });
	try {
		expect(emu.url).toBe(`https://127.0.0.1:${emu.port}`);
		const status = await new Promise<number>((resolve, reject) => {
			const req = request(
				`${emu.url}/v1/users/me`,
				{ ca: tls.cert, headers: { authorization: `Bearer ${WORLD.internalIntegration.secret}`, 'notion-version': '2022-06-28' } },
				(res) => {
					res.resume();
					resolve(res.statusCode ?? 0);
				},
			);
			req.on('error', reject);
			req.end();
		});
		expect(status).toBe(200);
	} finally {
		await emu.close();
	}
});

it('starts with seed and modes from options, and keeps them across reset', async () => {
	const emu = await startEmulator({ modes: { rotation: 'grace', rateLimit: null } });
	try {
		emu.control.setModes({ rotation: 'immediate' });
		emu.control.reset();
		expect(emu.control.getModes()).toMatchObject({ rotation: 'grace', rateLimit: null });
	} finally {
		await emu.close();
	}
});

it('the CLI prints its URL and the world, with modes from --mode', async () => {
	const child = spawn(process.execPath, [require.resolve('tsx/cli'), join(__dirname, 'cli.ts'), '--port', '0', '--mode', 'rotation=grace', '--mode', 'rateLimit=null'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	try {
		let output = '';
		await new Promise<void>((resolve, reject) => {
			child.stdout.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				if (/\n}\n$/.test(output)) resolve();
			});
			child.on('exit', (code) => reject(new Error(`cli exited with ${code}`)));
		});
		const printed = JSON.parse(output.slice(output.indexOf('{')));
		expect(printed.modes).toMatchObject({ rotation: 'grace', rateLimit: null });
		expect(printed.world.publicIntegration.clientId).toBe(WORLD.publicIntegration.clientId);
		const health = await fetch(`${printed.url}/__emulator/health`);
		expect(health.status).toBe(200);
	} finally {
		child.kill('SIGTERM');
	}
}, 15_000);
