/**
 * The Notion Request node's writes and parameters on random workloads (issue 17), through the real
 * `execute` and the core-faithful fake (test/support/fakeN8nCore.ts), on a fake clock.
 * - W1 Stop Workflow with writes: Notion refuses at random points. The items after the refused one
 *   are never sent; the thrown error names every item written before it, with the id Notion gave;
 *   no write is sent again once Notion may have processed it (only a 429, or a 401 that an OAuth2
 *   credential refreshes, was not processed), whatever its answers say about more results.
 * - W2 writes Notion may have done, in every On Error mode and as a tool: a garbled 2xx, a 5xx
 *   other than 529, a connection lost or timed out after the request went out. Such an item never
 *   reaches Success, never leaves with a Retry report, and nothing said about it tells the builder
 *   to try again; the write is sent once. (429, 529, 409 and a refused connection were not done:
 *   those may go to Retry.)
 * - W3 numeric parameters that are not numbers (Limit per item; Max Wait, Timeout and Requests per
 *   Second for the node): no request for the item (under Stop Workflow none at all), and an error
 *   that names the item and the parameter.
 * - W4 Method and Operation strings the node does not offer (lower case, PUT, a line break,
 *   "toString"): the same.
 * Each item asks about its own Notion id, so every request is traced back to its item.
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { NotionRequestV1 as NotionRequest } from '../../nodes/NotionRequest/NotionRequestV1.node';
import { NOTION_VERSIONS } from '../../nodes/shared/core/notion';
import { runOnFakeClock } from '../support/fakeClock';
import { type ApiAnswer, FakeN8nCore, type LoggedRequest, type OnError, type SentRequest, type TokenAnswer, withErrorOutput } from '../support/fakeN8nCore';
import { ASSERT_OPTIONS, retryAfter, RUNS, tokenAnswer } from '../support/faults';

const OUTPUT_FIELD = 'notionRequest';
const itemId = (i: number) => `d0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const createdId = (n: number) => `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const compact = (id: string) => id.replace(/-/g, '');

// ---------- what the items ask for ----------

/** A custom call an item makes: its method and path (every one names the item's id). */
const CUSTOM_KINDS = {
	getPage: { method: 'GET', path: '/v1/pages/{id}', write: false },
	queryDataSource: { method: 'POST', path: '/v1/data_sources/{id}/query', write: false },
	patchPage: { method: 'PATCH', path: '/v1/pages/{id}', write: true },
	appendChildren: { method: 'PATCH', path: '/v1/blocks/{id}/children', write: true },
	deleteBlock: { method: 'DELETE', path: '/v1/blocks/{id}', write: true },
	createPage: { method: 'POST', path: '/v1/pages', write: true },
} as const;
type CustomKind = keyof typeof CUSTOM_KINDS;

/** The write presets, and what a 2xx answer of each must be. */
const PRESET_WRITES = { createPage: 'page', updatePage: 'page', trashPage: 'page', appendBlockChildren: 'list' } as const;
type PresetWrite = keyof typeof PRESET_WRITES;

interface Workload {
	operation: PresetWrite | 'custom';
	/** Per item, for a custom call. */
	kinds: CustomKind[];
	returnAll: boolean;
	credentialType: 'notionRotationSafeOAuth2Api' | 'notionOAuth2Api' | 'notionApi';
	waitOnRateLimit: boolean;
	maxWaitSeconds: number;
}

const workload = (items: { minLength: number; maxLength: number }) =>
	fc.record({
		operation: fc.constantFrom<Workload['operation']>('createPage', 'updatePage', 'trashPage', 'appendBlockChildren', 'custom', 'custom'),
		kinds: fc.array(fc.constantFrom(...(Object.keys(CUSTOM_KINDS) as CustomKind[])), items),
		returnAll: fc.boolean(),
		credentialType: fc.constantFrom('notionRotationSafeOAuth2Api' as const, 'notionOAuth2Api' as const, 'notionApi' as const),
		waitOnRateLimit: fc.boolean(),
		maxWaitSeconds: fc.constantFrom(0, 5, 60),
	});

const isWriteItem = (work: Workload, i: number) => work.operation !== 'custom' || CUSTOM_KINDS[work.kinds[i]].write;
/** The `object` a Success answer must be, or undefined for a custom call (any JSON object). */
const expectedObject = (work: Workload) => (work.operation === 'custom' ? undefined : PRESET_WRITES[work.operation]);

function parametersOf(work: Workload): Record<string, unknown> {
	const kind = (i: number) => CUSTOM_KINDS[work.kinds[i]];
	const marked = (i: number) => JSON.stringify({ parent: { page_id: itemId(i) }, properties: {} });
	return {
		operation: work.operation,
		pageId: (i: number) => itemId(i),
		blockId: (i: number) => itemId(i),
		method: (i: number) => kind(i).method,
		path: (i: number) => kind(i).path,
		reference: (i: number) => (kind(i).path.includes('{id}') ? itemId(i) : ''),
		body: (i: number) => (work.operation === 'updatePage' || work.operation === 'appendBlockChildren' ? JSON.stringify({ properties: {}, children: [], n: i }) : marked(i)),
		query: {},
		returnAll: work.returnAll,
		options: { requestsPerSecond: 1000, waitOnRateLimit: work.waitOnRateLimit, maxWaitSeconds: work.maxWaitSeconds, timeoutSeconds: 30 },
	};
}

/** The item a request was sent for: the one whose id it carries. */
const itemOf = (request: SentRequest, count: number) => {
	const text = `${request.path} ${JSON.stringify(request.body ?? null)}`;
	return Array.from({ length: count }, (_, i) => i).find((i) => text.includes(itemId(i)) || text.includes(compact(itemId(i)))) ?? -1;
};

// ---------- what Notion answers ----------

type Spec =
	| { kind: 'ok'; hasMore: boolean; delayMs: number }
	| { kind: 'notion'; status: number; code: string; message: string; retryAfter?: string }
	| { kind: 'garbled'; status: number; body: unknown }
	| { kind: 'network'; code: string };

const refusal = fc.constantFrom(
	{ status: 400, code: 'validation_error', message: 'body failed validation.' },
	{ status: 400, code: 'invalid_request', message: 'Invalid request.' },
	{ status: 404, code: 'object_not_found', message: 'Could not find page. Make sure the relevant pages and databases are shared with your integration "Acme".' },
	{ status: 403, code: 'restricted_resource', message: 'Insufficient permissions for this endpoint.' },
	{ status: 401, code: 'unauthorized', message: 'API token is invalid.' },
	{ status: 409, code: 'conflict_error', message: 'Conflict occurred while saving.' },
	{ status: 429, code: 'rate_limited', message: 'You have been rate limited.' },
	{ status: 500, code: 'internal_server_error', message: 'Unexpected error.' },
	{ status: 502, code: 'bad_gateway', message: 'Bad gateway.' },
	{ status: 503, code: 'service_unavailable', message: 'Unavailable.' },
	{ status: 504, code: 'gateway_timeout', message: 'Timed out.' },
	{ status: 529, code: 'service_overload', message: 'Overloaded.' },
	{ status: 418, code: 'teapot', message: 'Unexpected.' },
);
const garbled = fc.record({
	kind: fc.constant('garbled' as const),
	status: fc.constantFrom(200, 201, 204),
	body: fc.constantFrom<unknown>('OK', '', '{"object":"page",', '<html>proxy</html>', { object: 'page_v2', id: createdId(9999) }, [], 'null', { object: 'error', status: 200 }),
});
const ok = fc.record({ kind: fc.constant('ok' as const), hasMore: fc.boolean(), delayMs: fc.constantFrom(0, 0, 300, 2000) });
const spec = (garbledWeight: number): fc.Arbitrary<Spec> =>
	fc.oneof(
		{ weight: 5, arbitrary: ok },
		{ weight: 4, arbitrary: fc.tuple(refusal, retryAfter).map(([error, after]): Spec => ({ kind: 'notion', ...error, retryAfter: after })) },
		{ weight: garbledWeight, arbitrary: garbled },
		{ weight: 1, arbitrary: fc.constantFrom<Spec>({ kind: 'network', code: 'ECONNRESET' }, { kind: 'network', code: 'ETIMEDOUT' }, { kind: 'network', code: 'ECONNREFUSED' }) },
	);
const script = (garbledWeight: number) =>
	fc.record({ answers: fc.array(spec(garbledWeight), { maxLength: 30 }), tail: fc.oneof(ok, spec(garbledWeight)), tokens: fc.array(tokenAnswer, { maxLength: 3 }) });
type Script = { answers: Spec[]; tail: Spec; tokens: TokenAnswer[] };

/** A 2xx that is what the endpoint returns: a list for children and queries, else the object. */
function okBody(request: SentRequest, n: number, hasMore: boolean): IDataObject {
	if (/\/(children|query)$/.test(request.path)) {
		return { object: 'list', results: [{ object: 'block', id: createdId(n) }], has_more: hasMore, next_cursor: hasMore ? `cursor-${n}` : null };
	}
	if (request.method === 'POST') return { object: 'page', id: createdId(n) };
	const id = request.path.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)?.[0];
	return { object: request.path.startsWith('/v1/blocks/') ? 'block' : 'page', id };
}

function answerOf(given: Spec, request: SentRequest, n: number): ApiAnswer {
	switch (given.kind) {
		case 'ok':
			return { kind: 'http', status: 200, body: okBody(request, n, given.hasMore), headers: { 'x-notion-request-id': `req-${n}` }, delayMs: given.delayMs };
		case 'notion':
			return {
				kind: 'http',
				status: given.status,
				body: { object: 'error', status: given.status, code: given.code, message: given.message, request_id: `req-${n}` },
				headers: given.retryAfter === undefined ? {} : { 'retry-after': given.retryAfter },
			};
		case 'garbled':
			return { kind: 'http', status: given.status, body: given.body };
		case 'network':
			return { kind: 'throw', error: () => Object.assign(new Error(`request failed: ${given.code}`), { code: given.code }) };
	}
}

// ---------- one case ----------

let executionNumber = 0;

async function runCase(work: Workload, faults: Script, onError: OnError, tool = false, parameters = parametersOf(work)) {
	const items: INodeExecutionData[] = work.kinds.map((_, n) => ({ json: { n } }));
	const answered = new Map<number, unknown>();
	const specs = new Map<number, Spec>();
	const core = new FakeN8nCore({
		items,
		credentialType: work.credentialType,
		credentialId: `fake-writes-credential-${++executionNumber}`,
		nodeType: tool ? 'n8n-nodes-notion-access.notionRequestTool' : 'n8n-nodes-notion-access.notionRequest',
		onError,
		parameters,
		script: {
			api: (request, n) => {
				const given = faults.answers[n] ?? faults.tail;
				specs.set(n, given);
				const answer = answerOf(given, request, n);
				if (answer.kind === 'http') answered.set(n, answer.body);
				return answer;
			},
			token: (n) => faults.tokens[n] ?? { kind: 'rotate' },
		},
	});
	const run = await runOnFakeClock(async () => await new NotionRequest().execute.call(core.context()));
	const sent = core.requests.filter((request) => request.path !== '/v1/users/me' && !request.afterCancel);
	const byItem = items.map((_, i) => sent.filter((request) => itemOf(request, items.length) === i));
	return { core, run, sent, byItem, answered, specs, items };
}
type Case = Awaited<ReturnType<typeof runCase>>;

const isObject = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const is2xx = (request: LoggedRequest) => request.status !== undefined && request.status >= 200 && request.status < 300;
/** A 2xx whose body is the object asked for: Notion did it and said so. */
const usable = (work: Workload, result: Case, request: LoggedRequest) => {
	const body = result.answered.get(request.n);
	const expect = expectedObject(work);
	return is2xx(request) && isObject(body) && (expect === undefined || body.object === expect);
};
/** A 2xx whose body is not what Notion sends: Notion may have done it. */
const garbledAnswer = (work: Workload, result: Case, request: LoggedRequest) => is2xx(request) && !usable(work, result, request);
/**
 * An answer that does not say whether Notion did the write: a garbled 2xx, a 5xx other than 529
 * (Notion's overload, which like a 429 is refused before any work), or a connection lost or timed
 * out after the request went out. A refused connection never reached Notion.
 */
const mayHaveBeenDone = (work: Workload, result: Case, request: LoggedRequest) => {
	const given = result.specs.get(request.n);
	if (given?.kind === 'network') return given.code !== 'ECONNREFUSED';
	if (given?.kind === 'notion') return given.status >= 500 && given.status !== 529;
	return garbledAnswer(work, result, request);
};

/** No write is sent again once Notion may have processed it (answers other than 429, or 401 refreshed). */
function writtenTwice(work: Workload, result: Case): string | undefined {
	const oauth2 = work.credentialType !== 'notionApi';
	for (const [i, sends] of result.byItem.entries()) {
		if (!isWriteItem(work, i)) continue;
		for (let s = 1; s < sends.length; s++) {
			const before = sends[s - 1];
			if (!(before.status === 429 || (before.status === 401 && oauth2))) {
				return `item ${i}'s ${sends[s].method} ${sends[s].path} was sent again after an answer ${before.status ?? 'thrown'} (body ${JSON.stringify(sends[s].body)})`;
			}
		}
	}
	return undefined;
}

function errorText(error: unknown): string {
	const { message, description } = error as { message?: unknown; description?: unknown };
	return `${String(message)} ${typeof description === 'string' ? description : ''}`;
}

// ---------- the properties ----------

/** W1: under Stop Workflow, a batch with writes stops at the first error, names what was written, and sends nothing after it. */
function w1Broken(work: Workload, result: Case): string | undefined {
	const twice = writtenTwice(work, result);
	if (twice) return `W1: ${twice}`;
	if (!('error' in result.run)) return undefined;
	const error = result.run.error;
	if (!(error instanceof NodeOperationError)) return `W1: rejected with ${String(error)}`;
	const stop = Number(/^Item (\d+): /.exec(error.message)?.[1] ?? -1);
	if (stop < 0 || stop >= result.items.length) return `W1: the error names no item: ${error.message}`;
	const hasWrite = work.kinds.some((_, i) => isWriteItem(work, i));
	if (!hasWrite) return undefined;
	for (let i = stop + 1; i < result.items.length; i++) {
		if (result.byItem[i].length > 0) return `W1: item ${i} was sent after item ${stop} stopped the run (${error.message})`;
	}
	const told = errorText(error);
	for (let i = 0; i < stop; i++) {
		const sends = result.byItem[i];
		const last = sends[sends.length - 1];
		if (!isWriteItem(work, i) || !last || !usable(work, result, last)) continue;
		const body = result.answered.get(last.n) as IDataObject;
		const ids = typeof body.id === 'string' ? [body.id] : ((body.results as IDataObject[] | undefined) ?? []).map((each) => String(each.id));
		for (const id of ids) {
			if (!new RegExp(`item ${i} \\([^)]*${id}`).test(told)) return `W1: item ${i} was written (id ${id}) before item ${stop} stopped the run, and the error does not say so: ${told}`;
		}
	}
	return undefined;
}

/** W2: a write Notion may have done is never Success, never a Retry report, never "try again". */
function w2Broken(work: Workload, result: Case, onError: OnError, tool: boolean): string | undefined {
	const twice = writtenTwice(work, result);
	if (twice) return `W2: ${twice}`;
	const doubtfulItems = result.byItem
		.map((sends, i) => ({ i, last: sends[sends.length - 1] }))
		.filter(({ i, last }) => isWriteItem(work, i) && last !== undefined && mayHaveBeenDone(work, result, last))
		.map(({ i }) => i);
	if ('error' in result.run) {
		const told = errorText(result.run.error);
		const stop = Number(/^Item (\d+): /.exec(told)?.[1] ?? -1);
		if (doubtfulItems.includes(stop)) {
			if (/try again/i.test(told)) return `W2: the error for item ${stop}, whose write may have been done, says to try again: ${told}`;
			if (!/check in Notion/i.test(told)) return `W2: the error for item ${stop} does not say to check in Notion first: ${told}`;
		}
		return onError === 'stopWorkflow' ? undefined : `W2: execute() rejected under ${onError}`;
	}
	const outputs = onError === 'continueErrorOutput' ? withErrorOutput(result.run.value) : result.run.value;
	for (const [output, routed] of outputs.entries()) {
		for (const item of routed) {
			const i = (item.pairedItem as { item: number }).item;
			if (!doubtfulItems.includes(i)) continue;
			const report = item.json[OUTPUT_FIELD] as IDataObject | undefined;
			if (report?.verdict === 'success' || (!tool && output === 0)) return `W2: item ${i}, whose write may have been done, is on Success`;
			if (report?.verdict === 'retry' || report?.reason === 'bad_response') return `W2: item ${i}, whose write may have been done, left with a Retry report`;
			const text = JSON.stringify(item.json);
			if (/try again/i.test(text)) return `W2: item ${i}, whose write may have been done, is told to try again: ${text}`;
		}
	}
	return undefined;
}

describe('Notion Request writes and parameters on random workloads (fast-check, fake n8n-core, fake clock)', () => {
	jest.setTimeout(600_000);

	it(`W1 under Stop Workflow a refused write stops the items after it, names those written with their ids, and nothing is written twice (${RUNS} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(workload({ minLength: 1, maxLength: 8 }), script(1), async (work, faults) => {
				const broken = w1Broken(work, await runCase(work, faults, 'stopWorkflow'));
				if (broken) throw new Error(broken);
			}),
			ASSERT_OPTIONS,
		);
	});

	it(`W2 a write Notion may have done (garbled 2xx, 5xx but 529, lost or timed-out connection) is never Success nor a Retry that says to send it again, in every On Error mode (${RUNS} cases)`, async () => {
		const modes = fc.record({ onError: fc.constantFrom<OnError>('stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'), tool: fc.boolean() });
		await fc.assert(
			fc.asyncProperty(workload({ minLength: 1, maxLength: 5 }), script(6), modes, async (work, faults, { onError, tool }) => {
				const broken = w2Broken(work, await runCase(work, faults, onError, tool), onError, tool);
				if (broken) throw new Error(broken);
			}),
			ASSERT_OPTIONS,
		);
	});

	/** Values an expression may give a number field that are not a number the node can use. */
	const notANumber = fc.oneof(
		fc.string(),
		fc.constantFrom<unknown>(undefined, null, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, true, false, {}, [], [5], { value: 5 }, '10', ' 7 ', '1e3', 'ten'),
		fc.double({ max: -0.001, noNaN: true }),
	);
	const LIST_PRESETS = ['queryDataSource', 'listBlockChildren', 'search'] as const;
	const numericCase = fc.record({
		operation: fc.constantFrom(...LIST_PRESETS),
		count: fc.integer({ min: 1, max: 5 }),
		target: fc.constantFrom('limit', 'limit', 'maxWaitSeconds', 'timeoutSeconds', 'requestsPerSecond'),
		at: fc.nat(),
		bad: notANumber,
		/** Numbers a Limit cannot be (it counts results from 1); the options take these. */
		limitOnly: fc.option(fc.constantFrom<unknown>(0, 0.5, 2.5, 1e-9), { freq: 3 }),
		onError: fc.constantFrom<OnError>('stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'),
	});
	/** What W3 and W4 check: nothing sent for the bad item (under Stop Workflow nothing at all), and an error naming it and the parameter. */
	function refusedBeforeSending(result: Case, onError: OnError, badItems: number[], said: RegExp): string | undefined {
		const sentFor = badItems.filter((i) => result.byItem[i].length > 0);
		if (sentFor.length > 0) return `item ${sentFor[0]} was sent: ${result.byItem[sentFor[0]].map((request) => `${request.method} ${request.path}`).join(', ')}`;
		if ('error' in result.run) {
			if (onError !== 'stopWorkflow') return `execute() rejected under ${onError}`;
			if (result.sent.length > 0) return `${result.sent.length} requests were sent before the run stopped`;
			const message = String((result.run.error as Error).message);
			const named = Number(/^Item (\d+): /.exec(message)?.[1] ?? -1);
			if (!badItems.includes(named)) return `the error names item ${named}, not ${badItems.join(' or ')}: ${message}`;
			return said.test(message) ? undefined : `the error does not say what is wrong: ${message}`;
		}
		if (onError === 'stopWorkflow') return 'the run did not stop';
		const outputs = onError === 'continueErrorOutput' ? withErrorOutput(result.run.value) : result.run.value;
		for (const i of badItems) {
			const left = outputs.flat().filter((item) => (item.pairedItem as { item: number }).item === i);
			const message = String(left[0]?.json.error);
			if (left.length !== 1 || !message.startsWith(`Item ${i}: `) || !said.test(message)) return `item ${i} did not leave as one error that names it: ${JSON.stringify(left.map((item) => item.json))}`;
		}
		return undefined;
	}

	it(`W3 a numeric parameter that is not a usable number sends nothing for its item and names it (${RUNS} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(numericCase, async ({ operation, count, target, at, bad: notNumber, limitOnly, onError }) => {
				const badItem = at % count;
				const bad = target === 'limit' && limitOnly !== null ? limitOnly : notNumber;
				const work: Workload = { operation: 'custom', kinds: Array.from({ length: count }, () => 'getPage' as const), returnAll: false, credentialType: 'notionApi', waitOnRateLimit: false, maxWaitSeconds: 0 };
				const options: IDataObject = { requestsPerSecond: 1000 };
				const parameters: Record<string, unknown> = {
					operation,
					dataSourceId: (i: number) => itemId(i),
					blockId: (i: number) => itemId(i),
					body: (i: number) => JSON.stringify({ query: itemId(i) }),
					returnAll: false,
					limit: (i: number) => (target === 'limit' && i === badItem ? bad : 5),
					options: target === 'limit' ? options : { ...options, [target]: bad },
				};
				const faults: Script = { answers: [], tail: { kind: 'ok', hasMore: true, delayMs: 0 }, tokens: [] };
				const result = await runCase(work, faults, onError, false, parameters);
				// The options are the node's, read once: every item is refused, and Stop Workflow names item 0.
				const badItems = target === 'limit' ? [badItem] : Array.from({ length: count }, (_, i) => i);
				const label = target === 'limit' ? /Limit must be a whole number/ : /The option "[^"]+" must be a number/;
				const broken = refusedBeforeSending(result, onError, onError === 'stopWorkflow' && target !== 'limit' ? [0] : badItems, label);
				if (broken) throw new Error(`W3 (${target} = ${JSON.stringify(bad) ?? String(bad)}): ${broken}`);
			}),
			ASSERT_OPTIONS,
		);
	});

	const METHODS = ['GET', 'POST', 'PATCH', 'DELETE'];
	const badMethod = fc
		.oneof(
			fc.string({ maxLength: 12 }),
			fc.constantFrom<unknown>('PUT', 'TRACE', 'HEAD', 'OPTIONS', 'CONNECT', 'get', 'Post', 'patch', 'GET\n', 'GET\r\nX-Injected: 1', ' GET', 'DELETE ', 'toString', '__proto__', 'constructor', 'valueOf', undefined, null, 5, {}, ['GET']),
		)
		.filter((method) => !METHODS.includes(method as string));
	const badOperation = fc
		.oneof(fc.string({ maxLength: 12 }), fc.constantFrom<unknown>('toString', '__proto__', 'constructor', 'hasOwnProperty', 'GetPage', 'getpage', 'custom ', undefined, null, 1))
		.filter((operation) => !['getPage', 'updatePage', 'trashPage', 'createPage', 'queryDataSource', 'listBlockChildren', 'appendBlockChildren', 'search', 'custom'].includes(operation as string));

	/** Values for a node-wide options parameter (read for item 0, for the whole execution) that it does not offer. */
	const badChoice = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom<unknown>('toString', '__proto__', 'constructor', 'valueOf', '2025-09-03\r\nX-Injected: 1', ' 2025-09-03', 'PERCALL', undefined, null, 3, {}));
	const NODE_WIDE = {
		notionVersion: { valid: NOTION_VERSIONS, said: /^Item \d+: The option "Notion API Version" must be one of / },
		output: { valid: ['perCall', 'perResult'], said: /^Item \d+: The option "Output" must be one of / },
		authentication: { valid: ['notionRotationSafeOAuth2Api', 'notionOAuth2Api', 'notionApi'], said: /^Item \d+: Authentication must be one of / },
	};

	it(`W4 a Method, Operation or other options parameter the node does not offer sends nothing for its item and names it (${RUNS} cases)`, async () => {
		const methodCase = fc.record({
			count: fc.integer({ min: 1, max: 5 }),
			at: fc.nat(),
			target: fc.constantFrom('method', 'method', 'operation', 'notionVersion', 'output', 'authentication'),
			method: badMethod,
			operation: badOperation,
			choice: badChoice,
			onError: fc.constantFrom<OnError>('stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'),
		});
		await fc.assert(
			fc.asyncProperty(methodCase, async ({ count, at, target, method, operation, choice, onError }) => {
				const badItem = at % count;
				const work: Workload = { operation: 'custom', kinds: Array.from({ length: count }, () => 'getPage' as const), returnAll: false, credentialType: 'notionApi', waitOnRateLimit: false, maxWaitSeconds: 0 };
				const base = parametersOf(work);
				const nodeWide = target === 'notionVersion' || target === 'output' || target === 'authentication';
				if (nodeWide && NODE_WIDE[target].valid.includes(choice as string)) return;
				const parameters: Record<string, unknown> = {
					...base,
					operation: () => (target === 'operation' ? operation : 'custom'),
					method: (i: number) => (target === 'method' && i === badItem ? method : 'GET'),
					...(target === 'authentication' ? { authentication: choice } : {}),
					...(target === 'notionVersion' || target === 'output' ? { options: { ...(base.options as IDataObject), [target]: choice } } : {}),
				};
				const faults: Script = { answers: [], tail: { kind: 'ok', hasMore: false, delayMs: 0 }, tokens: [] };
				const result = await runCase(work, faults, onError, false, parameters);
				const badItems = target === 'method' ? [badItem] : onError === 'stopWorkflow' ? [0] : Array.from({ length: count }, (_, i) => i);
				const said = nodeWide
					? NODE_WIDE[target].said
					: target === 'method'
						? /^Item \d+: The method must be one of "GET", "POST", "PATCH", "DELETE", but it is /
						: /^Item \d+: The operation must be one of /;
				const broken = refusedBeforeSending(result, onError, badItems, said);
				const given = target === 'method' ? method : target === 'operation' ? operation : choice;
				if (broken) throw new Error(`W4 (${target} = ${JSON.stringify(given) ?? 'undefined'}): ${broken}`);
			}),
			ASSERT_OPTIONS,
		);
	});
});
