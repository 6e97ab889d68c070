/**
 * The Access Check and the Watch on Notion-Version 2026-12-01, against the emulator in process,
 * which plays that version's changes (search answers each page's title alone, person names may be
 * null, status groups, markdown v2). Each case runs on 2025-09-03 and 2026-12-01 and expects the
 * same verdicts: nothing either node reads changed. The Trigger's own cases are in trigger-node.test.ts.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { NotionAccessCheck } from '../../nodes/NotionAccessCheck/NotionAccessCheck.node';
import { NotionAccessWatch } from '../../nodes/NotionAccessWatch/NotionAccessWatch.node';
import { TRACKER, trackerSeed, WORLD } from '../emulator';
import { useEmulator } from '../emulator/testing';

const emulator = useEmulator();
const SECRET = WORLD.internalIntegration.secret;
const VERSIONS = ['2025-09-03', '2026-12-01'];

/** What n8n's request helper does for notionApi: add the bearer token, send (query string included), answer the full response. */
async function send(_type: string, request: { url: string; method: string; headers: Record<string, string>; body?: unknown }) {
	const target = new URL(request.url);
	const response = await fetch(`${emulator().url}${target.pathname}${target.search}`, {
		method: request.method,
		headers: { ...request.headers, authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
		body: request.body === undefined ? undefined : JSON.stringify(request.body),
	});
	const headers: Record<string, string> = {};
	response.headers.forEach((value, name) => (headers[name] = value));
	return { statusCode: response.status, body: await response.text(), headers };
}

const node = (name: string, type: string) => ({ name, type, typeVersion: 1, credentials: { notionApi: { id: 'c1', name: 'Notion (fake)' } } });

function checkContext(items: INodeExecutionData[], notionVersion: string, parameters: Record<string, unknown> = {}): IExecuteFunctions {
	const params: Record<string, unknown> = { authentication: 'notionApi', check: 'resource', resourceType: 'auto', options: { requestsPerSecond: 1e6, notionVersion }, ...parameters };
	return {
		getInputData: () => items,
		getNode: () => node('Check', 'n8n-nodes-notion-access.notionAccessCheck'),
		getNodeParameter: (name: string, index: number, fallback?: unknown) => (name === 'resource' ? items[index].json.resource : name in params ? params[name] : fallback),
		getCredentials: async () => ({ apiKey: SECRET }),
		continueOnFail: () => false,
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: { httpRequestWithAuthentication: send },
	} as unknown as IExecuteFunctions;
}

function watchContext(parameters: Record<string, unknown>, staticData: IDataObject, notionVersion: string): IPollFunctions {
	const params: Record<string, unknown> = { authentication: 'notionApi', options: { requestsPerSecond: 1e6, notionVersion }, ...parameters };
	return {
		getNode: () => node('Watch', 'n8n-nodes-notion-access.notionAccessWatch'),
		getNodeParameter: (name: string, fallback?: unknown) => (name in params ? params[name] : fallback),
		getCredentials: async () => ({ apiKey: SECRET }),
		getWorkflowStaticData: () => staticData,
		getMode: () => 'trigger',
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: { httpRequestWithAuthentication: send },
	} as unknown as IPollFunctions;
}

/** Each item's verdict, reason, kind and title, by output: what a builder routes on. */
async function check(resources: string[], notionVersion: string) {
	const items = resources.map((resource) => ({ json: { resource } }));
	const outputs = (await new NotionAccessCheck().execute.call(checkContext(items, notionVersion))) as INodeExecutionData[][];
	return outputs.map((output) =>
		output.map((item) => {
			const access = item.json.notionAccess as { verdict: string; reason: string; resource?: { id?: string; type?: string; title?: string } };
			return { input: item.json.resource, verdict: access.verdict, reason: access.reason, type: access.resource?.type, title: access.resource?.title };
		}),
	);
}

const watchEvents = (result: INodeExecutionData[][] | null) => (result?.[0] ?? []).map((item) => item.json as IDataObject);

describe('Access Check on Notion-Version 2026-12-01', () => {
	it('the same verdict, kind and title for every kind of resource as on 2025-09-03', async () => {
		emulator().control.reset(trackerSeed());
		emulator().control.setModes({ rateLimit: null });
		const resources = [
			WORLD.pages.sharedRoot.id,
			WORLD.pages.databaseRow.id,
			TRACKER.rows.ship.id,
			WORLD.database.id,
			WORLD.dataSource.id,
			TRACKER.tasks.id,
			WORLD.block.id,
			WORLD.pages.trashed.id,
			WORLD.pages.unshared.id,
			WORLD.missingId,
		];
		const [before, after] = [await check(resources, VERSIONS[0]), await check(resources, VERSIONS[1])];
		expect(after).toEqual(before);
		// Access OK, Reauthorize, Share Page, Retry: the readable ones OK with their titles (a paragraph has none), the rest Share Page.
		expect(after[0].map((item) => item.title)).toEqual([WORLD.pages.sharedRoot.title, expect.any(String), TRACKER.rows.ship.title, WORLD.database.title, WORLD.dataSource.title, TRACKER.tasks.title, undefined]);
		expect(after[2].map((item) => item.reason)).toEqual(['in_trash', 'not_shared_or_missing', 'not_shared_or_missing']);
		expect([after[1], after[3]]).toEqual([[], []]);
	});

	it('the token check names the bot and workspace as before', async () => {
		const items = [{ json: {} }];
		const run = async (notionVersion: string) => ((await new NotionAccessCheck().execute.call(checkContext(items, notionVersion, { check: 'token' }))) as INodeExecutionData[][])[0][0].json.notionAccess as IDataObject;
		const [before, after] = [await run(VERSIONS[0]), await run(VERSIONS[1])];
		expect(after).toMatchObject({ verdict: 'access_ok', reason: 'token_valid', integration: before.integration });
		expect((after.integration as IDataObject).name).toBe(WORLD.internalIntegration.name);
	});
});

describe('Access Watch on Notion-Version 2026-12-01', () => {
	it.each(VERSIONS)('%s: listed resources lost and restored once each; everything shared found and gone through search', async (notionVersion) => {
		const page = WORLD.pages.sharedRoot.id;
		const listed = { watch: 'list', resourceInput: 'lines', resourcesText: `${page}\n${WORLD.dataSource.id}` };
		const data: IDataObject = {};
		expect(await new NotionAccessWatch().poll.call(watchContext(listed, data, notionVersion))).toBeNull();
		emulator().control.unshareObject(page);
		const lost = watchEvents(await new NotionAccessWatch().poll.call(watchContext(listed, data, notionVersion)));
		expect(lost.map((event) => [event.event, (event.resource as IDataObject).id])).toEqual([
			['access_lost', page],
			['access_lost', WORLD.dataSource.id],
		]);
		emulator().control.shareObject(page);
		expect(watchEvents(await new NotionAccessWatch().poll.call(watchContext(listed, data, notionVersion))).map((event) => event.event)).toEqual(['access_restored', 'access_restored']);

		// Search answers titles alone on 2026-12-01: discovery needs no more than ids and titles.
		const searched: IDataObject = {};
		expect(await new NotionAccessWatch().poll.call(watchContext({ watch: 'search' }, searched, notionVersion))).toBeNull();
		emulator().control.shareObject(WORLD.pages.unshared.id);
		const found = watchEvents(await new NotionAccessWatch().poll.call(watchContext({ watch: 'search' }, searched, notionVersion)));
		expect(found).toContainEqual(expect.objectContaining({ event: 'newly_visible', verdict: 'access_ok', resource: expect.objectContaining({ id: WORLD.pages.unshared.id, title: WORLD.pages.unshared.title }) }));
		emulator().control.unshareObject(WORLD.pages.unshared.id);
		const gone = watchEvents(await new NotionAccessWatch().poll.call(watchContext({ watch: 'search' }, searched, notionVersion)));
		expect(gone.find((event) => (event.resource as IDataObject).id === WORLD.pages.unshared.id)).toMatchObject({ event: 'no_longer_visible', verdict: 'share_page' });
	});
});
