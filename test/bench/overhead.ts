/**
 * The node's own cost per item, network excluded: the compiled node's `execute` on 10,000 items
 * over 1,000 distinct pages, with a minimal IExecuteFunctions whose request helper answers at once
 * from memory. The answers are the emulator's own (200 pages and 404 object_not_found envelopes,
 * recorded once before timing), the credential holds an obviously fake token, and pacing is taken
 * out of the picture by a huge Requests per Second (its bookkeeping still runs).
 *
 * Side by side in the same process: a baseline `execute` that only copies items. Run alone, in its
 * own process, so its memory figures are its own:
 *   npx tsx --expose-gc test/bench/overhead.ts   → prints `RESULT {json}` as its last line
 */
import * as path from 'path';
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { fakeContext, recordAnswers } from '../support/fakeExecution';

const REPO_DIR = path.resolve(__dirname, '../..');
const PACKAGE_DIR = process.env.BENCH_PACKAGE_DIR ? path.resolve(process.env.BENCH_PACKAGE_DIR) : REPO_DIR;
const NODE_FILE = path.join(PACKAGE_DIR, 'dist', 'nodes', 'NotionAccessCheck', 'NotionAccessCheck.node.js');

export const ITEMS = 10_000;
export const DISTINCT = { shared: 600, unshared: 250, missing: 150 };
const WARMUP_RUNS = 2;
const TIMED_RUNS = 7;

export interface OverheadFigures {
	items: number;
	distinctIds: number;
	answers: { ok: number; notFound: number };
	runs: number;
	nodeUsPerItem: number;
	baselineUsPerItem: number;
	ratio: number;
	nodeRunsMs: number[];
	baselineRunsMs: number[];
	outputs: number[];
	memory: {
		rssBeforeBytes: number;
		/** the process's high-water mark (kernel maxRSS): capture, warm-up and timed runs included */
		maxRssBytes: number;
		/** heap in use before the run, the most seen during it, and what the output holds after a GC */
		heapBeforeBytes: number;
		peakHeapUsedBytes: number;
		retainedOutputBytes: number;
	};
	node: string;
}

function benchItems(ids: string[]): INodeExecutionData[] {
	return Array.from({ length: ITEMS }, (_, i) => ({ json: { resource: ids[(i * 7919) % ids.length], row: i } }));
}

/** What users would otherwise pay at the very least: a node that copies each item through. */
async function copyItems(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	return [items.map((item, index) => ({ json: { ...item.json }, pairedItem: { item: index } }))];
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
	const { answers, ids } = await recordAnswers(DISTINCT);
	const items = benchItems(ids);
	const { NotionAccessCheck } = require(NODE_FILE) as { NotionAccessCheck: new () => INodeType };
	const checker = new NotionAccessCheck();
	const ctx = fakeContext(items, answers);
	const timeOnce = async (run: () => Promise<INodeExecutionData[][]>) => {
		const started = process.hrtime.bigint();
		const output = await run();
		return { ms: Number(process.hrtime.bigint() - started) / 1e6, output };
	};
	const runNode = () => checker.execute!.call(ctx) as Promise<INodeExecutionData[][]>;
	const runBaseline = () => copyItems.call(ctx);

	gc();
	const rssBeforeBytes = process.memoryUsage().rss;
	for (let i = 0; i < WARMUP_RUNS; i++) {
		await timeOnce(runNode);
		await timeOnce(runBaseline);
	}
	const nodeRunsMs: number[] = [];
	const baselineRunsMs: number[] = [];
	let outputs: number[] = [];
	for (let i = 0; i < TIMED_RUNS; i++) {
		gc();
		const node = await timeOnce(runNode);
		nodeRunsMs.push(node.ms);
		outputs = node.output.map((list) => list.length);
		gc();
		baselineRunsMs.push((await timeOnce(runBaseline)).ms);
	}

	// Memory, apart from the timed runs: heap sampled at every request and every progress line.
	let peakHeapUsedBytes = 0;
	const sample = () => (peakHeapUsedBytes = Math.max(peakHeapUsedBytes, process.memoryUsage().heapUsed));
	const sampled = fakeContext(items, answers, { onRequest: sample });
	gc();
	const heapBeforeBytes = process.memoryUsage().heapUsed;
	const output = (await checker.execute!.call(sampled)) as INodeExecutionData[][];
	sample();
	gc();
	const retainedOutputBytes = process.memoryUsage().heapUsed - heapBeforeBytes;

	const nodeUsPerItem = (median(nodeRunsMs) * 1000) / ITEMS;
	const baselineUsPerItem = (median(baselineRunsMs) * 1000) / ITEMS;
	const ok = [...answers.values()].filter((answer) => answer.statusCode === 200).length - 1;
	const figures: OverheadFigures = {
		items: ITEMS,
		distinctIds: ids.length,
		answers: { ok, notFound: ids.length - ok },
		runs: TIMED_RUNS,
		nodeUsPerItem,
		baselineUsPerItem,
		ratio: nodeUsPerItem / baselineUsPerItem,
		nodeRunsMs,
		baselineRunsMs,
		outputs,
		memory: {
			rssBeforeBytes,
			maxRssBytes: process.resourceUsage().maxRSS * 1024,
			heapBeforeBytes,
			peakHeapUsedBytes,
			retainedOutputBytes: output.length > 0 ? retainedOutputBytes : 0,
		},
		node: process.version,
	};
	console.log(`RESULT ${JSON.stringify(figures)}`);
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
