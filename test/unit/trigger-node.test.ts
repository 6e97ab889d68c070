/**
 * The Notion Trigger's poll() and its editor methods against the emulator in process, with the
 * least of IPollFunctions they use. Real n8n runs it in test/e2e/trigger.e2e.test.ts; the
 * exactly-once claim is proved in trigger.property.test.ts.
 */
import type { IDataObject, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

import { NotionTrigger } from '../../nodes/NotionTrigger/NotionTrigger.node';
import { defaultSeed, stableId, TRACKER, trackerSeed, WORLD } from '../emulator';
import { useEmulator } from '../emulator/testing';

const emulator = useEmulator();
const node = new NotionTrigger();
const SECRET = WORLD.internalIntegration.secret;
const SOURCE = WORLD.dataSource.id;
const ALL_EVENTS = ['page_added', 'page_updated', 'page_trashed', 'page_restored'];

function context(parameters: Record<string, unknown>, staticData: IDataObject, mode = 'trigger'): IPollFunctions & ILoadOptionsFunctions {
	const params: Record<string, unknown> = {
		authentication: 'notionApi',
		dataSource: { __rl: true, mode: 'id', value: SOURCE },
		events: ALL_EVENTS,
		simplify: true,
		options: { requestsPerSecond: 1e6 },
		...parameters,
	};
	const ctx = {
		getNode: () => ({ name: 'Trigger', type: 'n8n-nodes-notion-access.notionTrigger', credentials: { notionApi: { id: 'c1', name: 'Notion (fake)' } } }),
		getNodeParameter: (name: string, fallback?: unknown) => (name in params ? params[name] : fallback),
		getCredentials: async () => ({ apiKey: SECRET }),
		getWorkflowStaticData: () => staticData,
		getMode: () => mode,
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: {
			// What n8n's request helper does for notionApi: add the bearer token, send, answer the full response.
			httpRequestWithAuthentication: async (_type: string, request: { url: string; method: string; headers: Record<string, string>; body?: unknown }) => {
				const target = new URL(request.url);
				const response = await fetch(`${emulator().url}${target.pathname}${target.search}`, {
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
	return ctx as unknown as IPollFunctions & ILoadOptionsFunctions;
}

const items = (result: Awaited<ReturnType<NotionTrigger['poll']>>) => (result?.[0] ?? []).map((item) => item.json);
const addRow = (title: string) => emulator().control.addRow(SOURCE, { title }).id;
const status = (name: string) => ({ Status: { id: 'ZX%3B%7C', type: 'select', select: { name, color: 'default' } } });
const queries = () => emulator().control.getLog().filter((entry) => entry.path.endsWith('/query'));

describe('Notion Trigger poll()', () => {
	it('baseline reports nothing; then a new row, two edits within one minute, trash and restore, each once', async () => {
		const data: IDataObject = {};
		const early = addRow('Made before activation');
		expect(await node.poll.call(context({}, data))).toBeNull();

		const row = addRow('Launch plan');
		const added = items(await node.poll.call(context({}, data)));
		expect(added).toMatchObject([{ event: 'page_added', id: row, name: 'Launch plan', properties: { Name: 'Launch plan', Status: 'Active' }, changedProperties: null, dataSourceId: SOURCE }]);
		expect(await node.poll.call(context({}, data))).toBeNull();

		// Two edits in the same minute: n8n's own trigger drops the second; this one reports both.
		emulator().control.editPage(row, { properties: status('Doing') });
		expect(items(await node.poll.call(context({}, data)))).toMatchObject([{ event: 'page_updated', id: row, properties: { Status: 'Doing' }, changedProperties: ['Status'] }]);
		emulator().control.editPage(row, { title: 'Launch plan v2' });
		expect(items(await node.poll.call(context({}, data)))).toMatchObject([{ event: 'page_updated', name: 'Launch plan v2', changedProperties: ['Name'] }]);
		emulator().control.editPage(early, { properties: status('Done') });
		expect(items(await node.poll.call(context({}, data)))).toMatchObject([{ event: 'page_updated', id: early, changedProperties: ['Status'] }]);

		emulator().control.trashObject(row);
		expect(items(await node.poll.call(context({}, data)))).toMatchObject([{ event: 'page_trashed', id: row, inTrash: true }]);
		emulator().control.restoreObject(row);
		expect(items(await node.poll.call(context({}, data)))).toMatchObject([{ event: 'page_restored', id: row, inTrash: false }]);
		expect(await node.poll.call(context({}, data))).toBeNull();
	});

	it('only the chosen events; updates only when a watched property changed; the raw page on request', async () => {
		const data: IDataObject = {};
		const params = { events: ['page_updated'], watchedProperties: ['Status'], simplify: false };
		const row = addRow('Quiet');
		await node.poll.call(context(params, data));
		emulator().control.editPage(row, { title: 'Renamed' });
		expect(await node.poll.call(context(params, data))).toBeNull();
		emulator().control.trashObject(row);
		emulator().control.restoreObject(row);
		emulator().control.editPage(row, { properties: status('Done') });
		const [raw] = items(await node.poll.call(context(params, data)));
		expect(raw).toMatchObject({ event: 'page_updated', changedProperties: ['Status'], object: 'page', id: row, properties: { Status: { select: { name: 'Done' } } } });
		// No trash events chosen: one query a poll, the live one.
		expect(queries()).toHaveLength(3);
	});

	it('a data source no longer shared is one access_lost, then nothing, then one access_restored; an outage one event each way', async () => {
		const data: IDataObject = {};
		await node.poll.call(context({}, data));
		emulator().control.unshareObject(WORLD.pages.sharedRoot.id);
		const lost = items(await node.poll.call(context({}, data)));
		expect(lost).toMatchObject([{ event: 'access_lost', verdict: 'share_page', reason: 'not_shared_or_missing', resource: { id: SOURCE, type: 'data_source' } }]);
		expect(String(lost[0].remediation)).toContain(WORLD.internalIntegration.name);
		expect(await node.poll.call(context({}, data))).toBeNull();
		emulator().control.shareObject(WORLD.pages.sharedRoot.id);
		expect(items(await node.poll.call(context({}, data)))).toMatchObject([{ event: 'access_restored', verdict: 'access_ok' }]);

		emulator().control.addFault({ path: '/v1/*', count: 1000, fault: 'http503' });
		expect(items(await node.poll.call(context({}, data)))).toMatchObject([{ event: 'outage_started', verdict: 'retry', reason: 'service_unavailable' }]);
		expect(await node.poll.call(context({}, data))).toBeNull();
		emulator().control.clearFaults();
		const row = addRow('After the outage');
		expect(items(await node.poll.call(context({}, data)))).toMatchObject([{ event: 'outage_ended' }, { event: 'page_added', id: row }]);
		expect(JSON.stringify(data)).not.toContain(SECRET);
	});

	it('activation fails with what to do when the data source is not shared, and keeps nothing', async () => {
		const data: IDataObject = {};
		emulator().control.unshareObject(WORLD.pages.sharedRoot.id);
		await expect(node.poll.call(context({}, data))).rejects.toMatchObject({ message: expect.stringContaining('could not read the data source'), description: expect.stringContaining('Connections') });
		expect(data).toEqual({});
	});

	it('a database link resolves to its one data source; a database with two says which to pick', async () => {
		const data: IDataObject = {};
		const byDatabase = { dataSource: { __rl: true, mode: 'url', value: `https://www.notion.so/acme/${WORLD.database.id.replace(/-/g, '')}?v=5c1e2d3c4b5a69788796a5b4c3d2e1f0` } };
		await node.poll.call(context(byDatabase, data));
		const row = addRow('Via the database');
		expect(items(await node.poll.call(context(byDatabase, data)))).toMatchObject([{ event: 'page_added', id: row, dataSourceId: SOURCE }]);

		const seed = defaultSeed();
		seed.objects.push({ id: stableId('data-source:archive'), kind: 'data_source', title: 'Archive', parentId: WORLD.database.id });
		emulator().control.reset(seed);
		await expect(node.poll.call(context(byDatabase, {}))).rejects.toMatchObject({ message: expect.stringContaining('2 data sources'), description: expect.stringContaining('Archive') });
	});

	it('a plain string from an older workflow works; a reference that is not Notion stops with the field', async () => {
		expect(await node.poll.call(context({ dataSource: SOURCE.replace(/-/g, '') }, {}))).toBeNull();
		await expect(node.poll.call(context({ dataSource: 'not a link' }, {}))).rejects.toThrow(/Data Source:/);
	});

	it('Fetch Test Event: the last edited row as one item, nothing remembered', async () => {
		const data: IDataObject = {};
		const older = addRow('Older');
		const newest = addRow('Newest');
		const result = items(await node.poll.call(context({ events: ['page_updated'] }, data, 'manual')));
		expect(result).toHaveLength(1);
		expect(result[0]).toMatchObject({ event: 'page_updated', changedProperties: null });
		// Both were edited within this minute, which is all Notion's timestamps tell apart.
		expect([older, newest]).toContain(result[0].id);
		expect(data).toEqual({});
	});

	it('a poll reads at most Max Pages per Poll pages a query, and continues where it stopped', async () => {
		const data: IDataObject = {};
		const params = { events: ['page_added'], options: { requestsPerSecond: 1e6, maxPagesPerPoll: 1 } };
		await node.poll.call(context(params, data));
		const rows = Array.from({ length: 130 }, (_, i) => addRow(`Row ${i}`));
		emulator().control.clearLog();
		const first = items(await node.poll.call(context(params, data)));
		expect(queries()).toHaveLength(1);
		expect(first).toHaveLength(100);
		const second = items(await node.poll.call(context(params, data)));
		expect(new Set([...first, ...second].map((item) => item.id))).toEqual(new Set(rows));
		expect(first.length + second.length).toBe(130);
	});
});

describe('Notion Trigger on each Notion-Version it offers', () => {
	jest.setTimeout(60_000);
	// 2026-12-01: a query answers only the title unless filter_properties names the others.
	const VERSIONS = ['2025-09-03', '2026-03-11', '2026-12-01'];
	const TASKS = TRACKER.tasks.id;
	const onTasks = (notionVersion: string, extra: Record<string, unknown> = {}) => ({
		dataSource: { __rl: true, mode: 'id', value: TASKS },
		options: { requestsPerSecond: 1e6, notionVersion },
		...extra,
	});
	const restLog = () => emulator().control.getLog().filter((entry) => entry.path.startsWith('/v1/'));
	const resetToTracker = () => {
		emulator().control.reset(trackerSeed());
		emulator().control.setModes({ rateLimit: null });
	};

	/** Baseline, an Estimate edit, a new row: what a builder sees, and what the trigger asked, on one version. */
	async function scenario(notionVersion: string) {
		resetToTracker();
		// Edited just before activation: the baseline remembers it, so its changes are named.
		emulator().control.editPage(TRACKER.rows.docs.id, { properties: { Done: { type: 'checkbox', checkbox: true } } });
		const data: IDataObject = {};
		const watched = onTasks(notionVersion, { events: ['page_added', 'page_updated'], watchedProperties: ['Estimate'] });
		await node.poll.call(context(watched, data));
		emulator().control.clearLog();
		emulator().control.editPage(TRACKER.rows.docs.id, { properties: { Estimate: { type: 'number', number: 13 } } });
		const updated = items(await node.poll.call(context(watched, data)));
		const perPoll = restLog().map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
		// A change of an unwatched property alone is no event.
		emulator().control.editPage(TRACKER.rows.docs.id, { properties: { Notes: { type: 'rich_text', rich_text: [{ type: 'text', text: { content: 'unwatched' } }] } } });
		const unwatched = await node.poll.call(context(watched, data));
		const row = emulator().control.addRow(TASKS, { title: 'New task' }).id;
		const added = items(await node.poll.call(context(watched, data)));
		const raw = items(await node.poll.call(context(onTasks(notionVersion, { events: ['page_updated'], simplify: false }), {}, 'manual')));
		const strip = (item: IDataObject): IDataObject => ({ ...item, lastEditedTime: undefined, createdTime: undefined });
		return { updated: updated.map(strip), unwatched, added: added.map(strip), row, raw, perPoll };
	}

	it('reports the same events with every property, Simplify and raw, on 2025-09-03, 2026-03-11 and 2026-12-01', async () => {
		const names = Object.keys(trackerSeed().objects.find((object) => object.id === TASKS)!.schema!).sort();
		const results: Array<Awaited<ReturnType<typeof scenario>>> = [];
		for (const version of VERSIONS) results.push(await scenario(version));
		for (const result of results) {
			// Score is a formula of Estimate: it changed too.
			expect(result.updated).toMatchObject([{ event: 'page_updated', id: TRACKER.rows.docs.id, changedProperties: expect.arrayContaining(['Estimate', 'Score']), properties: { Estimate: 13, Stage: expect.any(String), Owner: [{ id: WORLD.user.id }] } }]);
			expect(Object.keys(result.updated[0].properties as IDataObject).sort()).toEqual(names);
			expect(result.unwatched).toBeNull();
			expect(result.added).toMatchObject([{ event: 'page_added', id: result.row, name: 'New task' }]);
			expect(Object.keys(result.added[0].properties as IDataObject).sort()).toEqual(names);
			// Fetch Test Event, raw: Notion's page object with every property.
			expect(Object.keys(result.raw[0].properties as IDataObject).sort()).toEqual(names);
		}
		// The same items on every version (the new row's id differs: it is made per run).
		const comparable = (result: (typeof results)[number]) => ({ updated: result.updated, added: result.added.map((item: IDataObject) => ({ ...item, id: undefined, url: undefined, properties: { ...(item.properties as IDataObject), 'Task ID': undefined } })) });
		expect(comparable(results[1])).toEqual(comparable(results[0]));
		expect(comparable(results[2])).toEqual(comparable(results[0]));
	});

	it('asks one query a poll before 2026-12-01, and from it one schema read and the query', async () => {
		expect((await scenario('2026-03-11')).perPoll).toEqual([`POST /v1/data_sources/${TASKS}/query 200`]);
		expect((await scenario('2026-12-01')).perPoll).toEqual([`GET /v1/data_sources/${TASKS} 200`, `POST /v1/data_sources/${TASKS}/query 200`]);
	});

	it('on 2026-12-01 a failed schema read is an outage like a failed query: no query sent, nothing lost', async () => {
		resetToTracker();
		emulator().control.editPage(TRACKER.rows.ship.id, { title: 'Ship v2 (edited before activation)' });
		const data: IDataObject = {};
		const params = onTasks('2026-12-01', { events: ['page_updated'] });
		await node.poll.call(context(params, data));
		emulator().control.addFault({ path: `/v1/data_sources/${TASKS}`, count: 1000, fault: 'http503' });
		emulator().control.editPage(TRACKER.rows.ship.id, { properties: { Done: { type: 'checkbox', checkbox: true } } });
		emulator().control.clearLog();
		expect(items(await node.poll.call(context(params, data)))).toMatchObject([{ event: 'outage_started', reason: 'service_unavailable' }]);
		expect(restLog().filter((entry) => entry.path.endsWith('/query'))).toEqual([]);
		emulator().control.clearFaults();
		expect(items(await node.poll.call(context(params, data)))).toMatchObject([
			{ event: 'outage_ended' },
			{ event: 'page_updated', id: TRACKER.rows.ship.id, changedProperties: ['Done'], properties: { Done: true } },
		]);
	});
});

describe('Notion Trigger editor lists', () => {
	it('lists data sources and databases through search, and the properties of the one picked', async () => {
		const ctx = context({}, {});
		const sources = await node.methods.listSearch.searchDataSources.call(ctx);
		expect(sources.results).toContainEqual(expect.objectContaining({ value: SOURCE, name: WORLD.dataSource.title }));
		const databases = await node.methods.listSearch.searchDatabases.call(ctx);
		expect(databases.results.map((entry) => entry.value)).toContain(WORLD.database.id);
		const pages = await node.methods.listSearch.searchPages.call(ctx, 'Handbook');
		expect(pages.results.map((entry) => entry.value)).toContain(WORLD.pages.sharedRoot.id);
		expect(await node.methods.loadOptions.getProperties.call(ctx)).toEqual([
			{ name: 'Name', value: 'Name' },
			{ name: 'Status', value: 'Status' },
		]);
	});

	it('a failed search says what to do', async () => {
		emulator().control.addFault({ path: '/v1/search', count: 10, fault: 'http503' });
		await expect(node.methods.listSearch.searchDataSources.call(context({}, {}))).rejects.toMatchObject({ description: expect.stringContaining('try again') });
	});
});
