/**
 * Data source page operations (create, get, get many, update, upsert) on random workloads, through
 * the real Notion Request v2 `execute` and the core-faithful fake (test/support/fakeN8nCore.ts), on a
 * fake clock: random operations per item × random property sets × random answers (refusals, rate
 * limits with any Retry-After, garbled 2xx, network errors, token endpoint failures), in every On
 * Error mode, with all three credentials and three Notion-Versions (2026-12-01's queries answer the title alone
 * unless `filter_properties` names others).
 * - I1 conservation: each item leaves by exactly one output (or, under Stop Workflow, the run stops
 *   with one error naming an item).
 * - I2 fail closed: an item is on Success only when every request it sent was answered with the
 *   object asked for, or sent again after an answer that says Notion did not process it; an item
 *   whose input is bad sends nothing.
 * - I3 no duplicated write: a create or update is sent again only after 429 (or a 401 an OAuth2
 *   credential refreshed).
 * - I4 no secret in outputs, errors or logs.
 * - I5 bounded: each item's requests stay within its operation's stated bound.
 * - I6 whole rows on 2026-12-01: every query a Get Many item sends names the properties it wants.
 * Every request carries its item's data source or page id, so it is traced back to its item.
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NotionRequestV2 } from '../../../nodes/NotionRequest/NotionRequestV2.node';
import { MAX_RELATION_ENTRIES } from '../../../nodes/NotionRequest/v2/actions/dataSourcePage/relations';
import { runOnFakeClock } from '../../support/fakeClock';
import { type ApiAnswer, FakeN8nCore, type LoggedRequest, type OnError, type SentRequest, type TokenAnswer } from '../../support/fakeN8nCore';
import { ASSERT_OPTIONS, MAX_SENDS_PER_CALL, retryAfter, RUNS, SENDS_AFTER_REFRESH, settle, tokenAnswer } from '../../support/faults';
import { dataSource, USER } from './dataSourcePage-fixtures';

const OUTPUT_COUNT = 4;
const dsId = (i: number) => `d0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const pageId = (i: number) => `e0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const itemOfText = (text: string, count: number) => Array.from({ length: count }, (_, i) => i).find((i) => text.includes(dsId(i)) || text.includes(pageId(i))) ?? -1;

// ---------- what the items ask for ----------

const OPERATIONS = ['create', 'get', 'getAll', 'update', 'upsert'] as const;
type Op = (typeof OPERATIONS)[number];

/** A property row; `bad` rows are input the node must refuse before sending anything. */
const propertyRow = fc.oneof(
	fc.record({ key: fc.constant('Notes|rich_text'), textContent: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('x'.repeat(2500))) }),
	fc.record({ key: fc.constant('Hours|number'), numberValue: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })) }),
	fc.record({ key: fc.constant('Done|checkbox'), checkboxValue: fc.boolean() }),
	fc.record({ key: fc.constant('Link|url'), urlValue: fc.constantFrom('https://example.com/a', ''), ignoreIfEmpty: fc.boolean() }),
	fc.record({ key: fc.constant('Priority|select'), selectValue: fc.constantFrom('High', 'Low', '') }),
	fc.record({ key: fc.constant('Tags|multi_select'), multiSelectValue: fc.subarray(['a', 'b']) }),
	fc.record({ key: fc.constant('Due|date'), date: fc.constantFrom('2026-12-03', '2026-12-03T09:30:00', '2026-12-03T09:30:00Z', ''), includeTime: fc.boolean(), timezone: fc.constantFrom('default', 'Europe/Berlin') }),
	fc.record({ key: fc.constant('Owner|people'), peopleValue: fc.constant([USER]) }),
	// A key from an expression without its type: the schema says it.
	fc.record({ key: fc.constant('Phone'), phoneValue: fc.constantFrom('+49 30 1', '') }),
	fc.record({ key: fc.constant('Hours|number'), numberValue: fc.constant('twelve'), bad: fc.constant(true) }),
);
const rowsArb = fc.uniqueArray(propertyRow, { maxLength: 5, selector: (row) => String(row.key).split('|')[0] });

interface ItemWork {
	op: Op;
	rows: IDataObject[];
	title: string;
	limit: number;
	simple: boolean;
}
const itemWork: fc.Arbitrary<ItemWork> = fc.record({
	op: fc.constantFrom(...OPERATIONS),
	rows: rowsArb,
	title: fc.constantFrom('', 'Ship it'),
	limit: fc.integer({ min: 1, max: 4 }),
	simple: fc.boolean(),
});
const isBad = (work: ItemWork) => (work.op !== 'get' && work.op !== 'getAll' && work.rows.some((row) => row.bad === true)) || (work.op === 'update' && work.rows.length === 0);

interface Workload {
	items: ItemWork[];
	credentialType: 'notionRotationSafeOAuth2Api' | 'notionOAuth2Api' | 'notionApi';
	notionVersion: '2025-09-03' | '2026-03-11' | '2026-12-01';
	waitOnRateLimit: boolean;
	maxWaitSeconds: number;
	onError: OnError;
}
const workload: fc.Arbitrary<Workload> = fc.record({
	items: fc.array(itemWork, { minLength: 1, maxLength: 5 }),
	credentialType: fc.constantFrom('notionRotationSafeOAuth2Api' as const, 'notionOAuth2Api' as const, 'notionApi' as const),
	notionVersion: fc.constantFrom('2025-09-03' as const, '2026-03-11' as const, '2026-12-01' as const),
	waitOnRateLimit: fc.boolean(),
	maxWaitSeconds: fc.constantFrom(0, 5, 60),
	onError: fc.constantFrom<OnError>('stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'),
});

/** The most calls (not sends) an item of each operation makes: the bound this suite holds it to. */
function callBound(work: ItemWork, notionVersion: string): number {
	const relationCalls = MAX_RELATION_ENTRIES / 100;
	switch (work.op) {
		case 'create':
			return 2; // schema, create
		case 'update':
			return 3; // page, schema, update
		case 'upsert':
			return 3; // query, schema, write
		case 'get':
			return 1 + relationCalls;
		case 'getAll':
			// a query call returns at least one page, each page its relation; from 2026-12-01 the schema first (to name every property)
			return work.limit * (1 + relationCalls) + (notionVersion >= '2026-12-01' ? 1 : 0);
	}
}

// ---------- what Notion answers ----------

type Spec =
	| { kind: 'ok'; more: boolean; matches: 0 | 1 | 2 }
	| { kind: 'notion'; status: number; code: string; message: string; retryAfter?: string }
	| { kind: 'garbled'; status: number; body: unknown }
	| { kind: 'network'; code: string };

const refusal = fc.constantFrom(
	{ status: 400, code: 'validation_error', message: 'Hours is expected to be number.' },
	{ status: 404, code: 'object_not_found', message: 'Could not find page. Make sure the relevant pages and databases are shared with your integration "Acme".' },
	{ status: 403, code: 'restricted_resource', message: 'Insufficient permissions for this endpoint.' },
	{ status: 401, code: 'unauthorized', message: 'API token is invalid.' },
	{ status: 409, code: 'conflict_error', message: 'Conflict occurred while saving.' },
	{ status: 429, code: 'rate_limited', message: 'You have been rate limited.' },
	{ status: 529, code: 'service_overload', message: 'Overloaded.' },
	{ status: 500, code: 'internal_server_error', message: 'Unexpected error.' },
);
const okSpec = fc.record({ kind: fc.constant('ok' as const), more: fc.boolean(), matches: fc.constantFrom<0 | 1 | 2>(0, 1, 1, 2) });
const spec: fc.Arbitrary<Spec> = fc.oneof(
	{ weight: 6, arbitrary: okSpec },
	{ weight: 4, arbitrary: fc.tuple(refusal, retryAfter).map(([error, after]): Spec => ({ kind: 'notion', ...error, retryAfter: after })) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('garbled' as const), status: fc.constantFrom(200, 201), body: fc.constantFrom<unknown>('OK', '', '{"object":"page",', { object: 'page_v2' }, []) }) },
	{ weight: 1, arbitrary: fc.constantFrom<Spec>({ kind: 'network', code: 'ECONNRESET' }, { kind: 'network', code: 'ETIMEDOUT' }) },
);
const script = fc.record({ answers: fc.array(spec, { maxLength: 30 }), tokens: fc.array(tokenAnswer, { maxLength: 3 }) });
type Script = { answers: Spec[]; tokens: TokenAnswer[] };

/** The `object` each endpoint's 2xx answer must be. */
function expectedObject(request: SentRequest): string {
	if (request.path.startsWith('/v1/data_sources/')) return request.path.endsWith('/query') ? 'list' : 'data_source';
	if (request.path.includes('/properties/')) return 'list';
	return 'page';
}

/** Notion's documented shapes, carrying the item's ids; `more` makes lists and relations say has_more. */
function okBody(request: SentRequest, n: number, given: { more: boolean; matches: 0 | 1 | 2 }, count: number, notionVersion: string): IDataObject {
	const i = itemOfText(`${request.path} ${JSON.stringify(request.body ?? null)}`, count);
	// 2026-12-01: a query's pages carry the title alone unless filter_properties names others.
	const titleOnly = request.path.endsWith('/query') && notionVersion >= '2026-12-01' && !(request.search ?? '').includes('filter_properties=');
	const page = (id: string) => ({
		object: 'page',
		id,
		parent: { type: 'data_source_id', data_source_id: dsId(i) },
		properties: {
			Task: { id: 'title', type: 'title', title: [] },
			...(titleOnly ? {} : { Related: { id: 'rl', type: 'relation', relation: [], has_more: given.more } }),
		},
	});
	const expect = expectedObject(request);
	if (expect === 'data_source') return { ...dataSource, id: dsId(i) };
	if (request.path.includes('/properties/')) {
		return { object: 'list', results: [{ object: 'property_item', type: 'relation', relation: { id: pageId(i) } }], has_more: given.more, next_cursor: given.more ? `r${n}` : null };
	}
	if (expect === 'list') {
		const isUpsertQuery = (request.body as IDataObject | undefined)?.page_size === 10;
		const results = isUpsertQuery ? Array.from({ length: given.matches }, () => page(pageId(i))) : [page(pageId(i))];
		return { object: 'list', results, has_more: !isUpsertQuery && given.more, next_cursor: !isUpsertQuery && given.more ? `q${n}` : null };
	}
	return page(pageId(i));
}

function answerOf(given: Spec | undefined, request: SentRequest, n: number, count: number, notionVersion = '2025-09-03'): ApiAnswer {
	const spec = given ?? { kind: 'ok', more: false, matches: 0 };
	switch (spec.kind) {
		case 'ok':
			return { kind: 'http', status: 200, body: okBody(request, n, spec, count, notionVersion), headers: { 'x-notion-request-id': `req-${n}` } };
		case 'notion':
			return {
				kind: 'http',
				status: spec.status,
				body: { object: 'error', status: spec.status, code: spec.code, message: spec.message, request_id: `req-${n}` },
				headers: spec.retryAfter === undefined ? {} : { 'retry-after': spec.retryAfter },
			};
		case 'garbled':
			return { kind: 'http', status: spec.status, body: spec.body };
		case 'network':
			return { kind: 'throw', error: () => Object.assign(new Error(`request failed: ${spec.code}`), { code: spec.code }) };
	}
}

// ---------- one case ----------

let executions = 0;

async function runCase(work: Workload, faults: Script) {
	const count = work.items.length;
	const answered = new Map<number, unknown>();
	const core = new FakeN8nCore({
		items: work.items.map((_, n): INodeExecutionData => ({ json: { n } })),
		credentialType: work.credentialType,
		credentialId: `dsp-property-${++executions}`,
		nodeType: 'n8n-nodes-notion-access.notionRequest',
		onError: work.onError,
		parameters: {
			resource: 'dataSourcePage',
			operation: (i: number) => work.items[i].op,
			dataSourceId: (i: number) => ({ __rl: true, mode: 'id', value: dsId(i) }),
			pageId: (i: number) => ({ __rl: true, mode: 'id', value: pageId(i) }),
			title: (i: number) => work.items[i].title,
			propertiesUi: (i: number) => ({ propertyValues: work.items[i].rows }),
			keyProperty: 'Email|email',
			keyValue: (i: number) => `item-${i}@example.com`,
			filterType: 'none',
			returnAll: false,
			limit: (i: number) => work.items[i].limit,
			simple: (i: number) => work.items[i].simple,
			options: { requestsPerSecond: 1000, notionVersion: work.notionVersion, waitOnRateLimit: work.waitOnRateLimit, maxWaitSeconds: work.maxWaitSeconds },
		},
		script: {
			api: (request, n) => {
				const answer = answerOf(faults.answers[n], request, n, count, work.notionVersion);
				if (answer.kind === 'http') answered.set(n, answer.body);
				return answer;
			},
			token: (n) => faults.tokens[n] ?? { kind: 'rotate' },
		},
	});
	const run = await runOnFakeClock(async () => await new NotionRequestV2().execute.call(core.context()));
	const sent = core.requests.filter((request) => request.path !== '/v1/users/me' && !request.afterCancel);
	const byItem = work.items.map((_, i) => sent.filter((request) => itemOfText(`${request.path} ${JSON.stringify(request.body ?? null)}`, count) === i));
	return { core, run, sent, byItem, answered };
}
type Case = Awaited<ReturnType<typeof runCase>>;

const isObject = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const usable = (result: Case, request: LoggedRequest) => {
	const body = result.answered.get(request.n);
	return request.status !== undefined && request.status >= 200 && request.status < 300 && isObject(body) && body.object === expectedObject(request);
};
/** An answer after which the same call may be sent again: Notion did not process it. */
const resendable = (request: LoggedRequest, oauth2: boolean) => request.status === 429 || (request.status === 529 && request.method === 'GET') || (request.status === 401 && oauth2);
const isWrite = (request: SentRequest) => request.method === 'PATCH' || (request.method === 'POST' && request.path === '/v1/pages');

function broken(work: Workload, result: Case): string | undefined {
	const oauth2 = work.credentialType !== 'notionApi';
	// I3 and I5, whatever the outcome.
	for (const [i, sends] of result.byItem.entries()) {
		const calls = sends.filter((request, s) => s === 0 || !(resendable(sends[s - 1], oauth2) && sends[s - 1].method === request.method && sends[s - 1].path === request.path)).length;
		const bound = callBound(work.items[i], work.notionVersion);
		if (calls > bound) return `I5: item ${i} (${work.items[i].op}) made ${calls} calls; its bound is ${bound}`;
		if (sends.length > bound * (MAX_SENDS_PER_CALL + SENDS_AFTER_REFRESH)) return `I5: item ${i} sent ${sends.length} requests`;
		for (let s = 1; s < sends.length; s++) {
			if (isWrite(sends[s]) && sends[s - 1].method === sends[s].method && sends[s - 1].path === sends[s].path && !resendable(sends[s - 1], oauth2)) {
				return `I3: item ${i}'s ${sends[s].method} ${sends[s].path} was sent again after ${sends[s - 1].status ?? 'a thrown error'}`;
			}
		}
		if (isBad(work.items[i]) && sends.length > 0) return `I2: item ${i} has bad input and sent ${sends.length} requests`;
		const partial = work.notionVersion >= '2026-12-01' && work.items[i].op === 'getAll' && sends.find((request) => request.path.endsWith('/query') && !(request.search ?? '').includes('filter_properties='));
		if (partial) return `I6: item ${i}'s query ${partial.path} names no properties on ${work.notionVersion}: its rows would carry the title alone`;
	}
	const settled = settle(result.core, result.run, work.onError, work.items.length, 'Success', OUTPUT_COUNT);
	if ('broken' in settled) return settled.broken;
	if ('stopped' in settled) return undefined;
	const { outputs } = settled;
	for (const [i] of work.items.entries()) {
		const where = outputs.flatMap((items, output) => (items.some((item) => (item.pairedItem as { item: number }).item === i) ? [output] : []));
		if (where.length !== 1) return `I1: item ${i} left by outputs [${where.join(', ')}]`;
		if (where[0] !== 0) continue;
		const items = outputs[0].filter((item) => (item.pairedItem as { item: number }).item === i);
		if (items.some((item) => item.json.error !== undefined)) return `I2: item ${i} is on Success as an error`;
		if ((items[0].json.notionRequest as IDataObject | undefined)?.verdict !== 'success') return `I2: item ${i} is on Success without a success report`;
		const sends = result.byItem[i];
		if (isBad(work.items[i]) || sends.length === 0) return `I2: item ${i} is on Success without having sent anything`;
		for (const [s, request] of sends.entries()) {
			const resent = s + 1 < sends.length && resendable(request, oauth2) && sends[s + 1].method === request.method && sends[s + 1].path === request.path;
			if (!usable(result, request) && !resent) return `I2: item ${i} (${work.items[i].op}) is on Success, but ${request.method} ${request.path} was answered ${request.status ?? 'with a thrown error'} (${JSON.stringify(result.answered.get(request.n))})`;
		}
	}
	return undefined;
}

describe('Notion Request v2 data source page operations on random workloads (fast-check, fake n8n-core, fake clock)', () => {
	jest.setTimeout(600_000);

	it(`I1–I6 hold for random operations × property sets × faults, in every On Error mode (${RUNS} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(workload, script, async (work, faults) => {
				const problem = broken(work, await runCase(work, faults));
				if (problem) throw new Error(problem);
			}),
			ASSERT_OPTIONS,
		);
	});
});

// ---------- upsert: one key, one page, under faults ----------

const KEYS = ['ada@example.com', 'ADA@example.com', 'bob@example.com', 'cy@example.com'];
const keyOf = (value: string) => value.toLowerCase();
const matchId = (key: string, m: number) => `a${String(KEYS.map(keyOf).indexOf(key)).padStart(7, '0')}-0000-4000-8000-${String(m).padStart(12, '0')}`;
const createdId = (n: number) => `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The key a request of an upsert is about: a query's filter value, or a create's Email value. */
function requestKey(request: SentRequest): string | undefined {
	const body = request.body as IDataObject | undefined;
	const equals = ((body?.filter as IDataObject | undefined)?.email as IDataObject | undefined)?.equals;
	if (typeof equals === 'string') return keyOf(equals);
	const email = ((body?.properties as IDataObject | undefined)?.Email as IDataObject | undefined)?.email;
	return typeof email === 'string' ? keyOf(email) : undefined;
}

describe('Notion Request v2 upsert on random workloads (fast-check, fake n8n-core, fake clock)', () => {
	jest.setTimeout(600_000);

	it(`U1 items that share a key never create two pages, followers never look up nor create, and every update goes to a page Notion gave for that key (${RUNS} cases)`, async () => {
		const upsertWork = fc.record({
			keys: fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 6 }),
			credentialType: fc.constantFrom('notionRotationSafeOAuth2Api' as const, 'notionApi' as const),
			waitOnRateLimit: fc.boolean(),
			onError: fc.constantFrom<OnError>('stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'),
		});
		await fc.assert(
			fc.asyncProperty(upsertWork, script, async (work, faults) => {
				const core = new FakeN8nCore({
					items: work.keys.map((_, n): INodeExecutionData => ({ json: { n } })),
					credentialType: work.credentialType,
					credentialId: `dsp-upsert-${++executions}`,
					nodeType: 'n8n-nodes-notion-access.notionRequest',
					onError: work.onError,
					parameters: {
						resource: 'dataSourcePage',
						operation: 'upsert',
						dataSourceId: { __rl: true, mode: 'id', value: dsId(0) },
						keyProperty: 'Email|email',
						keyValue: (i: number) => work.keys[i],
						title: '',
						propertiesUi: { propertyValues: [{ key: 'Hours|number', numberValue: 1 }] },
						simple: true,
						options: { requestsPerSecond: 1000, waitOnRateLimit: work.waitOnRateLimit, maxWaitSeconds: 5 },
					},
					script: {
						api: (request, n) => {
							const given = faults.answers[n] ?? { kind: 'ok', more: false, matches: 0 };
							if (given.kind !== 'ok') return answerOf(given, request, n, 1);
							if (request.path.endsWith('/query')) {
								const key = requestKey(request) ?? '';
								const results = Array.from({ length: given.matches }, (_, m) => ({ object: 'page', id: matchId(key, m), properties: {} }));
								return { kind: 'http', status: 200, body: { object: 'list', results, has_more: false, next_cursor: null } };
							}
							const id = request.method === 'POST' ? createdId(n) : request.path.split('/').pop();
							return { kind: 'http', status: 200, body: { object: 'page', id, properties: {} } };
						},
						token: (n) => faults.tokens[n] ?? { kind: 'rotate' },
					},
				});
				const run = await runOnFakeClock(async () => await new NotionRequestV2().execute.call(core.context()));
				const sent = core.requests.filter((request) => request.path !== '/v1/users/me' && !request.afterCancel);
				const oauth2 = work.credentialType !== 'notionApi';
				/** Requests that are not a resend of the one before them in `list` (after a 429 or a refreshed 401). */
				const callsOf = (list: LoggedRequest[]) =>
					list.filter((request, s) => s === 0 || !(resendable(list[s - 1], oauth2) && list[s - 1].method === request.method && list[s - 1].path === request.path && JSON.stringify(list[s - 1].body) === JSON.stringify(request.body)));
				/** Pages Notion gave for each key: query matches and created pages. */
				const given = new Map<string, Set<string>>();
				for (const key of new Set(work.keys.map(keyOf))) {
					const queries = callsOf(sent.filter((request) => request.path.endsWith('/query') && requestKey(request) === key));
					const creates = callsOf(sent.filter((request) => request.path === '/v1/pages' && requestKey(request) === key));
					if (queries.length > 1) throw new Error(`U1: the key ${key} was looked up ${queries.length} times`);
					if (creates.length > 1) throw new Error(`U1: the key ${key} was created ${creates.length} times`);
					const ids = new Set<string>([0, 1].map((m) => matchId(key, m)));
					for (const create of sent.filter((request) => request.path === '/v1/pages' && requestKey(request) === key)) ids.add(createdId(create.n));
					given.set(key, ids);
				}
				for (const patch of sent.filter((request) => request.method === 'PATCH')) {
					const id = patch.path.split('/').pop() ?? '';
					if (![...given.values()].some((ids) => ids.has(id))) throw new Error(`U1: PATCH ${patch.path} goes to a page Notion never gave`);
				}
				const settled = settle(core, run, work.onError, work.keys.length, 'Success', OUTPUT_COUNT);
				if ('broken' in settled) throw new Error(settled.broken);
			}),
			ASSERT_OPTIONS,
		);
	});
});
