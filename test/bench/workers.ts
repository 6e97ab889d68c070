/**
 * Issue 13's benchmark: queue-mode workers that share one credential, and so one Notion limit per
 * integration, but not a pacer. 1,000 items over 1,000 distinct shared pages, split over 10
 * webhook executions, run with 1, 2 and 4 workers, with this package's adaptive pacer and with a
 * fixed pacer (this pacer with its decrease taken out, built into a copy of dist/). Printed, never
 * asserted. Counts come from the emulator's request log and the webhook answers.
 *
 * Alone: `node --import tsx test/bench/workers.ts` (BENCH_N8N_VERSIONS picks the line; default 2.41.1).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

import { pagesSeed, startEmulator, type RunningEmulator } from '../emulator';
import { accessCheckWorkflow } from '../e2e/fixtures';
import { REPO_DIR, type N8nVersion } from '../e2e/n8n';
import { createTestTls } from '../e2e/tls';
import { startDeployment } from '../soak/deployment';

/**
 * The fixed pacer: today's pacer whose 429 never lowers the rate (one rate per process, holds on
 * Retry-After, never adapts). Built from today's source, not from the commit that last had a fixed
 * pacer: that file's API (take() with no turn, no leave or unlessHeld) no longer fits the transport,
 * and the copy built from it sent nothing (0 requests, every item misrouted in earlier runs).
 */
const ADAPTIVE_DECREASE = 'static readonly DECREASE = 0.5;';
const FIXED_DECREASE = 'static readonly DECREASE = 1;';
const EXECUTIONS = 10;
const PAGES_PER_EXECUTION = 100;
const WORKER_COUNTS = [1, 2, 4];
/** The emulator's per-integration limit, and the Requests per Second the node is given: the limit itself. */
export const WORKERS_RATE = { ratePerSecond: 20, burst: 20 };
const CREDENTIAL = { id: 'BenchWorkers0001', name: 'Notion (workers bench)' };
const WORKFLOW_ID = 'benchWorkersHook';
const HOOK = 'bench-workers';
const WORK_DIR = path.join(REPO_DIR, 'test', '.work', 'bench');

export interface WorkersFigures {
	pacer: 'adaptive' | 'fixed';
	workers: number;
	requests: number;
	tooManyRequests: number;
	/** items that did not leave by Access OK: every page is shared */
	misrouted: number;
	wallMs: number;
	/** the requests the job needs (a token check per execution + one per page) ÷ the rate */
	limitMs: number;
	jobsPerWorker: number[];
}

/** A copy of the package whose dist/ has the fixed pacer (outside the repo: jest would see a second package.json). */
function fixedPacerPackage(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notion-access-fixed-pacer-'));
	fs.copyFileSync(path.join(REPO_DIR, 'package.json'), path.join(dir, 'package.json'));
	fs.cpSync(path.join(REPO_DIR, 'dist'), path.join(dir, 'dist'), { recursive: true });
	const adaptive = fs.readFileSync(path.join(REPO_DIR, 'nodes', 'shared', 'transport', 'pacer.ts'), 'utf8');
	if (!adaptive.includes(ADAPTIVE_DECREASE)) throw new Error(`pacer.ts no longer has "${ADAPTIVE_DECREASE}": update the fixed-pacer baseline`);
	const source = adaptive.replace(ADAPTIVE_DECREASE, FIXED_DECREASE);
	const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021 } }).outputText;
	fs.writeFileSync(path.join(dir, 'dist', 'nodes', 'shared', 'transport', 'pacer.js'), js);
	return dir;
}

/** Webhook → Code (the 100 pages of `?part=N`) → Check; the webhook answers with every Access OK item. */
function workflow(pages: string[]) {
	const wf = accessCheckWorkflow(WORKFLOW_ID, 'Workers bench', {
		credential: CREDENTIAL, resources: ['set below'], webhookPath: HOOK, options: { requestsPerSecond: WORKERS_RATE.ratePerSecond },
	});
	const [trigger, items] = wf.nodes as Array<{ parameters: Record<string, unknown> }>;
	trigger.parameters.responseData = 'allEntries';
	items.parameters.jsCode = `const pages = ${JSON.stringify(pages)};
const part = Number($input.first().json.query.part);
return pages.slice(part * ${PAGES_PER_EXECUTION}, (part + 1) * ${PAGES_PER_EXECUTION}).map((resource) => ({ json: { resource } }));`;
	return wf;
}

async function runPacer(version: N8nVersion, pacer: 'adaptive' | 'fixed', emulator: RunningEmulator, caFile: string, pages: string[],
	log: (message: string) => void): Promise<WorkersFigures[]> {
	const packageDir = pacer === 'fixed' ? fixedPacerPackage() : REPO_DIR;
	const deployment = await startDeployment({ version, emulator, caFile, credential: CREDENTIAL, workflows: [workflow(pages)], packageDir })
		.finally(() => {
			if (packageDir !== REPO_DIR) fs.rmSync(packageDir, { recursive: true, force: true }); // installed by now
		});
	const figures: WorkersFigures[] = [];
	try {
		for (const workers of WORKER_COUNTS) {
			log(`n8n ${version}, ${pacer} pacer, ${workers} worker(s)`);
			// Enough slots for all 10 executions at once, spread over the workers.
			const started = await deployment.startWorkers(workers, Math.ceil(EXECUTIONS / workers));
			await new Promise((resolve) => setTimeout(resolve, 2000)); // the token bucket refills
			emulator.control.clearLog();
			const begin = Date.now();
			const answers = await Promise.all(Array.from({ length: EXECUTIONS }, async (_, part) =>
				await deployment.webhook(HOOK, { part: String(part) })));
			const wallMs = Date.now() - begin;
			const rest = emulator.control.getLog().filter((entry) => !entry.path.startsWith('/v1/oauth/'));
			const ok = answers.flatMap((answer) => (Array.isArray(answer) ? answer : []))
				.filter((json) => (json as { notionAccess?: { reason?: string } }).notionAccess?.reason === 'accessible').length;
			figures.push({
				pacer, workers,
				requests: rest.length,
				tooManyRequests: rest.filter((entry) => entry.status === 429).length,
				misrouted: pages.length - ok,
				wallMs,
				limitMs: (EXECUTIONS * (1 + PAGES_PER_EXECUTION) * 1000) / WORKERS_RATE.ratePerSecond,
				jobsPerWorker: started.map((worker) => (worker.output().match(/started execution/gi) ?? []).length),
			});
			log(JSON.stringify(figures[figures.length - 1]));
			await deployment.stopWorkers();
		}
	} finally {
		await deployment.stop();
	}
	return figures;
}

export function workersTable(version: N8nVersion, figures: WorkersFigures[]): string {
	const rows = figures.map((f) => `| ${f.pacer} | ${f.workers} | ${f.requests} | ${f.tooManyRequests} (${((100 * f.tooManyRequests) / f.requests).toFixed(1)}%) | ` +
		`${f.misrouted} | ${(f.wallMs / 1000).toFixed(1)} s = ${(f.wallMs / f.limitMs).toFixed(2)} × ${(f.limitMs / 1000).toFixed(1)} s | ${f.jobsPerWorker.join(' + ')} |`);
	return [
		`## Workers on one credential, n8n ${version}`,
		'',
		`Queue mode on PostgreSQL 17 + Redis (\`test/bench/workers.ts\`): ${EXECUTIONS * PAGES_PER_EXECUTION} items over as many ` +
		`distinct shared pages in ${EXECUTIONS} webhook executions; the emulator's limit per integration ${WORKERS_RATE.ratePerSecond}/s ` +
		`(burst ${WORKERS_RATE.burst}), each node set to Requests per Second = ${WORKERS_RATE.ratePerSecond}. Limit = ` +
		`${EXECUTIONS * (1 + PAGES_PER_EXECUTION)} requests (a token check per execution + one per page) ÷ the rate. ` +
		`Goals with 2 and 4 workers: 429s ≤ 5%, 0 misrouted, wall ≤ 1.3 × the limit.`,
		'',
		'| pacer | workers | requests | 429s (share) | misrouted | wall vs limit | executions per worker |',
		'|---|---|---|---|---|---|---|',
		...rows,
	].join('\n');
}

/** Both pacers side by side on one n8n line, with its own emulator (1,000 shared pages, the limit on). */
export async function workersBench(version: N8nVersion, log: (message: string) => void): Promise<string> {
	const world = pagesSeed({ shared: EXECUTIONS * PAGES_PER_EXECUTION, unshared: 0, missing: 0 });
	const pages = world.shared;
	const tls = createTestTls();
	const emulator = await startEmulator({ tls: { key: tls.key, cert: tls.cert }, seed: world.seed, modes: { rateLimit: WORKERS_RATE } });
	try {
		const figures = [
			...(await runPacer(version, 'adaptive', emulator, tls.caFile, pages, log)),
			...(await runPacer(version, 'fixed', emulator, tls.caFile, pages, log)),
		];
		fs.mkdirSync(WORK_DIR, { recursive: true });
		fs.writeFileSync(path.join(WORK_DIR, `workers-${version}.json`), JSON.stringify(figures, null, 2));
		return workersTable(version, figures);
	} finally {
		await emulator.close();
		fs.rmSync(tls.dir, { recursive: true, force: true });
	}
}

if (require.main === module) {
	const version = (process.env.BENCH_N8N_VERSIONS ?? '2.41.1').split(/[\s,]+/)[0] as N8nVersion;
	const started = Date.now();
	workersBench(version, (message) => console.error(`[workers +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`))
		.then((table) => console.log(table))
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}
