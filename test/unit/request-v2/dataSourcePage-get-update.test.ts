import type { IDataObject } from 'n8n-workflow';

import { MAX_RELATION_ENTRIES } from '../../../nodes/NotionRequest/v2/actions/dataSourcePage/relations';
import { DATA_SOURCE, dataSource, locator, PAGE, pageOf, row, thrown } from './dataSourcePage-fixtures';
import { ok, outputsOf, refused, runV2 } from './harness';

const relationId = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;

/** Notion's property item list for a relation: `count` entries from `from`, `size` a page. */
function relationItems(from: number, count: number, total: number): IDataObject {
	const results = Array.from({ length: count }, (_, i) => ({ object: 'property_item', id: 'rl', type: 'relation', relation: { id: relationId(from + i) } }));
	const more = from + count < total;
	return { object: 'list', results, has_more: more, next_cursor: more ? `c${from + count}` : null, type: 'property_item', property_item: { id: 'rl', type: 'relation', relation: {} } };
}

describe('Notion Request v2: data source page get', () => {
	test('a relation with more than 25 entries is read completely through the property item endpoint, and simplified to ids', async () => {
		const total = 130;
		const page = pageOf(PAGE, {
			Related: { id: 'rl', type: 'relation', relation: Array.from({ length: 25 }, (_, i) => ({ id: relationId(i) })), has_more: true },
			Priority: { id: 's0', type: 'select', select: { name: 'High' } },
		});
		const { result, sent } = await runV2({
			parameters: { resource: 'dataSourcePage', operation: 'get', pageId: locator(PAGE), simple: true },
			answer: (request) => {
				if (request.path === `/v1/pages/${PAGE}`) return ok(page);
				const cursor = (request.query?.start_cursor as string | undefined) ?? 'c0';
				const from = Number(cursor.slice(1));
				return ok(relationItems(from, Math.min(100, total - from), total));
			},
		});
		const [success] = outputsOf(result);
		expect(sent.map((request) => request.path)).toEqual([`/v1/pages/${PAGE}`, `/v1/pages/${PAGE}/properties/rl`, `/v1/pages/${PAGE}/properties/rl`]);
		const properties = success[0].json.properties as IDataObject;
		expect(properties.Related).toEqual(Array.from({ length: total }, (_, i) => relationId(i)));
		expect(properties.Priority).toBe('High');
	});

	test(`a relation longer than ${MAX_RELATION_ENTRIES} entries stops at the bound and keeps has_more`, async () => {
		const page = pageOf(PAGE, { Related: { id: 'rl', type: 'relation', relation: [], has_more: true } });
		const { result, sent } = await runV2({
			parameters: { resource: 'dataSourcePage', operation: 'get', pageId: locator(PAGE), simple: false },
			answer: (request) => {
				if (request.path === `/v1/pages/${PAGE}`) return ok(page);
				const from = Number(((request.query?.start_cursor as string | undefined) ?? 'c0').slice(1));
				return ok(relationItems(from, 100, 5000));
			},
		});
		const related = ((outputsOf(result)[0][0].json.properties as IDataObject).Related as IDataObject);
		expect((related.relation as unknown[]).length).toBe(MAX_RELATION_ENTRIES);
		expect(related.has_more).toBe(true);
		expect(sent).toHaveLength(1 + MAX_RELATION_ENTRIES / 100);
	});

	test('a relation read that fails midway routes the item (Retry), not a partial Success', async () => {
		const page = pageOf(PAGE, { Related: { id: 'rl', type: 'relation', relation: [], has_more: true } });
		const { result } = await runV2({
			parameters: { resource: 'dataSourcePage', operation: 'get', pageId: locator(PAGE), simple: true, options: { waitOnRateLimit: false } },
			answer: (request) => (request.path === `/v1/pages/${PAGE}` ? ok(page) : refused(503, 'service_unavailable', 'Notion is unavailable.')),
		});
		const outputs = outputsOf(result);
		expect(outputs[0]).toEqual([]);
		expect(outputs[3][0].json.notionRequest).toMatchObject({ verdict: 'retry' });
	});
});

describe('Notion Request v2: data source page update', () => {
	test('typed keys: one PATCH with the property values, no schema read', async () => {
		const { result, sent } = await runV2({
			parameters: { resource: 'dataSourcePage', operation: 'update', pageId: locator(PAGE), simple: true, propertiesUi: { propertyValues: [row('Priority|select', { selectValue: '' }), row('Hours|number', { numberValue: 4 })] } },
			answer: () => ok(pageOf(PAGE)),
		});
		expect(outputsOf(result)[0]).toHaveLength(1);
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`PATCH /v1/pages/${PAGE}`]);
		expect(sent[0].body).toEqual({ properties: { Priority: { select: null }, Hours: { number: 4 } } });
	});

	test("a key without its type: the page's data source schema says it (page read, schema read, then the PATCH)", async () => {
		const { sent } = await runV2({
			parameters: { resource: 'dataSourcePage', operation: 'update', pageId: locator(PAGE), simple: true, propertiesUi: { propertyValues: [{ key: 'Done', checkboxValue: true }] } },
			answer: (request) => (request.path === `/v1/data_sources/${DATA_SOURCE}` ? ok(dataSource) : ok(pageOf(PAGE))),
		});
		expect(sent.map((request) => request.method)).toEqual(['GET', 'GET', 'PATCH']);
		expect(sent[2].body).toEqual({ properties: { Done: { checkbox: true } } });
	});

	test('no property to update is bad input: nothing is sent', async () => {
		const { result, sent } = await runV2({
			parameters: { resource: 'dataSourcePage', operation: 'update', pageId: locator(PAGE), simple: true },
			answer: () => ok(pageOf(PAGE)),
		});
		expect(thrown(result)).toMatch(/add at least one property/);
		expect(sent).toEqual([]);
	});
});
