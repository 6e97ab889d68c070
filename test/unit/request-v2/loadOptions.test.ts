// The editor's lists for the data source page fields, through the shared transport and the fake core.
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { loadOptions } from '../../../nodes/NotionRequest/v2/methods/loadOptions';
import { runOnFakeClock } from '../../support/fakeClock';
import { type ApiAnswer, FakeN8nCore, type SentRequest } from '../../support/fakeN8nCore';
import { DATA_SOURCE, dataSource, locator, PAGE, pageOf, USER } from './dataSourcePage-fixtures';
import { ok, refused } from './harness';

let credential = 0;

async function load(method: keyof typeof loadOptions, parameters: Record<string, unknown>, current: Record<string, unknown>, answer: (request: SentRequest) => ApiAnswer) {
	const core = new FakeN8nCore({ items: [], credentialId: `load-${++credential}`, nodeType: 'n8n-nodes-notion-access.notionRequest', parameters, script: { api: (request) => answer(request) } });
	const exec = core.context();
	const ctx = {
		...exec,
		getNodeParameter: (name: string, fallback?: unknown) => exec.getNodeParameter(name, 0, fallback),
		getCurrentNodeParameter: (name: string) => current[name],
	} as unknown as ILoadOptionsFunctions;
	const run = await runOnFakeClock(async () => await loadOptions[method].call(ctx));
	return { run, sent: core.requests.filter((request) => request.path !== '/v1/users/me') };
}

const fromDataSource = (request: SentRequest) => (request.path === `/v1/data_sources/${DATA_SOURCE}` ? ok(dataSource) : ok(pageOf(PAGE)));
const values = (run: Awaited<ReturnType<typeof load>>['run']) => {
	if ('error' in run) throw run.error;
	return run.value.map((option) => option.value);
};

describe('Notion Request v2 loadOptions for data source pages', () => {
	test('filter properties: every type with filter conditions, and formulas, as name|type', async () => {
		const { run } = await load('getFilterProperties', { dataSourceId: locator(DATA_SOURCE) }, {}, fromDataSource);
		expect(values(run)).toEqual(expect.arrayContaining(['Task|title', 'Status|status', 'Score|formula', 'Files|files', 'Due|date']));
	});

	test('upsert keys: only types an upsert can find a page by', async () => {
		const { run } = await load('getUpsertKeyProperties', { dataSourceId: locator(DATA_SOURCE) }, {}, fromDataSource);
		expect(values(run).sort()).toEqual(['Email|email', 'Hours|number', 'Link|url', 'Notes|rich_text', 'Phone|phone_number', 'Priority|select', 'Task|title']);
	});

	test("for an update: the page's data source gives the properties and a row's options (page read, then schema)", async () => {
		const properties = await load('getWritablePropertiesFromPage', { pageId: locator(PAGE) }, {}, fromDataSource);
		expect(properties.sent.map((request) => request.path)).toEqual([`/v1/pages/${PAGE}`, `/v1/data_sources/${DATA_SOURCE}`]);
		expect(values(properties.run)).toContain('Priority|select');
		expect(values(properties.run)).not.toContain('Score|formula');
		const options = await load('getPropertyOptionsFromPage', { pageId: locator(PAGE) }, { '&key': 'Priority|select' }, fromDataSource);
		expect(values(options.run)).toEqual(['High', 'Low']);
	});

	test('users: people only, named, across pages of the list', async () => {
		const other = 'b0b0b0b0-0000-4000-8000-000000000002';
		const { run, sent } = await load('getUsers', {}, {}, (request) =>
			request.query?.start_cursor
				? ok({ object: 'list', results: [{ object: 'user', id: other, type: 'person', name: 'Ada', person: { email: 'ada@example.com' } }], has_more: false, next_cursor: null })
				: ok({ object: 'list', results: [{ object: 'user', id: USER, type: 'person', name: 'Bea' }, { object: 'user', id: 'bot', type: 'bot', name: 'Sync' }], has_more: true, next_cursor: 'c1' }),
		);
		expect(sent).toHaveLength(2);
		if ('error' in run) throw run.error;
		expect(run.value).toEqual([
			{ name: 'Ada', value: other, description: 'ada@example.com' },
			{ name: 'Bea', value: USER },
		]);
	});

	test("time zones start with the workflow's own", async () => {
		const { run } = await load('getTimezones', {}, {}, fromDataSource);
		expect(values(run).slice(0, 1)).toEqual(['default']);
		expect(values(run)).toContain('Europe/Berlin');
	});

	test('a data source not shared: the editor is told what Notion said and what to do, without the token', async () => {
		const { run } = await load('getFilterProperties', { dataSourceId: locator(DATA_SOURCE) }, {}, () =>
			refused(404, 'object_not_found', `Could not find data_source with ID: ${DATA_SOURCE}. Make sure the relevant pages and databases are shared with your integration "Acme".`),
		);
		expect('error' in run && String((run.error as Error).message)).toMatch(/Notion did not give the data source's properties: Could not find data_source/);
	});
});
