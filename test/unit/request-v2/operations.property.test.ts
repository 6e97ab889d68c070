/**
 * Notion Request v2's page, block, data source, database and user operations on random workloads
 * with random faults (Notion, the network, the token endpoint, the credential store, cancellation),
 * through the real `execute` and the core-faithful fake (test/support/fakeN8nCore.ts), on a fake clock,
 * with each of the three credentials and Notion-Version 2025-09-03, 2026-03-11 or 2026-12-01 (these
 * operations send the same requests on each; what 2026-12-01 answers differently is in versions.test.ts).
 * - conservation: each input item leaves by exactly one output (several items only on Success,
 *   for a list or an append), or under Stop Workflow the run stops with one error naming an item;
 * - OK only when proven: an item on Success (as a tool: reported success) had every request it sent
 *   answered with the 2xx Notion sends (the object asked for), or (a write: with a 429 or a
 *   refreshed 401) sent again after it; an append on Success had every chunk answered so;
 * - an append's chunks (Block → Append, and Page → Create past 100 blocks) go in order, each sent once
 *   unless Notion did not process it (429, or a 401 an OAuth2 credential refreshed), and none after
 *   a chunk that failed;
 * - an item that wrote part of its work before a later request failed never leaves by Reauthorize,
 *   Share Page or Retry (sent again it would write that part twice): n8n's error handling takes it;
 * - no secret in any output, error or log line.
 * Every id an item's requests carry names the item, so each request is traced back to it.
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NotionRequestV2 } from '../../../nodes/NotionRequest/NotionRequestV2.node';
import { runOnFakeClock } from '../../support/fakeClock';
import { FakeN8nCore, type LoggedRequest, type OnError, type SentRequest } from '../../support/fakeN8nCore';
import { ASSERT_OPTIONS, type Faults, faults, type OkSpec, RUNS, scriptOf, settle, storedCredential, toAnswer } from '../../support/faults';

const OPERATIONS = {
	'page.create': { write: true },
	'page.update': { write: true },
	'page.archive': { write: true },
	'page.restore': { write: true },
	'page.getMarkdown': { write: false },
	'page.updateMarkdown': { write: true },
	'page.search': { write: false },
	'block.append': { write: true },
	'block.getAll': { write: false },
	'block.getMarkdown': { write: false },
	'dataSource.get': { write: false },
	'dataSource.search': { write: false },
	'database.get': { write: false },
	'user.get': { write: false },
} as const;
type OpName = keyof typeof OPERATIONS;
/** Operations whose Success may carry several items of one input. */
const MANY = new Set<OpName>(['page.search', 'block.append', 'block.getAll', 'dataSource.search']);

interface ItemWork {
	op: OpName;
	/** Blocks to create or append (create: 0 to 250, append: 1 to 250). */
	blocks: number;
	anchor: boolean;
	nested: boolean;
	simple: boolean;
}
interface Work {
	items: ItemWork[];
	credentialType: 'notionRotationSafeOAuth2Api' | 'notionOAuth2Api' | 'notionApi';
	notConnected: boolean;
	notionVersion: '2025-09-03' | '2026-03-11' | '2026-12-01';
	onError: OnError;
	tool: boolean;
	waitOnRateLimit: boolean;
	maxWaitSeconds: number;
	timeoutSeconds: number;
}

// Ids name their item: the first group is a kind letter, six zeros and the item's digit.
const id = (kind: 'a' | 'c' | 'e', item: number, n = 0) => `${kind}000000${item}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ITEM_IN = /([ace])000000(\d)-?0000-?4000-?8000-?/;
const itemOf = (request: SentRequest) => Number(ITEM_IN.exec(`${request.path} ${JSON.stringify(request.body ?? null)}`)?.[2] ?? -1);
/** The chunk a children request carries: its first block's text is "item:index". */
const chunkOf = (request: SentRequest) => {
	const first = (request.body as { children?: Array<{ paragraph?: { rich_text?: Array<{ text?: { content?: string } }> } }> } | undefined)?.children?.[0];
	const text = first?.paragraph?.rich_text?.[0]?.text?.content ?? '';
	return Math.floor(Number(text.split(':')[1]) / 100);
};
const blocksOf = (item: number, count: number) => JSON.stringify(Array.from({ length: count }, (_, k) => ({ type: 'paragraph', paragraph: { rich_text: [{ text: { content: `${item}:${k}` } }] } })));

const workload = fc.record({
	items: fc.array(
		fc.record({
			// Appends and creates twice as often, and more than 100 blocks in most of them: the chunked writes.
			op: fc.constantFrom(...(Object.keys(OPERATIONS) as OpName[]), 'block.append', 'page.create'),
			blocks: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 3, arbitrary: fc.constantFrom(99, 100, 101, 150, 250, 301) }),
			anchor: fc.boolean(),
			nested: fc.boolean(),
			simple: fc.boolean(),
		}),
		{ minLength: 1, maxLength: 5 },
	),
	credentialType: fc.constantFrom('notionRotationSafeOAuth2Api' as const, 'notionOAuth2Api' as const, 'notionApi' as const),
	notConnected: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
	notionVersion: fc.constantFrom('2025-09-03' as const, '2026-03-11' as const, '2026-12-01' as const),
	onError: fc.constantFrom<OnError>('stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'),
	tool: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
	waitOnRateLimit: fc.boolean(),
	maxWaitSeconds: fc.constantFrom(0, 5, 60),
	timeoutSeconds: fc.constantFrom(5, 30),
});

/** Blocks an item's append or create sends (an append has at least one). */
const blockCount = (work: ItemWork) => (work.op === 'block.append' ? Math.max(1, work.blocks) : work.blocks);

function parametersOf(work: Work): Record<string, unknown> {
	const at = (i: number) => work.items[i];
	const [resource, operation] = [(i: number) => at(i).op.split('.')[0], (i: number) => at(i).op.split('.')[1]];
	return {
		resource,
		operation,
		pageId: (i: number) => ({ __rl: true, mode: 'id', value: id('a', i) }),
		blockId: (i: number) => ({ __rl: true, mode: 'url', value: `https://www.notion.so/x-${id('a', i).replace(/-/g, '')}` }),
		dataSourceId: (i: number) => id('a', i),
		databaseId: (i: number) => id('a', i),
		userId: (i: number) => id('a', i),
		title: 'Title',
		contentType: 'json',
		blocksJson: (i: number) => blocksOf(i, blockCount(at(i))),
		afterBlockId: (i: number) => (at(i).anchor ? id('e', i, 999) : ''),
		propertiesJson: '{}',
		icon: '',
		markdown: '# m',
		markdownUpdateType: 'replace_content',
		includeTranscript: false,
		text: (i: number) => id('a', i),
		returnAll: false,
		limit: 5,
		fetchNestedBlocks: (i: number) => at(i).nested,
		simplifyOutput: (i: number) => at(i).simple,
		simple: (i: number) => at(i).simple,
		options: { requestsPerSecond: 1000, notionVersion: work.notionVersion, waitOnRateLimit: work.waitOnRateLimit, maxWaitSeconds: work.maxWaitSeconds, timeoutSeconds: work.timeoutSeconds },
	};
}

/** The object Notion's 2xx answer to a request is. */
function expectedObject(request: SentRequest): string {
	if (request.path.endsWith('/markdown')) return 'page_markdown';
	if (request.path.endsWith('/children') || request.path === '/v1/search') return 'list';
	if (request.path.startsWith('/v1/pages')) return 'page';
	if (request.path.startsWith('/v1/data_sources/')) return 'data_source';
	if (request.path.startsWith('/v1/databases/')) return 'database';
	return 'user';
}

/** Notion's documented 2xx for a request, with ids that name the request's item. */
function okBody(request: SentRequest, n: number): IDataObject {
	const item = itemOf(request);
	const object = expectedObject(request);
	const pathId = request.path.split('/')[3];
	if (object === 'list' && request.method === 'PATCH') {
		const children = (request.body as { children?: unknown[] }).children ?? [];
		return { object: 'list', results: children.map((_, k) => ({ object: 'block', id: id('e', item, n * 1000 + k), type: 'paragraph' })), has_more: false, next_cursor: null };
	}
	if (object === 'list') {
		// The item's root block has two children that have children; theirs have none (the walk ends).
		const root = request.path.endsWith('/children') && pathId === id('a', item);
		const results =
			request.path === '/v1/search'
				? [{ object: (request.body as { filter: { value: string } }).filter.value, id: id('c', item, n), properties: {}, title: [] }]
				: [0, 1].map((k) => ({ object: 'block', id: id('e', item, n * 10 + k), type: 'paragraph', has_children: root, paragraph: { rich_text: [] } }));
		return { object: 'list', results, has_more: false, next_cursor: null };
	}
	if (object === 'page_markdown') return { object, id: pathId, markdown: '# m', truncated: false, unknown_block_ids: [] };
	if (object === 'page' && request.method === 'POST') return { object, id: id('c', item, n), properties: {}, in_trash: false };
	return { object, id: pathId, properties: {}, title: [], data_sources: [] };
}

let executionNumber = 0;

async function runCase(work: Work, fault: Faults) {
	const items: INodeExecutionData[] = work.items.map((_, n) => ({ json: { n } }));
	const answered = new Map<number, unknown>();
	let core!: FakeN8nCore;
	core = new FakeN8nCore({
		items,
		credentialType: work.credentialType,
		credentialId: `v2-operations-${++executionNumber}`,
		stored: storedCredential(work.credentialType, work.notConnected),
		nodeType: work.tool ? 'n8n-nodes-notion-access.notionRequestTool' : 'n8n-nodes-notion-access.notionRequest',
		onError: work.onError,
		cancelAfterRequests: fault.cancelAfter ?? undefined,
		parameters: parametersOf(work),
		script: scriptOf(fault, (spec, request, n) => {
			const answer = toAnswer(spec, request, core, (sent: SentRequest, _ok: OkSpec) => okBody(sent, n));
			if (answer.kind === 'http') answered.set(n, answer.body);
			return answer;
		}),
	});
	const run = await runOnFakeClock(async () => await new NotionRequestV2().execute.call(core.context()));
	const sent = core.requests.filter((request) => request.path !== '/v1/users/me' && !request.afterCancel);
	return { core, run, items, answered, byItem: work.items.map((_, i) => sent.filter((request) => itemOf(request) === i)) };
}
type Case = Awaited<ReturnType<typeof runCase>>;

const isObject = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Notion did it and said so: a 2xx whose body is the object asked for. */
const usable = (result: Case, request: LoggedRequest) =>
	request.status !== undefined && request.status >= 200 && request.status < 300 && isObject(result.answered.get(request.n)) && (result.answered.get(request.n) as IDataObject).object === expectedObject(request);
/** Notion did not process it, and the transport may send it again: a 429, or a 401 an OAuth2 credential refreshed. */
const unprocessed = (work: Work, request: LoggedRequest) => request.status === 429 || (request.status === 401 && work.credentialType !== 'notionApi');

/** An append's chunks, in order, each sent again only when Notion did not process it, none after one that failed. */
function chunksBroken(work: Work, result: Case, i: number): string | undefined {
	const sends = result.byItem[i].filter((request) => request.path.endsWith('/children') && request.method === 'PATCH');
	const create = result.byItem[i].filter((request) => request.path === '/v1/pages' && request.method === 'POST');
	if (work.items[i].op === 'page.create' && sends.length > 0 && !create.some((request) => usable(result, request) && request.n < sends[0].n)) {
		return `item ${i}: blocks were appended before the page was created`;
	}
	let expected = work.items[i].op === 'page.create' ? 1 : 0;
	let previous: LoggedRequest | undefined;
	for (const send of sends) {
		const chunk = chunkOf(send);
		if (previous && chunkOf(previous) === chunk) {
			if (!unprocessed(work, previous)) return `item ${i}: chunk ${chunk + 1} was sent again after answer ${previous.status ?? 'thrown'}`;
		} else {
			if (previous && !usable(result, previous)) return `item ${i}: chunk ${chunk + 1} was sent after chunk ${chunkOf(previous) + 1} failed (${previous.status ?? 'thrown'})`;
			if (chunk !== expected) return `item ${i}: chunk ${chunk + 1} was sent when chunk ${expected + 1} was due`;
			expected++;
		}
		previous = send;
	}
	return undefined;
}

function broken(work: Work, result: Case): string | undefined {
	for (const i of work.items.keys()) {
		const chunks = chunksBroken(work, result, i);
		if (chunks) return chunks;
	}
	const settled = settle(result.core, result.run, work.onError, result.items.length, 'Success', 4);
	if ('broken' in settled) return settled.broken;
	if ('stopped' in settled) return undefined;
	const outputOf = new Map<number, number>();
	for (const [output, routed] of settled.outputs.entries()) {
		const counts = new Map<number, number>();
		for (const item of routed) {
			const index = (item.pairedItem as { item?: unknown } | undefined)?.item;
			if (typeof index !== 'number' || index < 0 || index >= result.items.length) return `conservation: pairedItem ${JSON.stringify(item.pairedItem)} on output ${output}`;
			counts.set(index, (counts.get(index) ?? 0) + 1);
		}
		for (const [index, count] of counts) {
			if (outputOf.has(index)) return `conservation: item ${index} on outputs ${outputOf.get(index)} and ${output}`;
			outputOf.set(index, output);
			if (count > 1 && !(output === 0 && !work.tool && MANY.has(work.items[index].op))) return `conservation: item ${index} left ${count} times by output ${output}`;
		}
	}
	if (outputOf.size !== result.items.length) return `conservation: ${result.items.length - outputOf.size} items left by no output`;

	// An item that wrote part of its work (a chunk, or the page before its later chunks) is never
	// routed to Reauthorize, Share Page or Retry: sent again, it would write that part twice.
	for (const [i, itemWork] of work.items.entries()) {
		if (!OPERATIONS[itemWork.op].write) continue;
		const routed = settled.outputs.flat().find((item) => (item.pairedItem as { item: number }).item === i);
		const verdict = (routed?.json.notionRequest as IDataObject | undefined)?.verdict;
		if (verdict === undefined || verdict === 'success') continue;
		const wrote = result.byItem[i].some((send) => send.method !== 'GET' && usable(result, send));
		if (wrote) return `resend: item ${i} (${itemWork.op}) went to ${String(verdict)} although Notion wrote part of it`;
	}

	for (const [i, itemWork] of work.items.entries()) {
		const onSuccess = work.tool
			? settled.outputs[0].some((item) => (item.pairedItem as { item: number }).item === i && (item.json.notionRequest as IDataObject | undefined)?.verdict === 'success')
			: outputOf.get(i) === 0 && settled.outputs[0].some((item) => (item.pairedItem as { item: number }).item === i && item.json.error === undefined);
		if (!onSuccess) continue;
		const sends = result.byItem[i];
		if (sends.length === 0) return `OK: item ${i} (${itemWork.op}) is on Success with no request sent`;
		for (const [s, send] of sends.entries()) {
			if (usable(result, send)) continue;
			const again = sends.slice(s + 1).some((later) => later.method === send.method && later.path === send.path && JSON.stringify(later.body) === JSON.stringify(send.body));
			// A read may be sent again after any answer (the transport retries 529s and 5xx for reads); a write only when Notion did not process it.
			const mayResend = !OPERATIONS[itemWork.op].write || unprocessed(work, send);
			if (!(mayResend && again)) return `OK: item ${i} (${itemWork.op}) is on Success though ${send.method} ${send.path} was answered ${send.status ?? 'thrown'}`;
		}
		const chunks = Math.ceil(blockCount(itemWork) / 100);
		if (itemWork.op === 'block.append' || (itemWork.op === 'page.create' && chunks > 1)) {
			const written = new Set(sends.filter((send) => send.path.endsWith('/children') && usable(result, send)).map(chunkOf));
			const due = itemWork.op === 'page.create' ? chunks - 1 : chunks;
			if (written.size !== due) return `OK: item ${i} (${itemWork.op}) is on Success with ${written.size} of ${due} chunks appended`;
		}
	}
	return undefined;
}

describe('Notion Request v2 operations on random workloads and faults (fast-check, fake n8n-core, fake clock)', () => {
	jest.setTimeout(900_000);

	it(`conservation, OK only when proven, appends in order and never duplicated, no secret out (${RUNS} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(workload, faults, async (work, fault) => {
				const problem = broken(work, await runCase(work, fault));
				if (problem) throw new Error(problem);
			}),
			ASSERT_OPTIONS,
		);
	});
});
