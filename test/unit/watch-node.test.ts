/**
 * The watch's poll() against the emulator in process, with the least of IPollFunctions it uses.
 * Real n8n runs it in test/e2e/watch.e2e.test.ts; this is the quick loop over the same rules.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { NotionAccessWatch } from '../../nodes/NotionAccessWatch/NotionAccessWatch.node';
import { pagesSeed, WORLD } from '../emulator';
import { useEmulator } from '../emulator/testing';
import { FakeN8nCore } from '../support/fakeN8nCore';

const emulator = useEmulator();
const node = new NotionAccessWatch();
const SECRET = WORLD.internalIntegration.secret;

function context(parameters: Record<string, unknown>, staticData: IDataObject, mode = 'trigger'): IPollFunctions {
	const params: Record<string, unknown> = { authentication: 'notionApi', options: { requestsPerSecond: 1e6 }, ...parameters };
	const ctx = {
		getNode: () => ({ name: 'Watch', type: 'n8n-nodes-notion-access.notionAccessWatch', credentials: { notionApi: { id: 'c1', name: 'Notion (fake)' } } }),
		getNodeParameter: (name: string, fallback?: unknown) => (name in params ? params[name] : fallback),
		getCredentials: async () => ({ apiKey: SECRET }),
		getWorkflowStaticData: () => staticData,
		getMode: () => mode,
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: {
			// What n8n's request helper does for notionApi: add the bearer token, send, answer the full response.
			httpRequestWithAuthentication: async (_type: string, request: { url: string; method: string; headers: Record<string, string>; body?: unknown }) => {
				const response = await fetch(`${emulator().url}${new URL(request.url).pathname}`, {
					method: request.method,
					headers: { ...request.headers, authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
					body: request.body === undefined ? undefined : JSON.stringify(request.body),
				});
				const headers: Record<string, string> = {};
				response.headers.forEach((value, name) => (headers[name] = value));
				return { statusCode: response.status, body: await response.text(), headers };
			},
		},
	};
	return ctx as unknown as IPollFunctions;
}

const events = (result: Awaited<ReturnType<NotionAccessWatch['poll']>>) => (result?.[0] ?? []).map((item) => item.json);
const restRequests = () => emulator().control.getLog().filter((entry) => entry.path.startsWith('/v1/')).length;

describe('Notion Access Watch poll()', () => {
	const page = WORLD.pages.sharedRoot.id;
	const list = { watch: 'list', resourceInput: 'lines', resourcesText: `https://www.notion.so/acme/Team-Handbook-${page.replace(/-/g, '')}\n\n${page}` };

	it('baseline, then one access_lost naming the page and the integration, then nothing, then one access_restored', async () => {
		const data: IDataObject = {};
		expect(await node.poll.call(context(list, data))).toBeNull();
		emulator().control.unshareObject(page);
		const lost = events(await node.poll.call(context(list, data)));
		expect(lost).toHaveLength(1);
		expect(lost[0]).toMatchObject({
			event: 'access_lost',
			verdict: 'share_page',
			reason: 'not_shared_or_missing',
			resource: { id: page },
			previous: { verdict: 'access_ok', reason: 'accessible' },
		});
		expect(lost[0].remediation).toContain(WORLD.internalIntegration.name);
		expect(lost[0].remediation).toContain(page.replace(/-/g, ''));
		expect(await node.poll.call(context(list, data))).toBeNull();
		emulator().control.shareObject(page);
		expect(events(await node.poll.call(context(list, data)))).toMatchObject([{ event: 'access_restored', verdict: 'access_ok', previous: { verdict: 'share_page' } }]);
	});

	it('an outage (503 for everything) is one outage_started and one outage_ended', async () => {
		const data: IDataObject = {};
		await node.poll.call(context(list, data));
		emulator().control.addFault({ path: '/v1/*', count: 1000, fault: 'http503' });
		expect(events(await node.poll.call(context(list, data)))).toMatchObject([{ event: 'outage_started', verdict: 'retry', reason: 'service_unavailable' }]);
		expect(await node.poll.call(context(list, data))).toBeNull();
		emulator().control.clearFaults();
		expect(events(await node.poll.call(context(list, data)))).toMatchObject([{ event: 'outage_ended', verdict: 'access_ok' }]);
	});

	it('discovery: newly shared shows up once the index caught up; unshared is reported after a GET confirms it', async () => {
		const data: IDataObject = {};
		const watch = { watch: 'search' };
		expect(await node.poll.call(context(watch, data))).toBeNull();
		emulator().control.setModes({ searchIndexDelayMs: 3_600_000 });
		emulator().control.shareObject(WORLD.pages.unshared.id);
		expect(await node.poll.call(context(watch, data))).toBeNull();
		emulator().control.setModes({ searchIndexDelayMs: 0 });
		// the page and, inside it, the Finance database's data source: sharing a page shares what is under it
		const found = events(await node.poll.call(context(watch, data)));
		expect(found).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ event: 'newly_visible', verdict: 'access_ok', resource: expect.objectContaining({ id: WORLD.pages.unshared.id, title: WORLD.pages.unshared.title }) }),
				expect.objectContaining({ event: 'newly_visible', resource: expect.objectContaining({ type: 'data_source', title: WORLD.unsharedDatabase.title }) }),
			]),
		);
		expect(found).toHaveLength(2);
		emulator().control.unshareObject(WORLD.pages.unshared.id);
		const gone = events(await node.poll.call(context(watch, data)));
		expect(gone).toHaveLength(2);
		expect(gone.find((item) => (item.resource as IDataObject).id === WORLD.pages.unshared.id)).toMatchObject({
			event: 'no_longer_visible',
			verdict: 'share_page',
			previous: { verdict: 'access_ok' },
		});
		expect(await node.poll.call(context(watch, data))).toBeNull();
	});

	it('manual mode returns the current state as events and keeps nothing', async () => {
		const data: IDataObject = {};
		const items = events(await node.poll.call(context(list, data, 'manual')));
		expect(items).toMatchObject([{ event: 'current_state', verdict: 'access_ok', resource: { id: page }, previous: null }]);
		expect(data).toEqual({});
	});

	it('with the health report: one item every poll, problems with their remediation', async () => {
		const data: IDataObject = {};
		const watch = { ...list, resourcesText: `${page}\n${WORLD.pages.unshared.id}`, emit: 'changesAndHealth' };
		const [health] = events(await node.poll.call(context(watch, data)));
		expect(health).toMatchObject({
			event: 'health_report',
			token: { verdict: 'access_ok' },
			counts: { byVerdict: { access_ok: 1, share_page: 1 }, byReason: { accessible: 1, not_shared_or_missing: 1 } },
			problems: [{ verdict: 'share_page', resource: { id: WORLD.pages.unshared.id } }],
			// an internal integration's secret is never refreshed; the counts since the last poll are kept in static data
			refreshes: { refreshes: 0, succeeded: 0, invalidGrant: 0, racesRecovered: 0, failed: 0 },
		});
		expect(data.refreshCounts).toEqual({ refreshes: 0, succeeded: 0, invalidGrant: 0, racesRecovered: 0, failed: 0 });
		expect(events(await node.poll.call(context(watch, data)))).toHaveLength(1);
	});

	it('a watch of 100 pages (the cap) sends at most 1 + 100 requests a poll', async () => {
		const { seed, shared } = pagesSeed({ shared: 100 });
		emulator().control.reset(seed);
		emulator().control.setModes({ rateLimit: null });
		const data: IDataObject = {};
		const watch = { watch: 'list', resourceInput: 'lines', resourcesText: shared.join('\n') };
		await node.poll.call(context(watch, data));
		expect(restRequests()).toBeLessThanOrEqual(101);
		emulator().control.clearLog();
		emulator().control.unshareObject(shared[7]);
		expect(events(await node.poll.call(context(watch, data)))).toMatchObject([{ event: 'access_lost', resource: { id: shared[7] } }]);
		expect(restRequests()).toBeLessThanOrEqual(101);
	});

	it('a list with types; a page moved to the trash and a capability taken away are lost access, each with its reason', async () => {
		const data: IDataObject = {};
		const watch = {
			watch: 'list',
			resourceInput: 'collection',
			resourceList: { resources: [{ resource: WORLD.pages.sharedChild.id, type: 'page' }, { resource: WORLD.database.id, type: 'database' }] },
		};
		expect(await node.poll.call(context(watch, data))).toBeNull();
		emulator().control.trashObject(WORLD.pages.sharedChild.id);
		expect(events(await node.poll.call(context(watch, data)))).toMatchObject([
			{ event: 'access_lost', verdict: 'share_page', reason: 'in_trash', resource: { id: WORLD.pages.sharedChild.id, type: 'page' } },
		]);
		emulator().control.restoreObject(WORLD.pages.sharedChild.id);
		emulator().control.setCapabilities(WORLD.internalIntegration.id, { readContent: false });
		expect(events(await node.poll.call(context(watch, data))).map((item) => [item.event, item.reason, (item.resource as IDataObject).type])).toEqual([
			['access_lost', 'missing_capability', 'database'],
		]);
	});

	it('token only: one request a poll; a token check that answers 503 is an outage, one event each way', async () => {
		const data: IDataObject = {};
		const watch = { watch: 'token' };
		expect(await node.poll.call(context(watch, data))).toBeNull();
		expect(restRequests()).toBe(1);
		emulator().control.addFault({ path: '/v1/users/me', count: 10, fault: 'http503' });
		expect(events(await node.poll.call(context(watch, data)))).toMatchObject([{ event: 'outage_started', verdict: 'retry' }]);
		emulator().control.clearFaults();
		expect(events(await node.poll.call(context(watch, data)))).toMatchObject([{ event: 'outage_ended', verdict: 'access_ok', reason: 'token_valid' }]);
	});

	it('stops the poll with the line of a reference that is not a Notion ID or link', async () => {
		await expect(node.poll.call(context({ ...list, resourcesText: `${page}\nnot a page` }, {}))).rejects.toThrow(/^Resource 2: /);
	});

	it('17.11 more than 100 listed resources stop the poll with a clear error, before any request', async () => {
		const { missing } = pagesSeed({ shared: 0, missing: 2000 });
		for (const count of [101, 2000]) {
			const watch = { watch: 'list', resourceInput: 'lines', resourcesText: missing.slice(0, count).join('\n') };
			await expect(node.poll.call(context(watch, {}))).rejects.toThrow(`${count} different resources are listed; one Notion Access Watch takes at most 100.`);
		}
		expect(restRequests()).toBe(0);
	});

	it('17.11 a resource found at no endpoint costs one request a poll after the first', async () => {
		const { seed, missing } = pagesSeed({ shared: 0, missing: 100 });
		emulator().control.reset(seed);
		emulator().control.setModes({ rateLimit: null });
		const data: IDataObject = {};
		const watch = { watch: 'list', resourceInput: 'lines', resourcesText: missing.join('\n') };
		const perPoll: number[] = [];
		for (let poll = 0; poll < 4; poll++) {
			emulator().control.clearLog();
			await node.poll.call(context(watch, data));
			perPoll.push(restRequests());
		}
		// the token, then /pages and /data_sources for each; after that one endpoint each, in turn
		expect(perPoll).toEqual([1 + 200, 1 + 100, 1 + 100, 1 + 100]);
	}, 60_000);

	it.each([
		['watch', 'Watch', 'toString'],
		['watch', 'Watch', 'List'],
		['emit', 'Emit', '__proto__'],
		['resourceInput', 'Resources Given As', 'constructor'],
		['authentication', 'Authentication', 'hasOwnProperty'],
		['options', 'Notion API Version', { notionVersion: '' }],
	])('17.10 an unknown %s (%s = %j) stops the poll, naming the parameter, before any request', async (name, displayName, value) => {
		await expect(node.poll.call(context({ ...list, [name]: value }, {}))).rejects.toThrow(new RegExp(`^The parameter "${displayName}" is .*, which is not one of its choices: `));
		expect(restRequests()).toBe(0);
	});

	it('17.10 an unknown Type in the list of resources stops the poll, naming the resource, before any request', async () => {
		const watch = { watch: 'list', resourceInput: 'collection', resourceList: { resources: [{ resource: page, type: 'page' }, { resource: page, type: 'toString' }] } };
		await expect(node.poll.call(context(watch, {}))).rejects.toThrow(/^Resource 2: The parameter "Type" is "toString", which is not one of its choices: /);
		expect(restRequests()).toBe(0);
	});

	it('21 the Max Wait option speaks of no Retry output: the Watch has one output', () => {
		const options = node.description.properties.find((property) => property.name === 'options')?.options as Array<{ name: string; description?: string }>;
		const maxWait = options.find((option) => option.name === 'maxWaitSeconds');
		expect(node.description.outputs).toHaveLength(1);
		expect(maxWait?.description).toMatch(/next poll/);
		expect(maxWait?.description).not.toMatch(/\bRetry\b(?!-After)/);
	});

	it("17.10 search results whose kind or id is not Notion's are ignored, never asked or kept", async () => {
		const good = '5e000001-1111-4222-8333-000000000001';
		let searchResults: IDataObject[] = [
			{ object: 'toString', id: '5e000002-1111-4222-8333-000000000002' },
			{ object: 'constructor', id: '5e000003-1111-4222-8333-000000000003' },
			{ object: 'page', id: '__proto__' },
			{ object: 'page', id: '../../users/me' },
			{ object: 'page', id: good },
		];
		const core = new FakeN8nCore({
			items: [],
			credentialType: 'notionApi',
			nodeType: 'n8n-nodes-notion-access.notionAccessWatch',
			parameters: { watch: 'search', emit: 'changes', options: { requestsPerSecond: 1000 } },
			script: {
				api: (request) => {
					if (request.path === '/v1/users/me') return { kind: 'http', status: 200, body: { object: 'user', id: 'bot', name: 'Acme Sync' } };
					if (request.path === '/v1/search') return { kind: 'http', status: 200, body: { object: 'list', results: searchResults, has_more: false, next_cursor: null } };
					return { kind: 'http', status: 404, body: { object: 'error', status: 404, code: 'object_not_found', message: 'Could not find page.' } };
				},
			},
		});
		const data: IDataObject = {};
		await node.poll.call(core.pollContext(data));
		expect(Object.keys((data.watch as { resources: IDataObject }).resources)).toEqual([good]);
		searchResults = [];
		const gone = events(await node.poll.call(core.pollContext(data)));
		expect(gone).toMatchObject([{ event: 'no_longer_visible', resource: { id: good } }]);
		expect(core.requests.map((request) => request.path)).toEqual(['/v1/users/me', '/v1/search', '/v1/users/me', '/v1/search', `/v1/pages/${good}`]);
	});
});
