/**
 * The Notion Request node's execute() without n8n: its request helper sends to the emulator in
 * this process (or to a scripted answer), so the node's routing, the write-retry rule and the
 * item shapes are checked against the same answers Notion's documented behaviour gives. Real n8n
 * runs the node in test/e2e/request.e2e.test.ts.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { NotionRequestV1 as NotionRequest } from '../../nodes/NotionRequest/NotionRequestV1.node';
import { rowsSeed, startEmulator, WORLD, type RunningEmulator } from '../emulator';
import { FAKE_CLIENT_SECRET, FAKE_REFRESH_TOKEN } from '../support/fakeExecution';

const CREDENTIAL_TYPE = 'notionRotationSafeOAuth2Api';

interface Answer {
	statusCode: number;
	body: unknown;
	headers: Record<string, string>;
}

type Sent = { method: string; url: string; body?: unknown };
type Responder = (request: Sent) => Promise<Answer>;

let emulator: RunningEmulator;
let accessToken: string;
let grantId: string;

beforeAll(async () => {
	emulator = await startEmulator({ seed: rowsSeed(249), modes: { rateLimit: null } });
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.control.reset(rowsSeed(249));
	emulator.control.setModes({ rateLimit: null });
	({ accessToken, grantId } = emulator.control.createGrant());
});

/** api.notion.com, answered by the emulator: what n8n's helper returns with returnFullResponse. */
const viaEmulator: Responder = async ({ method, url, body }) => {
	const target = new URL(url);
	const response = await fetch(`${emulator.url}${target.pathname}${target.search}`, {
		method,
		headers: { authorization: `Bearer ${accessToken}`, 'notion-version': '2025-09-03', 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const headers: Record<string, string> = {};
	response.headers.forEach((value, name) => (headers[name] = value));
	return { statusCode: response.status, body: await response.text(), headers };
};

/** Answers in turn, then the emulator. */
function scripted(...answers: Array<Partial<Answer> & { statusCode: number }>): Responder {
	return async (request) => {
		const next = answers.shift();
		if (!next) return await viaEmulator(request);
		return { body: '', headers: {}, ...next };
	};
}

const notionError = (status: number, code: string, message: string, headers: Record<string, string> = {}) => ({
	statusCode: status,
	body: JSON.stringify({ object: 'error', status, code, message, request_id: 'req-fake-0001' }),
	headers: { 'content-type': 'application/json', ...headers },
});

interface RunOptions {
	/** node parameters, each either a value or a function of the item's json */
	parameters: Record<string, unknown>;
	items?: INodeExecutionData[];
	respond?: Responder;
	continueOnFail?: boolean;
	nodeType?: string;
}

async function run(options: RunOptions) {
	const items = options.items ?? [{ json: {} }];
	const sent: Sent[] = [];
	const respond = options.respond ?? viaEmulator;
	const parameters: Record<string, unknown> = {
		authentication: CREDENTIAL_TYPE,
		options: { requestsPerSecond: 1e6, maxWaitSeconds: 5 },
		...options.parameters,
	};
	const node = {
		id: 'fake-request', name: 'Notion Request', type: options.nodeType ?? 'n8n-nodes-notion-access.notionRequest', typeVersion: 1,
		position: [0, 0], parameters: {}, credentials: { [CREDENTIAL_TYPE]: { id: `fake-${Math.random()}`, name: 'Notion (fake)' } },
	};
	const ctx = {
		getInputData: () => items,
		getNode: () => node,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = name in parameters ? parameters[name] : fallback;
			return typeof value === 'function' ? value(items[itemIndex].json, itemIndex) : value;
		},
		getCredentials: async () => ({
			clientId: 'fake-client-id', clientSecret: FAKE_CLIENT_SECRET,
			oauthTokenData: { access_token: accessToken, refresh_token: FAKE_REFRESH_TOKEN },
		}),
		continueOnFail: () => options.continueOnFail ?? false,
		logger: { info() {}, debug() {}, warn() {}, error() {} },
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: { method: string; url: string; qs?: Record<string, unknown>; body?: unknown }) => {
				const url = new URL(request.url);
				for (const [name, value] of Object.entries(request.qs ?? {})) url.searchParams.set(name, String(value));
				const one = { method: request.method, url: url.toString(), body: request.body };
				sent.push(one);
				return await respond(one);
			},
		},
	} as unknown as IExecuteFunctions;
	const outputs = (await new NotionRequest().execute.call(ctx)) as INodeExecutionData[][];
	return { outputs, sent };
}

const report = (item: INodeExecutionData) => item.json.notionRequest as Record<string, any>; // any: reports are read field by field
const verdictsByOutput = (outputs: INodeExecutionData[][]) => outputs.map((items) => items.map((item) => report(item)?.reason ?? report(item)?.verdict ?? item.json.error));

const PAGE = WORLD.pages.sharedChild.id;
const update = (body: unknown) => ({ operation: 'updatePage', pageId: (json: { page?: string }) => json.page ?? PAGE, body: JSON.stringify(body) });

describe('the write-retry rule', () => {
	it('a PATCH answered 409 is sent once and goes to Retry with retryAt (Notion did not do it)', async () => {
		const { outputs, sent } = await run({ parameters: update({ properties: {} }), respond: scripted(notionError(409, 'conflict_error', 'Conflict occurred while saving.')) });
		expect(sent).toHaveLength(1);
		expect(verdictsByOutput(outputs)).toEqual([[], [], [], ['conflict']]);
		const retry = report(outputs[3][0]);
		expect(retry).toMatchObject({ verdict: 'retry', httpStatus: 409, retryAfterSeconds: expect.any(Number), request: { method: 'PATCH', path: `/v1/pages/${PAGE}` } });
		expect(Date.parse(retry.retryAt)).toBeGreaterThan(Date.now() - 5000);
	});

	const throwing = (code: string, message: string): Responder => async () => {
		throw Object.assign(new Error(message), { code });
	};
	it.each([
		['500', () => scripted(notionError(500, 'internal_server_error', 'Unexpected error occurred.')), /HTTP 500 internal_server_error/],
		['502', () => scripted(notionError(502, 'bad_gateway', 'Bad gateway.')), /HTTP 502/],
		['503', () => scripted(notionError(503, 'service_unavailable', 'Unavailable.')), /HTTP 503 service_unavailable/],
		['504', () => scripted(notionError(504, 'gateway_timeout', 'Timed out.')), /HTTP 504 gateway_timeout/],
		['a reset', () => throwing('ECONNRESET', 'socket hang up'), /connection was lost after it was sent \(ECONNRESET\)/],
		['a timeout', () => throwing('ECONNABORTED', 'timeout of 30000ms exceeded'), /timed out/],
	])('a write answered %s may have been done: sent once, to n8n\'s error handling, told to check in Notion first', async (_name, responder, said) => {
		let sends = 0;
		const respond = responder();
		const counting: Responder = async (request) => {
			sends++;
			return await respond(request);
		};
		const stopped = run({ parameters: update({ properties: {} }), respond: counting });
		await expect(stopped).rejects.toMatchObject({ message: expect.stringMatching(/^Item 0: Notion may have done this write/) });
		const error = (await stopped.catch((thrown: unknown) => thrown)) as { description?: string };
		expect(error.description).toMatch(said);
		expect(error.description).toMatch(/check in Notion whether the change is there before sending it again/);
		expect(`${String((error as Error).message)} ${error.description}`).not.toMatch(/try again/i);
		expect(sends).toBe(1);
		// Under Continue it leaves as an error item, never with a Retry report.
		const continued = await run({ parameters: update({ properties: {} }), respond: responder(), continueOnFail: true });
		expect(continued.outputs[3].map((item) => item.json)).toEqual([{ error: expect.stringMatching(/^Item 0: Notion may have done this write/) }]);
		expect(continued.outputs.slice(0, 3).flat()).toEqual([]);
	});

	it.each([
		['POST create', { operation: 'createPage', body: JSON.stringify({ parent: { page_id: WORLD.pages.sharedRoot.id }, properties: {} }) }],
		['PATCH update', update({ properties: { title: { title: [{ text: { content: 'x' } }] } } })],
	])('a %s answered 429 then 200 is sent twice and goes to Success', async (_name, parameters) => {
		const { outputs, sent } = await run({ parameters, respond: scripted(notionError(429, 'rate_limited', 'You have been rate limited.', { 'retry-after': '1' })) });
		expect(sent).toHaveLength(2);
		expect(sent[0]).toEqual(sent[1]);
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].json).toMatchObject({ object: 'page', notionRequest: { verdict: 'success' } });
		expect(outputs.slice(1).flat()).toEqual([]);
	});

	it.each([
		['529', notionError(529, 'service_overload', 'Overloaded.', { 'retry-after': '1' }), 'service_overload'],
		['409', notionError(409, 'conflict_error', 'Conflict occurred while saving.'), 'conflict'],
		['a refused connection', { statusCode: 0 }, 'connection_failed'],
	])('a write answered %s (Notion did not do it) is sent once and goes to Retry; a read of the same answer is asked again only for 529', async (_name, answer, reason) => {
		const respond: Responder =
			answer.statusCode === 0
				? async () => {
						throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
					}
				: scripted(answer);
		const write = await run({ parameters: update({ properties: {} }), respond });
		expect(write.sent).toHaveLength(1);
		expect(verdictsByOutput(write.outputs)[3]).toEqual([reason]);
		if (answer.statusCode === 529) {
			const read = await run({ parameters: { operation: 'getPage', pageId: PAGE }, respond: scripted(answer) });
			expect(read.sent).toHaveLength(2);
			expect(read.outputs[0]).toHaveLength(1);
		}
	});
});

describe('presets against the emulator', () => {
	it('retrieve, update, trash, create, query, list and append each reach Success with Notion\'s answer', async () => {
		const children = { children: [{ paragraph: { rich_text: [{ text: { content: 'Added' } }] } }] };
		const cases: Array<[Record<string, unknown>, (json: Record<string, any>) => void]> = [
			[{ operation: 'getPage', pageId: `https://www.notion.so/acme/Onboarding-${PAGE.replace(/-/g, '')}` }, (json) => expect(json).toMatchObject({ object: 'page', id: PAGE })],
			[update({ properties: { title: { title: [{ text: { content: 'Renamed' } }] } } }), (json) => expect(json.properties.title.title[0].plain_text).toBe('Renamed')],
			[{ operation: 'appendBlockChildren', blockId: PAGE, body: JSON.stringify(children) }, (json) => expect(json.results[0].paragraph.rich_text[0].plain_text).toBe('Added')],
			[{ operation: 'listBlockChildren', blockId: PAGE, returnAll: true }, (json) => expect(json.results.map((b: any) => b.type)).toEqual(['paragraph'])],
			[{ operation: 'trashPage', pageId: PAGE }, (json) => expect(json).toMatchObject({ object: 'page', in_trash: true })],
			[{ operation: 'createPage', body: JSON.stringify({ parent: { data_source_id: WORLD.dataSource.id }, properties: { Name: { title: [{ text: { content: 'New' } }] } } }) }, (json) => expect(json.parent.data_source_id).toBe(WORLD.dataSource.id)],
			[{ operation: 'queryDataSource', dataSourceId: WORLD.dataSource.id, returnAll: false, limit: 3, body: '{}' }, (json) => expect(json.results).toHaveLength(3)],
		];
		for (const [parameters, check] of cases) {
			const { outputs } = await run({ parameters });
			expect({ operation: parameters.operation, routed: outputs.map((items) => items.length) }).toEqual({ operation: parameters.operation, routed: [1, 0, 0, 0] });
			check(outputs[0][0].json);
			expect(report(outputs[0][0])).toMatchObject({ verdict: 'success', requestId: expect.any(String) });
		}
	});

	it('Return All walks a 250-row data source; one item per result or one per call', async () => {
		const perCall = await run({ parameters: { operation: 'queryDataSource', dataSourceId: WORLD.dataSource.id, returnAll: true, body: '{}' } });
		expect(perCall.sent).toHaveLength(3);
		expect(perCall.outputs[0].map((item) => (item.json.results as unknown[]).length)).toEqual([100, 100, 50]);
		expect(report(perCall.outputs[0][0])).toMatchObject({ fetched: 250, calls: 3 });
		const perResult = await run({ parameters: { operation: 'queryDataSource', dataSourceId: WORLD.dataSource.id, returnAll: true, body: '{}', options: { requestsPerSecond: 1e6, output: 'perResult' } } });
		expect(perResult.outputs[0]).toHaveLength(250);
		expect(new Set(perResult.outputs[0].map((item) => item.json.id)).size).toBe(250);
		for (const item of perResult.outputs[0]) expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('Search sends its body and pages with start_cursor in the body (answers scripted; the e2e test runs it against the emulator)', async () => {
		const list = (ids: string[], next: string | null) => ({
			statusCode: 200,
			body: JSON.stringify({ object: 'list', results: ids.map((id) => ({ object: 'page', id })), has_more: next !== null, next_cursor: next, type: 'page_or_data_source', page_or_data_source: {} }),
			headers: { 'content-type': 'application/json' },
		});
		const { outputs, sent } = await run({
			parameters: { operation: 'search', returnAll: true, body: JSON.stringify({ query: 'Road', filter: { property: 'object', value: 'page' } }), options: { requestsPerSecond: 1e6, output: 'perResult' } },
			respond: scripted(list(['a', 'b'], 'c'), list(['c'], null)),
		});
		expect(sent.map((request) => [request.method, new URL(request.url).pathname])).toEqual([['POST', '/v1/search'], ['POST', '/v1/search']]);
		expect(sent.map((request) => request.body)).toEqual([
			{ query: 'Road', filter: { property: 'object', value: 'page' } },
			{ query: 'Road', filter: { property: 'object', value: 'page' }, start_cursor: 'c' },
		]);
		expect(outputs[0].map((item) => item.json.id)).toEqual(['a', 'b', 'c']);
	});

	it('a failure midway goes to its verdict\'s output with the results fetched so far counted, and nothing on Success', async () => {
		let calls = 0;
		const respond: Responder = async (request) => (++calls === 3 ? notionError(503, 'service_unavailable', 'Unavailable.') : await viaEmulator(request));
		const { outputs } = await run({ parameters: { operation: 'queryDataSource', dataSourceId: WORLD.dataSource.id, returnAll: true, body: '{}' }, respond });
		expect(verdictsByOutput(outputs)).toEqual([[], [], [], ['service_unavailable']]);
		expect(report(outputs[3][0])).toMatchObject({ fetched: 200, calls: 2 });
	});
});

describe('routing', () => {
	it('unshared, missing and trashed pages go to Share Page; a revoked token to Reauthorize; every item once, paired, input kept', async () => {
		const items = [PAGE, WORLD.pages.unshared.id, WORLD.missingId, WORLD.pages.trashed.id].map((page, n) => ({ json: { page, n } }));
		const { outputs } = await run({ items, parameters: update({ properties: { title: { title: [{ text: { content: 'x' } }] } } }) });
		expect(verdictsByOutput(outputs)).toEqual([['success'], [], ['not_shared_or_missing', 'not_shared_or_missing', 'in_trash'], []]);
		const shares = outputs[2];
		expect(shares.map((item) => item.json.n)).toEqual([1, 2, 3]);
		expect(shares.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }, { item: 3 }]);
		expect(report(shares[0])).toMatchObject({
			verdict: 'share_page', code: 'object_not_found', httpStatus: 404,
			integration: { name: WORLD.publicIntegration.name }, resource: { id: WORLD.pages.unshared.id },
			remediation: expect.stringContaining(WORLD.publicIntegration.name),
		});
		expect(report(shares[2]).remediation).toContain('trash');

		emulator.control.revokeGrant(grantId);
		const revoked = await run({ parameters: { operation: 'getPage', pageId: PAGE } });
		// This fake's refresh changes nothing, so the token stays refused: 401 unauthorized.
		expect(verdictsByOutput(revoked.outputs)).toEqual([[], ['token_invalid'], [], []]);
	});

	it('a request Notion refuses as invalid stops the workflow, naming the item, quoting Notion and the property it rejected', async () => {
		const items = [{ json: { page: WORLD.pages.databaseRow.id } }];
		const failing = run({ items, parameters: update({ properties: { Owner: { rich_text: [] } } }) });
		await expect(failing).rejects.toBeInstanceOf(NodeOperationError);
		await expect(failing).rejects.toThrow('Item 0: Notion rejected the request (validation_error, HTTP 400): "Owner is not a property that exists." Notion rejected the property "Owner".');
	});

	it('under Continue, the invalid request leaves as an error item by Retry (never Success) and the others go on', async () => {
		const items = [{ json: { page: WORLD.pages.databaseRow.id, status: { rich_text: [] } } }, { json: { page: WORLD.pages.databaseRow.id, status: { select: { name: 'Done' } } } }];
		const { outputs } = await run({
			items, continueOnFail: true,
			parameters: { operation: 'updatePage', pageId: (json: { page: string }) => json.page, body: (json: { status: unknown }) => JSON.stringify({ properties: { Status: json.status } }) },
		});
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(outputs[3]).toEqual([{ json: { error: expect.stringContaining('Item 0: Notion rejected the request (validation_error, HTTP 400): "Status is expected to be select."') }, pairedItem: { item: 0 } }]);
	});

	it('refuses a hostile path or reference before anything is sent, naming the item', async () => {
		for (const parameters of [
			{ operation: 'custom', method: 'GET', path: '/v1/../oauth/token', reference: '' },
			{ operation: 'custom', method: 'GET', path: 'https://evil.example/v1/pages', reference: '' },
			{ operation: 'custom', method: 'PATCH', path: '/v1/pages/{id}', reference: `${PAGE}?x=../../`, body: '{}' },
			{ operation: 'getPage', pageId: '../users/me' },
		]) {
			const items = [{ json: {} }, { json: {} }];
			// Item 0 asks for a page the right way; item 1 carries the hostile parameter.
			const fine: Record<string, unknown> = { path: '/v1/pages/{id}', reference: PAGE, pageId: PAGE };
			const perItem = Object.fromEntries(
				Object.entries(parameters).map(([name, value]) => [name, name in fine ? (_json: unknown, i: number) => (i === 0 ? fine[name] : value) : value]),
			);
			let sent = 0;
			const failing = run({ items, parameters: perItem, respond: async (request) => (sent++, await viaEmulator(request)) });
			await expect(failing).rejects.toThrow(/^Item 1: /);
			expect({ parameters, sent }).toEqual({ parameters, sent: 0 }); // item 0 was fine, and still nothing went out
		}
	});

	it('a custom call sends method, path, query and body; a credential never connected goes to Reauthorize without a request', async () => {
		const { outputs, sent } = await run({
			parameters: { operation: 'custom', method: 'GET', path: 'blocks/{id}/children', reference: WORLD.pages.sharedRoot.id, query: { parameter: [{ name: 'page_size', value: '2' }] } },
		});
		expect(sent[0].url).toBe(`https://api.notion.com/v1/blocks/${WORLD.pages.sharedRoot.id}/children?page_size=2`);
		expect((outputs[0][0].json.results as unknown[]).length).toBe(2);
		accessToken = '';
		const none = await run({ parameters: { operation: 'getPage', pageId: PAGE } });
		expect(none.sent).toHaveLength(0);
		expect(verdictsByOutput(none.outputs)).toEqual([[], ['not_connected'], [], []]);
	});

	it('as an AI tool sends every verdict out of the first output, the report alone, with Notion\'s answer on success', async () => {
		const items = [PAGE, WORLD.pages.unshared.id].map((page) => ({ json: { page, toolCallId: 'x' } }));
		const { outputs } = await run({ items, nodeType: 'n8n-nodes-notion-access.notionRequestTool', parameters: { operation: 'getPage', pageId: (json: { page: string }) => json.page } });
		expect(outputs[0].map((item) => Object.keys(item.json))).toEqual([['notionRequest'], ['notionRequest']]);
		expect(outputs[0].map((item) => report(item).verdict)).toEqual(['success', 'share_page']);
		expect(report(outputs[0][0]).response).toMatchObject({ object: 'page', id: PAGE });
		expect(outputs.slice(1).flat()).toEqual([]);
	});
});

describe("Notion's workspace limit (issue 20)", () => {
	it('a 429 from the workspace limit with a Retry-After past Max Wait goes to Retry at once, with retryAt, the reason and its own remediation', async () => {
		emulator.control.setModes({ workspaceLimit: { budget: 1, windowMs: 120_000 } });
		const started = Date.now();
		const items = Array.from({ length: 3 }, () => ({ json: { page: PAGE } }));
		const { outputs, sent } = await run({
			items,
			parameters: { operation: 'getPage', pageId: (json: { page?: string }) => json.page, options: { requestsPerSecond: 1e6, maxWaitSeconds: 60 } },
		});
		expect(Date.now() - started).toBeLessThan(5_000);
		// The first 429 holds the workspace: an item not yet sent by then is answered by the hold, unsent.
		expect(sent.length).toBeGreaterThanOrEqual(2);
		expect(sent.length).toBeLessThanOrEqual(3);
		expect(verdictsByOutput(outputs)).toEqual([['success'], [], [], ['workspace_rate_limited', 'workspace_rate_limited']]);
		expect(outputs[3].filter((item) => report(item).httpStatus === 429)).toHaveLength(sent.length - 1);
		for (const item of outputs[3]) {
			const retry = report(item);
			expect(retry).toMatchObject({ verdict: 'retry', rateLimitReason: 'public_api_space_request_rate_limit', retryAfterSeconds: expect.any(Number) });
			// Notion's 429, or the hold it set (the item was not sent: no HTTP status of its own).
			expect([429, undefined]).toContain(retry.httpStatus);
			expect(retry.retryAfterSeconds).toBeGreaterThan(60);
			expect(Date.parse(retry.retryAt) - Date.now()).toBeGreaterThan(60_000);
			expect(retry.remediation).toMatch(/^Other integrations in this Notion workspace/);
		}
	});
});
