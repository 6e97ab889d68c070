/**
 * Issue 18's create bench: 1,000 rows created in one data source at the emulator's rate limit
 * (30/s, burst 10), in real n8n 2.41.1, side by side in one emulator run:
 * - ours: Notion Request v2, Data Source Page → Create, with this package's credential, paced at
 *   the limit, twice: On Error left at its default (Stop Workflow: writes go one at a time, each
 *   waiting for the one before), and On Error = continue (error output: sent at the node's pace);
 * - n8n's: its own Notion node v3, Database Page → Create, with the built-in notionApi credential,
 *   On Error = continue with the error output (its default would stop at the first 429).
 * Both get the same items and the same property fields (a title, text, a number, a select and a
 * checkbox, mapped by expressions: no JSON). Each item's title names it, so the rows in the
 * emulator's world say which items were written, and how often. Requests and 429s come from the
 * emulator's write log (writesOf) and its request log. Nothing here asserts.
 *
 *   node --import tsx test/bench/creates.ts      (after npm run build; part of npm run bench,
 *                                                 skipped with BENCH_SKIP_CREATES=1)
 */
import * as fs from 'fs';

import { startEmulator, WORLD, type RunningEmulator } from '../emulator';
import { TRACKER, trackerSeed } from '../emulator/tracker';
import { writesOf } from '../emulator/writes';
import { builtInCredentials, connectCredential, CREDENTIAL_TYPE } from '../e2e/fixtures';
import {
	createInstance, ensureN8n, execute, importCredentials, importWorkflow, removeInstance,
	type N8nInstance, type N8nVersion, type RunData, type WorkflowFixture,
} from '../e2e/n8n';
import { createTestTls } from '../e2e/tls';
import { RATE } from './workflows';

export const CREATES = 1000;
const VERSION: N8nVersion = '2.41.1';
const NODE = 'Create';
const SOURCE = TRACKER.tasks.id;
const PRIORITIES = ['High', 'Medium', 'Low'];
const OURS = { id: 'CreatesOurs00001', name: 'Notion (create bench)' };
const BUILT_IN = { api: 'CreatesApi000001', oauth2: 'CreatesOA2000001' };

type Side = 'ours' | 'oursContinue' | 'n8n';
const OURS_OUTPUTS = ['Success', 'Reauthorize', 'Share Page', 'Retry', 'Error'];
const OUTPUTS: Record<Side, string[]> = { ours: OURS_OUTPUTS, oursContinue: OURS_OUTPUTS, n8n: ['Success', 'Error'] };
/** Each side's rows carry their own title prefix, so both sides write into the same data source. */
const PREFIX: Record<Side, string> = { ours: 'Create ours', oursContinue: 'Create ours continue', n8n: 'Create n8n' };
const WORKFLOW_ID: Record<Side, string> = { ours: 'createsBenchOurs', oursContinue: 'createsBenchOurC', n8n: 'createsBenchN8n0' };
const LABEL: Record<Side, string> = {
	ours: 'Notion Request v2 (ours), Stop Workflow',
	oursContinue: 'Notion Request v2 (ours), On Error = continue',
	n8n: "n8n's Notion node v3",
};

export interface CreateFigures {
	side: Side;
	node: string;
	items: number;
	/** every REST request the emulator received during the run, and how many it answered 429 */
	requests: number;
	tooManyRequests: number;
	/** POST /v1/pages sent, and GET /v1/data_sources/{id} (schema reads) */
	createRequests: number;
	schemaReads: number;
	/** distinct items with a row in the data source */
	rowsWritten: number;
	/** items with no row (whatever output they left by) */
	lost: number;
	/** items with more than one row */
	duplicated: number;
	/** items that left by no output, by several, or by one that does not fit their row (a row → Success; none → Retry / Error) */
	misrouted: number;
	outputs: Record<string, number>;
	executionMs?: number;
	/** the job's floor at the limit: CREATES creates / RATE.ratePerSecond */
	limitMs: number;
	error?: string;
}

function items() {
	return Array.from({ length: CREATES }, (_, n) => ({ n, notes: `Imported row ${n}`, estimate: n % 13, priority: PRIORITIES[n % 3], done: n % 2 === 0 }));
}

/** The same four property fields on both nodes, mapped from the item the way a builder maps them. */
const propertyValues = [
	{ key: 'Notes|rich_text', type: 'rich_text', textContent: '={{ $json.notes }}' },
	{ key: 'Estimate|number', type: 'number', numberValue: '={{ $json.estimate }}' },
	{ key: 'Priority|select', type: 'select', selectValue: '={{ $json.priority }}' },
	{ key: 'Done|checkbox', type: 'checkbox', checkboxValue: '={{ $json.done }}' },
];

function createNode(side: Side): Record<string, unknown> {
	const common = {
		resource: 'databasePage',
		operation: 'create',
		dataSourceId: { __rl: true, mode: 'id', value: SOURCE },
		title: `={{ "${PREFIX[side]} " + $json.n }}`,
		propertiesUi: { propertyValues },
		simple: true,
	};
	if (side !== 'n8n') {
		return {
			type: 'n8n-nodes-notion-access.notionRequest', typeVersion: 2,
			...(side === 'oursContinue' ? { onError: 'continueErrorOutput' } : {}),
			parameters: {
				...common, authentication: CREDENTIAL_TYPE, resource: 'dataSourcePage',
				options: { requestsPerSecond: RATE.ratePerSecond, maxWaitSeconds: 300 },
			},
			credentials: { [CREDENTIAL_TYPE]: OURS },
		};
	}
	return {
		type: 'n8n-nodes-base.notion', typeVersion: 3, onError: 'continueErrorOutput',
		parameters: { ...common, authentication: 'apiKey', options: {} },
		credentials: { notionApi: { id: BUILT_IN.api, name: 'Notion internal integration (built-in)' } },
	};
}

function workflow(side: Side): WorkflowFixture {
	const id = WORKFLOW_ID[side];
	return {
		id, name: `Create bench: ${side}`, settings: { executionOrder: 'v1' },
		nodes: [
			{ id: `${id}-t`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: `${id}-i`, name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: `return ${JSON.stringify(items().map((json) => ({ json })))};` } },
			{ id: `${id}-c`, name: NODE, position: [400, 0], ...createNode(side) },
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: NODE, type: 'main', index: 0 }]] },
		},
	};
}

/** Rows of the data source whose title is `<prefix> <n>`, counted per item (the emulator's world is the truth). */
function rowsPerItem(emulator: RunningEmulator, side: Side): number[] {
	const { state } = emulator.control as unknown as { state: { world: { objects: Map<string, { kind: string; parentId?: string; title: string; inTrash?: boolean }> } } };
	const counts = Array.from({ length: CREATES }, () => 0);
	const pattern = new RegExp(`^${PREFIX[side]} (\\d+)$`);
	for (const object of state.world.objects.values()) {
		if (object.kind !== 'page' || object.parentId !== SOURCE) continue;
		const n = Number(pattern.exec(object.title)?.[1] ?? NaN);
		if (Number.isInteger(n) && n >= 0 && n < CREATES) counts[n]++;
	}
	return counts;
}

async function run(inst: N8nInstance, emulator: RunningEmulator, side: Side): Promise<CreateFigures> {
	emulator.control.setModes({ rateLimit: RATE });
	await new Promise((resolve) => setTimeout(resolve, 1000)); // a full bucket to start from
	emulator.control.clearLog();
	const result = await execute(inst, workflow(side).id);
	const log = emulator.control.getLog();
	emulator.control.setModes({ rateLimit: null });
	const rest = log.filter((entry) => entry.path.startsWith('/v1/') && !entry.path.startsWith('/v1/oauth/'));
	const writes = writesOf(log);
	const rows = rowsPerItem(emulator, side);
	const { outputs, cameOut } = routed(side, result.runData);
	const misrouted = cameOut.filter((came, n) => came.length !== 1 || came[0] !== (rows[n] > 0 ? 0 : side === 'n8n' ? 1 : 3)).length;
	const started = Date.parse(String(result.raw?.startedAt));
	const stopped = Date.parse(String(result.raw?.stoppedAt));
	return {
		side,
		node: LABEL[side],
		items: CREATES,
		requests: rest.length,
		tooManyRequests: rest.filter((entry) => entry.status === 429).length,
		createRequests: writes.filter((write) => write.method === 'POST' && write.path === '/v1/pages').length,
		schemaReads: rest.filter((entry) => entry.method === 'GET' && entry.path.startsWith('/v1/data_sources/')).length,
		rowsWritten: rows.filter((count) => count > 0).length,
		lost: rows.filter((count) => count === 0).length,
		duplicated: rows.filter((count) => count > 1).length,
		misrouted,
		outputs,
		executionMs: Number.isFinite(started) && Number.isFinite(stopped) ? stopped - started : undefined,
		limitMs: (CREATES / RATE.ratePerSecond) * 1000,
		error: result.ok ? undefined : JSON.stringify(result.error?.message ?? result.cli.stderr.slice(-300)),
	};
}

function routed(side: Side, runData: RunData) {
	const outputs: Record<string, number> = {};
	const cameOut: number[][] = Array.from({ length: CREATES }, () => []);
	(runData[NODE]?.[0]?.data?.main ?? []).forEach((list, output) => {
		for (const item of list ?? []) {
			const name = OUTPUTS[side][output] ?? `output ${output}`;
			outputs[name] = (outputs[name] ?? 0) + 1;
			const paired = item.pairedItem as { item?: number } | Array<{ item?: number }> | undefined;
			const index = Array.isArray(paired) ? paired[0]?.item : paired?.item;
			if (typeof index === 'number' && cameOut[index]) cameOut[index].push(output);
		}
	});
	return { outputs, cameOut };
}

/** Both sides, one after the other, against one emulator with the tracker's data source. */
export async function createsBench(log: (message: string) => void = () => undefined): Promise<CreateFigures[]> {
	ensureN8n(VERSION);
	const tls = createTestTls();
	const emulator = await startEmulator({ tls: { key: tls.key, cert: tls.cert }, seed: trackerSeed(), modes: { rateLimit: null } });
	let inst: N8nInstance | undefined;
	try {
		inst = await createInstance(VERSION, { emulatorPort: emulator.port, caFile: tls.caFile, env: { N8N_LOG_LEVEL: 'info' } });
		await connectCredential(inst, emulator, OURS);
		await importCredentials(inst, builtInCredentials(BUILT_IN, emulator.control.createGrant({ integrationId: WORLD.publicIntegration.id })));
		const sides: Side[] = ['ours', 'oursContinue', 'n8n'];
		await importWorkflow(inst, sides.map(workflow));
		const figures: CreateFigures[] = [];
		for (const side of sides) {
			log(`n8n ${VERSION}: ${CREATES} creates, ${LABEL[side]}`);
			figures.push(await run(inst, emulator, side));
		}
		return figures;
	} finally {
		if (inst && process.env.BENCH_KEEP !== '1') removeInstance(inst);
		await emulator.close();
		fs.rmSync(tls.dir, { recursive: true, force: true });
	}
}

const ratio = (ours: number | undefined, theirs: number | undefined) =>
	ours === undefined || theirs === undefined ? '' : theirs === 0 ? (ours === 0 ? '1 (both 0)' : '∞') : (ours / theirs).toFixed(2);

export function createsSection(figures: CreateFigures[]): string {
	const theirs = figures.find((f) => f.side === 'n8n')!;
	const ours = figures.filter((f) => f.side !== 'n8n');
	const seconds = (ms: number | undefined) => (ms === undefined ? '' : (ms / 1000).toFixed(1));
	const perLimit = (f: CreateFigures) => (f.executionMs === undefined ? undefined : f.executionMs / f.limitMs);
	const measures: Array<[string, (f: CreateFigures) => number | undefined, (f: CreateFigures) => string]> = [
		['requests', (f) => f.requests, (f) => String(f.requests)],
		['  POST /v1/pages', (f) => f.createRequests, (f) => String(f.createRequests)],
		['  schema reads (GET data source)', (f) => f.schemaReads, (f) => String(f.schemaReads)],
		['429s', (f) => f.tooManyRequests, (f) => String(f.tooManyRequests)],
		[`rows written (of ${CREATES})`, (f) => f.rowsWritten, (f) => String(f.rowsWritten)],
		['lost (no row)', (f) => f.lost, (f) => String(f.lost)],
		['duplicated (row twice)', (f) => f.duplicated, (f) => String(f.duplicated)],
		['misrouted items', (f) => f.misrouted, (f) => String(f.misrouted)],
		['outputs', () => undefined, outputsText],
		['execution (s)', (f) => f.executionMs, (f) => seconds(f.executionMs)],
		['time / limit', perLimit, (f) => perLimit(f)?.toFixed(2) ?? ''],
	];
	const header = ['', ...figures.map((f) => LABEL[f.side]), ...ours.map((f) => `${f.side === 'ours' ? 'Stop' : 'continue'} / n8n`)];
	const rows = measures.map(([name, value, text]) => [
		name,
		...figures.map(text),
		...ours.map((f) => (name === 'outputs' ? '' : ratio(value(f), value(theirs)))),
	]);
	const all = [header, ...rows];
	const widths = header.map((_, column) => Math.max(...all.map((row) => row[column].length)));
	const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
	const errors = figures.filter((f) => f.error).map((f) => `\n${LABEL[f.side]}: the execution did not finish cleanly: ${f.error}`).join('');
	return (
		`Creates: ${CREATES} rows into one data source (title + 4 property fields mapped from the item) in n8n ${VERSION}, ` +
		`the emulator limiting to ${RATE.ratePerSecond}/s (burst ${RATE.burst}); limit = ${CREATES} creates / ${RATE.ratePerSecond} per s = ${seconds(theirs.limitMs)} s. ` +
		`Ours: this package's credential, paced at ${RATE.ratePerSecond}/s; n8n's: notionApi, On Error = continue (its default stops at the first 429)\n\n` +
		[line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n') +
		errors
	);
}

function outputsText(f: CreateFigures): string {
	return Object.entries(f.outputs).map(([name, n]) => `${name} ${n}`).join(', ');
}

if (require.main === module) {
	const started = Date.now();
	createsBench((message) => console.error(`[creates +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`))
		.then((figures) => {
			console.log(createsSection(figures));
			console.log(JSON.stringify(figures, null, 1));
		})
		.catch((error) => {
			console.error(error);
			process.exitCode = 1;
		});
}
