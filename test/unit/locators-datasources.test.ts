/**
 * The Access Check's and the Watch's resource locators (From List through Notion's search, By URL,
 * By ID, and the plain strings older workflows saved) and databases with several data sources,
 * against the core-faithful fake (test/support/fakeN8nCore.ts) and a scripted Notion that answers
 * as FACTS.md says: a database id at /v1/pages is a 400 naming the kind, GET /v1/databases/{id}
 * lists `data_sources` [{id, name}] from 2025-09-03, a data source at /v1/pages is a plain 404.
 */
import fc from 'fast-check';
import type { IDataObject, ILoadOptionsFunctions, INodeExecutionData } from 'n8n-workflow';

import { NotionAccessCheck } from '../../nodes/NotionAccessCheck/NotionAccessCheck.node';
import { NotionAccessWatch } from '../../nodes/NotionAccessWatch/NotionAccessWatch.node';
import { MAX_DATA_SOURCES_PER_DATABASE } from '../../nodes/shared/checks';
import { runOnFakeClock } from '../support/fakeClock';
import { type ApiAnswer, FakeN8nCore, type FakeCoreOptions, type SentRequest } from '../support/fakeN8nCore';

const PAGE = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const DATABASE = '1a1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const TASKS = '2b1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const ARCHIVE = '3c1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const hex = (id: string) => id.replace(/-/g, '');

type Kind = 'page' | 'database' | 'data_source';
interface FakeObject {
	kind: Kind;
	title: string;
	readable: boolean;
	inTrash?: boolean;
	/** Databases: the data sources GET /v1/databases lists. */
	sources?: Array<{ id: string; name: string }>;
}

const errorBody = (status: number, code: string, message: string) => ({ object: 'error', status, code, message, request_id: 'req-err' });
const COLLECTION: Record<string, Kind> = { pages: 'page', databases: 'database', data_sources: 'data_source' };

/** A scripted Notion over `world`; `search` answers POST /v1/search. */
function notion(world: Record<string, FakeObject>, search: IDataObject[] = []) {
	return (request: SentRequest): ApiAnswer => {
		const [, , collection, rawId] = request.path.split('/');
		if (collection === 'users') return { kind: 'http', status: 200, body: { object: 'user', id: 'b0b0b0b0-0000-4000-8000-000000000001', type: 'bot', name: 'Acme Sync', bot: { workspace_name: 'Acme' } } };
		if (collection === 'search') return { kind: 'http', status: 200, body: { object: 'list', results: search, has_more: false, next_cursor: null } };
		const id = Object.keys(world).find((key) => hex(key) === hex(rawId ?? ''));
		const object = id === undefined ? undefined : world[id];
		const notFound: ApiAnswer = { kind: 'http', status: 404, body: errorBody(404, 'object_not_found', `Could not find ${collection} with ID: ${rawId}. Make sure the relevant pages and databases are shared with your integration "Acme Sync".`) };
		if (!object || !object.readable) return notFound;
		if (COLLECTION[collection] === object.kind) {
			const title = [{ plain_text: object.title }];
			return {
				kind: 'http',
				status: 200,
				body: {
					object: object.kind,
					id,
					url: `https://www.notion.so/${hex(id!)}`,
					in_trash: object.inTrash === true,
					...(object.kind === 'page' ? { properties: { Name: { type: 'title', title } } } : { title }),
					...(object.sources ? { data_sources: object.sources } : {}),
				},
			};
		}
		if (object.kind === 'database' && collection === 'pages') {
			return { kind: 'http', status: 400, body: errorBody(400, 'validation_error', `Provided ID ${rawId} is a database, not a page. Use the retrieve database API instead.`) };
		}
		return notFound;
	};
}

function twoSourceWorld(archive: Partial<FakeObject> = {}): Record<string, FakeObject> {
	return {
		[PAGE]: { kind: 'page', title: 'Roadmap', readable: true },
		[DATABASE]: { kind: 'database', title: 'Projects', readable: true, sources: [{ id: TASKS, name: 'Tasks' }, { id: ARCHIVE, name: 'Archive' }] },
		[TASKS]: { kind: 'data_source', title: 'Tasks', readable: true },
		[ARCHIVE]: { kind: 'data_source', title: 'Archive', readable: true, ...archive },
	};
}

async function check(world: Record<string, FakeObject>, resources: unknown[], parameters: Record<string, unknown> = {}, options: Partial<FakeCoreOptions> = {}) {
	const items: INodeExecutionData[] = resources.map((resource) => ({ json: { resource } as IDataObject }));
	const core = new FakeN8nCore({ items, script: { api: notion(world) }, credentialType: 'notionApi', parameters, ...options });
	const outputs = await new NotionAccessCheck().execute.call(core.context());
	// The token check and the first resource leave together: in whichever order.
	const paths = core.requests.map((request) => `${request.method} ${request.path}`).sort();
	return { outputs, paths, reports: outputs.map((items) => items.map((item) => item.json.notionAccess as IDataObject)) };
}

describe('Access Check: the resource locator', () => {
	const forms: Array<[string, unknown]> = [
		['From List', { __rl: true, mode: 'list', value: PAGE, cachedResultName: 'Roadmap' }],
		['By URL', { __rl: true, mode: 'url', value: `https://www.notion.so/acme/Roadmap-${hex(PAGE)}` }],
		['By ID', { __rl: true, mode: 'id', value: ` ${hex(PAGE).toUpperCase()} ` }],
		['a plain string saved before the locator', `https://www.notion.so/acme/Roadmap-${hex(PAGE)}`],
		['a plain id string (what an expression gives)', PAGE],
	];
	it.each(forms)('%s: the page is asked at its own endpoint and routed to Access OK', async (_form, resource) => {
		const { outputs, paths, reports } = await check(twoSourceWorld(), [resource]);
		expect(outputs.map((items) => items.length)).toEqual([1, 0, 0, 0]);
		expect(reports[0][0]).toMatchObject({ verdict: 'access_ok', resource: { id: PAGE, type: 'page', title: 'Roadmap' } });
		expect(paths).toEqual([`GET /v1/pages/${PAGE}`, 'GET /v1/users/me']);
	});

	it('a locator whose value is not a Notion id or link is the item\'s error, before anything is sent', async () => {
		const core = new FakeN8nCore({ items: [{ json: {} }], script: { api: notion(twoSourceWorld()) }, credentialType: 'notionApi', resourceOf: () => ({ __rl: true, mode: 'url', value: 'https://example.com/x' }) });
		await expect(new NotionAccessCheck().execute.call(core.context())).rejects.toThrow(/^Item 0: /);
		expect(core.requests).toEqual([]);
	});
});

describe('the locators\' list (listSearch) through the shared transport', () => {
	const results = [
		{ object: 'page', id: PAGE, url: `https://www.notion.so/${hex(PAGE)}`, properties: { Name: { type: 'title', title: [{ plain_text: 'Roadmap' }] } } },
		{ object: 'data_source', id: TASKS, title: [{ plain_text: 'Tasks' }], parent: { type: 'database_id', database_id: DATABASE } },
		{ object: 'user', id: 'b0b0b0b0-0000-4000-8000-000000000001' },
	];
	function loadOptions(core: FakeN8nCore, current: Record<string, unknown>): ILoadOptionsFunctions {
		const execute = core.context();
		const ctx = {
			...execute,
			getNodeParameter: (name: string, fallback?: unknown) => execute.getNodeParameter(name, 0, fallback),
			getCurrentNodeParameter: (name: string) => current[name],
		};
		return ctx as unknown as ILoadOptionsFunctions;
	}

	it.each([
		['the Access Check', new NotionAccessCheck().methods.listSearch],
		['the Watch', new NotionAccessWatch().methods.listSearch],
	])('%s lists pages and data sources, labelled, from one paced search with no filter', async (_node, methods) => {
		const core = new FakeN8nCore({ items: [], script: { api: notion(twoSourceWorld(), results) }, credentialType: 'notionApi' });
		const list = await methods.searchResources.call(loadOptions(core, {}), 'Ro');
		expect(list.results).toEqual([
			{ name: 'Roadmap', value: PAGE, url: `https://www.notion.so/${hex(PAGE)}` },
			{ name: 'Tasks (data source)', value: TASKS },
		]);
		expect(core.requests.map((request) => [request.path, request.body])).toEqual([['/v1/search', { query: 'Ro', page_size: 100 }]]);
		// The Notion-Version header and the credential came from the shared transport: the request went through core.
		expect(core.requests[0].accessToken).toBe('fake-internal-secret-not-real-0001');
	});

	it('the Access Check\'s Resource Type narrows the list to that kind', async () => {
		const core = new FakeN8nCore({ items: [], script: { api: notion(twoSourceWorld(), results) }, credentialType: 'notionApi' });
		await new NotionAccessCheck().methods.listSearch.searchResources.call(loadOptions(core, { resourceType: 'page' }));
		expect(core.requests[0].body).toEqual({ filter: { property: 'object', value: 'page' }, page_size: 100 });
	});

	it('a search Notion refuses says what to do, in the verdict table\'s words', async () => {
		const core = new FakeN8nCore({ items: [], script: { api: () => ({ kind: 'http', status: 401, body: errorBody(401, 'unauthorized', 'API token is invalid.') }) }, credentialType: 'notionApi' });
		await expect(new NotionAccessCheck().methods.listSearch.searchResources.call(loadOptions(core, {}))).rejects.toMatchObject({ description: expect.stringContaining('paste it into the credential') });
	});
});

describe('Access Check: a database with several data sources', () => {
	it('each data source is read; one that is not readable makes the database Share Page, and the report names it', async () => {
		const { outputs, paths, reports } = await check(twoSourceWorld({ readable: false }), [DATABASE]);
		expect(outputs.map((items) => items.length)).toEqual([0, 0, 1, 0]);
		const report = reports[2][0];
		expect(report).toMatchObject({
			verdict: 'share_page',
			reason: 'not_shared_or_missing',
			resource: { id: DATABASE, type: 'database', title: 'Projects' },
			dataSource: { id: ARCHIVE, name: 'Archive', url: `https://www.notion.so/${hex(ARCHIVE)}` },
			dataSources: [
				{ id: TASKS, name: 'Tasks', verdict: 'access_ok', reason: 'accessible' },
				{ id: ARCHIVE, name: 'Archive', verdict: 'share_page', reason: 'not_shared_or_missing' },
			],
		});
		// What to do is about the data source that failed (remediation.ts calls it a database, as Notion's editor does), not the database asked for.
		expect(report.remediation).toContain(`open the database https://www.notion.so/${hex(ARCHIVE)},`);
		expect(paths).toEqual([`GET /v1/data_sources/${TASKS}`, `GET /v1/data_sources/${ARCHIVE}`, `GET /v1/databases/${DATABASE}`, `GET /v1/pages/${DATABASE}`, 'GET /v1/users/me'].sort());
	});

	it('a data source in the trash is Share Page (in_trash) for the database, naming it', async () => {
		const { reports } = await check(twoSourceWorld({ inTrash: true }), [DATABASE], { resourceType: 'database' });
		expect(reports[2][0]).toMatchObject({ reason: 'in_trash', dataSource: { id: ARCHIVE, name: 'Archive' } });
		expect(reports[2][0].remediation).toContain(`The database https://www.notion.so/${hex(ARCHIVE)} is in Notion's trash`);
	});

	it('Access OK only when every data source was read, and the report lists them', async () => {
		const { reports, paths } = await check(twoSourceWorld(), [DATABASE], { resourceType: 'database' });
		expect(reports[0][0]).toMatchObject({ verdict: 'access_ok', resource: { id: DATABASE }, dataSources: [{ id: TASKS, verdict: 'access_ok' }, { id: ARCHIVE, verdict: 'access_ok' }] });
		expect(reports[0][0].dataSource).toBeUndefined();
		expect(paths).toHaveLength(1 + 1 + 2);
	});

	it('a Retry at one data source and Share Page at the other: Share Page (the proven problem), never Access OK', async () => {
		const world = twoSourceWorld({ readable: false });
		const script = notion(world);
		const { outputs, reports } = await check(world, [DATABASE], { resourceType: 'database', options: { requestsPerSecond: 1000, maxWaitSeconds: 0 } }, {
			script: { api: (request) => (request.path.endsWith(TASKS) ? { kind: 'http', status: 503, body: errorBody(503, 'service_unavailable', 'Notion is unavailable.') } : script(request)) },
		});
		expect(outputs[0]).toEqual([]);
		expect(reports[2][0]).toMatchObject({ dataSource: { id: ARCHIVE }, dataSources: [{ id: TASKS, verdict: 'retry' }, { id: ARCHIVE, verdict: 'share_page' }] });
	});

	it('Data Source names one (by name or id): only that one is read', async () => {
		for (const named of ['tasks', ` ${hex(TASKS)} `]) {
			const { reports, paths } = await check(twoSourceWorld({ readable: false }), [DATABASE], { resourceType: 'database', options: { notionVersion: '2025-09-03', dataSource: named } });
			expect(reports[0][0]).toMatchObject({ verdict: 'access_ok', dataSources: [{ id: TASKS, name: 'Tasks' }] });
			expect(paths).toEqual([`GET /v1/data_sources/${TASKS}`, `GET /v1/databases/${DATABASE}`, 'GET /v1/users/me']);
		}
	});

	it('a named data source the database does not list is Share Page, saying what it lists', async () => {
		const { reports } = await check(twoSourceWorld(), [DATABASE], { options: { notionVersion: '2025-09-03', dataSource: 'Backlog' } });
		expect(reports[2][0]).toMatchObject({ verdict: 'share_page', message: 'The database lists no data source named "Backlog" (it lists "Tasks", "Archive").', dataSource: { name: 'Backlog' } });
	});

	it(`more than ${MAX_DATA_SOURCES_PER_DATABASE} data sources and none named: the item's error, and none of them is asked`, async () => {
		const world = twoSourceWorld();
		world[DATABASE].sources = Array.from({ length: MAX_DATA_SOURCES_PER_DATABASE + 1 }, (_, i) => ({ id: `4d${String(i).padStart(6, '0')}-4b5a-4978-8796-a5b4c3d2e1f0`, name: `Source ${i}` }));
		const core = new FakeN8nCore({ items: [{ json: { resource: DATABASE } }], script: { api: notion(world) }, credentialType: 'notionApi', parameters: { resourceType: 'database' }, onError: 'continueRegularOutput' });
		const outputs = await new NotionAccessCheck().execute.call(core.context());
		expect(outputs[0]).toEqual([]);
		expect(outputs[3][0].json.error).toMatch(/^Item 0: The database has 11 data sources, more than the 10 one check reads: give the name or ID/);
		expect(core.requests.map((request) => request.path).sort()).toEqual([`/v1/databases/${DATABASE}`, '/v1/users/me']);
	});

	it('Data Source with a Notion-Version before data sources existed is the item\'s error, before anything is sent', async () => {
		const core = new FakeN8nCore({ items: [{ json: { resource: DATABASE } }], script: { api: notion(twoSourceWorld()) }, credentialType: 'notionApi', parameters: { options: { notionVersion: '2022-06-28', dataSource: 'Tasks' } } });
		await expect(new NotionAccessCheck().execute.call(core.context())).rejects.toThrow(/^Item 0: "Data Source" needs Notion API version 2025-09-03/);
		expect(core.requests).toEqual([]);
	});
});

describe('Watch: locators in the Resources list, and databases with several data sources', () => {
	async function poll(core: FakeN8nCore, data: IDataObject) {
		const result = await new NotionAccessWatch().poll.call(core.pollContext(data));
		return (result?.[0] ?? []).map((item) => item.json);
	}

	it('reads locators and plain strings in the list; a data source that stops being readable is access_lost for the database, naming it', async () => {
		const world = twoSourceWorld();
		const core = new FakeN8nCore({
			items: [],
			script: { api: notion(world) },
			credentialType: 'notionApi',
			nodeType: 'n8n-nodes-notion-access.notionAccessWatch',
			parameters: {
				watch: 'list',
				resourceInput: 'collection',
				resourceList: {
					resources: [
						{ resource: { __rl: true, mode: 'list', value: DATABASE, cachedResultName: 'Projects' }, type: 'auto' },
						{ resource: `https://www.notion.so/acme/Roadmap-${hex(PAGE)}`, type: 'page' },
					],
				},
				emit: 'changes',
			},
		});
		const data: IDataObject = {};
		expect(await poll(core, data)).toEqual([]);
		world[ARCHIVE].readable = false;
		const events = await poll(core, data);
		expect(events).toEqual([
			expect.objectContaining({ event: 'access_lost', verdict: 'share_page', resource: expect.objectContaining({ id: DATABASE }), dataSource: expect.objectContaining({ id: ARCHIVE, name: 'Archive' }) }),
		]);
		world[ARCHIVE].readable = true;
		expect(await poll(core, data)).toEqual([expect.objectContaining({ event: 'access_restored', resource: expect.objectContaining({ id: DATABASE }) })]);
		// Per poll: the token, the database at its own endpoint (its kind is known after the first), its two data sources, the page.
		const lastPoll = core.requests.slice(-5).map((request) => request.path);
		expect(lastPoll.sort()).toEqual(['/v1/users/me', `/v1/databases/${DATABASE}`, `/v1/data_sources/${TASKS}`, `/v1/data_sources/${ARCHIVE}`, `/v1/pages/${PAGE}`].sort());
	});

	it('an entry that names its data source watches only that one', async () => {
		const world = twoSourceWorld({ readable: false });
		const core = new FakeN8nCore({
			items: [],
			script: { api: notion(world) },
			credentialType: 'notionApi',
			nodeType: 'n8n-nodes-notion-access.notionAccessWatch',
			parameters: { watch: 'list', resourceInput: 'collection', resourceList: { resources: [{ resource: { __rl: true, mode: 'id', value: DATABASE }, type: 'database', dataSource: 'Tasks' }] }, emit: 'changes' },
		});
		const data: IDataObject = {};
		await poll(core, data);
		expect((data.watch as { resources: Record<string, { verdict: string }> }).resources[DATABASE]).toMatchObject({ verdict: 'access_ok' });
		expect(core.requests.map((request) => request.path)).not.toContain(`/v1/data_sources/${ARCHIVE}`);
	});
});

/**
 * Fail closed over a database's data sources, on random databases (1-12 data sources, each
 * answering one of Notion's answers or faults), with or without one named: the item leaves once,
 * by Access OK only when every data source checked answered 200 with itself and not in the trash,
 * the report names a data source that did not, and the node asks at most MAX_DATA_SOURCES_PER_DATABASE
 * distinct data sources. FC_RUNS sets the number of cases (default 300).
 */
describe('Access Check: a database\'s data sources, fail closed (fast-check)', () => {
	type Answer = 'ok' | 'trashed' | 'notFound' | 'restricted' | 'http503' | 'http429' | 'html502' | 'reset' | 'otherId' | 'garbled';
	const answers: Answer[] = ['ok', 'ok', 'ok', 'trashed', 'notFound', 'restricted', 'http503', 'http429', 'html502', 'reset', 'otherId', 'garbled'];
	const sourceId = (i: number) => `5d${String(i).padStart(6, '0')}-4b5a-4978-8796-a5b4c3d2e1f0`;

	function answerFor(answer: Answer, request: SentRequest): ApiAnswer {
		const id = request.path.split('/')[3];
		switch (answer) {
			case 'ok':
			case 'trashed':
				return { kind: 'http', status: 200, body: { object: 'data_source', id, title: [{ plain_text: 'x' }], in_trash: answer === 'trashed' } };
			case 'otherId':
				return { kind: 'http', status: 200, body: { object: 'data_source', id: TASKS, title: [] } };
			case 'garbled':
				return { kind: 'http', status: 200, body: '<html>oops</html>' };
			case 'notFound':
				return { kind: 'http', status: 404, body: errorBody(404, 'object_not_found', `Could not find data_source with ID: ${id}.`) };
			case 'restricted':
				return { kind: 'http', status: 403, body: errorBody(403, 'restricted_resource', 'Insufficient permissions for this endpoint.') };
			case 'http503':
				return { kind: 'http', status: 503, body: errorBody(503, 'service_unavailable', 'Notion is unavailable.') };
			case 'http429':
				return { kind: 'http', status: 429, body: errorBody(429, 'rate_limited', 'You have been rate limited.'), headers: { 'retry-after': '30' } };
			case 'html502':
				return { kind: 'http', status: 502, body: '<html>Bad gateway</html>' };
			case 'reset':
				return { kind: 'throw', error: () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) };
		}
	}

	it(`Access OK only when every data source checked was read (${Number(process.env.FC_RUNS ?? 300)} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.constantFrom(...answers), { minLength: 1, maxLength: MAX_DATA_SOURCES_PER_DATABASE + 2 }),
				fc.option(fc.nat(MAX_DATA_SOURCES_PER_DATABASE + 3), { nil: undefined }),
				fc.constantFrom('auto', 'database'),
				fc.constantFrom<'continueRegularOutput' | 'continueErrorOutput'>('continueRegularOutput', 'continueErrorOutput'),
				async (sources, namedIndex, resourceType, onError) => {
					const names = sources.map((_, i) => `Source ${i}`);
					const database = { object: 'database', id: DATABASE, title: [{ plain_text: 'Projects' }], data_sources: sources.map((_, i) => ({ id: sourceId(i), name: names[i] })) };
					const core = new FakeN8nCore({
						items: [{ json: { resource: DATABASE } }],
						credentialType: 'notionApi',
						onError,
						parameters: { resourceType, options: { requestsPerSecond: 1000, maxWaitSeconds: 0, notionVersion: '2025-09-03', ...(namedIndex === undefined ? {} : { dataSource: `Source ${namedIndex}` }) } },
						script: {
							api: (request) => {
								const [, , collection, id] = request.path.split('/');
								if (collection === 'users') return { kind: 'http', status: 200, body: { object: 'user', id: 'b0b0b0b0-0000-4000-8000-000000000001', type: 'bot', name: 'Acme Sync' } };
								if (collection === 'pages') return { kind: 'http', status: 400, body: errorBody(400, 'validation_error', `Provided ID ${id} is a database, not a page. Use the retrieve database API instead.`) };
								if (collection === 'databases') return { kind: 'http', status: 200, body: database };
								const i = sources.findIndex((_, n) => sourceId(n) === id);
								return i < 0 ? { kind: 'http', status: 404, body: errorBody(404, 'object_not_found', 'nope') } : answerFor(sources[i], request);
							},
						},
					});
					const run = await runOnFakeClock(async () => await new NotionAccessCheck().execute.call(core.context()));
					if ('error' in run) throw run.error;
					const outputs = run.value;
					expect(outputs.flat()).toHaveLength(1);
					const checked = namedIndex === undefined ? sources.map((_, i) => i) : namedIndex < sources.length ? [namedIndex] : [];
					const asked = new Set(core.requests.filter((request) => request.path.startsWith('/v1/data_sources/')).map((request) => request.path));
					expect(asked.size).toBeLessThanOrEqual(MAX_DATA_SOURCES_PER_DATABASE);
					const report = outputs.flat()[0].json.notionAccess as IDataObject | undefined;
					if (outputs[0].length === 1) {
						// Access OK: every one checked was asked, and answered with itself, readable.
						expect(checked.length).toBeGreaterThan(0);
						expect(checked.length).toBeLessThanOrEqual(MAX_DATA_SOURCES_PER_DATABASE);
						for (const i of checked) expect(sources[i]).toBe('ok');
						expect(asked.size).toBe(checked.length);
					} else if (report?.dataSource !== undefined) {
						// Not OK because of a data source: the one named did not answer "readable".
						const failed = report.dataSource as IDataObject;
						const i = names.indexOf(String(failed.name));
						if (i >= 0 && namedIndex === undefined) expect(sources[i]).not.toBe('ok');
					}
				},
			),
			{ numRuns: Number(process.env.FC_RUNS ?? 300) },
		);
	});
});
