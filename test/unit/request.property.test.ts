/**
 * The Notion Request node's invariants, on random workloads and random fault scripts, through the
 * real `execute` and the core-faithful fake (test/support/fakeN8nCore.ts), on a fake clock. The
 * faults are the Access Check's (test/support/faults.ts) plus list pages with random
 * has_more/next_cursor chains, so that Return All meets faults midway.
 * - I1 fail closed: an item is on Success only if this execution's log holds a 2xx answer to its
 *   own request, the object the preset expects (and with pagination, every page of the walk); as a
 *   tool only the report leaves; `execute` never rejects under a Continue mode.
 * - I2 conservation: every input leaves by exactly one output (Success may carry several items of
 *   one input: one per page or per result), with its pairedItem; or, under Stop Workflow, one
 *   NodeOperationError names a valid item.
 * - I3 bounded work: each call (one page of one item) is sent at most MAX_SENDS_PER_CALL times
 *   (once more after its one refresh),
 *   only cursors Notion gave are followed, refreshes are bounded by the 401s met, and the (fake)
 *   time by Maximum Wait and the requests' timeouts and pacing.
 * - I4 no secret in any output, error or log line.
 * - I5 no duplicated write: a POST, PATCH or DELETE (other than a query or a search) is sent again,
 *   with or without a cursor, only after every earlier send of it was answered 429, or 401 followed
 *   by a refresh. Notion checks the token before it does
 *   anything (https://developers.notion.com/reference/status-codes: 401 "The bearer token is not
 *   valid"), so a 401 write was not processed, and the transport resends it once after refreshing.
 * FC_RUNS sets the number of cases per property (default 800: 4,000 in all, about 8 s of test time on a
 * 2-core machine). The I3 check on sends per call found the bound broken by 401 and 429 in turn
 * (transport.test.ts has the regression test).
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NotionRequestV1 as NotionRequest } from '../../nodes/NotionRequest/NotionRequestV1.node';
import { CUSTOM, type Method, PRESETS, presetFor } from '../../nodes/NotionRequest/v1/presets';
import { runOnFakeClock } from '../support/fakeClock';
import { type ApiAnswer, FakeN8nCore, type LoggedRequest, type SentRequest } from '../support/fakeN8nCore';
import {
	answerSpec,
	ASSERT_OPTIONS,
	type AnswerSpec,
	compact,
	type FaultScript,
	faultsOf,
	IDS,
	MAX_SENDS_PER_CALL,
	SENDS_AFTER_REFRESH,
	nSideFaultsOf,
	type OkSpec,
	outageFaults,
	PLAIN_OK,
	runSettings,
	RUNS,
	scriptOf,
	settle,
	storedCredential,
	timeBoundMs,
	toAnswer,
	tokenAnswer,
	UNAUTHORIZED,
	withRunSettings,
} from '../support/faults';

const OUTPUT_FIELD = 'notionRequest';
const UUID = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi;
/** A path with its ids in one form, to compare what was sent with what the item asked for. */
const samePath = (path: string) => path.replace(UUID, (id) => compact(id));
const PAGING = ['start_cursor', 'page_size'];

// ---------- what the workflow looks like ----------

/** A reference and the id it names (none for an invalid one). */
const reference = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom(...IDS.map((id) => ({ value: id as unknown, id })), { value: `https://www.notion.so/acme/Roadmap-${compact(IDS[1])}`, id: IDS[1] }, { value: `https://www.notion.so/${compact(IDS[2])}?v=${compact(IDS[0])}`, id: IDS[2] }) },
	{ weight: 1, arbitrary: fc.constantFrom<{ value: unknown; id?: string }>({ value: 'not a page' }, { value: '../../v1/users' }, { value: 42 }, { value: null }, { value: 'https://example.com/x' }, { value: { id: IDS[0] } }, { value: '' }) },
	{ weight: 1, arbitrary: fc.constant<{ value: unknown; id?: string }>({ value: 'THROW' }) },
);

/** A custom endpoint's path; `valid` says whether it stays under https://api.notion.com/v1/. */
interface PathSpec {
	path: string;
	valid: boolean;
	hasId: boolean;
}
const path = fc.oneof(
	{
		weight: 4,
		arbitrary: fc.constantFrom<PathSpec>(
			{ path: '/v1/pages/{id}', valid: true, hasId: true },
			{ path: 'v1/blocks/{ID}/children', valid: true, hasId: true },
			{ path: 'databases/{id}', valid: true, hasId: true },
			{ path: '/v1/data_sources/{id}/query', valid: true, hasId: true },
			{ path: 'https://api.notion.com/v1/users', valid: true, hasId: false },
			{ path: '/v1/search', valid: true, hasId: false },
		),
	},
	{
		weight: 2,
		arbitrary: fc.constantFrom<PathSpec>(
			...['/v1/../v1/users', '/v1/pages/%2e%2e/x', '/v1/pages/{id}/%2F..', '/v1//pages/{id}', 'https://evil.example/v1/pages/{id}', '//evil.example/v1/pages', 'https://api.notion.com.evil.example/v1/pages',
				'/v2/pages/{id}', '/v1/pages/{id}?filter=1', '/v1/pages\\{id}', '/v1/', '', '/v1/pages/{id}#x', 'http://api.notion.com/v1/pages/{id}', '/v1/pages/{id}/../../admin']
				.map((bad) => ({ path: bad, valid: false, hasId: bad.includes('{id}') })),
			{ path: 'THROW', valid: false, hasId: false },
		),
	},
);

/** A body: `marked` is JSON naming its item, so that each item's write is its own. */
const body = fc.constantFrom('marked', 'marked', 'marked', 'parsed', 'empty', 'invalid', 'array');
const bodyValue = (kind: string, itemIndex: number): unknown =>
	({ marked: JSON.stringify({ properties: {}, n: itemIndex }), parsed: { filter: {}, n: itemIndex }, empty: '', invalid: '{not json', array: '[1]' })[kind];

const LIST_OPERATIONS = PRESETS.filter((preset) => preset.paginated).map((preset) => preset.value);

function workloadOf(operation: fc.Arbitrary<string>, returnAll: fc.Arbitrary<boolean>, itemPath: fc.Arbitrary<PathSpec>) {
	return withRunSettings(fc.record({
		operation,
		method: fc.constantFrom<Method>('GET', 'POST', 'PATCH', 'DELETE'),
		items: fc.array(fc.record({ reference, path: itemPath, body }), { minLength: 1, maxLength: 6 }),
		returnAll,
		limit: fc.constantFrom(1, 3, 50),
		output: fc.constantFrom('perCall', 'perResult'),
	}), runSettings(8, 4));
}
const workload = workloadOf(fc.constantFrom(...PRESETS.map((preset) => preset.value), CUSTOM, CUSTOM, CUSTOM), fc.boolean(), path);
const listWorkload = workloadOf(
	fc.constantFrom(...LIST_OPERATIONS, CUSTOM),
	fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
	fc.constantFrom<PathSpec>({ path: 'v1/blocks/{ID}/children', valid: true, hasId: true }, { path: '/v1/data_sources/{id}/query', valid: true, hasId: true }, { path: '/v1/search', valid: true, hasId: false }),
);
type Workload = typeof workload extends fc.Arbitrary<infer T> ? T : never;

/** What item `i` asks for, as the node's parameters say: undefined when the item is invalid. */
interface Plan {
	method: Method;
	key: string;
	expect?: string;
	pagination?: 'all' | 'limit';
}

function planOf(work: Workload, itemIndex: number): Plan | undefined {
	const item = work.items[itemIndex];
	const preset = presetFor(work.operation);
	const method = preset?.method ?? work.method;
	const spec: PathSpec = preset ? { path: preset.path, valid: true, hasId: preset.idParameter !== undefined } : item.path;
	if (!spec.valid) return undefined;
	if (spec.hasId && item.reference.id === undefined) return undefined;
	const givenReference = item.reference.value === 'THROW' || (typeof item.reference.value === 'string' && item.reference.value.trim() !== '');
	if (!preset && !spec.hasId && givenReference) return undefined;
	let sent: unknown;
	if (preset?.body && preset.body !== 'user') sent = preset.body.fixed;
	else if (preset?.body === 'user' || (!preset && method !== 'GET')) {
		if (item.body === 'invalid' || item.body === 'array') return undefined;
		sent = item.body === 'empty' ? undefined : asJson(bodyValue(item.body, itemIndex));
	}
	const filled = spec.path.replace(/^https:\/\/api\.notion\.com/, '').replace(/^(?=v1\/)/, '/').replace(/^(?=[a-z])/, '/v1/').replace(/\{[A-Za-z_]*\}/g, item.reference.id ?? '');
	const paginated = !preset || preset.paginated;
	// Return All follows a cursor by sending again: a custom write with it is refused before sending.
	if (!preset && work.returnAll && isWriteCall(method, samePath(filled))) return undefined;
	const pagination = paginated && work.returnAll ? 'all' : paginated && preset ? 'limit' : undefined;
	return { method, key: callKey(method, filled, sent, undefined), expect: preset?.expect, pagination };
}

/** Notion's POSTs that only read (a query, a search); every other POST, PATCH and DELETE is a write. */
const READING_POST = /^\/v1\/(?:(?:data_sources|databases)\/[^/]+\/query|search)\/?$/;
const isWriteCall = (method: string, sentPath: string) => method !== 'GET' && !(method === 'POST' && READING_POST.test(sentPath));

/** One item's request, whichever page: method, path, body and query without the paging fields. */
function callKey(method: string, sentPath: string, sentBody: unknown, query: unknown): string {
	const withoutPaging = (value: unknown) =>
		value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([name]) => !PAGING.includes(name))) : value;
	const bare = (value: unknown) => (value && typeof value === 'object' && Object.keys(value).length === 0 ? undefined : value);
	return JSON.stringify([method, samePath(sentPath), bare(withoutPaging(sentBody)) ?? null, bare(withoutPaging(query)) ?? null]);
}
const keyOf = (request: SentRequest) => callKey(request.method, request.path, request.body, request.query);
const cursorOf = (request: SentRequest) =>
	((request.method === 'GET' ? request.query : (request.body as IDataObject | undefined))?.start_cursor as string | undefined) ?? undefined;

// ---------- what Notion answers: the Access Check's faults, and list pages ----------

type PageSpec = { kind: 'page'; hasMore: boolean; cursor: 'fresh' | 'repeat' | 'none'; results: number };
type RequestAnswer = AnswerSpec | PageSpec;
const pageSpec: fc.Arbitrary<PageSpec> = fc.record({
	kind: fc.constant('page' as const),
	hasMore: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 2, arbitrary: fc.constant(false) }),
	cursor: fc.constantFrom('fresh' as const, 'fresh' as const, 'fresh' as const, 'repeat' as const, 'none' as const),
	results: fc.integer({ min: 0, max: 3 }),
});
const requestAnswer: fc.Arbitrary<RequestAnswer> = fc.oneof({ weight: 3, arbitrary: answerSpec }, { weight: 1, arbitrary: pageSpec });
const listAnswer: fc.Arbitrary<RequestAnswer> = fc.oneof({ weight: 3, arbitrary: pageSpec }, { weight: 2, arbitrary: answerSpec });
const LAST_PAGE: PageSpec = { kind: 'page', hasMore: false, cursor: 'none', results: 1 };

const results = (count: number, n: number) => Array.from({ length: count }, (_, k) => ({ object: 'page', id: IDS[(n + k) % IDS.length] }));

function listPage(request: SentRequest, spec: PageSpec, n: number): IDataObject {
	const nextCursor = spec.cursor === 'fresh' ? `cursor-${n}` : spec.cursor === 'repeat' ? (cursorOf(request) ?? 'cursor-loop') : null;
	return { object: 'list', results: results(spec.results, n), has_more: spec.hasMore, next_cursor: nextCursor, request_id: `req-${n}` };
}

/** A 2xx that is what the endpoint returns: the bot for the token, a list for a list endpoint, else a page. */
function okBody(request: SentRequest, spec: OkSpec): IDataObject {
	if (request.path === '/v1/users/me') return { object: 'user', id: 'b0b0b0b0-0000-4000-8000-000000000001', type: 'bot', name: 'Acme Sync' };
	if (/\/(children|query|search|users)$/.test(request.path)) return { object: 'list', results: results(2, 0), has_more: false, next_cursor: null };
	const id = request.path.match(UUID)?.[0] ?? IDS[0];
	return { object: 'page', id: spec.wrongId ? IDS.find((other) => compact(other) !== compact(id)) : id, ...(spec.trash === 'none' ? { in_trash: false } : { [spec.trash]: true }) };
}

// Notion's lists end: the tail is never a page with more to come (the node follows has_more for as
// long as Notion says so; I3 bounds the sends per page, not the length of a list).
const requestFaults = faultsOf(requestAnswer, PLAIN_OK as RequestAnswer, answerSpec);
const listFaults = faultsOf(listAnswer, LAST_PAGE as RequestAnswer, answerSpec);

// ---------- one case ----------

let executionNumber = 0;

async function runCase(work: Workload, fault: FaultScript<RequestAnswer>) {
	const items: INodeExecutionData[] = work.items.map((_, n) => ({ json: { n } as IDataObject }));
	const referenceOf = (itemIndex: number) => {
		const { value } = work.items[itemIndex].reference;
		if (value === 'THROW') throw new Error('invalid syntax in expression');
		return value;
	};
	/** Each answer's body as Notion sent it, by request number. */
	const answered = new Map<number, unknown>();
	let core!: FakeN8nCore;
	core = new FakeN8nCore({
		items,
		credentialType: work.credentialType,
		// A credential of its own per case: pacers and refresh flights are per credential and process.
		credentialId: `fake-request-credential-${++executionNumber}`,
		stored: storedCredential(work.credentialType, work.notConnected),
		nodeType: work.tool ? 'n8n-nodes-notion-access.notionRequestTool' : 'n8n-nodes-notion-access.notionRequest',
		onError: work.onError,
		line: work.line,
		cancelAfterRequests: fault.cancelAfter ?? undefined,
		parameters: {
			operation: work.operation,
			method: work.method,
			path: (itemIndex: number) => {
				const given = work.items[itemIndex].path.path;
				if (given === 'THROW') throw new Error('invalid syntax in expression');
				return given;
			},
			reference: referenceOf,
			pageId: referenceOf,
			dataSourceId: referenceOf,
			blockId: referenceOf,
			body: (itemIndex: number) => bodyValue(work.items[itemIndex].body, itemIndex),
			query: {},
			returnAll: work.returnAll,
			limit: work.limit,
			options: {
				maxWaitSeconds: work.maxWaitSeconds,
				timeoutSeconds: work.timeoutSeconds,
				waitOnRateLimit: work.waitOnRateLimit,
				requestsPerSecond: work.requestsPerSecond,
				output: work.output,
			},
		},
		script: scriptOf(fault, (spec, request, n): ApiAnswer => {
			const answer = spec.kind === 'page' ? { kind: 'http' as const, status: 200, body: listPage(request, spec, n) } : toAnswer(spec, request, core, okBody);
			if (answer.kind === 'http') answered.set(n, answer.body);
			return answer;
		}),
	});
	const run = await runOnFakeClock(async () => await new NotionRequest().execute.call(core.context()));
	return { core, items, run, answered };
}

type CaseResult = Awaited<ReturnType<typeof runCase>>;

function asJson(body: unknown): IDataObject | undefined {
	let value = body;
	if (typeof body === 'string') {
		try {
			value = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

/** Checks I1-I5 for one case; returns a description of the first broken invariant, or undefined. */
function brokenInvariant(work: Workload, { core, items, run, answered }: CaseResult): string | undefined {
	const plans = work.items.map((_, itemIndex) => planOf(work, itemIndex));
	/** How many items ask for the same call: they may each send it. */
	const askedBy = (key: string) => plans.filter((plan) => plan?.key === key).length;
	const isOAuth2 = work.credentialType !== 'notionApi';
	const nodeRequests = core.requests.filter((request) => request.path !== '/v1/users/me' && !request.afterCancel);
	const byCall = new Map<string, LoggedRequest[]>();
	for (const request of nodeRequests) {
		const call = JSON.stringify([keyOf(request), cursorOf(request) ?? null]);
		byCall.set(call, [...(byCall.get(call) ?? []), request]);
	}

	// I3: sends per call, cursors followed, refreshes, time.
	for (const sends of byCall.values()) {
		const key = keyOf(sends[0]);
		const bound = (MAX_SENDS_PER_CALL + (isOAuth2 ? SENDS_AFTER_REFRESH : 0)) * askedBy(key);
		if (sends.length > bound) return `I3: ${sends[0].method} ${sends[0].path} from cursor ${String(cursorOf(sends[0]))} sent ${sends.length} times > ${bound}`;
	}
	for (const request of nodeRequests) {
		const cursor = cursorOf(request);
		if (cursor === undefined) continue;
		const given = nodeRequests.some((earlier) => earlier.n < request.n && keyOf(earlier) === keyOf(request) && asJson(answered.get(earlier.n))?.next_cursor === cursor);
		if (!given) return `I3: the cursor ${cursor} was sent but Notion never gave it for this request`;
	}
	const unauthorized = nodeRequests.filter((request) => request.status === 401).length;
	if (core.tokenRequests.length > unauthorized) return `I3: ${core.tokenRequests.length} token requests for ${unauthorized} 401 answers`;
	const refreshCalls = core.requests.filter((request) => request.path === '/v1/users/me').length;
	if (refreshCalls > 2 * unauthorized) return `I3: ${refreshCalls} refresh requests for ${unauthorized} 401 answers`;
	// Each refresh is one /v1/users/me through core; an invalid_grant from it, whichever endpoint
	// said so, makes the transport re-read the stored credential.
	const timeBound = timeBoundMs(work, core, refreshCalls);
	if (run.elapsedMs > timeBound) return `I3: took ${run.elapsedMs} ms > ${timeBound} ms`;
	if (core.requests.some((request) => request.afterCancel)) return 'cancel: a request was sent after the execution was cancelled';
	if (nodeRequests.some((request) => !askedBy(keyOf(request)))) return 'I1: a request no valid item asked for was sent';

	// I5: a write is sent again only after every earlier send of it went unprocessed. Its sends are
	// counted whatever cursor they carry: a write is never paged.
	const byWrite = new Map<string, LoggedRequest[]>();
	for (const request of nodeRequests) {
		if (isWriteCall(request.method, request.path)) byWrite.set(keyOf(request), [...(byWrite.get(keyOf(request)) ?? []), request]);
	}
	for (const sends of byWrite.values()) {
		const items = askedBy(keyOf(sends[0]));
		let processed = 0;
		for (const send of sends) {
			if (processed >= items) return `I5: ${send.method} ${send.path} sent again after Notion may have processed it (answers ${sends.map((s) => s.status ?? 'thrown').join(', ')})`;
			// A 401 was not processed; with OAuth2 the transport refreshes (or joins a refresh already in
			// flight, started by another item) and sends it again. An internal secret is never refreshed,
			// so there a 401 is final and a resend would be a defect.
			if (!(send.status === 429 || (send.status === 401 && isOAuth2))) processed++;
		}
	}

	const settled = settle(core, run, work.onError, items.length, 'Success', 4);
	if ('broken' in settled) return settled.broken;
	if ('stopped' in settled) return undefined;
	const { outputs } = settled;

	// I2: each input on exactly one output; only Success may carry several items of one input.
	const outputOf = new Map<number, number>();
	for (const [output, routed] of outputs.entries()) {
		const counts = new Map<number, number>();
		for (const item of routed) {
			const index = (item.pairedItem as { item?: unknown } | undefined)?.item;
			if (typeof index !== 'number' || index < 0 || index >= items.length) return `I2: pairedItem ${JSON.stringify(item.pairedItem)} on output ${output}`;
			counts.set(index, (counts.get(index) ?? 0) + 1);
		}
		for (const [index, count] of counts) {
			if (outputOf.has(index)) return `I2: item ${index} on outputs ${outputOf.get(index)} and ${output}`;
			outputOf.set(index, output);
			const many = output === 0 && !work.tool && (plans[index]?.pagination !== undefined || work.output === 'perResult');
			if (count > 1 && !many) return `I2: item ${index} left ${count} times by output ${output}`;
		}
	}
	if (outputOf.size !== items.length) return `I2: ${items.length - outputOf.size} items left by no output`;

	// I1: what is on Success (as a tool: what says success) was proven by this execution's answers.
	const usable = (request: LoggedRequest, expect: string | undefined) => {
		if (request.status === undefined || request.status < 200 || request.status >= 300) return false;
		const answer = asJson(answered.get(request.n));
		return answer !== undefined && (expect === undefined || answer.object === expect);
	};
	/** A 2xx for the item's first page, and from each next_cursor on, until the walk may end. */
	const proven = (plan: Plan, cursor: string | undefined, fetched: number, seen: Set<string>): boolean =>
		nodeRequests.some((request) => {
			if (keyOf(request) !== plan.key || cursorOf(request) !== cursor || !usable(request, plan.expect)) return false;
			const answer = asJson(answered.get(request.n)) as IDataObject;
			const list = answer.object === 'list' && Array.isArray(answer.results);
			if (!plan.pagination || !list || answer.has_more !== true) return true;
			const total = fetched + (answer.results as unknown[]).length;
			if (plan.pagination === 'limit' && total >= work.limit) return true;
			const next = answer.next_cursor;
			return typeof next === 'string' && next !== '' && !seen.has(next) && proven(plan, next, total, new Set([...seen, next]));
		});
	for (const item of outputs[0]) {
		const report = item.json[OUTPUT_FIELD] as IDataObject | undefined;
		if (work.tool && item.json.error === undefined && Object.keys(item.json).join() !== OUTPUT_FIELD) return 'tool: more than the report left';
		if (work.tool && report?.verdict !== 'success') continue;
		const index = (item.pairedItem as { item: number }).item;
		if (item.json.error !== undefined || report?.verdict !== 'success') return `I1: item ${index} on Success without success`;
		const plan = plans[index];
		if (!plan) return `I1: item ${index} is invalid (${JSON.stringify(work.items[index])}) but on Success`;
		if (!proven(plan, undefined, 0, new Set())) return `I1: item ${index} on Success without a 2xx to ${plan.key} (and each of its pages)`;
	}
	if (work.tool) {
		if (outputs.slice(1, 4).some((routed) => routed.length > 0)) return 'tool: an item left by another output than the first';
		return undefined;
	}
	const verdicts = ['success', 'reauthorize', 'share_page', 'retry'];
	for (let output = 1; output < 4; output++) {
		for (const item of outputs[output]) {
			const verdict = (item.json[OUTPUT_FIELD] as IDataObject | undefined)?.verdict;
			if (item.json.error === undefined && verdict !== verdicts[output]) return `routing: ${String(verdict)} on output ${output}`;
			if (item.json.error !== undefined && (output !== 3 || work.onError !== 'continueRegularOutput')) return `routing: an error item on output ${output}`;
		}
	}
	return undefined;
}

async function holds(work: Workload, fault: FaultScript<RequestAnswer>) {
	const result = await runCase(work, fault);
	const broken = brokenInvariant(work, result);
	if (broken) throw new Error(broken);
	return result;
}

const holdsFor = async (work: Workload, fault: FaultScript<RequestAnswer>) => {
	await holds(work, fault);
};

describe('Notion Request invariants on random workloads and faults (fast-check, fake n8n-core, fake clock)', () => {
	jest.setTimeout(600_000);

	it(`I1-I5 hold for every workload and fault script (${RUNS} cases)`, async () => {
		await fc.assert(fc.asyncProperty(workload, requestFaults, holdsFor), ASSERT_OPTIONS);
	});

	it(`I1-I5 hold for Return All and limits on list endpoints, with random cursor chains and faults midway (${RUNS} cases)`, async () => {
		await fc.assert(fc.asyncProperty(listWorkload, listFaults, holdsFor), ASSERT_OPTIONS);
	});

	it(`I1-I5 hold when Notion answers every request with a rate limit or an outage, and nothing reaches Success (${RUNS} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(workload, outageFaults, async (work, fault) => {
				const { run } = await holds(work, fault);
				if (!('error' in run) && !work.tool && run.value[0].length > 0) throw new Error('Success during an outage');
			}),
			ASSERT_OPTIONS,
		);
	});

	it(`I1-I5 hold when 401s and rate limits come in turn, for reads and writes (${RUNS} cases)`, async () => {
		const waiting = workload.map((work): Workload => ({ ...work, waitOnRateLimit: true, maxWaitSeconds: 60 }));
		const rateLimited: RequestAnswer = { kind: 'notion', status: 429, code: 'rate_limited', message: 'You have been rate limited.', retryAfter: '1' };
		const turns = fc.record({
			answers: fc.array(fc.constantFrom<RequestAnswer>(UNAUTHORIZED, UNAUTHORIZED, rateLimited, rateLimited, PLAIN_OK), { maxLength: 16 }),
			tail: fc.constant<RequestAnswer>(PLAIN_OK),
			tokens: fc.array(tokenAnswer, { maxLength: 4 }),
			failingReads: fc.constant([] as number[]),
			cancelAfter: fc.constant(null),
		});
		await fc.assert(fc.asyncProperty(waiting, turns, holdsFor), ASSERT_OPTIONS);
	});

	it(`I1-I5 hold for n8n-side faults: 401s, refreshes that fail, credential reads that fail, cancellation (${RUNS} cases)`, async () => {
		await fc.assert(fc.asyncProperty(workload, nSideFaultsOf(requestAnswer, UNAUTHORIZED as RequestAnswer, PLAIN_OK as RequestAnswer), holdsFor), ASSERT_OPTIONS);
	});
});
