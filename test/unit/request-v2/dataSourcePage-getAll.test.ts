import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { getAll } from '../../../nodes/NotionRequest/v2/actions/dataSourcePage/getAll';
import { NotionSession } from '../../../nodes/NotionRequest/v2/actions/notion';
import { NotionTransport } from '../../../nodes/shared/transport';
import { MAX_RELATION_CALLS_PER_ITEM } from '../../../nodes/NotionRequest/v2/actions/dataSourcePage/relations';
import { STATUS_GROUP_BETA } from '../../../nodes/shared/properties/filters';
import { runOnFakeClock } from '../../support/fakeClock';
import { type ApiAnswer, FakeN8nCore, type SentRequest } from '../../support/fakeN8nCore';
import { DATA_SOURCE, dataSource, locator, OTHER, PAGE, pageOf, thrown } from './dataSourcePage-fixtures';
import { ok, outputsOf, runV2 } from './harness';

const base = { resource: 'dataSourcePage', operation: 'getAll', dataSourceId: locator(DATA_SOURCE), simple: true, returnAll: true };
const QUERY = `/v1/data_sources/${DATA_SOURCE}/query`;

function list(results: IDataObject[], next?: string): IDataObject {
	return { object: 'list', results, has_more: next !== undefined, next_cursor: next ?? null, type: 'page_or_data_source', page_or_data_source: {} };
}

/**
 * Plans and performs one item of an operation on a transport with the given Notion-Version (the node
 * itself offers versions up to 2026-03-11), keeping each request's headers, which the fake core does not record.
 */
async function performDirect(parameters: Record<string, unknown>, notionVersion: string, answer: (request: SentRequest, n: number) => ApiAnswer) {
	const core = new FakeN8nCore({ items: [{ json: {} }], nodeType: 'n8n-nodes-notion-access.notionRequest', credentialId: `v2-direct-${notionVersion}-${Math.random()}`, parameters, script: { api: answer } });
	const ctx = core.context();
	const headers: IDataObject[] = [];
	const urls: string[] = [];
	const send = ctx.helpers.httpRequestWithAuthentication;
	ctx.helpers.httpRequestWithAuthentication = async function (this: IExecuteFunctions, type: string, options: IHttpRequestOptions) {
		headers.push((options.headers ?? {}) as IDataObject);
		urls.push(options.url);
		return await send.call(this, type, options);
	} as typeof send;
	const transport = new NotionTransport(ctx, core.credentialType as never, { notionVersion, requestsPerSecond: 1000, waitOnRateLimit: true, maxWaitSeconds: 60, timeoutSeconds: 30 });
	const notion = new NotionSession(transport).forItem();
	const run = await runOnFakeClock(async () => await getAll.perform(getAll.plan(ctx, 0), notion));
	if ('error' in run) throw run.error;
	return { done: run.value, sent: core.requests, headers, urls };
}

describe('Notion Request v2: data source page get many', () => {
	test('filters built in the editor (all conditions) and a sort become one query; Return All follows the cursor; one item per page', async () => {
		const { result, sent } = await runV2({
			parameters: {
				...base,
				filterType: 'manual',
				matchType: 'allConditions',
				filters: {
					conditions: [
						{ key: 'Done|checkbox', condition: 'equals', checkboxValue: true },
						{ key: 'Hours|number', condition: 'greater_than', numberValue: 2 },
						{ key: 'Tags|multi_select', condition: 'contains', optionValue: 'a' },
						{ key: 'Due|date', condition: 'past_week' },
						{ key: 'Notes|rich_text', condition: 'is_empty' },
						{ key: 'Score|formula', returnType: 'number', condition: 'equals', numberValue: 1 },
						{ key: 'Related|relation', condition: 'contains', relationValue: OTHER },
					],
				},
				options: { requestsPerSecond: 1000, notionVersion: '2025-09-03', sort: { sortValue: [{ key: 'Hours|number', direction: 'descending', timestamp: false }, { key: 'created_time', timestamp: true, direction: 'ascending' }] } },
			},
			answer: (request) => (request.body && (request.body as IDataObject).start_cursor ? ok(list([pageOf(OTHER)])) : ok(list([pageOf(PAGE)], 'c1'))),
		});
		const [success] = outputsOf(result);
		expect(success.map((item) => item.json.id)).toEqual([PAGE, OTHER]);
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`POST ${QUERY}`, `POST ${QUERY}`]);
		expect(sent[0].body).toEqual({
			filter: {
				and: [
					{ property: 'Done', checkbox: { equals: true } },
					{ property: 'Hours', number: { greater_than: 2 } },
					{ property: 'Tags', multi_select: { contains: 'a' } },
					{ property: 'Due', date: { past_week: {} } },
					{ property: 'Notes', rich_text: { is_empty: true } },
					{ property: 'Score', formula: { number: { equals: 1 } } },
					{ property: 'Related', relation: { contains: OTHER } },
				],
			},
			sorts: [
				{ property: 'Hours', direction: 'descending' },
				{ timestamp: 'created_time', direction: 'ascending' },
			],
		});
		expect(success[0].json.notionRequest).toMatchObject({ verdict: 'success', fetched: 2 });
	});

	test("any condition is OR; n8n's own anyFilter/allFilters values work too", async () => {
		for (const [matchType, combine] of [['anyConditions', 'or'], ['anyFilter', 'or'], ['allFilters', 'and']]) {
			const { sent } = await runV2({
				parameters: { ...base, filterType: 'manual', matchType, filters: { conditions: [{ key: 'Priority|select', condition: 'equals', optionValue: 'High' }] } },
				answer: () => ok(list([])),
			});
			expect((sent[0].body as IDataObject).filter).toEqual({ [combine]: [{ property: 'Priority', select: { equals: 'High' } }] });
		}
	});

	test('a JSON filter goes as given; Limit asks for no more than it needs', async () => {
		const filter = { property: 'Done', checkbox: { equals: true } };
		const { result, sent } = await runV2({
			parameters: { ...base, returnAll: false, limit: 3, filterType: 'json', filterJson: JSON.stringify(filter) },
			answer: () => ok(list([pageOf(PAGE), pageOf(OTHER), pageOf(PAGE)], 'c1')),
		});
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toEqual({ filter, page_size: 3 });
		expect(outputsOf(result)[0]).toHaveLength(3);
	});

	test('a condition that does not fit its type names the item and the property, and nothing is sent', async () => {
		const { result, sent } = await runV2({
			parameters: { ...base, filterType: 'manual', matchType: 'anyConditions', filters: { conditions: [{ key: 'Done|checkbox', condition: 'contains', checkboxValue: true }] } },
			answer: () => ok(list([])),
		});
		expect(thrown(result)).toMatch(/Item 0.*Filters: The filter on "Done": "contains" is not a condition for Checkbox/);
		expect(sent).toEqual([]);
	});

	test('invalid JSON filter is bad input', async () => {
		const { result, sent } = await runV2({ parameters: { ...base, filterType: 'json', filterJson: '{nope' }, answer: () => ok(list([])) });
		expect(thrown(result)).toMatch(/Filters \(JSON\)/);
		expect(sent).toEqual([]);
	});

	test('on Notion-Version 2026-12-01 the query names every property (filter_properties), after the schema read', async () => {
		const { sent, done, urls } = await performDirect(base, '2026-12-01', (request) => (request.method === 'GET' ? ok(dataSource) : ok(list([pageOf(PAGE)]))));
		expect(sent.map((request) => request.method)).toEqual(['GET', 'POST']);
		const ids = Object.values(dataSource.properties).map((property) => `filter_properties=${encodeURIComponent(decodeURIComponent(property.id))}`);
		expect(urls[1]).toBe(`https://api.notion.com${QUERY}?${ids.join('&')}`);
		expect(done.items).toHaveLength(1);
	});

	test('on 2025-09-03 no schema is read and no filter_properties is sent', async () => {
		const { sent } = await runV2({ parameters: base, answer: () => ok(list([])) });
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`POST ${QUERY}`]);
	});

	test('a status group condition sends the Notion-Beta header before 2026-12-01, and not on it', async () => {
		const parameters = {
			...base,
			filterType: 'manual',
			matchType: 'anyConditions',
			filters: { conditions: [{ key: 'Status|status', condition: 'status_group_equals', optionValue: 'In progress' }] },
		};
		const answer = (request: SentRequest) => (request.method === 'GET' ? ok(dataSource) : ok(list([])));
		const before = await performDirect(parameters, '2026-03-11', answer);
		expect(before.sent[0].body).toEqual({ filter: { or: [{ property: 'Status', status: { group: { equals: 'In progress' } } }] } });
		expect(before.headers).toHaveLength(1);
		expect(before.headers[0]['Notion-Beta']).toBe(STATUS_GROUP_BETA);
		expect(before.headers[0]['Notion-Version']).toBe('2026-03-11');
		const on = await performDirect(parameters, '2026-12-01', answer);
		expect(on.headers.map((entry) => entry['Notion-Beta'])).toEqual([undefined, undefined]);
		const without = await performDirect({ ...parameters, filters: { conditions: [{ key: 'Status|status', condition: 'equals', optionValue: 'Doing' }] } }, '2026-03-11', answer);
		expect(without.headers[0]['Notion-Beta']).toBeUndefined();
	});
});

describe('Notion Request v2: get many reads relations within a bound per item', () => {
	test(`relation reads stop after ${MAX_RELATION_CALLS_PER_ITEM} property item calls; later pages keep Notion's has_more`, async () => {
		const pageN = (n: number) => `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
		const withRelation = (n: number) => ({ ...pageOf(pageN(n)), properties: { Related: { id: 'rl', type: 'relation', relation: [], has_more: true } } });
		const { result, sent } = await runV2({
			parameters: { ...base, simple: false },
			answer: (request) => {
				if (request.path === QUERY) {
					return (request.body as IDataObject).start_cursor ? ok(list([withRelation(100)])) : ok(list(Array.from({ length: 100 }, (_, n) => withRelation(n)), 'c1'));
				}
				const results = Array.from({ length: 100 }, () => ({ object: 'property_item', type: 'relation', relation: { id: OTHER } }));
				return ok({ object: 'list', results, has_more: true, next_cursor: `r${String(request.query?.start_cursor ?? '')}x` });
			},
		});
		const [success] = outputsOf(result);
		expect(success).toHaveLength(101);
		expect(sent.filter((request) => request.path.includes('/properties/'))).toHaveLength(MAX_RELATION_CALLS_PER_ITEM);
		const related = (n: number) => (success[n].json.properties as IDataObject).Related as IDataObject;
		expect((related(0).relation as unknown[]).length).toBe(1000);
		expect(related(100)).toEqual({ id: 'rl', type: 'relation', relation: [], has_more: true });
	});
});
