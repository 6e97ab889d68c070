/**
 * `npm run bench` (through test/bench/run.sh): issue 5's benchmark. Prints one table and writes it,
 * with the machine it ran on, into BENCHMARKS.md. It asserts nothing about timing.
 *
 * 1. `npm pack` size.
 * 2. The node's own overhead per item on 10,000 items, network excluded (overhead.ts, own process).
 * 3. In real n8n, per version, against the emulator with its rate limit on (30/s, burst 10):
 *    workflow A (Notion Access Check) three times, then workflow B (HTTP Request per item) once.
 * 4. The refresh storm (refreshStorm.ts): 20 executions in one process on an expired token,
 *    Access Check against HTTP Request, per version.
 * 5. Queue-mode workers on one limit (workers.ts): 1, 2 and 4 workers, adaptive vs fixed pacer,
 *    on the first version asked for.
 * 6. Notion's window budget and token bucket side by side (windows.ts), beside n8n's Notion node
 *    and HTTP Request, on the first version asked for.
 *
 * Env: BENCH_N8N_VERSIONS="2.41.1 1.123.81" (default both), BENCH_A_RUNS=3 (runs of A per version),
 * BENCH_WORKERS=0 skips 5, BENCH_SKIP_WINDOWS=1 skips 6, BENCH_KEEP=1 keeps the n8n user folders, BENCH_PACKAGE_DIR=DIR benchmarks another build
 * (package.json + dist/, e.g. a candidate fix) and leaves BENCHMARKS.md alone.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { pagesSeed, startEmulator } from '../emulator';
import { N8N_VERSIONS, REPO_DIR, ensureN8n, removeInstance, type N8nVersion } from '../e2e/n8n';
import { createTestTls } from '../e2e/tls';
import { createsBench, createsSection } from './creates';
import { PACKAGE_DIR, prepare, runVersion, WORK_DIR, type VersionFigures } from './n8nRuns';
import type { OverheadFigures } from './overhead';
import { markdown, table, type BenchReport, type PackFigures } from './report';
import { refreshStorm, STORM_EXECUTIONS, stormTable, type StormFigures } from './refreshStorm';
import { httpRequestVersion, PAGE_COUNTS, RATE } from './workflows';
import { windowsBench } from './windows';
import { workersBench } from './workers';
import { writeWorkload, writesSection, type WriteFigures } from './writes';

const COMMAND = 'npm run bench';
/** A runs several times per version (B once): whether a burst happens depends on the machine's load. */
const A_RUNS = Math.max(1, Number(process.env.BENCH_A_RUNS ?? 3));

function versionsToRun(): N8nVersion[] {
	const asked = (process.env.BENCH_N8N_VERSIONS ?? '2.41.1 1.123.81').split(/[\s,]+/).filter(Boolean);
	for (const version of asked) {
		if (!(N8N_VERSIONS as readonly string[]).includes(version)) throw new Error(`n8n ${version} is not one of ${N8N_VERSIONS.join(', ')}`);
	}
	return asked as N8nVersion[];
}

function packSize(): PackFigures {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	const [pack] = JSON.parse(out) as Array<{ filename: string; size: number; unpackedSize: number; entryCount: number }>;
	return { filename: pack.filename, packedBytes: pack.size, unpackedBytes: pack.unpackedSize, files: pack.entryCount };
}

function overhead(): OverheadFigures {
	const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'overhead.ts')], {
		cwd: REPO_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024,
	});
	const line = out.split('\n').find((text) => text.startsWith('RESULT '));
	if (!line) throw new Error(`overhead.ts printed no RESULT line:\n${out.slice(-2000)}`);
	return JSON.parse(line.slice('RESULT '.length)) as OverheadFigures;
}

function machine() {
	const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
	return {
		nproc: os.availableParallelism(),
		cpu,
		memoryBytes: os.totalmem(),
		platform: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.version,
		loadAverage: os.loadavg(),
	};
}

async function main(): Promise<void> {
	const started = Date.now();
	const versions = versionsToRun();
	const log = (message: string) => console.error(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`);
	const host = machine();
	fs.mkdirSync(WORK_DIR, { recursive: true });

	log('npm pack --dry-run');
	const pack = packSize();
	log('node overhead on 10,000 items (network excluded)');
	const nodeOverhead = overhead();

	for (const version of versions) ensureN8n(version);
	const tls = createTestTls();
	const world = pagesSeed(PAGE_COUNTS);
	const emulator = await startEmulator({ tls: { key: tls.key, cert: tls.cert }, seed: world.seed, modes: { rateLimit: RATE } });
	const runs: VersionFigures[] = [];
	const storms: Array<{ version: N8nVersion; figures: StormFigures[] }> = [];
	const writes: Array<{ version: N8nVersion; figures: WriteFigures[] }> = [];
	const prepared: Awaited<ReturnType<typeof prepare>>[] = [];
	try {
		log(`preparing n8n ${versions.join(' and ')} (package, credential, workflows)`);
		prepared.push(...(await Promise.all(versions.map((version) => prepare(version, emulator, tls.caFile)))));
		for (const instance of prepared) {
			log(`n8n ${instance.version}: workflow A ${A_RUNS} times, then workflow B`);
			runs.push(await runVersion(instance, emulator, httpRequestVersion(instance.version), A_RUNS));
		}
		for (const version of versions) {
			log(`n8n ${version}: refresh storm, ${STORM_EXECUTIONS} executions on an expired token, A then B`);
			storms.push({ version, figures: await refreshStorm(version, emulator, tls.caFile) });
		}
		for (const version of versions) {
			log(`n8n ${version}: write workload, Notion Request then HTTP Request`);
			writes.push({ version, figures: await writeWorkload(version, emulator, tls.caFile) });
		}
	} finally {
		await emulator.close();
		fs.rmSync(tls.dir, { recursive: true, force: true });
		for (const instance of prepared) {
			if (process.env.BENCH_KEEP === '1') log(`kept ${instance.inst.userFolder}`);
			else removeInstance(instance.inst);
		}
	}

	// Issue 13: queue-mode workers sharing one limit, adaptive vs fixed pacer. BENCH_WORKERS=0 skips it.
	const workers = process.env.BENCH_WORKERS === '0' ? '' : `\n${await workersBench(versions[0], log)}\n`;
	// Issue 20: the window budget and the token bucket, beside n8n's Notion node and HTTP Request.
	const windows = process.env.BENCH_SKIP_WINDOWS === '1' ? '' : `\n${await windowsBench(versions[0], log)}\n`;
	// Issue 18: 1,000 creates into a data source beside n8n's Notion node v3 (n8n 2.41.1 only).
	const creates = process.env.BENCH_SKIP_CREATES === '1' || !versions.includes('2.41.1') ? '' : `\n## ${createsSection(await createsBench(log))}\n`;

	const report: BenchReport = {
		date: new Date().toISOString(),
		command: COMMAND,
		machine: { ...host, loadAverageAfter: os.loadavg() },
		benchSeconds: (Date.now() - started) / 1000,
		pack,
		overhead: nodeOverhead,
		runs,
	};
	const candidate = PACKAGE_DIR !== REPO_DIR;
	if (candidate) console.log(`Package under test: ${PACKAGE_DIR} (not this repo's dist/; npm pack size is this repo's)\n`);
	const storm = `Refresh storm: ${STORM_EXECUTIONS} executions at once in one n8n process on an expired access token; ` +
		`the old refresh token dies at once (emulator rotation 'immediate')\n\n${stormTable(storms)}`;
	console.log(table(report));
	console.log(`\n${storm}`);
	console.log(`\n${writesSection(writes)}${workers}${windows}${creates}`);
	fs.writeFileSync(path.join(WORK_DIR, candidate ? 'results-candidate.json' : 'results.json'), JSON.stringify(report, null, 2));
	if (candidate) {
		fs.writeFileSync(path.join(WORK_DIR, 'BENCHMARKS-candidate.md'), `${markdown(report)}\n## ${storm}\n\n## ${writesSection(writes)}\n${workers}${windows}${creates}`);
		log('candidate build: BENCHMARKS.md left alone; table in test/.work/bench/BENCHMARKS-candidate.md');
	} else {
		const file = path.join(REPO_DIR, 'BENCHMARKS.md');
		fs.writeFileSync(file, `${markdown(report)}\n## ${storm}\n\n## ${writesSection(writes)}\n${workers}${windows}${creates}\n${handWritten(file)}`);
		log('table written to BENCHMARKS.md; figures in test/.work/bench/results.json');
	}
}

/** The sections below this line come from other runs (npm run soak, the scale test): a bench run keeps them. */
const KEPT = '<!-- Written by hand from other runs; npm run bench keeps everything below this line. -->';

function handWritten(file: string): string {
	const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	return old.includes(KEPT) ? old.slice(old.indexOf(KEPT)) : `${KEPT}\n`;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
