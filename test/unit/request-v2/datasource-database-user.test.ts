// Data source, database and user operations of Notion Request v2, through the fake core.
import { outputsOf, ok, refused, runV2 } from './harness';

const DATA_SOURCE = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const DATABASE = '1429989f-e8ac-4eff-bc8f-57f56486db54';
const USER = '6794760a-1f15-45cd-9c65-0dfe42f5135a';
const dataSource = {
	object: 'data_source',
	id: DATA_SOURCE,
	url: 'https://www.notion.so/ds',
	title: [{ plain_text: 'Tasks' }],
	parent: { type: 'database_id', database_id: DATABASE },
	properties: {
		Name: { id: 'title', name: 'Name', type: 'title', title: {} },
		Status: { id: 'st', name: 'Status', type: 'status', status: { options: [{ id: '1', name: 'Todo' }, { id: '2', name: 'Done' }], groups: [] } },
		Due: { id: 'du', name: 'Due', type: 'date', date: {} },
	},
};

describe('Notion Request v2: data source, database and user operations', () => {
	test('data source get, simplified: its name and each property by name and type, with a status\'s options', async () => {
		const { result, sent } = await runV2({
			parameters: { resource: 'dataSource', operation: 'get', dataSourceId: { __rl: true, mode: 'list', value: DATA_SOURCE }, simple: true },
			answer: () => ok(dataSource),
		});
		expect(sent[0]).toMatchObject({ method: 'GET', path: `/v1/data_sources/${DATA_SOURCE}` });
		expect(outputsOf(result)[0][0].json).toMatchObject({
			id: DATA_SOURCE,
			name: 'Tasks',
			databaseId: DATABASE,
			properties: [
				{ name: 'Name', type: 'title' },
				{ name: 'Status', type: 'status', options: ['Todo', 'Done'] },
				{ name: 'Due', type: 'date' },
			],
		});
	});

	test.each([
		['dataSource', 'get', { dataSourceId: DATA_SOURCE, simple: true }],
		['dataSource', 'search', { text: '', returnAll: true, simple: true }],
	])('on Notion-Version 2022-06-28, %s %s is refused before anything is sent, naming the option', async (resource, operation, extra) => {
		const { result, sent } = await runV2({
			parameters: { resource, operation, ...extra, options: { requestsPerSecond: 1000, notionVersion: '2022-06-28' } },
			answer: () => ok(dataSource),
		});
		expect(sent).toHaveLength(0);
		expect((result as { error: Error }).error.message).toMatch(/^Item 0: Data Source → \w+ needs the option "Notion API Version" at 2025-09-03 or later/);
	});

	test('data source search asks search for data sources, one item each, within the Limit', async () => {
		const { result, sent } = await runV2({
			parameters: { resource: 'dataSource', operation: 'search', text: 'Tasks', returnAll: false, limit: 2, simple: true, options: { requestsPerSecond: 1000, notionVersion: '2026-03-11' } },
			answer: () => ok({ object: 'list', results: [dataSource, { ...dataSource, id: 'x2' }, { ...dataSource, id: 'x3' }], has_more: true, next_cursor: 'c' }),
		});
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ method: 'POST', path: '/v1/search', body: { filter: { property: 'object', value: 'data_source' }, query: 'Tasks', page_size: 2 } });
		expect(outputsOf(result)[0].map((item) => item.json.id)).toEqual([DATA_SOURCE, 'x2']);
	});

	test('database get lists its data sources; a data source id asked as a database goes to n8n\'s error handling', async () => {
		const { result, sent } = await runV2({
			parameters: { resource: 'database', operation: 'get', databaseId: DATABASE, simple: true },
			answer: () => ok({ object: 'database', id: DATABASE, title: [{ plain_text: 'Projects' }], url: 'https://www.notion.so/db', data_sources: [{ id: DATA_SOURCE, name: 'Tasks' }] }),
		});
		expect(sent[0]).toMatchObject({ method: 'GET', path: `/v1/databases/${DATABASE}` });
		expect(outputsOf(result)[0][0].json).toMatchObject({ id: DATABASE, name: 'Projects', dataSources: [{ id: DATA_SOURCE, name: 'Tasks' }] });
		const wrong = await runV2({
			parameters: { resource: 'database', operation: 'get', databaseId: DATA_SOURCE, simple: true },
			answer: () => refused(400, 'validation_error', `Provided ID ${DATA_SOURCE} is a data source, not a database.`),
		});
		expect((wrong.result as { error: Error }).error.message).toMatch(/^Item 0: /);
	});

	test('user get sends the ID as a dashed UUID; text that is not an ID is refused before sending', async () => {
		const { result, sent } = await runV2({
			parameters: { resource: 'user', operation: 'get', userId: USER.replace(/-/g, '') },
			answer: () => ok({ object: 'user', id: USER, type: 'person', name: 'Ada' }),
		});
		expect(sent[0]).toMatchObject({ method: 'GET', path: `/v1/users/${USER}` });
		expect(outputsOf(result)[0][0].json).toMatchObject({ id: USER, name: 'Ada', notionRequest: { verdict: 'success' } });
		const bad = await runV2({ parameters: { resource: 'user', operation: 'get', userId: '../pages/x' }, answer: () => ok({}) });
		expect(bad.sent).toHaveLength(0);
		expect((bad.result as { error: Error }).error.message).toMatch(/^Item 0: User ID: /);
	});

	test('users get many: Return All follows the cursor to the end, one item per user', async () => {
		const user = (n: number) => ({ object: 'user', id: `u${n}`, type: 'person' });
		const { result, sent } = await runV2({
			parameters: { resource: 'user', operation: 'getAll', returnAll: true },
			answer: (_request, n) => ok({ object: 'list', results: [user(2 * n), user(2 * n + 1)], has_more: n < 2, next_cursor: n < 2 ? `c${n}` : null }),
		});
		expect(sent.map((request) => request.query?.start_cursor)).toEqual([undefined, 'c0', 'c1']);
		expect(outputsOf(result)[0].map((item) => item.json.id)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5']);
	});

	test('a 401 on any of them goes to Reauthorize', async () => {
		const { result } = await runV2({
			parameters: { resource: 'user', operation: 'getAll', returnAll: false, limit: 5 },
			answer: () => refused(401, 'unauthorized', 'API token is invalid.'),
		});
		expect(outputsOf(result)[1][0].json.notionRequest).toMatchObject({ verdict: 'reauthorize' });
	});
});
