/**
 * Only the A/B part of `npm run bench` (workflow A BENCH_A_RUNS times, default 2, then B once, per
 * version in BENCH_N8N_VERSIONS, default 2.41.1), for a quick check of a change: prints the figures
 * as JSON and leaves BENCHMARKS.md alone. `node --import tsx test/bench/ab.ts` after `npm run build`.
 */
import * as fs from 'fs';
import * as os from 'os';
import { pagesSeed, startEmulator } from '../emulator';
import { ensureN8n, removeInstance, type N8nVersion } from '../e2e/n8n';
import { createTestTls } from '../e2e/tls';
import { prepare, runVersion } from './n8nRuns';
import { httpRequestVersion, PAGE_COUNTS, RATE } from './workflows';

async function main() {
	const versions = (process.env.BENCH_N8N_VERSIONS ?? '2.41.1').split(/\s+/).filter(Boolean) as N8nVersion[];
	const aRuns = Number(process.env.BENCH_A_RUNS ?? 2);
	for (const version of versions) ensureN8n(version);
	const tls = createTestTls();
	const world = pagesSeed(PAGE_COUNTS);
	const emulator = await startEmulator({ tls: { key: tls.key, cert: tls.cert }, seed: world.seed, modes: { rateLimit: RATE } });
	try {
		for (const version of versions) {
			console.error(`load before ${version}: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
			const instance = await prepare(version, emulator, tls.caFile);
			try {
				const run = await runVersion(instance, emulator, httpRequestVersion(version), aRuns);
				const pick = (f: typeof run.a) => ({ requests: f.requests, tooMany: f.tooManyRequests, misrouted: f.misrouted, nodeMs: f.nodeMs, limitMs: f.limitMs, ratio: f.nodeMs && (f.nodeMs / f.limitMs).toFixed(2), firstPageMs: f.secondRequestMs, leadInMs: f.leadInMs, peak: f.peakPerWindow, error: f.error });
				console.log(JSON.stringify({ version, load: os.loadavg(), a: run.aRuns.map(pick), b: pick(run.b) }, null, 1));
			} finally {
				removeInstance(instance.inst);
			}
		}
	} finally {
		await emulator.close();
		fs.rmSync(tls.dir, { recursive: true, force: true });
	}
}
main().catch((error) => { console.error(error); process.exit(1); });
