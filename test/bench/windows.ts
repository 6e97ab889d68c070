/**
 * Issue 20's benchmark: Notion's budget per connection per window, and its older token bucket, side
 * by side in one run, in real n8n against the emulator. Per limit and job, three contenders:
 * - ours: the Notion Access Check (Resource Type Page, Requests per Second = NODE_RATE, Max Wait long enough for the job, 60 s in (d));
 * - n8n's Notion node v3 (Database Page → Get) with its built-in credential;
 * - n8n's HTTP Request node, one GET per item, with Retry On Fail (n8n's defaults: 3 tries, 1 s apart).
 * Jobs: (a) 1,000 items over 100 pages; (b) 1,000 distinct pages; (c) the 1,000 distinct pages of
 * (b) in 10 webhook executions of 100, on 4 queue-mode workers (PostgreSQL 17 + Redis) that share the
 * credential's window but not a pacer; (d) the per-workspace limit hit (Retry-After about 120 s)
 * under Max Wait 60 s.
 *
 * The window is WINDOW.budget requests per WINDOW.windowMs, not 60 s: at 90 per 60 s, (b) alone
 * would take 11 minutes per run. The pacer holds for Retry-After; Notion's 60 s serves it only to
 * trust a pacer's first count as one window (begun less than 60 s before the reset), which holds
 * here too: every job loads the window steadily from its first request. So a shorter window
 * changes the run time, not what is measured. Requests per Second is set above the
 * window's average rate (as a user who raised it would): at the default 3/s a budget above 180 a
 * minute is never met, so there is nothing to learn and the pace is 3/s.
 *
 * Figures are printed as ratios to the physical minimum, never asserted. Counts come from the
 * emulator's request log and n8n's run data. BENCH_SKIP_WINDOWS=1 skips it in `npm run bench`;
 * BENCH_WINDOWS_RUNS="window-b-ours,…" runs only the runs named; BENCH_WINDOW_SECONDS sets the window's length (10).
 * Alone: `node --import tsx test/bench/windows.ts` (after `npm run build`; BENCH_N8N_VERSIONS picks the line, default 2.41.1).
 */
import * as fs from 'fs';
import * as path from 'path';

import { pagesSeed, startEmulator, WORLD, type Modes, type RunningEmulator } from '../emulator';
import { rotationSafeCredential } from '../e2e/fixtures';
import { createInstance, ensureN8n, execute, importCredentials, importWorkflow, PRELOAD, removeInstance, type N8nInstance, type N8nVersion, type NodeRun, type RunData, type WorkflowFixture } from '../e2e/n8n';
import { createTestTls } from '../e2e/tls';
import { startDeployment } from '../soak/deployment';
import { PACKAGE_DIR, WORK_DIR } from './n8nRuns';

/** BENCH_WINDOW_SECONDS=60 plays Notion's own window length (each window job then takes minutes). */
export const WINDOW = { budget: 90, windowMs: Number(process.env.BENCH_WINDOW_SECONDS ?? 10) * 1000 };
export const BUCKET = { ratePerSecond: 30, burst: 10 };
const NODE_RATE = 30;
/** (d): the workspace's budget; the request after it meets a 429 whose Retry-After is about the window, 120 s. */
const WORKSPACE = { budget: 20, windowMs: 120_000 };
/** (d)'s Max Wait; in (a) and (b) the node may wait as long as the job needs (Max Wait bounds all waits of an execution together). */
const MAX_WAIT_SECONDS = 60;
const MAX_WAIT_LONG_SECONDS = 600;
const ITEMS = 1000;
const PAGES_A = 100;
/** (c): workers, and the webhook executions the 1,000 pages are split over */
const WORKERS = 4;
const PARTS = 10;

type Limit = 'window' | 'bucket';
type Job = 'a' | 'b' | 'c' | 'd';
type Contender = 'ours' | 'notion' | 'http';
const OURS = { id: 'BenchWindowsOAuth', name: 'Notion (windows bench)' };
const BUILT_IN = { id: 'BenchWindowsBuiltIn', name: 'Notion internal (built-in)' };
const NODE: Record<Contender, string> = { ours: 'Check', notion: 'Notion', http: 'HTTP Request' };

export interface WindowFigures {
	limit: Limit;
	job: Job;
	contender: Contender;
	requests: number;
	tooManyRequests: number;
	/** items not on the output the job calls for (every page is shared: OK; in (d), OK or Retry with retryAt and the reason) */
	misrouted: number;
	/** (d): items on Retry that carry retryAt and rateLimitReason */
	retryWithReason: number;
	/** the most per-connection 429s in one window (window limit) */
	most429PerWindow: number;
	/** the same, leaving out the first window that refused: it meets what was in flight before Notion's first 429 came back */
	most429AfterFirst: number;
	nodeMs?: number;
	minimumMs: number;
	status?: string;
}

function items(job: Job, pages: string[]): string[] {
	return Array.from({ length: ITEMS }, (_, i) => (job === 'b' ? pages[i] : pages[i % PAGES_A]));
}

/** Manual Trigger → Items → the contender; with `hook`, a Webhook answering with the contender's first output, and Items the `?part=N` hundred of the pages. */
function workflow(id: string, contender: Contender, pageIds: string[], maxWaitSeconds: number, hook?: string): WorkflowFixture {
	const perPart = Math.ceil(pageIds.length / PARTS);
	const start = [
		hook
			? { id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: `${id}-hook`, parameters: { path: hook, httpMethod: 'POST', responseMode: 'lastNode', responseData: 'allEntries', options: {} } }
			: { id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: `${id}-items`, name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0],
			parameters: {
				jsCode: hook
					? `const pages = ${JSON.stringify(pageIds)};\nconst part = Number($input.first().json.query.part);\nreturn pages.slice(part * ${perPart}, (part + 1) * ${perPart}).map((pageId) => ({ json: { pageId } }));`
					: `return ${JSON.stringify(pageIds.map((pageId) => ({ json: { pageId } })))};`,
			},
		},
	];
	const nodes = {
		ours: {
			type: 'n8n-nodes-notion-access.notionAccessCheck', typeVersion: 1,
			parameters: { authentication: 'notionRotationSafeOAuth2Api', check: 'resource', resource: '={{ $json.pageId }}', resourceType: 'page', options: { requestsPerSecond: NODE_RATE, maxWaitSeconds } },
			credentials: { notionRotationSafeOAuth2Api: OURS },
		},
		notion: {
			type: 'n8n-nodes-base.notion', typeVersion: 3,
			parameters: { authentication: 'apiKey', resource: 'databasePage', operation: 'get', pageId: { __rl: true, mode: 'id', value: '={{ $json.pageId }}' }, simple: false },
			credentials: { notionApi: BUILT_IN },
		},
		http: {
			type: 'n8n-nodes-base.httpRequest', typeVersion: 4.5, retryOnFail: true,
			parameters: {
				method: 'GET', url: '=https://api.notion.com/v1/pages/{{ $json.pageId }}', authentication: 'predefinedCredentialType', nodeCredentialType: 'notionApi',
				sendHeaders: true, headerParameters: { parameters: [{ name: 'Notion-Version', value: '2025-09-03' }] }, options: {},
			},
			credentials: { notionApi: BUILT_IN },
		},
	};
	return {
		id, name: `bench windows: ${contender}`,
		nodes: [...start, { id: `${id}-node`, name: NODE[contender], position: [440, 0], ...nodes[contender] }],
		connections: { Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] }, Items: { main: [[{ node: NODE[contender], type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** The time the limit allows for the job's requests: the last window opens (ceil(R / budget) - 1) windows in; a bucket pays R - burst at its rate. */
function minimumMs(limit: Limit, requests: number): number {
	if (limit === 'window') return (Math.ceil(requests / WINDOW.budget) - 1) * WINDOW.windowMs;
	return (Math.max(0, requests - BUCKET.burst) / BUCKET.ratePerSecond) * 1000;
}

let runIndex = 0;

function modes(limit: Limit, job: Job): Partial<Modes> {
	// A limit that differs from the last run's starts fresh windows (the emulator keeps one per limit): no run inherits a spent window.
	const fresh = ++runIndex;
	return {
		rateLimit: limit === 'bucket' ? BUCKET : null,
		rateWindow: limit === 'window' ? { ...WINDOW, windowMs: WINDOW.windowMs + fresh } : null,
		workspaceLimit: job === 'd' ? { ...WORKSPACE, windowMs: WORKSPACE.windowMs + fresh } : null,
	};
}

async function runOne(inst: N8nInstance, emulator: RunningEmulator, limit: Limit, job: Job, contender: Contender, pages: string[]): Promise<WindowFigures> {
	const workflowId = `benchWin${limit}${job}${contender}`.padEnd(16, 'x').slice(0, 16);
	await importWorkflow(inst, [workflow(workflowId, contender, items(job, pages), job === 'd' ? MAX_WAIT_SECONDS : MAX_WAIT_LONG_SECONDS)]);
	emulator.control.setModes(modes(limit, job));
	await new Promise((resolve) => setTimeout(resolve, 1500)); // the bucket refills
	emulator.control.clearLog();
	const result = await execute(inst, workflowId);
	const log = apiRequests(emulator);
	writeRequestLog(`windows-${limit}-${job}-${contender}.tsv`, log);
	const raw = result.raw;
	const run = (raw?.data as { resultData?: { runData?: RunData } } | undefined)?.resultData?.runData?.[NODE[contender]]?.[0];
	const { misrouted, retryWithReason } = routed(job, contender, run);
	const needed = job === 'b' ? ITEMS + 1 : PAGES_A + 1;
	return {
		limit, job, contender,
		requests: log.length,
		tooManyRequests: log.filter((entry) => entry.status === 429).length,
		misrouted, retryWithReason,
		...(limit === 'window' ? most429s(log) : { most429PerWindow: 0, most429AfterFirst: 0 }),
		nodeMs: run?.executionTime,
		minimumMs: minimumMs(limit, needed),
		status: raw?.status as string | undefined,
	};
}

/** The emulator's log of Notion API requests (the token endpoint left out). */
function apiRequests(emulator: RunningEmulator) {
	return emulator.control.getLog().filter((entry) => entry.path.startsWith('/v1/') && !entry.path.startsWith('/v1/oauth/'));
}

/** A request timeline as the emulator saw it, in test/.work/bench (not committed). */
function writeRequestLog(name: string, log: ReturnType<typeof apiRequests>) {
	fs.mkdirSync(WORK_DIR, { recursive: true });
	fs.writeFileSync(path.join(WORK_DIR, name),
		`ms\tstatus\trequest\n${log.map((entry) => `${entry.time - (log[0]?.time ?? 0)}\t${entry.status}\t${entry.method} ${entry.path}`).join('\n')}\n`);
}

/**
 * (c): the pages of (b) in PARTS webhook executions at once, on WORKERS queue-mode workers, one
 * contender after the other on one deployment. An item is routed right when it is on the answer
 * (the contender's first output): ours with Access OK's verdict, the others as the page.
 */
async function runWorkers(version: N8nVersion, emulator: RunningEmulator, caFile: string, pages: string[], contenders: Contender[], log: (message: string) => void): Promise<WindowFigures[]> {
	const hook = (contender: Contender) => `bench-windows-c-${contender}`;
	const workflowId = (contender: Contender) => `benchWinC${contender}`.padEnd(16, 'x').slice(0, 16);
	const deployment = await startDeployment({
		version, emulator, caFile, packageDir: PACKAGE_DIR, credential: OURS,
		extraCredentials: [{ id: BUILT_IN.id, name: BUILT_IN.name, type: 'notionApi', data: { apiKey: WORLD.internalIntegration.secret } }],
		workflows: contenders.map((contender) => workflow(workflowId(contender), contender, pages, MAX_WAIT_LONG_SECONDS, hook(contender))),
	});
	const figures: WindowFigures[] = [];
	try {
		await deployment.startWorkers(WORKERS, Math.ceil(PARTS / WORKERS));
		for (const contender of contenders) {
			log(`n8n ${version}, window, job c (${WORKERS} workers), ${contender}`);
			emulator.control.setModes(modes('window', 'c'));
			await new Promise((resolve) => setTimeout(resolve, 1500));
			emulator.control.clearLog();
			const begin = Date.now();
			const progress = setInterval(() => {
				const sofar = apiRequests(emulator);
				log(`  ${Math.round((Date.now() - begin) / 1000)} s: ${sofar.length} requests, ${sofar.filter((entry) => entry.status === 429).length} 429s`);
			}, 15_000);
			const answers = await Promise.all(Array.from({ length: PARTS }, async (_, part) => await deployment.webhook(hook(contender), { part: String(part) })))
				.finally(() => clearInterval(progress));
			const wallMs = Date.now() - begin;
			const requests = apiRequests(emulator);
			writeRequestLog(`windows-window-c-${contender}.tsv`, requests);
			const routedRight = answers.flatMap((answer) => (Array.isArray(answer) ? (answer as Array<{ object?: string; notionAccess?: { reason?: string } }>) : []))
				.filter((json) => (contender === 'ours' ? json.notionAccess?.reason === 'accessible' : json.object === 'page')).length;
			figures.push({
				limit: 'window', job: 'c', contender,
				requests: requests.length,
				tooManyRequests: requests.filter((entry) => entry.status === 429).length,
				misrouted: ITEMS - routedRight,
				retryWithReason: 0,
				...most429s(requests),
				nodeMs: wallMs,
				minimumMs: minimumMs('window', ITEMS + PARTS), // ours: a token check per execution + one request per page
				status: `${answers.filter(Array.isArray).length}/${PARTS} answered`,
			});
			log(JSON.stringify(figures[figures.length - 1]));
		}
	} finally {
		await deployment.stop();
	}
	return figures;
}

/** 429s per window, a window being the span from the first request after a reset to the 429 that ends it, oldest first. */
function refusedPerWindow(log: Array<{ status: number; time: number }>): number[] {
	const counts: number[] = [];
	let windowStart = -Infinity;
	for (const entry of log) {
		if (entry.status !== 429 && entry.time - windowStart >= WINDOW.windowMs) {
			windowStart = entry.time;
			counts.push(0);
		}
		if (entry.status === 429) counts[Math.max(0, counts.length - 1)] = (counts[counts.length - 1] ?? 0) + 1;
	}
	return counts;
}

function most429s(log: Array<{ status: number; time: number }>): { most429PerWindow: number; most429AfterFirst: number } {
	const counts = refusedPerWindow(log);
	const first = counts.findIndex((count) => count > 0);
	return { most429PerWindow: Math.max(0, ...counts), most429AfterFirst: Math.max(0, ...counts.slice(first + 1)) };
}

/** Every page is shared: an item belongs on the first output (OK, Success), once; in (d) ours may also put it on Retry, with retryAt and the reason. */
function routed(job: Job, contender: Contender, run: NodeRun | undefined) {
	const cameOut: number[][] = Array.from({ length: ITEMS }, () => []);
	let retryWithReason = 0;
	(run?.data?.main ?? []).forEach((list, output) => {
		for (const item of list ?? []) {
			const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
			const index = typeof paired === 'number' ? paired : (paired as { item?: number } | undefined)?.item;
			if (typeof index !== 'number' || index >= ITEMS) continue;
			const access = (item.json as { notionAccess?: { verdict?: string; retryAt?: string; rateLimitReason?: string } }).notionAccess;
			const heldWithReason = contender === 'ours' && output === 3 && !!access?.retryAt && !!access.rateLimitReason;
			if (heldWithReason) retryWithReason++;
			cameOut[index].push(job === 'd' && heldWithReason ? 0 : output);
		}
	});
	return { misrouted: cameOut.filter((outputs) => outputs.length !== 1 || outputs[0] !== 0).length, retryWithReason };
}

export function windowsTable(version: N8nVersion, figures: WindowFigures[]): string {
	const ratio = (f: WindowFigures) => (f.nodeMs === undefined ? 'no run data' : f.job === 'd'
		? `${(f.nodeMs / 1000).toFixed(1)} s (Max Wait ${MAX_WAIT_SECONDS} s)`
		: `${(f.nodeMs / 1000).toFixed(1)} s = ${(f.nodeMs / Math.max(1, f.minimumMs)).toFixed(2)} × ${(f.minimumMs / 1000).toFixed(1)} s`);
	const rows = figures.map((f) => `| ${f.limit} | ${f.job} | ${f.contender} | ${f.requests} | ${f.tooManyRequests} | ${f.limit === 'window' ? `${f.most429PerWindow} (${f.most429AfterFirst})` : '–'} | ` +
		`${f.misrouted} | ${f.job === 'd' ? f.retryWithReason : '–'} | ${ratio(f)} | ${f.status ?? '?'} |`);
	return [
		`## Notion's window budget and token bucket, n8n ${version}`,
		'',
		`\`test/bench/windows.ts\`: window = ${WINDOW.budget} requests per ${WINDOW.windowMs / 1000} s per connection; bucket = ${BUCKET.ratePerSecond}/s, burst ${BUCKET.burst}; ` +
		`ours at Requests per Second ${NODE_RATE}, Max Wait ${MAX_WAIT_LONG_SECONDS} s in (a) and (b), ${MAX_WAIT_SECONDS} s in (d). (a) ${ITEMS} items over ${PAGES_A} pages (ours needs ${PAGES_A + 1} requests); (b) ${ITEMS} distinct pages (${ITEMS + 1}); ` +
		`(c) the pages of (b) in ${PARTS} webhook executions at once on ${WORKERS} queue-mode workers (PostgreSQL 17 + Redis), each process with its own pacer (ours needs ${ITEMS + PARTS}; its time is the webhooks' wall time, and each worker may meet one 429 per window); ` +
		`(d) as (a) with a workspace budget of ${WORKSPACE.budget} per ${WORKSPACE.windowMs / 1000} s. The time is the node's, against the minimum the limit allows for ours' requests. ` +
		'Most 429s in a window: in brackets, leaving out the first window that refused, which meets the requests in flight before its first 429 came back. ' +
		'n8n\'s Notion node v3 (Database Page → Get, built-in credential) and HTTP Request (Retry On Fail, 3 tries 1 s apart) send one request per item.',
		'',
		'| limit | job | node | requests | 429s | most 429s in a window (after the first) | misrouted | Retry with retryAt + reason | node time vs minimum | status |',
		'|---|---|---|---|---|---|---|---|---|---|',
		...rows,
	].join('\n');
}

export async function windowsBench(version: N8nVersion, log: (message: string) => void): Promise<string> {
	ensureN8n(version);
	const world = pagesSeed({ shared: ITEMS, unshared: 0, missing: 0 });
	const tls = createTestTls();
	const emulator = await startEmulator({ tls: { key: tls.key, cert: tls.cert }, seed: world.seed, modes: { rateLimit: BUCKET } });
	const inst = await createInstance(version, { emulatorPort: emulator.port, caFile: tls.caFile, packageDir: PACKAGE_DIR, env: { NODE_OPTIONS: `--require ${JSON.stringify(PRELOAD)}`, N8N_LOG_LEVEL: 'info' } });
	try {
		const grant = emulator.control.createGrant();
		await importCredentials(inst, [
			rotationSafeCredential(OURS.id, OURS.name, grant),
			{ id: BUILT_IN.id, name: BUILT_IN.name, type: 'notionApi', data: { apiKey: WORLD.internalIntegration.secret } },
		]);
		const figures: WindowFigures[] = [];
		// BENCH_WINDOWS_RUNS="window-b-ours,bucket-a-http" runs only those (a quick look at one change).
		const only = process.env.BENCH_WINDOWS_RUNS?.split(/[\s,]+/).filter(Boolean);
		for (const limit of ['window', 'bucket'] as const) {
			for (const job of ['a', 'b', 'c', 'd'] as const) {
				if (job === 'c') {
					const contenders = (['ours', 'notion', 'http'] as const).filter((contender) => limit === 'window' && (!only || only.includes(`window-c-${contender}`)));
					if (contenders.length > 0) figures.push(...(await runWorkers(version, emulator, tls.caFile, world.shared, contenders, log)));
					continue;
				}
				for (const contender of ['ours', 'notion', 'http'] as const) {
					if (only && !only.includes(`${limit}-${job}-${contender}`)) continue;
					log(`n8n ${version}, ${limit}, job ${job}, ${contender}`);
					figures.push(await runOne(inst, emulator, limit, job, contender, world.shared));
					log(JSON.stringify(figures[figures.length - 1]));
				}
			}
		}
		return windowsTable(version, figures);
	} finally {
		await emulator.close();
		fs.rmSync(tls.dir, { recursive: true, force: true });
		if (process.env.BENCH_KEEP !== '1') removeInstance(inst);
	}
}

if (require.main === module) {
	const version = (process.env.BENCH_N8N_VERSIONS ?? '2.41.1').split(/[\s,]+/)[0] as N8nVersion;
	const started = Date.now();
	windowsBench(version, (message) => console.error(`[windows +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`))
		.then((table) => console.log(table))
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}
