/**
 * Issue 17, the Notion Request part: what a hostile review found, each as a regression test named
 * after its item. The node runs through the core-faithful fake (test/support/fakeN8nCore.ts) on a
 * fake clock, so the requests it sends and the time it takes are those n8n would see.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { properties, SUBTITLE } from '../../nodes/NotionRequest/v1/description';
import { classify } from '../../nodes/shared/core/classify';
import { NotionRequestV1 as NotionRequest } from '../../nodes/NotionRequest/NotionRequestV1.node';
import { fetchPages } from '../../nodes/NotionRequest/pagination';
import { PRESETS } from '../../nodes/NotionRequest/v1/presets';
import { runOnFakeClock } from '../support/fakeClock';
import { type ApiAnswer, FakeN8nCore, type OnError, type SentRequest, withErrorOutput } from '../support/fakeN8nCore';

const PAGE = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const SOURCE = '1429989f-e8ac-4eff-bc8f-57f56486db54';
const createdId = (n: number) => `c0ffee00-0000-4000-8000-${String(n).padStart(12, '0')}`;

const ok = (body: unknown, delayMs?: number): ApiAnswer => ({ kind: 'http', status: 200, body, headers: { 'x-notion-request-id': 'req-ok' }, delayMs });
const refused = (status: number, code: string, message: string): ApiAnswer => ({ kind: 'http', status, body: { object: 'error', status, code, message, request_id: 'req-refused' } });
const VALIDATION = refused(400, 'validation_error', 'body failed validation: body.parent should be defined.');
const created = (request: SentRequest, n: number): ApiAnswer => ok({ object: 'page', id: createdId(n), parent: (request.body as IDataObject | undefined)?.parent });
const list = (has_more: boolean, n = 0): ApiAnswer => ok({ object: 'list', results: [{ object: 'page', id: PAGE }], has_more, next_cursor: has_more ? `cursor-${n}` : null });

let credential = 0;

interface Run {
	parameters: Record<string, unknown>;
	answer?: (request: SentRequest, n: number) => ApiAnswer;
	items?: number;
	onError?: OnError;
}

async function run({ parameters, answer = (request, n) => created(request, n), items = 1, onError = 'stopWorkflow' }: Run) {
	const core = new FakeN8nCore({
		items: Array.from({ length: items }, (_, n): INodeExecutionData => ({ json: { n } })),
		nodeType: 'n8n-nodes-notion-access.notionRequest',
		credentialId: `issue17-${++credential}`,
		onError,
		parameters,
		script: { api: answer },
	});
	const result = await runOnFakeClock(async () => await new NotionRequest().execute.call(core.context()));
	const sent = core.requests.filter((request) => request.path !== '/v1/users/me');
	return { core, result, sent };
}

function thrown(result: Awaited<ReturnType<typeof run>>['result']): NodeOperationError {
	if (!('error' in result)) throw new Error(`expected the node to throw; it routed ${JSON.stringify(result.value.map((items) => items.length))}`);
	expect(result.error).toBeInstanceOf(NodeOperationError);
	return result.error as NodeOperationError;
}

function routed(result: Awaited<ReturnType<typeof run>>['result']): INodeExecutionData[][] {
	if ('error' in result) throw result.error;
	return result.value;
}

const createPage = (perItem?: (itemIndex: number) => unknown) => ({
	operation: 'createPage',
	body: (itemIndex: number) => JSON.stringify(perItem?.(itemIndex) ?? { parent: { page_id: PAGE }, properties: { title: { title: [{ text: { content: `Item ${itemIndex}` } }] } } }),
});

describe('issue 17: the Notion Request node', () => {
	it('17.3 under Stop Workflow a refused write stops the items after it and names those written', async () => {
		// Create Page, 5 items: Notion creates 0 and 1, refuses 2; 3 and 4 must not be sent.
		const { result, sent } = await run({ items: 5, parameters: createPage(), answer: (request, n) => (n === 2 ? VALIDATION : created(request, n)) });
		const error = thrown(result);
		expect(sent.map((request) => (request.body as { properties: { title: { title: Array<{ text: { content: string } }> } } }).properties.title.title[0].text.content)).toEqual([
			'Item 0',
			'Item 1',
			'Item 2',
		]);
		expect(error.message).toMatch(/^Item 2: Notion rejected the request \(validation_error, HTTP 400\)/);
		const told = `${error.message} ${error.description ?? ''}`;
		for (const [itemIndex, request] of sent.slice(0, 2).entries()) expect(told).toContain(`item ${itemIndex} (page id ${createdId(request.n)})`);
		expect(error.message).toContain('Items 3 to 4 were not sent.');
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(2);
	});

	it('17.3 the first item refused: nothing was written, and nothing after it was sent', async () => {
		const { result, sent } = await run({ items: 3, parameters: createPage(), answer: () => VALIDATION });
		expect(sent).toHaveLength(1);
		const error = thrown(result);
		expect(error.message).toMatch(/^Item 0: Notion rejected the request .* Items 1 to 2 were not sent\.$/s);
		expect(`${error.message} ${error.description}`).not.toMatch(/[Ww]ritten before/);
	});

	it('17.3 a write that went to Retry before the refusal is named with its output, not as written', async () => {
		// A 409 conflict_error: Notion did not do it (a 5xx would leave it unconfirmed and stop the run there).
		const answers = [created, () => refused(409, 'conflict_error', 'Conflict occurred while saving.'), () => VALIDATION];
		const { result, sent } = await run({ items: 4, parameters: createPage(), answer: (request, n) => answers[n](request, n) });
		expect(sent).toHaveLength(3);
		const error = thrown(result);
		expect(error.message).toContain(`Written before it: item 0 (page id ${createdId(0)}).`);
		expect(error.description).toContain('item 1 to Retry (conflict)');
		expect(error.message).toContain('Item 3 was not sent.');
	});

	it('17.3 under Continue, and for reads, items still go at once; writes under Stop Workflow go one after the other', async () => {
		const slow = (request: SentRequest, n: number) => ({ ...created(request, n), delayMs: 1000 });
		const reads = await run({ items: 3, parameters: { operation: 'getPage', pageId: PAGE }, answer: (_request, n) => ok({ object: 'page', id: PAGE }, n > 0 ? 1000 : undefined) });
		expect(routed(reads.result)[0]).toHaveLength(3);
		expect(reads.result.elapsedMs).toBeLessThan(1500);
		const continued = await run({ items: 3, onError: 'continueErrorOutput', parameters: createPage(), answer: slow });
		expect(routed(continued.result)[0]).toHaveLength(3);
		expect(continued.result.elapsedMs).toBeLessThan(1500);
		const stopping = await run({ items: 3, parameters: createPage(), answer: slow });
		expect(routed(stopping.result)[0]).toHaveLength(3);
		expect(stopping.result.elapsedMs).toBeGreaterThanOrEqual(3000);
	});

	it.each([
		['the text "OK"', 'OK'],
		['an object Notion never sends', { object: 'page_v2', id: PAGE }],
		['an empty body', ''],
	])('17.4 a create answered 200 with %s is never Success nor a Retry that says try again: check in Notion first', async (_name, body) => {
		const stopped = await run({ parameters: createPage(), answer: () => ok(body) });
		expect(stopped.sent).toHaveLength(1);
		const error = thrown(stopped.result);
		expect(error.message).toMatch(/^Item 0: Notion may have done this write/);
		expect(error.description).toMatch(/may have done it: check in Notion whether the change is there before sending it again\./);
		expect(`${error.message} ${error.description}`).not.toMatch(/try again/i);

		const continued = await run({ parameters: createPage(), answer: () => ok(body), onError: 'continueErrorOutput' });
		const outputs = withErrorOutput(routed(continued.result));
		expect(outputs.map((items) => items.length)).toEqual([0, 0, 0, 0, 1]);
		expect(outputs[4][0].json.error).toMatch(/^Item 0: Notion may have done this write/);
	});

	it('17.4 classify: a garbled 2xx is write_unconfirmed for a write, bad_response for a read, a query, a search or an unknown call', () => {
		const garbled200 = (call?: { method: string; path: string }) => classify({ phase: 'api', status: 200, body: 'OK', call });
		for (const call of [{ method: 'POST', path: '/v1/pages' }, { method: 'PATCH', path: `/v1/pages/${PAGE}` }, { method: 'DELETE', path: `/v1/blocks/${PAGE}` }, { method: 'POST', path: '/v1/comments' }]) {
			expect(garbled200(call)).toMatchObject({ verdict: 'error', reason: 'write_unconfirmed', httpStatus: 200, call });
		}
		for (const call of [undefined, { method: 'GET', path: `/v1/pages/${PAGE}` }, { method: 'POST', path: `/v1/data_sources/${SOURCE}/query` }, { method: 'POST', path: `/v1/databases/${SOURCE}/query` }, { method: 'POST', path: '/v1/search' }]) {
			expect(garbled200(call)).toMatchObject({ verdict: 'retry', reason: 'bad_response' });
		}
	});

	it('17.4 a read answered 200 with a garbled body still goes to Retry (bad_response): asking again changes nothing', async () => {
		for (const parameters of [{ operation: 'getPage', pageId: PAGE }, { operation: 'queryDataSource', dataSourceId: SOURCE, body: '{}', returnAll: false, limit: 5 }]) {
			const { result } = await run({ parameters, answer: () => ok('OK') });
			const retry = routed(result)[3];
			expect(retry.map((item) => (item.json.notionRequest as IDataObject).reason)).toEqual(['bad_response']);
		}
	});

	it.each<[string, unknown, RegExp]>([
		['the text "ten"', 'ten', /the text "ten"/],
		['nothing (an expression that gives nothing)', undefined, /empty/],
		['null', null, /null/],
		['0', 0, /the number 0/],
		['2.5', 2.5, /the number 2\.5/],
		['NaN', Number.NaN, /the number NaN/],
		['the text "10"', '10', /Number\(…\)/],
	])('17.7 a Limit of %s is refused before any request, naming the item', async (_name, limit, said) => {
		const { result, sent } = await run({ items: 2, parameters: { operation: 'queryDataSource', dataSourceId: SOURCE, body: '{}', returnAll: false, limit: (i: number) => (i === 1 ? limit : 5) }, answer: () => list(true) });
		expect(sent).toHaveLength(0);
		const error = thrown(result);
		expect(error.message).toMatch(/^Item 1: Limit must be a whole number of at least 1, but it is /);
		expect(error.message).toMatch(said);
	});

	it('17.7 a numeric option that is not a number is refused before any request; under Continue each item names itself', async () => {
		for (const [option, value] of [['maxWaitSeconds', 'ten'], ['timeoutSeconds', Number.NaN], ['requestsPerSecond', '3'], ['maxWaitSeconds', undefined], ['waitOnRateLimit', 'false']] as const) {
			const parameters = { operation: 'getPage', pageId: PAGE, options: { requestsPerSecond: 1000, [option]: value } };
			const stopped = await run({ items: 2, parameters });
			expect({ option, sent: stopped.sent.length }).toEqual({ option, sent: 0 });
			expect(thrown(stopped.result).message).toMatch(/^Item 0: The option "[^"]+" must be/);
			const continued = await run({ items: 2, parameters, onError: 'continueRegularOutput' });
			expect(continued.sent).toHaveLength(0);
			expect(routed(continued.result)[3].map((item) => String(item.json.error).slice(0, 8))).toEqual(['Item 0: ', 'Item 1: ']);
		}
	});

	it.each([
		['PATCH', '/v1/pages/{id}', PAGE],
		['DELETE', '/v1/blocks/{id}', PAGE],
		['POST', '/v1/pages', ''],
		['POST', '/v1/comments', ''],
	])('17.8 a custom %s %s with Return All is refused before it is sent: a write is sent at most once', async (method, path, reference) => {
		const { result, sent } = await run({ parameters: { operation: 'custom', method, path, reference, body: '{}', returnAll: true }, answer: () => list(true) });
		expect(sent).toHaveLength(0);
		expect(thrown(result).message).toMatch(/^Item 0: Return All sends the request again for each next page, so it is only for reads/);
	});

	it('17.8 Return All still pages a custom GET and POSTs to the query and search endpoints', async () => {
		for (const [method, path, reference] of [['GET', '/v1/blocks/{id}/children', PAGE], ['POST', '/v1/data_sources/{id}/query', SOURCE], ['POST', '/v1/databases/{id}/query', SOURCE], ['POST', '/v1/search', '']]) {
			const { result, sent } = await run({ parameters: { operation: 'custom', method, path, reference, body: '{}', returnAll: true }, answer: (_request, n) => list(n < 2, n) });
			expect({ path, sent: sent.length }).toEqual({ path, sent: 3 });
			expect(routed(result)[0]).toHaveLength(3);
		}
	});

	it('17.8 whatever the caller asks, fetchPages never follows the cursor of a write', async () => {
		for (const method of ['POST', 'PATCH', 'DELETE'] as const) {
			let sends = 0;
			const paged = await fetchPages({ method, path: `/v1/blocks/${PAGE}/children` }, async () => (sends++, { ok: true as const, response: { body: { object: 'list', results: [{}], has_more: true, next_cursor: `c${sends}` } } }), { returnAll: true, limit: 0 });
			expect({ method, sends, problem: paged.problem }).toEqual({ method, sends: 1, problem: undefined });
		}
	});

	it.each(['PUT', 'TRACE', 'get', 'GET\r\nX-Injected: 1', ' GET', 'toString', '__proto__', undefined, 5])('17.9 the method %j is refused before any request, naming the item', async (method) => {
		const { result, sent } = await run({ items: 2, parameters: { operation: 'custom', method: (i: number) => (i === 1 ? method : 'GET'), path: '/v1/users/me', reference: '' } });
		expect(sent).toHaveLength(0);
		const error = thrown(result);
		expect(error.message).toMatch(/^Item 1: The method must be one of "GET", "POST", "PATCH", "DELETE", but it is .* Notion's API takes no other method\.$/s);
		expect(error.message).not.toContain('\n');
	});

	it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'])('17.10 the operation %s is refused before any request; no lookup reaches an inherited key', async (operation) => {
		const { result, sent } = await run({ parameters: { operation, pageId: PAGE, method: 'GET', path: '/v1/users/me' } });
		expect(sent).toHaveLength(0);
		expect(thrown(result).message).toMatch(new RegExp(`^Item 0: The operation must be one of .* but it is the text "${operation}"\\.$`));
	});

	it('17.10 every options parameter is checked: Authentication, Notion API Version and Output', async () => {
		for (const [parameters, said] of [
			[{ authentication: 'toString' }, /^Item 0: Authentication must be one of/],
			[{ options: { notionVersion: '__proto__' } }, /^Item 0: The option "Notion API Version" must be one of "2022-06-28"/],
			[{ options: { notionVersion: '2025-09-03\r\nX-Injected: 1' } }, /^Item 0: The option "Notion API Version" must be one of/],
			[{ options: { output: 'constructor' } }, /^Item 0: The option "Output" must be one of "perCall", "perResult"/],
		] as const) {
			const { result, sent } = await run({ parameters: { operation: 'getPage', pageId: PAGE, ...parameters } });
			expect({ parameters, sent: sent.length }).toEqual({ parameters, sent: 0 });
			expect(thrown(result).message).toMatch(said);
		}
	});

	it('17.10 a custom path with a segment named like an inherited key is sent as written, never as /v1/undefined/', async () => {
		for (const segment of ['toString', '__proto__', 'constructor']) {
			const { sent } = await run({ parameters: { operation: 'custom', method: 'GET', path: `/v1/${segment}/{id}`, reference: PAGE }, answer: () => refused(400, 'invalid_request_url', 'Invalid request URL.') });
			expect(sent.map((request) => request.path)).toEqual([`/v1/${segment}/${PAGE}`]);
		}
	});

	it.each<[unknown, string]>([
		[42, 'the number 42'],
		[{ path: '/v1/users/me' }, 'an object'],
		[['/v1/users/me'], 'a list'],
		[null, 'null'],
	])('17 (smaller) a custom path of %j is reported as what it is, not as empty', async (path, said) => {
		const { result, sent } = await run({ parameters: { operation: 'custom', method: 'GET', path, reference: '' } });
		expect(sent).toHaveLength(0);
		expect(thrown(result).message).toBe(`Item 0: The path must be text, such as /v1/pages/{id}, but it is ${said}.`);
	});

	it('17 (smaller) a 403 names the capability the call needs: Insert content to create or append, Update content to change or delete, Read content to read', async () => {
		const cases: Array<[Record<string, unknown>, string]> = [
			[createPage(), 'Insert content'],
			[{ operation: 'appendBlockChildren', blockId: PAGE, body: '{"children":[]}' }, 'Insert content'],
			[{ operation: 'updatePage', pageId: PAGE, body: '{"properties":{}}' }, 'Update content'],
			[{ operation: 'trashPage', pageId: PAGE }, 'Update content'],
			[{ operation: 'custom', method: 'DELETE', path: '/v1/blocks/{id}', reference: PAGE, body: '' }, 'Update content'],
			[{ operation: 'custom', method: 'POST', path: '/v1/comments', reference: '', body: '{}' }, 'Insert comments'],
			[{ operation: 'getPage', pageId: PAGE }, 'Read content'],
			[{ operation: 'queryDataSource', dataSourceId: SOURCE, body: '{}', returnAll: true }, 'Read content'],
			[{ operation: 'search', body: '{}', returnAll: true }, 'Read content'],
		];
		for (const [parameters, capability] of cases) {
			const { result } = await run({ parameters, answer: () => refused(403, 'restricted_resource', 'Insufficient permissions for this endpoint.') });
			const [item] = routed(result)[2];
			const remediation = String((item.json.notionRequest as IDataObject).remediation);
			expect({ parameters, remediation }).toEqual({ parameters, remediation: expect.stringContaining(`the "${capability}" capability`) });
		}
	});

	it('21 the Request node\'s wording: Output Field names Success, no lower-case "notion" in an action, the subtitle is the operation\'s own name', () => {
		const options = properties.find((property) => property.name === 'options')?.options as Array<{ name: string; description?: string }>;
		expect(options.find((option) => option.name === 'outputField')?.description).toMatch(/^The field that items on Success, Reauthorize, Share Page and Retry get/);
		const operation = properties.find((property) => property.name === 'operation')?.options as Array<{ action: string }>;
		expect(operation.map((option) => option.action).filter((action) => /\bnotion\b/.test(action))).toEqual([]);
		// The subtitle as n8n evaluates it: the expression between {{ and }}, with $parameter.
		const expression = /^=\{\{(.*)\}\}$/s.exec(SUBTITLE)?.[1] ?? '';
		const subtitle = (parameter: Record<string, string>) => new Function('$parameter', `return (${expression});`)(parameter) as string;
		for (const preset of PRESETS) expect(subtitle({ operation: preset.value })).toBe(preset.name);
		expect(subtitle({ operation: 'getPage' })).toBe('Retrieve a Page');
		expect(subtitle({ operation: 'custom', method: 'PATCH', path: '/v1/pages/{id}' })).toBe('PATCH /v1/pages/{id}');
	});
});
