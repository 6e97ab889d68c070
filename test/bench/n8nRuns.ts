/**
 * Workflows A and B in real n8n against the emulator with its rate limit on. Requests and 429s
 * come from the emulator's request log; verdicts are checked against the emulator's ground truth
 * (which pages are shared, unshared or missing); times come from n8n's own execution data.
 */
import * as fs from 'fs';
import * as path from 'path';

import { type LogEntry, type RunningEmulator } from '../emulator';
import { rotationSafeCredential } from '../e2e/fixtures';
import {
	createInstance, execute, importCredentials, importWorkflow, PRELOAD, REPO_DIR,
	type N8nInstance, type N8nVersion, type NodeRun, type RunData,
} from '../e2e/n8n';
import {
	A_REQUESTS, benchItems, CHECK_NODE, HTTP_NODE, ITEM_COUNT, RATE, workflowA, workflowB,
	type BenchItem, type Truth,
} from './workflows';

const PROBE = path.join(__dirname, 'memory-probe.js');
export const WORK_DIR = path.join(REPO_DIR, 'test', '.work', 'bench');
/** The built package under test: this repo, or BENCH_PACKAGE_DIR (package.json + dist/) to try a candidate build. */
export const PACKAGE_DIR = process.env.BENCH_PACKAGE_DIR ? path.resolve(process.env.BENCH_PACKAGE_DIR) : REPO_DIR;
const CREDENTIAL = { id: 'BenchCredential1', name: 'Notion (bench)' };
const WORKFLOW_A = 'benchWorkflowAAA';
const WORKFLOW_B = 'benchWorkflowBBB';
/** Long enough for the emulator's token bucket to refill completely between runs. */
const REFILL_MS = Math.ceil((RATE.burst / RATE.ratePerSecond) * 1000) + 200;

export interface WorkflowFigures {
	workflow: 'A' | 'B';
	node: string;
	ok: boolean;
	status?: string;
	/** REST requests to the emulator (the token endpoint counted apart) */
	requests: number;
	distinctPaths: number;
	tooManyRequests: number;
	tokenRequests: number;
	items: number;
	misrouted: number;
	/** items per output, e.g. { 'Access OK': 700, 'Share Page': 300 } */
	outputs: Record<string, number>;
	/** runData[node][0].executionTime */
	nodeMs?: number;
	/** the execution's stoppedAt - startedAt (Manual Trigger and Code node included) */
	executionMs?: number;
	/** `n8n execute` from spawn to exit (process start-up and shutdown included) */
	processMs: number;
	/** requests the job needs / the emulator's rate */
	limitMs: number;
	limitRequests: number;
	/** first to last request arrival at the emulator, and the mean gap between page requests */
	requestSpanMs?: number;
	meanGapMs?: number;
	/** the most requests that arrived within any BURST_WINDOW_MS */
	peakPerWindow?: number;
	/** from the node's start to the first request, and from the last request to the node's end */
	leadInMs?: number;
	/** from the node's start to the second request (A: the first page, after users/me) */
	secondRequestMs?: number;
	tailMs?: number;
	memory?: { maxRssBytes: number; peakHeapUsedBytes: number; node: string };
	error?: string;
}

export interface VersionFigures {
	version: N8nVersion;
	httpRequestVersion: number;
	/** A's first run: the A column of the table */
	a: WorkflowFigures;
	/** every run of A, the first included: a burst depends on the load, so one run can hide it */
	aRuns: WorkflowFigures[];
	b: WorkflowFigures;
}

export interface Prepared {
	version: N8nVersion;
	inst: N8nInstance;
}

/** Paced at 30/s, a 100 ms window holds 3 or 4 requests; a burst shows as many more. */
export const BURST_WINDOW_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A user folder with the package, the credential (on a fresh emulator grant) and both workflows. */
export async function prepare(version: N8nVersion, emulator: RunningEmulator, caFile: string): Promise<Prepared> {
	const inst = await createInstance(version, {
		emulatorPort: emulator.port,
		caFile,
		packageDir: PACKAGE_DIR,
		env: {
			NODE_OPTIONS: `--require ${JSON.stringify(PRELOAD)} --require ${JSON.stringify(PROBE)}`,
			// The harness logs at debug for the tests; a benchmark runs n8n as users do.
			N8N_LOG_LEVEL: 'info',
		},
	});
	const { items } = benchItems();
	const grant = emulator.control.createGrant();
	await importCredentials(inst, [rotationSafeCredential(CREDENTIAL.id, CREDENTIAL.name, grant)]);
	await importWorkflow(inst, [workflowA(WORKFLOW_A, CREDENTIAL, items), workflowB(WORKFLOW_B, version, CREDENTIAL, items)]);
	return { version, inst };
}

/** Workflow A `aRuns` times (each a fresh `n8n execute`), then workflow B once. */
export async function runVersion(prepared: Prepared, emulator: RunningEmulator, httpRequestVersion: number, aRuns: number): Promise<VersionFigures> {
	const runs: WorkflowFigures[] = [];
	for (let i = 1; i <= aRuns; i++) runs.push(await runWorkflow(prepared.inst, emulator, 'A', i));
	const b = await runWorkflow(prepared.inst, emulator, 'B', 1);
	return { version: prepared.version, httpRequestVersion, a: runs[0], aRuns: runs, b };
}

async function runWorkflow(inst: N8nInstance, emulator: RunningEmulator, workflow: 'A' | 'B', attempt: number): Promise<WorkflowFigures> {
	const { items, truth } = benchItems();
	const memoryDir = fs.mkdtempSync(path.join(inst.userFolder, `memory-${workflow}${attempt}-`));
	await sleep(REFILL_MS);
	emulator.control.clearLog();
	const result = await execute(inst, workflow === 'A' ? WORKFLOW_A : WORKFLOW_B, { env: { NOTION_BENCH_MEMORY_DIR: memoryDir } });
	const log = emulator.control.getLog();
	saveRequestLog(inst.version, `${workflow}${attempt}`, log);
	const raw = result.raw;
	const resultData = (raw?.data as { resultData?: { runData?: RunData; error?: { message?: string } } } | undefined)?.resultData;
	const node = workflow === 'A' ? CHECK_NODE : HTTP_NODE;
	const run = resultData?.runData?.[node]?.[0];
	const ok = result.cli.code === 0 && !!resultData && !resultData.error && raw?.status === 'success';
	const rest = log.filter((entry) => entry.path.startsWith('/v1/') && !entry.path.startsWith('/v1/oauth/'));
	// A needs its stated bound (A_REQUESTS: the token, each page, /data_sources after each 404); B sends one GET per item by design.
	const limitRequests = workflow === 'A' ? A_REQUESTS : ITEM_COUNT;
	return {
		workflow,
		node,
		ok,
		status: raw?.status as string | undefined,
		requests: rest.length,
		distinctPaths: new Set(rest.map((entry) => entry.path)).size,
		tooManyRequests: rest.filter((entry) => entry.status === 429).length,
		tokenRequests: log.filter((entry) => entry.path === '/v1/oauth/token').length,
		...route(workflow, run, items, truth),
		nodeMs: run?.executionTime,
		executionMs: executionMs(raw),
		processMs: result.cli.durationMs,
		limitMs: (limitRequests / RATE.ratePerSecond) * 1000,
		limitRequests,
		...arrivals(rest, run),
		memory: readMemory(memoryDir),
		error: ok ? undefined : `exit ${result.cli.code}, status ${String(raw?.status)}: ${resultData?.error?.message ?? result.cli.stderr.slice(-500)}`,
	};
}

/**
 * Workaround: n8n 1.123.x exits before a large run (about 1.5 MB of JSON here) is flushed to the
 * stdout pipe, so the harness's `execute` finds no run. n8n's log file has the whole record.
 */
const A_OUTPUTS = ['Access OK', 'Reauthorize', 'Share Page', 'Retry'];
const B_OUTPUTS = ['Success', 'Error'];

/**
 * An input item is misrouted unless it came out exactly once, on the output its page's ground
 * truth calls for: A's Access OK (shared) or Share Page (unshared, missing); B's success output
 * (shared) or its error output (unshared, missing). Items without a usable pairedItem count too.
 */
function route(workflow: 'A' | 'B', run: NodeRun | undefined, items: BenchItem[], truth: Map<string, Truth>) {
	const names = workflow === 'A' ? A_OUTPUTS : B_OUTPUTS;
	const expected = (kind: Truth | undefined) => (kind === 'shared' ? 0 : workflow === 'A' ? 2 : 1);
	const outputs: Record<string, number> = {};
	const cameOut: number[][] = items.map(() => []);
	let unpaired = 0;
	let count = 0;
	(run?.data?.main ?? []).forEach((list, output) => {
		const name = names[output] ?? `output ${output}`;
		for (const item of list ?? []) {
			count++;
			outputs[name] = (outputs[name] ?? 0) + 1;
			const index = pairedIndex(item.pairedItem);
			if (index === undefined || index >= items.length) unpaired++;
			else cameOut[index].push(output);
		}
	});
	const misrouted =
		unpaired +
		cameOut.filter((list, index) => list.length !== 1 || list[0] !== expected(truth.get(items[index].pageId))).length;
	return { items: count, misrouted, outputs };
}

function pairedIndex(paired: unknown): number | undefined {
	const first = Array.isArray(paired) ? paired[0] : paired;
	if (typeof first === 'number') return first;
	const item = (first as { item?: unknown } | undefined)?.item;
	return typeof item === 'number' ? item : undefined;
}

function executionMs(raw: Record<string, unknown> | null): number | undefined {
	const started = Date.parse(String(raw?.startedAt));
	const stopped = Date.parse(String(raw?.stoppedAt));
	return Number.isFinite(started) && Number.isFinite(stopped) ? stopped - started : undefined;
}

/** The pacing as the emulator saw it, and the node's time outside its requests. */
function arrivals(rest: LogEntry[], run: NodeRun | undefined) {
	if (rest.length === 0) return {};
	const times = rest.map((entry) => entry.time);
	const first = times[0];
	const last = times[times.length - 1];
	const pages = rest.filter((entry) => entry.path.startsWith('/v1/pages/')).map((entry) => entry.time);
	const nodeStart = run?.startTime;
	const nodeEnd = nodeStart !== undefined && run?.executionTime !== undefined ? nodeStart + run.executionTime : undefined;
	let peak = 0;
	for (let i = 0, j = 0; i < times.length; i++) {
		while (times[i] - times[j] >= BURST_WINDOW_MS) j++;
		peak = Math.max(peak, i - j + 1);
	}
	return {
		requestSpanMs: last - first,
		meanGapMs: pages.length > 1 ? (pages[pages.length - 1] - pages[0]) / (pages.length - 1) : undefined,
		peakPerWindow: peak,
		leadInMs: nodeStart === undefined ? undefined : first - nodeStart,
		secondRequestMs: times.length > 1 && nodeStart !== undefined ? times[1] - nodeStart : undefined,
		tailMs: nodeEnd === undefined ? undefined : nodeEnd - last,
	};
}

/** The n8n CLI process's peaks, as the memory probe wrote them. */
function readMemory(dir: string): WorkflowFigures['memory'] {
	const records = fs.readdirSync(dir).map((file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
	const cli = records.find((record) => String(record.command).startsWith('execute'));
	return cli ? { maxRssBytes: cli.maxRssBytes, peakHeapUsedBytes: cli.peakHeapUsedBytes, node: cli.node } : undefined;
}

/** The request timeline, kept in test/.work/bench for a closer look (bearer tokens left out). */
function saveRequestLog(version: N8nVersion, run: string, log: LogEntry[]): void {
	fs.mkdirSync(WORK_DIR, { recursive: true });
	const t0 = log[0]?.time ?? 0;
	const lines = log.map((entry) => `${entry.time - t0}\t${entry.status}\t${entry.method} ${entry.path}`);
	fs.writeFileSync(path.join(WORK_DIR, `requests-${version}-${run}.tsv`), `ms\tstatus\trequest\n${lines.join('\n')}\n`);
}
