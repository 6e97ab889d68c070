/**
 * Issue 13, scale in one execution: 1,000, 10,000 and 100,000 items over 100, 1,000 and 10,000
 * distinct shared pages, one `n8n execute` each, the emulator without a rate limit and the node at
 * 1,000 requests per second. Requests come from the emulator's log, node time from n8n's run
 * data, peak RSS and heap from the memory probe (memory-probe.js). Printed, never asserted.
 *
 * `node --import tsx test/bench/scale.ts [--sizes 1000,10000,100000]` (n8n 2.41.1).
 */
import * as fs from 'fs';
import * as path from 'path';

import { pagesSeed, startEmulator } from '../emulator';
import { accessCheckWorkflow, connectCredential } from '../e2e/fixtures';
import { createInstance, execute, importWorkflow, nodeItems, PRELOAD, removeInstance } from '../e2e/n8n';
import { createTestTls } from '../e2e/tls';

const VERSION = '2.41.1';
const PROBE = path.join(__dirname, 'memory-probe.js');
const CREDENTIAL = { id: 'BenchScale000001', name: 'Notion (scale bench)' };
/** ten items per distinct page */
const ITEMS_PER_PAGE = 10;

export interface ScaleFigures {
	items: number;
	pages: number;
	requests: number;
	accessOk: number;
	nodeMs: number;
	maxRssBytes?: number;
	peakHeapUsedBytes?: number;
}

export async function scaleBench(sizes: number[], log: (message: string) => void): Promise<ScaleFigures[]> {
	const world = pagesSeed({ shared: Math.max(...sizes) / ITEMS_PER_PAGE, unshared: 0, missing: 0 });
	const tls = createTestTls();
	const emulator = await startEmulator({ tls: { key: tls.key, cert: tls.cert }, seed: world.seed, modes: { rateLimit: null } });
	const inst = await createInstance(VERSION, {
		emulatorPort: emulator.port, caFile: tls.caFile,
		env: { NODE_OPTIONS: `--require ${JSON.stringify(PRELOAD)} --require ${JSON.stringify(PROBE)}`, N8N_LOG_LEVEL: 'info' },
	});
	const figures: ScaleFigures[] = [];
	try {
		await connectCredential(inst, emulator, CREDENTIAL);
		for (const items of sizes) {
			const pages = items / ITEMS_PER_PAGE;
			const id = `benchScale${String(items).padStart(6, '0')}`;
			const wf = accessCheckWorkflow(id, `Scale ${items}`, { credential: CREDENTIAL, resources: ['set below'], options: { requestsPerSecond: 1000 } });
			const code = wf.nodes[1] as { parameters: Record<string, unknown> };
			code.parameters.jsCode = `const pages = ${JSON.stringify(world.shared.slice(0, pages))};
return Array.from({ length: ${items} }, (_, i) => ({ json: { resource: pages[i % pages.length] } }));`;
			await importWorkflow(inst, wf);
			log(`${items} items over ${pages} pages`);
			const memoryDir = fs.mkdtempSync(path.join(inst.userFolder, 'memory-'));
			emulator.control.clearLog();
			const result = await execute(inst, id, { env: { NOTION_BENCH_MEMORY_DIR: memoryDir } });
			const memory = fs.readdirSync(memoryDir).map((file) => JSON.parse(fs.readFileSync(path.join(memoryDir, file), 'utf8')))
				.find((record) => String(record.command).startsWith('execute'));
			figures.push({
				items, pages,
				requests: emulator.control.getLog().filter((entry) => !entry.path.startsWith('/v1/oauth/')).length,
				accessOk: nodeItems(result.runData, 'Check', 0).length,
				nodeMs: result.runData.Check?.[0]?.executionTime ?? NaN,
				maxRssBytes: memory?.maxRssBytes,
				peakHeapUsedBytes: memory?.peakHeapUsedBytes,
			});
			log(JSON.stringify(figures[figures.length - 1]));
		}
	} finally {
		if (!process.env.BENCH_KEEP) removeInstance(inst);
		await emulator.close();
		fs.rmSync(tls.dir, { recursive: true, force: true });
	}
	return figures;
}

export function scaleTable(figures: ScaleFigures[]): string {
	const mb = (bytes?: number) => (bytes === undefined ? '?' : `${(bytes / 2 ** 20).toFixed(0)} MB`);
	const rows = figures.map((f, i) => {
		const previous = figures[i - 1];
		const slope = previous ? ((f.nodeMs - previous.nodeMs) / (f.items - previous.items)).toFixed(3) : '';
		return `| ${f.items} | ${f.pages} | ${f.requests} | ${f.accessOk} | ${(f.nodeMs / 1000).toFixed(1)} s | ${(f.nodeMs / f.items).toFixed(3)} | ${slope} | ${mb(f.maxRssBytes)} | ${mb(f.peakHeapUsedBytes)} |`;
	});
	return [
		`## Scale in one execution, n8n ${VERSION}`,
		'',
		`One \`n8n execute\` per row (\`test/bench/scale.ts\`): ${ITEMS_PER_PAGE} items per distinct shared page, emulator without a rate limit, ` +
		'Requests per Second = 1000. Requests should be 1 + pages. Slope: extra node ms per extra item from the row above. Peak RSS and heap are the ' +
		'`n8n execute` process\'s, which also prints the whole run.',
		'',
		'| items | pages | requests | Access OK | node time | ms per item | slope (ms/item) | peak RSS | peak heap |',
		'|---|---|---|---|---|---|---|---|---|',
		...rows,
	].join('\n');
}

if (require.main === module) {
	const i = process.argv.indexOf('--sizes');
	const sizes = (i > 0 ? process.argv[i + 1] : '1000,10000,100000').split(',').map(Number);
	const started = Date.now();
	scaleBench(sizes, (message) => console.error(`[scale +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`))
		.then((figures) => console.log(scaleTable(figures)))
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}
