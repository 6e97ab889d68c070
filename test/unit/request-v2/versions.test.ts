/**
 * Every operation of Notion Request v2 (the list in operations.ts, the Custom API Call included)
 * against the emulator in process, on each Notion-Version the node offers with data sources:
 * 2025-09-03, 2026-03-11 and 2026-12-01 (which answers queries and searches with the title alone
 * unless `filter_properties` names others, may answer a person's name as null, makes markdown v2
 * the default). Each operation must reach Success with what a builder expects, the same on every
 * version. On 2022-06-28 the data source operations are refused before anything is sent.
 */
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, INodeExecutionData } from 'n8n-workflow';

import { OPERATIONS } from '../../../nodes/NotionRequest/v2/actions/operations';
import { getFilterProperties, getUsers } from '../../../nodes/NotionRequest/v2/methods/loadOptions';
import { searchDataSources, searchPages } from '../../../nodes/shared/methods/listSearch';
import { NotionRequestV2 } from '../../../nodes/NotionRequest/NotionRequestV2.node';
import { TRACKER, trackerSeed, WORLD } from '../../emulator';
import { useEmulator } from '../../emulator/testing';

const emulator = useEmulator();
const SECRET = WORLD.internalIntegration.secret;
const VERSIONS = ['2025-09-03', '2026-03-11', '2026-12-01'] as const;

beforeEach(() => {
	emulator().control.reset(trackerSeed());
	emulator().control.setModes({ rateLimit: null });
});

/** What n8n's request helper does for notionApi: add the bearer token, send (query string included), answer the full response. */
async function send(_type: string, request: { url: string; method?: string; headers?: Record<string, string>; qs?: IDataObject; body?: unknown }) {
	const target = new URL(request.url);
	for (const [name, value] of Object.entries(request.qs ?? {})) target.searchParams.append(name, String(value));
	const response = await fetch(`${emulator().url}${target.pathname}${target.search}`, {
		method: request.method ?? 'GET',
		headers: { ...request.headers, authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
		body: request.body === undefined ? undefined : JSON.stringify(request.body),
	});
	const headers: Record<string, string> = {};
	response.headers.forEach((value, name) => (headers[name] = value));
	return { statusCode: response.status, body: await response.text(), headers };
}

const locator = (value: string) => ({ __rl: true, mode: 'id', value });

/** Runs the node on one item; each output's items' json. Throws what the node threw. */
async function run(notionVersion: string, parameters: Record<string, unknown>): Promise<IDataObject[][]> {
	const params: Record<string, unknown> = { authentication: 'notionApi', ...parameters, options: { requestsPerSecond: 1e6, notionVersion } };
	const items: INodeExecutionData[] = [{ json: {} }];
	const context = {
		getInputData: () => items,
		getNode: () => ({ name: 'Notion Request', type: 'n8n-nodes-notion-access.notionRequest', typeVersion: 2, parameters: {}, credentials: { notionApi: { id: 'c1', name: 'Notion (fake)' } } }),
		getNodeParameter: (name: string, _index: number, fallback?: unknown) => {
			const walked = name.split('.').reduce<unknown>((at, key) => (typeof at === 'object' && at !== null && key in at ? (at as Record<string, unknown>)[key] : undefined), params);
			return name in params ? params[name] : walked !== undefined ? walked : fallback;
		},
		getCredentials: async () => ({ apiKey: SECRET }),
		continueOnFail: () => false,
		getExecutionCancelSignal: () => new AbortController().signal,
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: { httpRequestWithAuthentication: send },
	} as unknown as IExecuteFunctions;
	const outputs = (await new NotionRequestV2().execute.call(context)) as INodeExecutionData[][];
	return outputs.map((output) => output.map((item) => item.json));
}

/** The Success items; fails with the item's report when it went elsewhere. */
async function success(notionVersion: string, parameters: Record<string, unknown>): Promise<IDataObject[]> {
	const outputs = await run(notionVersion, parameters);
	const elsewhere = outputs.slice(1).flat();
	expect(elsewhere).toEqual([]);
	return outputs[0];
}

const NAMELESS = '0f0e0d0c-0b0a-4908-8706-050403020100';
const TASK_PROPERTIES = ['Name', 'Notes', 'Estimate', 'Done', 'Website', 'Contact', 'Phone', 'Priority', 'Tags', 'Stage', 'Due', 'Owner', 'Related', 'Attachments', 'Score', 'Related count', 'Created', 'Created by', 'Edited', 'Task ID'];
const row = (key: string, fields: IDataObject) => ({ key, ...fields });
const idOf = (item: IDataObject) => String(item.id);

describe.each(VERSIONS)('Notion Request v2 on Notion-Version %s', (version) => {
	const tested = new Set<string>();
	const ok = async (parameters: Record<string, unknown>) => {
		tested.add(`${String(parameters.resource)}.${String(parameters.operation)}`);
		return await success(version, parameters);
	};

	beforeEach(() => {
		const seed = trackerSeed();
		// A person without a name: 2026-12-01 answers `name: null` (the upgrade guide's "Handle a null person name").
		seed.people = [...(seed.people ?? []), { id: NAMELESS, name: null, email: 'nameless@acme.example' } as never];
		emulator().control.reset(seed);
		emulator().control.setModes({ rateLimit: null });
	});

	it('Page: Create, Get, Update, Archive, Restore', async () => {
		const [created] = await ok({ resource: 'page', operation: 'create', pageId: locator(TRACKER.page.id), title: 'Release notes', contentType: 'markdown', markdown: 'Intro\n\n- first', simple: true });
		const id = idOf(created);
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		const [got] = await ok({ resource: 'page', operation: 'get', pageId: locator(id), simple: true });
		expect(got).toMatchObject({ id, name: 'Release notes' });
		const [updated] = await ok({ resource: 'page', operation: 'update', pageId: locator(id), title: 'Release notes v2', propertiesJson: '{}', icon: '', simple: true });
		expect(updated).toMatchObject({ id, name: 'Release notes v2' });
		const [archived] = await ok({ resource: 'page', operation: 'archive', pageId: locator(id), simple: true });
		expect(archived).toMatchObject({ id, inTrash: true });
		const [restored] = await ok({ resource: 'page', operation: 'restore', pageId: locator(id), simple: true });
		expect(restored).toMatchObject({ id, inTrash: false });
	});

	it('Page: Get Markdown and Update Markdown (replace, then find and replace)', async () => {
		const page = WORLD.pages.sharedChild.id;
		await ok({ resource: 'page', operation: 'updateMarkdown', pageId: locator(page), markdownUpdateType: 'replace_content', markdown: '# Plan\n\nShip on Friday\n\n- [ ] tests' });
		await ok({ resource: 'page', operation: 'updateMarkdown', pageId: locator(page), markdownUpdateType: 'update_content', contentUpdates: { updates: [{ oldString: 'Friday', newString: 'Monday', replaceAllMatches: false }] } });
		const [markdown] = await ok({ resource: 'page', operation: 'getMarkdown', pageId: locator(page), includeTranscript: false });
		expect(markdown.markdown).toEqual(expect.stringContaining('Ship on Monday'));
		expect(markdown.markdown).toEqual(expect.stringContaining('- [ ] tests'));
		expect(markdown.markdown).not.toEqual(expect.stringContaining('Friday'));
	});

	it('Page: Search finds a row by its title (its other properties only before 2026-12-01, as Notion answers)', async () => {
		const found = await ok({ resource: 'page', operation: 'search', text: 'Ship v2', returnAll: true, simple: true });
		const ship = found.find((item) => item.id === TRACKER.rows.ship.id);
		expect(ship).toMatchObject({ name: 'Ship v2', properties: { Name: 'Ship v2' } });
		// From 2026-12-01 search answers the title alone; its results span many data sources, so no one
		// filter_properties list fits them: the operation's description says to use Data Source Page → Get.
		if (version >= '2026-12-01') expect(Object.keys(ship!.properties as IDataObject)).toEqual(['Name']);
		else expect(ship!.properties).toMatchObject({ Priority: 'High', Estimate: 8 });
	});

	it('Data Source: Get, Search; Database: Get', async () => {
		const [source] = await ok({ resource: 'dataSource', operation: 'get', dataSourceId: locator(TRACKER.tasks.id), simple: true });
		expect(JSON.stringify(source)).toEqual(expect.stringContaining('Task ID'));
		const found = await ok({ resource: 'dataSource', operation: 'search', text: 'Bugs', returnAll: true, simple: true });
		expect(found.map(idOf)).toContain(TRACKER.bugs.id);
		const [database] = await ok({ resource: 'database', operation: 'get', databaseId: locator(TRACKER.database.id), simple: true });
		expect(JSON.stringify(database)).toEqual(expect.stringContaining(TRACKER.bugs.id));
		expect(JSON.stringify(database)).toEqual(expect.stringContaining(TRACKER.tasks.id));
	});

	it('Block: Append After (in order), Get Many, Get Markdown', async () => {
		const parent = WORLD.pages.sharedChild.id;
		const paragraph = (textContent: string) => ({ type: 'paragraph', textContent });
		await ok({ resource: 'block', operation: 'append', blockId: locator(parent), contentType: 'blockUi', blockUi: { blockValues: [paragraph('alpha'), paragraph('gamma')] } });
		const blocks = await ok({ resource: 'block', operation: 'getAll', blockId: locator(parent), returnAll: true, fetchNestedBlocks: false, simplifyOutput: true });
		const alpha = blocks.find((block) => JSON.stringify(block).includes('alpha'));
		await ok({ resource: 'block', operation: 'append', blockId: locator(parent), afterBlockId: idOf(alpha!), contentType: 'blockUi', blockUi: { blockValues: [paragraph('beta')] } });
		const after = await ok({ resource: 'block', operation: 'getAll', blockId: locator(parent), returnAll: true, fetchNestedBlocks: false, simplifyOutput: true });
		const order = after.map((block) => JSON.stringify(block)).map((text) => ['alpha', 'beta', 'gamma'].find((word) => text.includes(word))).filter(Boolean);
		expect(order).toEqual(['alpha', 'beta', 'gamma']);
		const [markdown] = await ok({ resource: 'block', operation: 'getMarkdown', blockId: locator(parent), includeTranscript: false });
		expect(markdown.markdown).toEqual(expect.stringMatching(/alpha[\s\S]*beta[\s\S]*gamma/));
	});

	it('User: Get, Get Many (a person whose name is null included)', async () => {
		const [grace] = await ok({ resource: 'user', operation: 'get', userId: TRACKER.people.grace.id });
		expect(grace).toMatchObject({ id: TRACKER.people.grace.id, name: 'Grace Hopper' });
		const [nameless] = await ok({ resource: 'user', operation: 'get', userId: NAMELESS });
		expect(nameless.id).toBe(NAMELESS);
		// Notion's value as it is: null from 2026-12-01, "" before; the item is on Success either way.
		expect(nameless).toMatchObject({ name: version >= '2026-12-01' ? null : '', person: { email: 'nameless@acme.example' } });
		const users = await ok({ resource: 'user', operation: 'getAll', returnAll: true });
		expect(users.map(idOf)).toEqual(expect.arrayContaining([TRACKER.people.grace.id, TRACKER.people.linus.id, NAMELESS]));
	});

	it('Data Source Page: Get Many returns every property; a filter on a status option', async () => {
		const rows = await ok({ resource: 'dataSourcePage', operation: 'getAll', dataSourceId: locator(TRACKER.tasks.id), simple: true, returnAll: true, filterType: 'none' });
		expect(rows.map(idOf).sort()).toEqual([TRACKER.rows.docs.id, TRACKER.rows.ship.id, TRACKER.rows.login.id].sort());
		for (const item of rows) expect(Object.keys(item.properties as IDataObject).sort()).toEqual([...TASK_PROPERTIES].sort());
		expect(rows.find((item) => item.id === TRACKER.rows.login.id)?.properties).toMatchObject({ Contact: 'support@acme.example', Priority: 'High', Estimate: 2 });
		const filtered = await ok({ resource: 'dataSourcePage', operation: 'getAll', dataSourceId: locator(TRACKER.tasks.id), simple: true, returnAll: true, filterType: 'manual', matchType: 'allConditions', filters: { conditions: [{ key: 'Stage|status', condition: 'equals', optionValue: TRACKER.stages.inProgress }] } });
		expect(filtered.map(idOf)).toEqual([TRACKER.rows.ship.id]);
		// A status group: before 2026-12-01 with the Notion-Beta header, from it with none (and plain equals no longer matches a group).
		const grouped = await ok({ resource: 'dataSourcePage', operation: 'getAll', dataSourceId: locator(TRACKER.tasks.id), simple: true, returnAll: true, filterType: 'manual', matchType: 'allConditions', filters: { conditions: [{ key: 'Stage|status', condition: 'status_group_equals', optionValue: 'To-do' }] } });
		expect(grouped.map(idOf)).toEqual([TRACKER.rows.docs.id]);
	});

	it('Data Source Page: Create, Get, Update', async () => {
		const [created] = await ok({ resource: 'dataSourcePage', operation: 'create', dataSourceId: locator(TRACKER.tasks.id), title: 'New task', simple: true, propertiesUi: { propertyValues: [row('Priority|select', { selectValue: 'Low' }), row('Estimate|number', { numberValue: 5 })] } });
		expect(created.properties).toMatchObject({ Name: 'New task', Priority: 'Low', Estimate: 5 });
		const [got] = await ok({ resource: 'dataSourcePage', operation: 'get', pageId: locator(TRACKER.rows.ship.id), simple: true });
		expect(got.properties).toMatchObject({ Name: 'Ship v2', Priority: 'High', Stage: TRACKER.stages.inProgress, Estimate: 8 });
		const [updated] = await ok({ resource: 'dataSourcePage', operation: 'update', pageId: locator(TRACKER.rows.ship.id), simple: true, propertiesUi: { propertyValues: [row('Estimate|number', { numberValue: 13 })] } });
		expect(updated.properties).toMatchObject({ Name: 'Ship v2', Estimate: 13 });
	});

	it('Data Source Page: Create or Update finds its key (a non-title property), and creates when absent', async () => {
		const base = { resource: 'dataSourcePage', operation: 'upsert', dataSourceId: locator(TRACKER.tasks.id), keyProperty: 'Contact|email', title: '', simple: true };
		const [found] = await ok({ ...base, keyValue: 'support@acme.example', propertiesUi: { propertyValues: [row('Estimate|number', { numberValue: 21 })] } });
		expect(found).toMatchObject({ id: TRACKER.rows.login.id });
		expect(found.properties).toMatchObject({ Name: 'Fix login', Estimate: 21 });
		const [made] = await ok({ ...base, keyValue: 'new@acme.example', title: 'Answer mail', propertiesUi: { propertyValues: [row('Estimate|number', { numberValue: 1 })] } });
		expect(idOf(made)).not.toBe(TRACKER.rows.login.id);
		expect(made.properties).toMatchObject({ Name: 'Answer mail', Contact: 'new@acme.example', Estimate: 1 });
		const rows = await ok({ resource: 'dataSourcePage', operation: 'getAll', dataSourceId: locator(TRACKER.tasks.id), simple: true, returnAll: true, filterType: 'none' });
		expect(rows).toHaveLength(4);
	});

	it('Custom API Call: a GET of a row answers its every property', async () => {
		const [answer] = await ok({ resource: 'custom', operation: 'call', method: 'GET', path: '/v1/pages/{id}', reference: TRACKER.rows.ship.id, output: 'perCall', returnAll: false });
		expect(answer).toMatchObject({ object: 'page', id: TRACKER.rows.ship.id });
		expect(Object.keys(answer.properties as IDataObject)).toHaveLength(TASK_PROPERTIES.length);
	});

	it("the editor's lists: people (a null name shows the id), a data source's properties, the locators' searches", async () => {
		const params: Record<string, unknown> = { authentication: 'notionApi', options: { requestsPerSecond: 1e6, notionVersion: version }, dataSourceId: locator(TRACKER.tasks.id) };
		const context = {
			getNode: () => ({ name: 'Notion Request', type: 'n8n-nodes-notion-access.notionRequest', typeVersion: 2, parameters: {}, credentials: { notionApi: { id: 'c1', name: 'Notion (fake)' } } }),
			getNodeParameter: (name: string, fallback?: unknown) => (name in params ? params[name] : fallback),
			getCurrentNodeParameter: (name: string) => params[name],
			getCredentials: async () => ({ apiKey: SECRET }),
			logger: { debug() {}, info() {}, warn() {}, error() {} },
			helpers: { httpRequestWithAuthentication: send },
		} as unknown as ILoadOptionsFunctions;
		const people = await getUsers.call(context);
		expect(people).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Grace Hopper', value: TRACKER.people.grace.id }), expect.objectContaining({ name: NAMELESS, value: NAMELESS })]));
		const properties = await getFilterProperties.call(context);
		expect(properties.map((option) => option.name)).toEqual(expect.arrayContaining(['Name', 'Stage', 'Task ID']));
		const sources = await searchDataSources.call(context, 'Bugs');
		expect(sources.results.map((result) => result.value)).toContain(TRACKER.bugs.id);
		const pages = await searchPages.call(context, 'Task Tracker');
		expect(pages.results.map((result) => result.value)).toContain(TRACKER.page.id);
	});

	afterAll(() => {
		// Every operation of operations.ts ran on this version.
		expect([...tested].sort()).toEqual(OPERATIONS.map((op) => `${op.resource}.${op.value}`).sort());
	});
});

describe('Notion-Version 2022-06-28', () => {
	it.each([
		{ resource: 'dataSource', operation: 'get', dataSourceId: locator(TRACKER.tasks.id), simple: true },
		{ resource: 'dataSource', operation: 'search', text: 'Bugs', returnAll: true, simple: true },
		{ resource: 'dataSourcePage', operation: 'create', dataSourceId: locator(TRACKER.tasks.id), title: 'x', simple: true },
		{ resource: 'dataSourcePage', operation: 'getAll', dataSourceId: locator(TRACKER.tasks.id), simple: true, returnAll: true, filterType: 'none' },
		{ resource: 'dataSourcePage', operation: 'upsert', dataSourceId: locator(TRACKER.tasks.id), keyProperty: 'Name|title', keyValue: 'x', title: '', simple: true },
	])('$resource $operation is refused before anything is sent', async (parameters) => {
		emulator().control.clearLog();
		await expect(run('2022-06-28', parameters)).rejects.toThrow(/2025-09-03/);
		expect(emulator().control.getLog().filter((entry) => entry.path !== '/v1/users/me')).toEqual([]);
	});

	it('a row of a data source, read or written by its page id, needs no data source: Get and Update work', async () => {
		const [got] = await success('2022-06-28', { resource: 'dataSourcePage', operation: 'get', pageId: locator(TRACKER.rows.ship.id), simple: true });
		expect(got.properties).toMatchObject({ Name: 'Ship v2', Priority: 'High' });
		const [updated] = await success('2022-06-28', { resource: 'dataSourcePage', operation: 'update', pageId: locator(TRACKER.rows.ship.id), simple: true, propertiesUi: { propertyValues: [row('Estimate|number', { numberValue: 13 })] } });
		expect(updated.properties).toMatchObject({ Estimate: 13 });
	});
});
