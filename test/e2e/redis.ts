/**
 * A throwaway Redis for queue mode: Debian's redis-server (installed with apt-get when missing),
 * on a free loopback port, no persistence, gone when stopped.
 */
import { execFileSync, spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export interface RedisServer {
	host: string;
	port: number;
	child: ChildProcess;
	stop(): Promise<void>;
}

function which(cmd: string): string | null {
	try {
		return execFileSync('bash', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
	} catch {
		return null;
	}
}

/** CI machines start bare: install the Debian package once (we run as root there). */
export function ensureRedisServer(): string {
	const found = which('redis-server');
	if (found) return found;
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { stdio: ['ignore', 'ignore', 'inherit'], env });
	const installed = which('redis-server');
	if (!installed) throw new Error('redis-server is still missing after apt-get install');
	return installed;
}

async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer().on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

async function ping(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.setTimeout(500);
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
		socket.on('error', () => resolve(false));
		socket.on('timeout', () => {
			socket.destroy();
			resolve(false);
		});
	});
}

export async function startRedis(): Promise<RedisServer> {
	const bin = ensureRedisServer();
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-redis-'));
	const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
		'--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		await exited;
		fs.rmSync(dir, { recursive: true, force: true });
	};
	const deadline = Date.now() + 10_000;
	while (!(await ping(port))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			await stop();
			throw new Error(`redis-server did not start on port ${port}:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	return { host: '127.0.0.1', port, child, stop };
}
