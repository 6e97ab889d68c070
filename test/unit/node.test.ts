/**
 * The node's execute loop without n8n: routing, item conservation, pairedItem, dedupe, bad input
 * and the AI-tool variant, against answers the emulator gave for real. Real n8n runs the same
 * paths end to end in test/e2e/access-check.e2e.test.ts.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { NotionAccessCheck } from '../../nodes/NotionAccessCheck/NotionAccessCheck.node';
import { FAKE_ACCESS_TOKEN, FAKE_CLIENT_SECRET, FAKE_REFRESH_TOKEN, fakeContext, recordAnswers, type FakeOptions, type Recorded } from '../support/fakeExecution';
import { type ApiAnswer, FakeN8nCore, type OnError, type SentRequest, withErrorOutput } from '../support/fakeN8nCore';

let answers: Map<string, Recorded>;
let shared: string[];
let unshared: string[];

beforeAll(async () => {
	const recorded = await recordAnswers({ shared: 3, unshared: 2 });
	answers = recorded.answers;
	({ shared, unshared } = recorded.world);
});

async function run(items: INodeExecutionData[], options: FakeOptions = {}) {
	let requests = 0;
	const ctx = fakeContext(items, answers, { ...options, onRequest: () => requests++ });
	const outputs = (await new NotionAccessCheck().execute.call(ctx)) as INodeExecutionData[][];
	return { outputs, requests };
}

const reasonsByOutput = (outputs: INodeExecutionData[][]) =>
	outputs.map((items) => items.map((item) => (item.json.notionAccess as { reason: string } | undefined)?.reason ?? item.json.error));

describe('Notion Access Check execute()', () => {
	it('sends every item out once, on its verdict\'s output, paired with its input, asking each page once', async () => {
		const ids = [shared[0], unshared[0], shared[0], shared[1], unshared[0], shared[0]];
		const items = ids.map((resource, n) => ({ json: { resource, n } }));
		const { outputs, requests } = await run(items);
		expect(reasonsByOutput(outputs)).toEqual([
			['accessible', 'accessible', 'accessible', 'accessible'],
			[],
			['not_shared_or_missing', 'not_shared_or_missing'],
			[],
		]);
		const paired = outputs.flat().map((item) => (item.pairedItem as { item: number }).item).sort();
		expect(paired).toEqual([0, 1, 2, 3, 4, 5]);
		for (const item of outputs.flat()) expect(item.json.n).toBe((item.pairedItem as { item: number }).item);
		// users/me, three distinct pages, and the unshared one once more as a data source (a data
		// source id asked at /pages is a plain 404)
		expect(requests).toBe(1 + 3 + 1);
		const text = JSON.stringify(outputs);
		for (const secret of [FAKE_ACCESS_TOKEN, FAKE_REFRESH_TOKEN, FAKE_CLIENT_SECRET]) expect(text).not.toContain(secret);
	});

	it('as an AI tool sends every verdict out of the first output, the only one an agent is given', async () => {
		const items = [shared[0], unshared[0]].map((resource) => ({ json: { resource } }));
		const { outputs } = await run(items, { nodeType: 'n8n-nodes-notion-access.notionAccessCheckTool' });
		expect(outputs[0].map((item) => (item.json.notionAccess as { verdict: string }).verdict)).toEqual(['access_ok', 'share_page']);
		expect(outputs.slice(1).flat()).toEqual([]);
	});

	it('rejects a reference that is not a Notion id or link before asking Notion, naming the item', async () => {
		const items = [{ json: { resource: shared[0] } }, { json: { resource: '../../v1/users' } }];
		const failing = run(items);
		await expect(failing).rejects.toBeInstanceOf(NodeOperationError);
		await expect(failing).rejects.toThrow(/^Item 1: /);
	});

	it('with On Error set to continue, passes a bad reference on as an error item and checks the rest', async () => {
		const items = [{ json: { resource: 'https://example.com/not-notion' } }, { json: { resource: shared[2] } }];
		const { outputs } = await run(items, { continueOnFail: true });
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].json.notionAccess).toMatchObject({ verdict: 'access_ok' });
		// never Access OK: an error item leaves by Retry (n8n moves it to the Error output when that is on)
		expect(outputs[3]).toEqual([{ json: { error: expect.stringMatching(/^Item 0: /) }, pairedItem: { item: 0 } }]);
	});
});

describe('Notion Access Check execute() when a parameter cannot be read', () => {
	it('names the item in the error, whatever threw', async () => {
		const items = [{ json: { resource: shared[0] } }, { json: { resource: shared[1] } }];
		const ctx = fakeContext(items, answers);
		const getNodeParameter = ctx.getNodeParameter.bind(ctx);
		ctx.getNodeParameter = ((name: string, itemIndex: number, fallback?: unknown) => {
			if (name === 'resource' && itemIndex === 1) throw new Error('invalid syntax in expression');
			return getNodeParameter(name, itemIndex, fallback);
		}) as typeof ctx.getNodeParameter;
		await expect(new NotionAccessCheck().execute.call(ctx)).rejects.toThrow('Item 1: invalid syntax in expression');
	});
});

describe('Notion Access Check: what a hostile review found (issue 17)', () => {
	const PAGE = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
	const MODES: OnError[] = ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'];
	const notionAnswer = (status: number, code: string, message: string): ApiAnswer => ({ kind: 'http', status, body: { object: 'error', status, code, message, request_id: 'req-1' } });
	const pageBody = (request: SentRequest) => ({ object: 'page', id: request.path.split('/')[3], in_trash: false, properties: {} });
	const routed = (core: FakeN8nCore, outputs: INodeExecutionData[][], onError: OnError) => (onError === 'continueErrorOutput' ? withErrorOutput(outputs) : outputs);

	it('17.2 a notionOAuth2Api credential with no refresh token goes to Reauthorize', async () => {
		for (const line of ['1.x', '2.x'] as const) {
			for (const onError of MODES) {
				const core = new FakeN8nCore({
					items: [{ json: { resource: PAGE } }, { json: { resource: PAGE } }],
					credentialType: 'notionOAuth2Api',
					line,
					onError,
					// connected before Notion issued refresh tokens: an access token and nothing to renew it with
					stored: { clientId: 'fake-client-id', clientSecret: FAKE_CLIENT_SECRET, oauthTokenData: { access_token: FAKE_ACCESS_TOKEN } },
					script: { api: () => notionAnswer(401, 'unauthorized', 'API token is invalid.') },
				});
				const outputs = routed(core, (await new NotionAccessCheck().execute.call(core.context())) as INodeExecutionData[][], onError);
				expect(outputs.map((items) => items.length)).toEqual(onError === 'continueErrorOutput' ? [0, 2, 0, 0, 0] : [0, 2, 0, 0]);
				for (const item of outputs[1]) {
					expect(item.json.notionAccess).toMatchObject({ verdict: 'reauthorize', reason: 'no_refresh_token' });
					expect((item.json.notionAccess as IDataObject).remediation).toMatch(/credential "Notion \(fake\)" .*click Reconnect\.$/);
				}
				expect(core.tokenRequests).toHaveLength(0);
			}
		}
	});

	it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'])(
		'17.10 a link whose path segment is %s never makes the node ask /v1/undefined',
		async (segment) => {
			const links = [`https://api.notion.com/v1/${segment}/${PAGE}`, `https://www.notion.so/${segment}/${PAGE.replace(/-/g, '')}`];
			const core = new FakeN8nCore({
				items: links.map((resource) => ({ json: { resource } })),
				script: { api: (request) => (request.path === '/v1/users/me' ? { kind: 'http', status: 200, body: { object: 'user', id: 'bot' } } : { kind: 'http', status: 200, body: pageBody(request) }) },
			});
			const outputs = (await new NotionAccessCheck().execute.call(core.context())) as INodeExecutionData[][];
			// The token and the first resource are checked side by side (issue 17.12): the order is not the point.
			expect(core.requests.map((request) => request.path).sort()).toEqual([`/v1/pages/${PAGE}`, '/v1/users/me']);
			expect(outputs[0]).toHaveLength(2);
		},
	);

	it.each([
		['resourceType', 'Resource Type', 'toString'],
		['resourceType', 'Resource Type', '__proto__'],
		['resourceType', 'Resource Type', 'Page'],
		['resourceType', 'Resource Type', ''],
		['check', 'Check', 'constructor'],
		['authentication', 'Authentication', 'hasOwnProperty'],
		['options', 'Notion API Version', { notionVersion: 'toString' }],
	])('17.10 an unknown %s (%s = %j) is an error naming the item, before any request', async (name, displayName, value) => {
		for (const onError of MODES) {
			const core = new FakeN8nCore({ items: [{ json: { resource: PAGE } }, { json: { resource: PAGE } }], onError, parameters: { [name]: value }, script: { api: () => notionAnswer(500, 'internal_server_error', 'never asked') } });
			const running = new NotionAccessCheck().execute.call(core.context());
			const problem = new RegExp(`^Item (\\d): The parameter "${displayName}" is .*, which is not one of its choices: .*\\.$`);
			if (onError === 'stopWorkflow') {
				await expect(running).rejects.toThrow(problem);
			} else {
				const outputs = routed(core, (await running) as INodeExecutionData[][], onError);
				const errors = outputs[onError === 'continueErrorOutput' ? 4 : 3];
				expect(errors.map((item) => String(item.json.error).replace(problem, 'Item $1'))).toEqual(['Item 0', 'Item 1']);
				expect(outputs[0]).toEqual([]);
			}
			expect(core.requests).toHaveLength(0);
		}
	});
});
