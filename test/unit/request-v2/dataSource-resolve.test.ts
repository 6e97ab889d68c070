// A database given where a data source is asked for (issue 20): Notion Request uses its one data
// source, or asks which one, reading the database once per execution. Notion's shapes are those of
// GET /v1/databases/{id} (data_sources: [{id, name}]) and the 404 a database id gets at /v1/data_sources.
import fc from 'fast-check';
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { loadOptions } from '../../../nodes/NotionRequest/v2/methods/loadOptions';
import { runOnFakeClock } from '../../support/fakeClock';
import { FakeN8nCore, type SentRequest } from '../../support/fakeN8nCore';
import { RUNS } from '../../support/faults';
import { DATA_SOURCE, dataSource, locator, PAGE, pageOf, thrown } from './dataSourcePage-fixtures';
import { ok, outputsOf, refused, runV2 } from './harness';

const DATABASE = 'b55c9c91-384d-452b-81db-d1ef79372b75';
const SECOND = '2f8e1d3c-4b5a-4978-8796-a5b4c3d2e1f0';
/** The link Notion's browser shows for a database: the database id, then the view. */
const BROWSER_LINK = `https://www.notion.so/acme/${DATABASE.replace(/-/g, '')}?v=9a8b7c6d5e4f40318293a4b5c6d7e8f9`;

const notFound = (kind: string, id: string) =>
	refused(404, 'object_not_found', `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "Acme".`);
const database = (sources: Array<{ id: string; name: string }>) => ({ object: 'database', id: DATABASE, title: [{ plain_text: 'Tasks' }], data_sources: sources });
const list = (results: unknown[]) => ({ object: 'list', results, has_more: false, next_cursor: null });

/** Notion with one database: `sources` are its data sources; only DATA_SOURCE exists as a data source. */
function notion(sources: Array<{ id: string; name: string }>, { shared = true } = {}) {
	return (request: SentRequest) => {
		const { method, path } = request;
		if (method === 'GET' && path === `/v1/data_sources/${DATA_SOURCE}`) return ok(dataSource);
		if (path.startsWith(`/v1/data_sources/${DATA_SOURCE}/query`)) return ok(list([pageOf(PAGE)]));
		if (method === 'GET' && path === `/v1/databases/${DATABASE}`) return shared ? ok(database(sources)) : notFound('database', DATABASE);
		if (path.startsWith(`/v1/data_sources/${DATABASE}`)) return notFound('data_source', DATABASE);
		if (method === 'POST' && path === '/v1/pages') {
			const parent = (request.body as { parent?: { data_source_id?: string } }).parent;
			return parent?.data_source_id === DATA_SOURCE ? ok(pageOf(PAGE)) : notFound('data_source', String(parent?.data_source_id));
		}
		return refused(400, 'invalid_request_url', 'Invalid request URL.');
	};
}

const ONE = [{ id: DATA_SOURCE, name: 'Tasks' }];
const TWO = [
	{ id: DATA_SOURCE, name: 'Tasks' },
	{ id: SECOND, name: 'Tasks archive' },
];
const calls = (sent: SentRequest[]) => sent.map((request) => `${request.method} ${request.path}`);
const count_ = (sent: SentRequest[], call: string) => calls(sent).filter((sentCall) => sentCall === call).length;

describe('Notion Request v2: a database where a data source is asked for', () => {
	test.each(['stopWorkflow', 'continueRegularOutput'] as const)('create, 5 items, a database id with one data source: the database is read once, 5 pages in its data source (%s)', async (onError) => {
		const { result, sent } = await runV2({
			items: [{}, {}, {}, {}, {}],
			onError,
			parameters: { resource: 'dataSourcePage', operation: 'create', dataSourceId: locator(DATABASE), title: 'Ship it', simple: true },
			answer: notion(ONE),
		});
		const [success, ...others] = outputsOf(result);
		expect(others.flat()).toEqual([]);
		expect(success).toHaveLength(5);
		// The database id's 404 and the database read happen once for the 5 items; the schema is read once.
		expect(count_(sent, `GET /v1/data_sources/${DATABASE}`)).toBe(1);
		expect(count_(sent, `GET /v1/databases/${DATABASE}`)).toBe(1);
		expect(count_(sent, `GET /v1/data_sources/${DATA_SOURCE}`)).toBe(1);
		const creates = sent.filter((request) => request.method === 'POST');
		expect(creates).toHaveLength(5);
		for (const create of creates) expect((create.body as { parent: unknown }).parent).toEqual({ type: 'data_source_id', data_source_id: DATA_SOURCE });
	});

	test.each(['stopWorkflow', 'continueRegularOutput'] as const)("get many, 5 items, the database link from Notion's browser: one database read, no 404 first (%s)", async (onError) => {
		const { result, sent } = await runV2({
			items: [{}, {}, {}, {}, {}],
			onError,
			parameters: { resource: 'dataSourcePage', operation: 'getAll', dataSourceId: { __rl: true, mode: 'url', value: BROWSER_LINK }, returnAll: true, filterType: 'none', simple: true },
			answer: notion(ONE),
		});
		expect(outputsOf(result)[0]).toHaveLength(5);
		expect(calls(sent).filter((call) => call.includes(DATABASE))).toEqual([`GET /v1/databases/${DATABASE}`]);
		expect(calls(sent).filter((call) => call.startsWith(`POST /v1/data_sources/${DATA_SOURCE}/query`))).toHaveLength(5);
	});

	test('get many with a bare database id: the 404, the database, then the query', async () => {
		const { result, sent } = await runV2({
			parameters: { resource: 'dataSourcePage', operation: 'getAll', dataSourceId: DATABASE, returnAll: false, limit: 10, filterType: 'none', simple: true },
			answer: notion(ONE),
		});
		expect(outputsOf(result)[0]).toHaveLength(1);
		expect(calls(sent).map((call) => call.split('?')[0])).toEqual([`POST /v1/data_sources/${DATABASE}/query`, `GET /v1/databases/${DATABASE}`, `POST /v1/data_sources/${DATA_SOURCE}/query`]);
	});

	test('data source get and upsert resolve the same way', async () => {
		const get = await runV2({ parameters: { resource: 'dataSource', operation: 'get', dataSourceId: locator(DATABASE), simple: false }, answer: notion(ONE) });
		expect(outputsOf(get.result)[0][0].json).toMatchObject({ object: 'data_source', id: DATA_SOURCE });
		const upsert = await runV2({
			parameters: { resource: 'dataSourcePage', operation: 'upsert', dataSourceId: locator(DATABASE), keyProperty: 'Email|email', keyValue: 'a@example.com', title: '', simple: true },
			answer: (request) => (request.path === `/v1/data_sources/${DATA_SOURCE}/query` ? ok(list([])) : notion(ONE)(request)),
		});
		expect(outputsOf(upsert.result)[0][0].json.upserted).toBe('created');
		expect(calls(upsert.sent)).toEqual([`POST /v1/data_sources/${DATABASE}/query`, `GET /v1/databases/${DATABASE}`, `POST /v1/data_sources/${DATA_SOURCE}/query`, 'POST /v1/pages']);
	});

	test('a database with several data sources: each item asks which one, naming them; nothing is written and the database is read once', async () => {
		const { result, sent } = await runV2({
			items: [{}, {}, {}],
			onError: 'continueRegularOutput',
			parameters: { resource: 'dataSourcePage', operation: 'create', dataSourceId: locator(DATABASE), title: '', simple: true },
			answer: notion(TWO),
		});
		expect(sent.filter((request) => request.method !== 'GET')).toEqual([
			expect.objectContaining({ method: 'POST', path: '/v1/pages' }), // the database id, refused 404: nothing written
		]);
		expect(count_(sent, `GET /v1/databases/${DATABASE}`)).toBe(1);
		const errors = outputsOf(result)
			.flat()
			.map((item) => String(item.json.error ?? ''));
		expect(errors).toHaveLength(3);
		for (const error of errors) {
			expect(error).toContain(`has 2 data sources: "Tasks" (${DATA_SOURCE}), "Tasks archive" (${SECOND})`);
			expect(error).toContain('Pick one in the Data Source field (From List)');
		}
	});

	test('several data sources under Stop Workflow: the execution stops with the question, nothing written', async () => {
		const { result, sent } = await runV2({
			items: [{}, {}],
			parameters: { resource: 'dataSourcePage', operation: 'getAll', dataSourceId: { __rl: true, mode: 'url', value: BROWSER_LINK }, returnAll: true, filterType: 'none', simple: true },
			answer: notion(TWO),
		});
		expect(thrown(result)).toMatch(/has 2 data sources: "Tasks" .*"Tasks archive"/);
		expect(calls(sent)).toEqual([`GET /v1/databases/${DATABASE}`]);
	});

	test('a data source id costs no extra request', async () => {
		const getAll = await runV2({
			items: [{}, {}],
			onError: 'continueRegularOutput',
			parameters: { resource: 'dataSourcePage', operation: 'getAll', dataSourceId: locator(DATA_SOURCE), returnAll: true, filterType: 'none', simple: true },
			answer: notion(ONE),
		});
		expect(calls(getAll.sent).map((call) => call.split('?')[0])).toEqual([`POST /v1/data_sources/${DATA_SOURCE}/query`, `POST /v1/data_sources/${DATA_SOURCE}/query`]);
		const create = await runV2({
			items: [{}, {}],
			parameters: { resource: 'dataSourcePage', operation: 'create', dataSourceId: locator(DATA_SOURCE), title: '', simple: true },
			answer: notion(ONE),
		});
		expect(calls(create.sent)).toEqual(['POST /v1/pages', 'POST /v1/pages']);
	});

	test.each(['stopWorkflow', 'continueRegularOutput'] as const)("an id shared neither as data source nor database: the data source's 404 goes to Share Page, the database asked once (%s)", async (onError) => {
		const { result, sent } = await runV2({
			items: [{}, {}],
			onError,
			parameters: { resource: 'dataSourcePage', operation: 'create', dataSourceId: locator(DATABASE), title: 'x', simple: true },
			answer: notion(ONE, { shared: false }),
		});
		const share = outputsOf(result)[2];
		expect(share).toHaveLength(2);
		for (const item of share) expect(item.json.notionRequest).toMatchObject({ verdict: 'share_page', resource: { id: DATABASE } });
		expect(count_(sent, `GET /v1/databases/${DATABASE}`)).toBe(1);
		expect(sent.filter((request) => request.method === 'POST')).toEqual([]);
	});

	test('a rate-limited database read is not kept: the item goes to Retry, the next item reads the database again', async () => {
		let databaseReads = 0;
		const { result, sent } = await runV2({
			items: [{}, {}],
			onError: 'continueRegularOutput',
			parameters: { resource: 'dataSourcePage', operation: 'getAll', dataSourceId: locator(DATABASE), returnAll: true, filterType: 'none', simple: true },
			answer: (request) => {
				if (request.path === `/v1/databases/${DATABASE}` && databaseReads++ === 0) return refused(503, 'service_unavailable', 'Notion is unavailable.');
				return notion(ONE)(request);
			},
		});
		const outputs = outputsOf(result);
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[3]).toHaveLength(1);
		expect(count_(sent, `GET /v1/databases/${DATABASE}`)).toBeGreaterThanOrEqual(2);
	});
});

describe('Notion Request v2: the property lists of a Data Source field holding a database', () => {
	async function properties(dataSourceId: unknown, sources: Array<{ id: string; name: string }>) {
		const core = new FakeN8nCore({ items: [], credentialId: `resolve-load-${sources.length}-${String(dataSourceId).length}`, nodeType: 'n8n-nodes-notion-access.notionRequest', parameters: { dataSourceId }, script: { api: notion(sources) } });
		const exec = core.context();
		const ctx = { ...exec, getNodeParameter: (name: string, fallback?: unknown) => exec.getNodeParameter(name, 0, fallback) } as unknown as ILoadOptionsFunctions;
		const run = await runOnFakeClock(async () => await loadOptions.getProperties.call(ctx));
		return { run, sent: calls(core.requests.filter((request) => request.path !== '/v1/users/me')) };
	}

	test("the browser's database link lists its one data source's properties", async () => {
		const { run, sent } = await properties({ __rl: true, mode: 'url', value: BROWSER_LINK }, ONE);
		if ('error' in run) throw run.error;
		expect(run.value.map((option) => option.value)).toContain('Task|title');
		expect(sent).toEqual([`GET /v1/databases/${DATABASE}`, `GET /v1/data_sources/${DATA_SOURCE}`]);
	});

	test('a database with several data sources: the editor says which to pick', async () => {
		const { run } = await properties(locator(DATABASE), TWO);
		expect('error' in run && String((run.error as Error).message)).toMatch(/has 2 data sources: "Tasks" .*"Tasks archive" .*From List/);
	});
});

describe('Notion Request v2: database resolution, any batch', () => {
	const kinds = { dataSource: ONE, oneSource: ONE, twoSources: TWO, unshared: ONE } as const;
	test('each item leaves once; the database is read at most once; a data source id never reads it; only the data source is written', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...(Object.keys(kinds) as Array<keyof typeof kinds>)),
				fc.boolean(),
				fc.constantFrom('create', 'getAll'),
				fc.constantFrom('stopWorkflow', 'continueRegularOutput', 'continueErrorOutput') as fc.Arbitrary<'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput'>,
				fc.integer({ min: 1, max: 6 }),
				fc.boolean(),
				async (kind, asLink, operation, onError, count, withTitle) => {
					const id = kind === 'dataSource' ? DATA_SOURCE : DATABASE;
					const dataSourceId = asLink && kind !== 'dataSource' ? { __rl: true, mode: 'url', value: BROWSER_LINK } : locator(id);
					const fields = operation === 'create' ? { title: withTitle ? 'x' : '' } : { returnAll: true, filterType: 'none' };
					const { result, sent } = await runV2({
						items: Array.from({ length: count }, () => ({})),
						onError,
						parameters: { resource: 'dataSourcePage', operation, dataSourceId, simple: true, ...fields },
						answer: notion(kinds[kind], { shared: kind !== 'unshared' }),
					});
					const databaseReads = count_(sent, `GET /v1/databases/${DATABASE}`);
					// A database link not shared: the database read is each item's own one request (its Share Page), not an extra.
					expect(databaseReads).toBeLessThanOrEqual(kind === 'dataSource' ? 0 : kind === 'unshared' && asLink ? count : 1);
					if (kind === 'unshared' && asLink) expect(sent).toHaveLength(databaseReads);
					const written = sent.filter((request) => request.method === 'POST' && request.path === '/v1/pages').map((request) => (request.body as { parent: { data_source_id: string } }).parent.data_source_id);
					// A create sent with the database id is refused 404 (nothing written): once, the first item's, when the
					// database resolves; otherwise at most each item's own (its Share Page), never resent.
					expect(written.filter((target) => target !== DATA_SOURCE).length).toBeLessThanOrEqual(kind === 'unshared' ? count : 1);
					if (kind === 'twoSources' || kind === 'unshared') expect(written.filter((target) => target === DATA_SOURCE)).toEqual([]);
					if ('error' in result) {
						expect(onError).toBe('stopWorkflow');
						expect(kind === 'twoSources').toBe(true);
						return;
					}
					const outputs = result.value;
					expect(outputs.flat()).toHaveLength(count);
					if (kind === 'dataSource' || kind === 'oneSource') expect(outputs[0]).toHaveLength(count);
					if (kind === 'unshared') expect(outputs[2]).toHaveLength(count);
				},
			),
			{ numRuns: Math.min(RUNS, 150) },
		);
	});
});
