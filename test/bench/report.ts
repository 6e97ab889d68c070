/** The benchmark's table, as console text and as BENCHMARKS.md. */
import type { VersionFigures, WorkflowFigures } from './n8nRuns';
import { BURST_WINDOW_MS } from './n8nRuns';
import type { OverheadFigures } from './overhead';
import { A_REQUESTS, A_REQUESTS_SUM, ITEM_COUNT, PAGE_COUNTS, RATE } from './workflows';

export interface PackFigures {
	filename: string;
	packedBytes: number;
	unpackedBytes: number;
	files: number;
}

export interface BenchReport {
	date: string;
	command: string;
	machine: {
		nproc: number;
		cpu: string;
		memoryBytes: number;
		platform: string;
		node: string;
		loadAverage: number[];
		loadAverageAfter: number[];
	};
	benchSeconds: number;
	pack: PackFigures;
	overhead: OverheadFigures;
	runs: VersionFigures[];
}

const GOAL_RATIO = 1.25;

type Row = [string, string, string, string];

const seconds = (ms: number | undefined) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
const mib = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MiB`);
const ratio = (ms: number | undefined, limitMs: number) => (ms === undefined ? 'n/a' : (ms / limitMs).toFixed(2));
const count = (n: number) => n.toLocaleString('en-US');

export interface Goals {
	requests: boolean;
	tooManyRequests: boolean;
	misrouted: boolean;
	time: boolean;
}

export function goals(a: WorkflowFigures): Goals {
	return {
		requests: a.requests === a.limitRequests,
		tooManyRequests: a.tooManyRequests === 0,
		misrouted: a.misrouted === 0 && a.items === ITEM_COUNT,
		time: a.nodeMs !== undefined && a.nodeMs / a.limitMs <= GOAL_RATIO,
	};
}

function outputs(figures: WorkflowFigures): string {
	const parts = Object.entries(figures.outputs).map(([name, n]) => `${name} ${count(n)}`);
	return parts.length ? parts.join(', ') : 'none';
}

/** "met (3 of 3 runs)" or "MISSED in 1 of 3 runs" */
function goalCell(target: string, run: VersionFigures, key: keyof Goals): string {
	const missed = run.aRuns.filter((a) => !goals(a)[key]).length;
	const runs = run.aRuns.length;
	return missed === 0 ? `${target}: met (${runs} of ${runs} runs)` : `${target}: MISSED in ${missed} of ${runs} runs`;
}

function runRows(run: VersionFigures): Row[] {
	const { a, b } = run;
	return [
		['API requests (emulator log)', `${count(a.requests)} (${a.distinctPaths} distinct)`, `${count(b.requests)} (${b.distinctPaths} distinct)`, goalCell(String(A_REQUESTS), run, 'requests')],
		['429s received', count(a.tooManyRequests), count(b.tooManyRequests), goalCell('0', run, 'tooManyRequests')],
		[`items misrouted (of ${count(ITEM_COUNT)})`, count(a.misrouted), count(b.misrouted), goalCell('0', run, 'misrouted')],
		['items per output', outputs(a), outputs(b), ''],
		['node run time (runData executionTime)', seconds(a.nodeMs), seconds(b.nodeMs), ''],
		[`limit = requests / ${RATE.ratePerSecond} per s`, `${seconds(a.limitMs)} (${a.limitRequests} req)`, `${seconds(b.limitMs)} (${b.limitRequests} req, one per item)`, ''],
		['node run time / limit', ratio(a.nodeMs, a.limitMs), ratio(b.nodeMs, b.limitMs), goalCell(`<= ${GOAL_RATIO}`, run, 'time')],
		['execution startedAt->stoppedAt (/ limit)', `${seconds(a.executionMs)} (${ratio(a.executionMs, a.limitMs)})`, `${seconds(b.executionMs)} (${ratio(b.executionMs, b.limitMs)})`, ''],
		['`n8n execute` process, spawn to exit', seconds(a.processMs), seconds(b.processMs), ''],
		[`page requests: mean gap; most requests in any ${BURST_WINDOW_MS} ms`, pacing(a), pacing(b), ''],
		['first page request after node start', seconds(a.secondRequestMs), seconds(b.leadInMs), ''],
		['n8n process: peak RSS; peak heap used', memory(a), memory(b), ''],
		['token endpoint requests', count(a.tokenRequests), count(b.tokenRequests), ''],
	];
}

const A_RUN_HEADER = ['A run', 'requests', '429s', 'misrouted', 'node run time', '/ limit', `most in ${BURST_WINDOW_MS} ms`, 'first page after start'];

/** Every run of A, so that a burst in one of them is not hidden by the one in the main table. */
function aRunRows(run: VersionFigures): string[][] {
	return run.aRuns.map((a, index) => [
		String(index + 1),
		count(a.requests),
		count(a.tooManyRequests),
		count(a.misrouted),
		seconds(a.nodeMs),
		ratio(a.nodeMs, a.limitMs),
		String(a.peakPerWindow ?? 'n/a'),
		seconds(a.secondRequestMs),
	]);
}

function pacing(figures: WorkflowFigures): string {
	if (figures.meanGapMs === undefined) return 'n/a';
	return `${figures.meanGapMs.toFixed(1)} ms; ${figures.peakPerWindow}`;
}

function memory(figures: WorkflowFigures): string {
	return figures.memory ? `${mib(figures.memory.maxRssBytes)}; ${mib(figures.memory.peakHeapUsedBytes)}` : 'n/a';
}

function overheadRows(o: OverheadFigures): Array<[string, string]> {
	const min = (values: number[]) => Math.min(...values);
	return [
		['node, µs per item (median of runs; fastest)', `${o.nodeUsPerItem.toFixed(1)}; ${((min(o.nodeRunsMs) * 1000) / o.items).toFixed(1)}`],
		['baseline that only copies items, µs per item', `${o.baselineUsPerItem.toFixed(2)}; ${((min(o.baselineRunsMs) * 1000) / o.items).toFixed(2)}`],
		['ratio node / baseline (medians)', `${o.ratio.toFixed(0)}x`],
		['node run on 10,000 items (median)', `${((o.nodeUsPerItem * o.items) / 1000).toFixed(0)} ms`],
		['outputs (Access OK, Reauthorize, Share Page, Retry)', o.outputs.map(count).join(', ')],
		['heap used: before; peak during the run; held by the output after GC', `${mib(o.memory.heapBeforeBytes)}; ${mib(o.memory.peakHeapUsedBytes)}; ${mib(o.memory.retainedOutputBytes)}`],
		['process RSS: before the runs; peak (kernel maxRSS)', `${mib(o.memory.rssBeforeBytes)}; ${mib(o.memory.maxRssBytes)}`],
	];
}

function packRows(p: PackFigures): Array<[string, string]> {
	return [
		['packed (tarball)', `${count(p.packedBytes)} bytes (${(p.packedBytes / 1024).toFixed(1)} KiB)`],
		['unpacked', `${count(p.unpackedBytes)} bytes (${(p.unpackedBytes / 1024).toFixed(1)} KiB)`],
		['files', count(p.files)],
	];
}

/** Plain-language findings, from the figures: which goal was missed, and the evidence. */
export function findings(report: BenchReport): string[] {
	const lines: string[] = [];
	const intervalMs = 1000 / RATE.ratePerSecond;
	for (const run of report.runs) {
		const { version, b, httpRequestVersion } = run;
		const runs = run.aRuns.length;
		const missedGoals = (Object.keys(GOAL_NAMES) as Array<keyof Goals>).filter((key) => run.aRuns.some((a) => !goals(a)[key]));
		if (missedGoals.length === 0) {
			lines.push(`n8n ${version}: workflow A met every goal in all ${runs} runs (${run.aRuns.map((a) => `${ratio(a.nodeMs, a.limitMs)}`).join(', ')} × the limit).`);
		} else {
			lines.push(`n8n ${version}: workflow A missed, in at least one of ${runs} runs: ${missedGoals.map((key) => GOAL_NAMES[key]).join('; ')}.`);
		}
		run.aRuns.forEach((a, index) => {
			const which = `n8n ${version}, A run ${index + 1}`;
			if (!a.ok) lines.push(`${which}: did not finish cleanly (${a.error}).`);
			if (a.tooManyRequests > 0) {
				let line =
					`${which}: ${a.tooManyRequests} 429s (and ${a.requests - a.limitRequests} extra requests that asked again after Retry-After) ` +
					`came with a burst: ${a.peakPerWindow} requests reached the emulator within ${BURST_WINDOW_MS} ms, against a burst allowance of ${RATE.burst}, ` +
					`although the page requests averaged one per ${a.meanGapMs?.toFixed(1) ?? 'n/a'} ms.`;
				if ((a.secondRequestMs ?? 0) > 3 * intervalMs) line += ` The first page request left ${seconds(a.secondRequestMs)} after the node started.`;
				if (a.misrouted === 0) line += ' Every item was still routed right: the node waited out each Retry-After and asked again.';
				lines.push(line);
			}
			if (!goals(a).time && a.nodeMs !== undefined) {
				lines.push(
					`${which}: the node run took ${seconds(a.nodeMs)} = ${ratio(a.nodeMs, a.limitMs)} × the limit: the first page request left ` +
						`${seconds(a.secondRequestMs)} after the node started, then page requests came one per ${a.meanGapMs?.toFixed(1) ?? 'n/a'} ms.`,
				);
			}
		});
		lines.push(
			`n8n ${version}: B (HTTP Request ${httpRequestVersion}) sent its ${count(b.requests)} requests as fast as n8n could ` +
				`(one per ${b.meanGapMs?.toFixed(1) ?? 'n/a'} ms on average, up to ${b.peakPerWindow} within ${BURST_WINDOW_MS} ms), got ${count(b.tooManyRequests)} 429s ` +
				`and misrouted ${count(b.misrouted)} items: each shared page that was answered 429 went to the error output.`,
		);
	}
	return lines;
}

const GOAL_NAMES: Record<keyof Goals, string> = {
	requests: `exactly ${A_REQUESTS} requests`,
	tooManyRequests: 'no 429',
	misrouted: 'nothing misrouted',
	time: `node run time <= ${GOAL_RATIO} × limit`,
};

function pad(rows: string[][]): string {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

function scenario(): string {
	return (
		`${count(ITEM_COUNT)} items over 100 pages (${PAGE_COUNTS.shared} shared, ${PAGE_COUNTS.unshared} unshared, ${PAGE_COUNTS.missing} missing), ` +
		`emulator rate limit ${RATE.ratePerSecond} requests/s with a burst of ${RATE.burst}; A's Requests per Second = ${RATE.ratePerSecond}`
	);
}

export function table(report: BenchReport): string {
	const parts: string[] = [`Notion Access Check benchmark: ${scenario()}`, ''];
	for (const run of report.runs) {
		const nodeVersion = run.a.memory?.node ?? run.b.memory?.node ?? '?';
		parts.push(`n8n ${run.version} (Node ${nodeVersion})`);
		parts.push(pad([['', 'A: Notion Access Check (run 1)', `B: HTTP Request ${run.httpRequestVersion}`, 'goal for A'], ...runRows(run)]));
		parts.push('');
		parts.push(pad([A_RUN_HEADER, ...aRunRows(run)]));
		parts.push('');
	}
	parts.push(`Node overhead, network excluded: ${count(report.overhead.items)} items over ${count(report.overhead.distinctIds)} ids (${report.overhead.answers.ok} answer 200, ${report.overhead.answers.notFound} answer 404), Node ${report.overhead.node}`);
	parts.push(pad(overheadRows(report.overhead)));
	parts.push('');
	parts.push('npm pack');
	parts.push(pad(packRows(report.pack)));
	parts.push('');
	parts.push(...findings(report).map((line) => `- ${line}`));
	return parts.join('\n');
}

function mdTable(header: string[], rows: string[][]): string {
	const escape = (cell: string) => cell.replace(/\|/g, '\\|');
	return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.map(escape).join(' | ')} |`).join('\n');
}

export function markdown(report: BenchReport): string {
	const m = report.machine;
	const n8n = report.runs.map((run) => `${run.version} (Node ${run.a.memory?.node ?? run.b.memory?.node ?? '?'})`).join(', ');
	const sections: string[] = [
		'# Benchmarks',
		'',
		'Issue 5: what the Notion Access Check node costs and saves, next to what users do today. Written by',
		'`npm run bench` (test/bench/run.sh); this file is overwritten with the latest run. The benchmark asserts',
		'no timing: it prints figures, and the goals below are read against them.',
		'',
		`- Command: \`${report.command}\` (after \`npm ci\`; it builds dist/ if missing and installs n8n into ~/.cache/n8n-notion-access once)`,
		'- Options: `BENCH_N8N_VERSIONS="2.41.1 1.123.81"` (the default: both lines), `BENCH_A_RUNS=3` (runs of A per line), `BENCH_KEEP=1` (keep the n8n user folders and',
		'  their logs), `BENCH_PACKAGE_DIR=DIR` (benchmark another build, e.g. a candidate fix: package.json + dist/; writes',
		'  test/.work/bench/BENCHMARKS-candidate.md and leaves this file alone)',
		`- Run: ${report.date}, ${report.benchSeconds.toFixed(0)} s in all`,
		`- Machine: ${m.nproc} CPUs (${m.cpu}), ${(m.memoryBytes / 1024 ** 3).toFixed(1)} GiB memory, ${m.platform}`,
		`- Load average before / after: ${m.loadAverage.map((x) => x.toFixed(2)).join(' ')} / ${m.loadAverageAfter.map((x) => x.toFixed(2)).join(' ')} (the box is shared: times are noisy)`,
		`- Node: ${m.node} (benchmark, emulator, overhead run); n8n: ${n8n}`,
		'',
		'## Workflows A and B in real n8n',
		'',
		`${scenario()}.`,
		'',
		'- **A**: Manual Trigger → Code (the items) → Notion Access Check (`notionRotationSafeOAuth2Api`, Resource',
		'  `{{ $json.pageId }}`, Resource Type auto-detect, Requests per Second 30).',
		'- **B**: Manual Trigger → Code (the same items) → HTTP Request (the version each n8n line drops in today),',
		'  Predefined Credential Type `notionRotationSafeOAuth2Api`, header `Notion-Version: 2025-09-03`,',
		'  `GET https://api.notion.com/v1/pages/{{ $json.pageId }}`, On Error = continue (using error output), no batching.',
		'- Requests and 429s: the emulator\'s request log. Misrouted: an item that did not come out exactly once on the',
		'  output its page calls for (A: Access OK if shared, Share Page if unshared or missing; B: success output if',
		'  shared, else error output).',
		'- Time: the node\'s own run (`runData[node][0].executionTime`) is the figure held against the limit;',
		'  the execution\'s `startedAt`→`stoppedAt` (Manual Trigger and Code node included) is shown beside it.',
		`  Limit = the requests the job needs / 30 per s: A needs ${A_REQUESTS_SUM}; B sends one per item.`,
		'  With Resource Type set to Page, A would need users/me + 100 pages = 101.',
		'- Memory: the `n8n execute` process\'s kernel maxRSS and its peak heap used (sampled every 50 ms by a preload).',
		'',
	];
	for (const run of report.runs) {
		sections.push(`### n8n ${run.version}`, '');
		sections.push(mdTable(['', 'A: Notion Access Check (run 1)', `B: HTTP Request ${run.httpRequestVersion}`, 'goal for A'], runRows(run)));
		sections.push('');
		sections.push(`Every run of A (${run.aRuns.length} runs, each a fresh \`n8n execute\`; B ran once, after them):`, '');
		sections.push(mdTable(A_RUN_HEADER, aRunRows(run)));
		sections.push('');
	}
	sections.push(
		'## Node overhead per item, network excluded',
		'',
		`The compiled node's \`execute\` on ${count(report.overhead.items)} items over ${count(report.overhead.distinctIds)} distinct page ids, with a minimal`,
		'IExecuteFunctions: `helpers.httpRequestWithAuthentication` answers at once from memory with the emulator\'s own',
		`recorded answers (${report.overhead.answers.ok} pages answer 200, ${report.overhead.answers.notFound} answer 404 object_not_found), \`getCredentials\` returns an obviously`,
		'fake token, and Requests per Second is set so high that pacing never waits (its bookkeeping still runs).',
		'Parameter values are plain lookups here: n8n\'s expression evaluation is not in these figures (it is in A\'s',
		`"first page request after node start" above). Beside it, in the same process: a baseline \`execute\` that only`,
		`copies items. ${report.overhead.runs} timed runs each after 2 warm-up runs, a GC before each; Node ${report.overhead.node}.`,
		'',
		mdTable(['measure', 'value'], overheadRows(report.overhead)),
		'',
		'## Package size (`npm pack --dry-run`)',
		'',
		mdTable(['measure', 'value'], packRows(report.pack)),
		'',
		'## Goals and findings',
		'',
		`Goals for A, in every run: exactly ${A_REQUESTS} requests (${A_REQUESTS_SUM}), 0 429s, 0 items misrouted, node run time ≤ 1.25 × limit. B is shown as it is.`,
		'',
		...findings(report).map((line) => `- ${line}`),
		'',
		'Raw figures of the latest run: `test/.work/bench/results.json`; request timelines as the emulator saw them:',
		'`test/.work/bench/requests-<n8n version>-<A1|A2|A3|B1>.tsv` (not committed).',
		'',
	);
	return sections.join('\n');
}
