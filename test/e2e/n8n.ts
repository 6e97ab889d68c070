/**
 * Harness for end-to-end tests and benchmarks against real n8n (1.123.x on Node 20, 2.41.x on
 * Node 24), driven through its CLI. Each instance is a user folder with its own sqlite database and
 * the built package installed as a community package, the way n8n installs one.
 *
 * Every n8n process gets NODE_OPTIONS=--require preload.js (api.notion.com goes to the emulator on
 * loopback, nothing else leaves the machine) and NODE_EXTRA_CA_CERTS (the test CA). The product
 * itself is not told anything.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

import { installAsCommunityPackage } from './community';

export const N8N_VERSIONS = ['1.123.81', '2.41.1'] as const;
export type N8nVersion = (typeof N8N_VERSIONS)[number];

export const REPO_DIR = path.resolve(__dirname, '../..');
export const PRELOAD = path.join(__dirname, 'preload.js');
const INSTALL_SCRIPT = path.join(__dirname, 'install-n8n.sh');
const CACHE_DIR = process.env.N8N_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'n8n-notion-access');
/** Fixed and fake: tests only need the same key for import, execute and export. */
export const ENCRYPTION_KEY = 'notion-access-e2e-not-a-secret-0123456789';

export interface N8nInstance {
	version: N8nVersion;
	installDir: string;
	/** N8N_USER_FOLDER; n8n keeps its data in `<userFolder>/.n8n` */
	userFolder: string;
	/** every n8n log file and captured stdout/stderr of this instance */
	logDir: string;
	caFile: string;
	/** where api.notion.com goes; change it when the emulator restarts on another port */
	emulatorPort: number;
	/** the package's node and credential type prefix, e.g. `n8n-nodes-notion-access.notionAccessCheck`; null when none installed */
	packageName: string | null;
	/** extra env for every process of this instance (set before starting processes) */
	env: Record<string, string>;
}

export interface InstanceOptions {
	emulatorPort: number;
	caFile: string;
	/** a directory with package.json and dist/ (usually REPO_DIR); null: install no package */
	packageDir?: string | null;
	env?: Record<string, string>;
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
	durationMs: number;
	/** n8n's log records (N8N_LOG_FORMAT=json on stdout) */
	records: LogRecord[];
	/** the log file n8n wrote for this command (N8N_LOG_FILE_LOCATION) */
	logFile: string;
}

export interface LogRecord {
	level: string;
	message: string;
	metadata?: Record<string, unknown>;
}

/** Installs n8n VERSION once into the cache (see install-n8n.sh) and returns the install dir. */
export function ensureN8n(version: N8nVersion): string {
	const dir = path.join(CACHE_DIR, `n8n-${version}`);
	if (fs.existsSync(path.join(dir, '.installed'))) return dir;
	execFileSync('bash', [INSTALL_SCRIPT, version], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, N8N_CACHE_DIR: CACHE_DIR } });
	return dir;
}

/** A fresh user folder with the package installed the way n8n's community package installer leaves it. */
export async function createInstance(version: N8nVersion, options: InstanceOptions): Promise<N8nInstance> {
	const installDir = ensureN8n(version);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${version}-`));
	const logDir = path.join(userFolder, 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	let packageName: string | null = null;
	if (options.packageDir !== null) {
		packageName = installAsCommunityPackage(userFolder, options.packageDir ?? REPO_DIR).name;
	}
	return {
		version, installDir, userFolder, logDir, packageName,
		caFile: options.caFile,
		emulatorPort: options.emulatorPort,
		env: { ...options.env },
	};
}

export function removeInstance(inst: N8nInstance): void {
	fs.rmSync(inst.userFolder, { recursive: true, force: true });
}

/** A port that was free a moment ago (good enough on a test box). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

let logSeq = 0;

/** Env for one n8n process: the parent's env minus anything that would change n8n's behaviour. */
async function processEnv(inst: N8nInstance, logName: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		// NODE_ENV=test (set by jest) makes n8n refuse to load nodes; proxies would send requests
		// around the preload; a stray N8N_/DB_/QUEUE_ setting would change what is tested.
		if (value === undefined || /^(NODE_|N8N_|DB_|QUEUE_|EXECUTIONS_|JEST_)|proxy$/i.test(key)) continue;
		env[key] = value;
	}
	Object.assign(env, {
		NODE_ENV: 'production', // as in n8n's Docker image; unset means "development" to n8n
		NODE_OPTIONS: `--require ${JSON.stringify(PRELOAD)}`,
		NODE_EXTRA_CA_CERTS: inst.caFile,
		NOTION_EMULATOR_PORT: String(inst.emulatorPort),
		N8N_USER_FOLDER: inst.userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_LOG_LEVEL: 'debug',
		N8N_LOG_OUTPUT: 'console,file',
		N8N_LOG_FORMAT: 'json', // one JSON record per stdout line: parsed below
		N8N_LOG_FILE_LOCATION: path.join(inst.logDir, `${logName}.log`),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()), // distinct per concurrent process
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		// No outbound calls: telemetry, version checks, templates, banners, license renewal, AI, community node catalog.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// 2.x: its SSRF guard is off by default; say so, since it would block the loopback emulator.
		N8N_SSRF_PROTECTION_ENABLED: 'false',
	});
	if (inst.version.startsWith('1.')) {
		// 1.123.x pulls isolated-vm 6, which cannot be built for Node 20: use the legacy expression engine.
		env.N8N_EXPRESSION_ENGINE = 'legacy';
	} else {
		// 2.x `start` refreshes an MCP server catalog from api.n8n.io (a system task).
		env.N8N_DISABLED_MODULES = 'mcp-registry';
	}
	return { ...env, ...inst.env, ...extra };
}

function n8nArgs(inst: N8nInstance, args: string[]): [string, string[]] {
	return [path.join(inst.installDir, 'node'), [path.join(inst.installDir, 'node_modules', 'n8n', 'bin', 'n8n'), ...args]];
}

export function parseRecords(stdout: string): LogRecord[] {
	const records: LogRecord[] = [];
	for (const line of stdout.split('\n')) {
		if (!line.startsWith('{"level"')) continue;
		try {
			records.push(JSON.parse(line));
		} catch {
			// a line that merely looks like a record
		}
	}
	return records;
}

/** n8n processes still running; killed if the test process exits without stopping them. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
	for (const child of live) killGroup(child, 'SIGKILL');
});

function track(child: ChildProcess): ChildProcess {
	live.add(child);
	child.on('close', () => live.delete(child));
	return child;
}

/** Kills a process started with `detached: true` and everything it spawned (task runners). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// already gone
	}
}

/** Runs one n8n CLI command to completion; stdout/stderr are kept in the instance's logDir. */
export async function runCli(inst: N8nInstance, args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
	const name = `${String(++logSeq).padStart(3, '0')}-${args[0].replace(/[^\w.-]/g, '_')}`;
	const env = await processEnv(inst, name, options.env);
	const [bin, argv] = n8nArgs(inst, args);
	const started = Date.now();
	const child = track(spawn(bin, argv, { cwd: inst.userFolder, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
	let stdout = '';
	let stderr = '';
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const timeoutMs = options.timeoutMs ?? 180_000;
	const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (exitCode) => resolve(exitCode));
	}).finally(() => clearTimeout(timer));
	const durationMs = Date.now() - started;
	fs.writeFileSync(path.join(inst.logDir, `${name}.stdout`), stdout);
	fs.writeFileSync(path.join(inst.logDir, `${name}.stderr`), stderr);
	return { code, stdout, stderr, durationMs, records: parseRecords(stdout), logFile: env.N8N_LOG_FILE_LOCATION };
}

function cliFailure(what: string, result: CliResult): Error {
	const errors = result.records.filter((r) => r.level === 'error').map((r) => r.message);
	return new Error(`${what} failed (exit ${result.code}): ${errors.join(' | ') || result.stderr.slice(-2000)}`);
}

function tempJson(inst: N8nInstance, prefix: string, data: unknown): string {
	const file = path.join(inst.userFolder, `${prefix}-${++logSeq}.json`);
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}

export interface CredentialFixture {
	id: string;
	name: string;
	type: string;
	/** plain object; n8n encrypts it on import (oauthTokenData included). A string is taken as already encrypted. */
	data: Record<string, unknown> | string;
}

export async function importCredentials(inst: N8nInstance, creds: CredentialFixture[]): Promise<void> {
	const file = tempJson(inst, 'credentials', creds);
	try {
		const result = await runCli(inst, ['import:credentials', `--input=${file}`]);
		if (result.code !== 0) throw cliFailure('import:credentials', result);
	} finally {
		fs.rmSync(file, { force: true }); // it holds plain secrets
	}
}

export interface WorkflowFixture {
	id: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	active?: boolean;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

/** Imports one or more workflows (one CLI call) and returns their ids. */
export async function importWorkflow(inst: N8nInstance, wf: WorkflowFixture | WorkflowFixture[]): Promise<string[]> {
	const list = (Array.isArray(wf) ? wf : [wf]).map((w) => ({ active: false, settings: {}, ...w }));
	const file = tempJson(inst, 'workflows', list);
	const result = await runCli(inst, ['import:workflow', `--input=${file}`]);
	if (result.code !== 0) throw cliFailure('import:workflow', result);
	return list.map((w) => w.id);
}

/**
 * Marks a workflow active for the next `n8n start` (1.x `update:workflow --active=true`,
 * 2.x `publish:workflow`, which publishes its current version). Takes effect only on start.
 */
export async function activateWorkflow(inst: N8nInstance, workflowId: string): Promise<void> {
	const args = inst.version.startsWith('1.')
		? ['update:workflow', `--id=${workflowId}`, '--active=true']
		: ['publish:workflow', `--id=${workflowId}`];
	const result = await runCli(inst, args);
	if (result.code !== 0 || result.records.some((r) => r.level === 'error')) throw cliFailure(args[0], result);
}

export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	/** `main` holds one array of items per output; null for an output that got nothing */
	data?: { main?: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }> | null> };
	error?: { message?: string; description?: string; name?: string; [key: string]: unknown };
	[key: string]: unknown;
}

export type RunData = Record<string, NodeRun[]>;

export interface ExecuteResult {
	/** exit 0, status success and no workflow error (items on an error branch still count as ok) */
	ok: boolean;
	status?: string;
	runData: RunData;
	/** the workflow-level error, when execution stopped */
	error?: Record<string, unknown>;
	/** the whole run (IRun) as n8n printed it, or null if it printed none */
	raw: Record<string, unknown> | null;
	cli: CliResult;
}

/**
 * The IRun that `execute` prints through the logger. Both lines print it pretty-printed as one
 * info message, on success and (2.x) on failure; with N8N_LOG_FORMAT=json it is a single record.
 */
function findRun(records: LogRecord[]): Record<string, unknown> | null {
	for (let i = records.length - 1; i >= 0; i--) {
		const { message } = records[i];
		if (typeof message !== 'string' || !message.startsWith('{')) continue;
		try {
			const parsed = JSON.parse(message);
			if (parsed?.data?.resultData) return parsed;
		} catch {
			// not the run
		}
	}
	return null;
}

function toResult(raw: Record<string, unknown> | null, cli: CliResult): ExecuteResult {
	const resultData = ((raw?.data as Record<string, unknown> | undefined)?.resultData ?? {}) as { runData?: RunData; error?: Record<string, unknown> };
	const status = raw?.status as string | undefined;
	return {
		ok: cli.code === 0 && raw !== null && !resultData.error && (status === undefined || status === 'success'),
		status,
		runData: resultData.runData ?? {},
		error: resultData.error,
		raw,
		cli,
	};
}

/**
 * Why an execution is not ok, for an assertion to show (`expect(runProblem(run)).toBeUndefined()`):
 * its status, the workflow error, the exit code and the last lines n8n printed. Undefined when ok.
 */
export function runProblem(run: ExecuteResult): string | undefined {
	if (run.ok) return undefined;
	const error = run.error ? JSON.stringify({ message: run.error.message, description: run.error.description, node: (run.error.node as { name?: string } | undefined)?.name }) : 'none';
	const tail = (text: string) => text.trim().split('\n').slice(-15).join('\n');
	return `status ${run.status ?? 'none'}, exit ${run.cli.code}, error ${error}\nstdout:\n${tail(run.cli.stdout)}\nstderr:\n${tail(run.cli.stderr)}`;
}

/** `n8n execute --id=ID --rawOutput`: one process, one execution, started at its Manual Trigger. */
export async function execute(inst: N8nInstance, workflowId: string, options: { env?: Record<string, string> } = {}): Promise<ExecuteResult> {
	const cli = await runCli(inst, ['execute', `--id=${workflowId}`, '--rawOutput'], options);
	// 1.x's `execute` can exit before a large run (a megabyte or more) has drained to its stdout
	// pipe; the log file always has the whole record.
	const fromLogFile = () => (fs.existsSync(cli.logFile) ? findRun(parseRecords(fs.readFileSync(cli.logFile, 'utf8'))) : null);
	return toResult(findRun(cli.records) ?? fromLogFile(), cli);
}

export interface BatchExecution {
	workflowId: string;
	/** execute-batch's status: success | warning (errors it deems transient, e.g. 429, 5xx, ECONNREFUSED, timeout) | error */
	executionStatus: 'success' | 'warning' | 'error';
	error?: string;
	executionTime?: number;
	/** the run data, from execute-batch's snapshot; present for successful executions only */
	runData?: RunData;
	raw?: Record<string, unknown>;
}

export interface BatchResult {
	summary: { successfulExecutions: number; failedExecutions: number; warningExecutions: number };
	executions: BatchExecution[];
	cli: CliResult;
}

/**
 * `n8n execute-batch`: several workflows at once in ONE process (same-process concurrency).
 * Each id runs once, so import N copies of a workflow to run it N times. Failed runs are not
 * retried (--retries=0). execute-batch reports only statuses; the run data comes from its
 * --snapshot files, which it writes for successful executions only.
 */
export async function executeBatch(inst: N8nInstance, ids: string[], concurrency: number, options: { env?: Record<string, string> } = {}): Promise<BatchResult> {
	const dir = fs.mkdtempSync(path.join(inst.userFolder, 'batch-'));
	const output = path.join(dir, 'results.json');
	const snapshots = path.join(dir, 'snapshots');
	fs.mkdirSync(snapshots);
	const cli = await runCli(inst, ['execute-batch', `--ids=${ids.join(',')}`, `--concurrency=${concurrency}`,
		'--retries=0', `--output=${output}`, `--snapshot=${snapshots}`], options);
	if (!fs.existsSync(output)) throw cliFailure('execute-batch', cli);
	const results = JSON.parse(fs.readFileSync(output, 'utf8'));
	const executions: BatchExecution[] = results.executions.map((e: BatchExecution) => {
		const snapshot = path.join(snapshots, `${e.workflowId}-snapshot.json`);
		if (!fs.existsSync(snapshot)) return e;
		const raw = JSON.parse(fs.readFileSync(snapshot, 'utf8'));
		return { ...e, raw, runData: raw?.data?.resultData?.runData ?? {} };
	});
	return { summary: results.summary, executions, cli };
}

/** The decrypted `data` of a stored credential (e.g. to see which refresh token n8n kept). */
export async function exportCredential(inst: N8nInstance, id: string): Promise<Record<string, unknown>> {
	const file = path.join(inst.userFolder, `export-${++logSeq}.json`);
	try {
		const result = await runCli(inst, ['export:credentials', `--id=${id}`, '--decrypted', `--output=${file}`]);
		if (result.code !== 0 || !fs.existsSync(file)) throw cliFailure('export:credentials', result);
		const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
		const cred = Array.isArray(exported) ? exported[0] : exported;
		if (!cred) throw new Error(`credential ${id} not found`);
		return cred.data;
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** Items of one output of one node's run, e.g. nodeItems(result.runData, 'Check', 2). */
export function nodeItems(runData: RunData, node: string, output = 0, run = 0): Array<Record<string, unknown>> {
	const items = runData[node]?.[run]?.data?.main?.[output];
	return (items ?? []).map((item) => item.json);
}

/**
 * Everything this instance's processes logged or printed, to grep for secrets: the captured
 * stdout/stderr and n8n log files in logDir, and n8n's event logs (`.n8n/n8nEventLog*.log`).
 */
export function readLogs(inst: N8nInstance): string {
	const files: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory() && entry.name !== 'nodes') walk(full);
			else if (entry.isFile() && /\.(log|stdout|stderr|output)$/.test(entry.name)) files.push(full);
		}
	};
	walk(inst.userFolder);
	return files.sort().map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/** Hosts the preload refused to connect to (`host:port`); empty when n8n tried nothing outside. */
export function blockedConnections(inst: N8nInstance): string[] {
	return [...readLogs(inst).matchAll(/\[notion-e2e-preload\] blocked outbound connection to (\S+)/g)].map((m) => m[1]);
}

export interface N8nProcess {
	child: ChildProcess;
	/** N8N_PORT of `start` (0 for workers) and its base URL */
	port: number;
	url: string;
	/** stdout+stderr so far */
	output(): string;
	records(): LogRecord[];
	/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process group is gone */
	stop(graceMs?: number): Promise<void>;
}

/**
 * Long-running processes get their own user folder sharing the instance's database and community
 * packages, as separate hosts of one deployment would. In one shared folder, each would find the
 * other's crash journal, take it for a crash and sleep 10 s before starting.
 */
function processFolderEnv(inst: N8nInstance, name: string): Record<string, string> {
	const folder = path.join(inst.userFolder, 'processes', name);
	fs.mkdirSync(path.join(folder, '.n8n'), { recursive: true });
	const nodesDir = path.join(inst.userFolder, '.n8n', 'nodes');
	if (fs.existsSync(nodesDir)) fs.symlinkSync(nodesDir, path.join(folder, '.n8n', 'nodes'));
	return {
		N8N_USER_FOLDER: folder,
		DB_SQLITE_DATABASE: path.join(inst.userFolder, '.n8n', 'database.sqlite'),
	};
}

const READY: Record<string, string> = {
	start: 'Editor is now accessible via',
	worker: 'n8n worker is now ready',
	webhook: 'Webhook listener waiting for requests',
};

/**
 * Starts a long-running `n8n start` or `n8n worker` and resolves once it logged that it is ready
 * (for `start`: after active workflows were activated and the HTTP server listens).
 */
export async function startProcess(inst: N8nInstance, command: 'start' | 'worker' | 'webhook',
	options: { env?: Record<string, string>; readyTimeoutMs?: number } = {}): Promise<N8nProcess> {
	const port = command === 'worker' ? 0 : await freePort();
	const name = `${String(++logSeq).padStart(3, '0')}-${command}`;
	const env = await processEnv(inst, name, {
		...processFolderEnv(inst, name),
		...(port ? { N8N_PORT: String(port) } : {}),
		QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
		...options.env,
	});
	const [bin, argv] = n8nArgs(inst, [command]);
	const child = track(spawn(bin, argv, { cwd: inst.userFolder, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
	const outFile = fs.createWriteStream(path.join(inst.logDir, `${name}.output`));
	let output = '';
	const onData = (chunk: string) => {
		output += chunk;
		outFile.write(chunk);
	};
	child.stdout!.setEncoding('utf8').on('data', onData);
	child.stderr!.setEncoding('utf8').on('data', onData);
	const exited = new Promise<void>((resolve) => child.on('close', () => {
		outFile.end();
		resolve();
	}));

	const proc: N8nProcess = {
		child, port,
		url: port ? `http://127.0.0.1:${port}` : '',
		output: () => output,
		records: () => parseRecords(output),
		async stop(graceMs = 10_000) {
			killGroup(child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		},
	};

	const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
	while (!output.includes(READY[command])) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n ${command} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output.slice(-3000)}`);
		}
		if (Date.now() > deadline) {
			await proc.stop(1000);
			throw new Error(`n8n ${command} not ready after ${options.readyTimeoutMs ?? 120_000} ms:\n${output.slice(-3000)}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return proc;
}

/** Env that puts `start`/`worker` processes into queue mode on the given Redis. */
export function queueModeEnv(redis: { host: string; port: number }): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
	};
}

export { startRedis } from './redis';
export type { RedisServer } from './redis';

export interface StoredExecution {
	id: number;
	status: string;
	mode: string;
	runData: RunData;
}

/**
 * The executions of one workflow as n8n stored them in its sqlite database, oldest first (how to
 * see what a trigger started under `n8n start`). Read with the instance's own Node and n8n's own
 * sqlite3 and flatted modules: n8n stores run data flatted.
 */
export function readExecutions(inst: N8nInstance, workflowId: string): StoredExecution[] {
	const script = `
		const [modules, file, workflowId] = process.argv.slice(1);
		const sqlite3 = require(modules + '/sqlite3');
		const { parse } = require(modules + '/flatted');
		const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
		db.all('SELECT e.id, e.status, e.mode, d.data FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY CAST(e.id AS INTEGER)', [workflowId], (error, rows) => {
			if (error) { console.error(error.message); process.exit(1); }
			const runs = rows.map((row) => ({ id: Number(row.id), status: row.status, mode: row.mode, runData: row.data ? (parse(row.data).resultData?.runData ?? {}) : {} }));
			process.stdout.write(JSON.stringify(runs));
			db.close();
		});`;
	const database = path.join(inst.userFolder, '.n8n', 'database.sqlite');
	const out = execFileSync(path.join(inst.installDir, 'node'), ['-e', script, path.join(inst.installDir, 'node_modules'), database, workflowId], {
		encoding: 'utf8',
		maxBuffer: 256 * 1024 * 1024,
	});
	return JSON.parse(out) as StoredExecution[];
}
