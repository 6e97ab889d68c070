/**
 * The write workload, side by side: 1,000 page updates in one execution with the emulator's rate
 * limit on (30/s, burst 10). A runs the Notion Request node (Update Page Properties); B runs n8n's
 * HTTP Request node (PATCH, predefined credential type, On Error = continue with the error
 * output, as users set it) with the same credential. Counts come from the emulator's write log;
 * each item's truth is the last answer its page got for its body. Nothing here asserts.
 */
import { benchPageId, type RunningEmulator, type WriteEntry } from '../emulator';
import { bodyDigest } from '../emulator/writes';
import { connectCredential, CREDENTIAL_TYPE } from '../e2e/fixtures';
import { createInstance, execute, importWorkflow, removeInstance, type N8nVersion, type RunData, type WorkflowFixture } from '../e2e/n8n';
import { httpRequestVersion, NOTION_VERSION, PAGE_COUNTS, RATE } from './workflows';

export const WRITE_ITEMS = 1000;
/** One item in 20 writes to a page the integration cannot see: it must come out as Share Page (A) or an error (B). */
const UNSHARED_EVERY = 20;

export interface WriteFigures {
	workflow: 'A' | 'B';
	items: number;
	/** PATCH requests the emulator received, and how many it answered 429 */
	requests: number;
	tooManyRequests: number;
	/** writes whose page and body match no item (should be 0: else the counts below cannot be trusted) */
	unattributed: number;
	/** items whose update Notion processed (200) */
	written: number;
	/** items left unwritten because of the rate limit: on Retry (A) or the error output (B) */
	rateLimitedItems: number;
	outputs: Record<string, number>;
	/** input items that came out by no output */
	lost: number;
	/** items on an output that does not fit their last answer (200 → OK output, 404 → Share Page or error, 429 → Retry or error) */
	misrouted: number;
	/** writes Notion processed more than once for the same item, or sent again after an answer other than 429 */
	duplicated: number;
	executionMs?: number;
	/** the writes the job needs / the emulator's rate */
	limitMs: number;
	error?: string;
}

const credential = { id: 'WritesCredential', name: 'Notion (write bench)' };
const NODE = 'Write';
const A_OUTPUTS = ['Success', 'Reauthorize', 'Share Page', 'Retry'];
const B_OUTPUTS = ['Success', 'Error'];

interface WriteItem {
	page: string;
	n: number;
}

function writeItems(): WriteItem[] {
	return Array.from({ length: WRITE_ITEMS }, (_, n) => ({
		n,
		page: n % UNSHARED_EVERY === 0 ? benchPageId('unshared', n % PAGE_COUNTS.unshared) : benchPageId('shared', n % PAGE_COUNTS.shared),
	}));
}

const titleBody = '={{ JSON.stringify({ properties: { title: { title: [{ text: { content: "Write " + $json.n } }] } } }) }}';

function workflow(id: string, kind: 'A' | 'B', version: N8nVersion): WorkflowFixture {
	const write =
		kind === 'A'
			? {
					type: 'n8n-nodes-notion-access.notionRequest', typeVersion: 1,
					parameters: {
						authentication: CREDENTIAL_TYPE, operation: 'updatePage', pageId: '={{ $json.page }}', body: titleBody,
						options: { requestsPerSecond: RATE.ratePerSecond, notionVersion: NOTION_VERSION, maxWaitSeconds: 300 },
					},
				}
			: {
					type: 'n8n-nodes-base.httpRequest', typeVersion: httpRequestVersion(version), onError: 'continueErrorOutput',
					parameters: {
						method: 'PATCH', url: '=https://api.notion.com/v1/pages/{{ $json.page }}',
						authentication: 'predefinedCredentialType', nodeCredentialType: CREDENTIAL_TYPE,
						sendHeaders: true, headerParameters: { parameters: [{ name: 'Notion-Version', value: NOTION_VERSION }] },
						sendBody: true, specifyBody: 'json', jsonBody: titleBody, options: {},
					},
				};
	return {
		id, name: `Write bench ${kind}`, settings: { executionOrder: 'v1' },
		nodes: [
			{ id: `${id}-t`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: `${id}-i`, name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0],
				parameters: { jsCode: `return ${JSON.stringify(writeItems().map((json) => ({ json })))};` },
			},
			{ id: `${id}-w`, name: NODE, position: [400, 0], credentials: { [CREDENTIAL_TYPE]: credential }, ...write },
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: NODE, type: 'main', index: 0 }]] },
		},
	};
}

async function run(version: N8nVersion, emulator: RunningEmulator, caFile: string, kind: 'A' | 'B'): Promise<WriteFigures> {
	const inst = await createInstance(version, { emulatorPort: emulator.port, caFile, env: { N8N_LOG_LEVEL: 'info' } });
	try {
		await connectCredential(inst, emulator, credential);
		const id = `writeBench${kind}000000`;
		await importWorkflow(inst, workflow(id, kind, version));
		emulator.control.setModes({ rateLimit: RATE });
		await new Promise((resolve) => setTimeout(resolve, 1000)); // a full bucket to start from
		emulator.control.clearLog();
		const result = await execute(inst, id);
		const figures = count(kind, result.runData, emulator.control.getWrites());
		const started = Date.parse(String(result.raw?.startedAt));
		const stopped = Date.parse(String(result.raw?.stoppedAt));
		return {
			...figures,
			executionMs: Number.isFinite(started) && Number.isFinite(stopped) ? stopped - started : undefined,
			limitMs: (WRITE_ITEMS / RATE.ratePerSecond) * 1000,
			error: result.ok ? undefined : JSON.stringify(result.error ?? result.cli.stderr.slice(-300)),
		};
	} finally {
		removeInstance(inst);
	}
}

function count(kind: 'A' | 'B', runData: RunData, writes: WriteEntry[]): Omit<WriteFigures, 'limitMs'> {
	const items = writeItems();
	const names = kind === 'A' ? A_OUTPUTS : B_OUTPUTS;
	const outputs: Record<string, number> = {};
	const cameOut: number[][] = items.map(() => []);
	(runData[NODE]?.[0]?.data?.main ?? []).forEach((list, output) => {
		for (const item of list ?? []) {
			outputs[names[output]] = (outputs[names[output]] ?? 0) + 1;
			const index = (item.pairedItem as { item?: number } | undefined)?.item;
			if (typeof index === 'number' && cameOut[index]) cameOut[index].push(output);
		}
	});
	// Each item's write is its page and its body (its title holds n): both nodes send the body as
	// JSON.stringify of the same object, so its digest ties the emulator's log to the item.
	const byKey = new Map<string, WriteEntry[]>();
	for (const write of writes) byKey.set(`${write.path} ${write.bodyDigest}`, [...(byKey.get(`${write.path} ${write.bodyDigest}`) ?? []), write]);
	let written = 0;
	let rateLimitedItems = 0;
	let lost = 0;
	let misrouted = 0;
	let duplicated = 0;
	let attributed = 0;
	items.forEach((item, index) => {
		const sent = byKey.get(`/v1/pages/${item.page} ${bodyDigest(Buffer.from(JSON.stringify(titleOf(item.n))))}`) ?? [];
		attributed += sent.length;
		const last = sent[sent.length - 1];
		if (last?.status === 200) written++;
		if (last?.status === 429) rateLimitedItems++;
		if (sent.filter((write) => !write.rateLimited).length > 1 || sent.slice(0, -1).some((write) => !write.rateLimited)) duplicated++;
		const came = cameOut[index];
		if (came.length === 0) {
			lost++;
			return;
		}
		const fits = (output: number) =>
			last?.status === 200 ? output === 0 : kind === 'B' ? output === 1 : last?.status === 404 ? output === 2 : last?.status === 429 ? output === 3 : false;
		if (came.length !== 1 || !fits(came[0])) misrouted++;
	});
	return {
		workflow: kind,
		items: WRITE_ITEMS,
		requests: writes.length,
		tooManyRequests: writes.filter((write) => write.rateLimited).length,
		unattributed: writes.length - attributed,
		written,
		rateLimitedItems,
		outputs,
		lost,
		misrouted,
		duplicated,
	};
}

function titleOf(n: number) {
	return { properties: { title: { title: [{ text: { content: `Write ${n}` } }] } } };
}

export async function writeWorkload(version: N8nVersion, emulator: RunningEmulator, caFile: string): Promise<WriteFigures[]> {
	return [await run(version, emulator, caFile, 'A'), await run(version, emulator, caFile, 'B')];
}

export function writesTable(results: Array<{ version: N8nVersion; figures: WriteFigures[] }>): string {
	const cell = (f: WriteFigures, value: (f: WriteFigures) => unknown) => String(value(f) ?? '');
	const rows: Array<[string, (f: WriteFigures) => unknown]> = [
		['write requests', (f) => f.requests],
		['  of which 429', (f) => f.tooManyRequests],
		['  not matching any item', (f) => f.unattributed],
		[`items written (of ${WRITE_ITEMS})`, (f) => f.written],
		['items left unwritten by the rate limit', (f) => f.rateLimitedItems],
		['outputs', (f) => Object.entries(f.outputs).map(([name, n]) => `${name} ${n}`).join(', ')],
		['items lost', (f) => f.lost],
		['items misrouted', (f) => f.misrouted],
		['duplicated writes', (f) => f.duplicated],
		['execution (s)', (f) => (f.executionMs === undefined ? '' : (f.executionMs / 1000).toFixed(1))],
		['limit (s)', (f) => (f.limitMs / 1000).toFixed(1)],
	];
	const header = ['', ...results.flatMap(({ version }) => [`${version} A: Notion Request`, `${version} B: HTTP Request`])];
	const body = rows.map(([name, value]) => [name, ...results.flatMap(({ figures }) => figures.map((f) => cell(f, value)))]);
	const all = [header, ...body];
	const widths = header.map((_, column) => Math.max(...all.map((row) => row[column].length)));
	const line = (row: string[]) => `| ${row.map((text, column) => text.padEnd(widths[column])).join(' | ')} |`;
	return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

export function writesSection(results: Array<{ version: N8nVersion; figures: WriteFigures[] }>): string {
	return (
		`Writes: ${WRITE_ITEMS} page updates in one execution, the emulator limiting to ${RATE.ratePerSecond}/s (burst ${RATE.burst}); ` +
		`one item in ${UNSHARED_EVERY} targets a page the integration cannot see. A: Notion Request; B: HTTP Request (PATCH, predefined credential, On Error = continue)\n\n` +
		writesTable(results)
	);
}

/** `node --import tsx test/bench/writes.ts [VERSION ...]`: this workload alone (needs dist/ and the n8n versions installed). */
if (require.main === module) {
	void (async () => {
		const { pagesSeed, startEmulator } = await import('../emulator');
		const { createTestTls } = await import('../e2e/tls');
		const { N8N_VERSIONS } = await import('../e2e/n8n');
		const versions = (process.argv.length > 2 ? process.argv.slice(2) : [...N8N_VERSIONS]) as N8nVersion[];
		const tls = createTestTls();
		const emulator = await startEmulator({ tls: { key: tls.key, cert: tls.cert }, seed: pagesSeed(PAGE_COUNTS).seed, modes: { rateLimit: RATE } });
		try {
			const results = [];
			for (const version of versions) results.push({ version, figures: await writeWorkload(version, emulator, tls.caFile) });
			console.log(writesSection(results));
			console.log(JSON.stringify(results, null, 2));
		} finally {
			await emulator.close();
		}
	})().catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
