import type { IDataObject } from 'n8n-workflow';

import type { SentRequest } from '../../support/fakeN8nCore';
import { DATA_SOURCE, locator, OTHER, PAGE, pageOf, row, thrown } from './dataSourcePage-fixtures';
import { ok, outputsOf, refused, runV2 } from './harness';

const QUERY = `/v1/data_sources/${DATA_SOURCE}/query`;
const base = {
	resource: 'dataSourcePage',
	operation: 'upsert',
	dataSourceId: locator(DATA_SOURCE),
	keyProperty: 'Email|email',
	keyValue: (i: number) => (i === 1 ? 'ADA@example.com' : 'ada@example.com'),
	title: '',
	simple: true,
	propertiesUi: { propertyValues: [row('Hours|number', { numberValue: 5 })] },
};
const list = (results: IDataObject[], hasMore = false) => ({ object: 'list', results, has_more: hasMore, next_cursor: hasMore ? 'c' : null });
const writes = (sent: SentRequest[]) => sent.filter((request) => request.method === 'PATCH' || (request.method === 'POST' && request.path === '/v1/pages'));

describe('Notion Request v2: data source page upsert', () => {
	test('no page has the key: one query, then a create that sets the key', async () => {
		const { result, sent } = await runV2({
			parameters: base,
			answer: (request) => (request.path === QUERY ? ok(list([])) : ok(pageOf(PAGE))),
		});
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`POST ${QUERY}`, 'POST /v1/pages']);
		expect(sent[0].body).toEqual({ filter: { property: 'Email', email: { equals: 'ada@example.com' } }, page_size: 10 });
		expect((sent[1].body as IDataObject).properties).toEqual({ Hours: { number: 5 }, Email: { email: 'ada@example.com' } });
		expect(outputsOf(result)[0][0].json).toMatchObject({ id: PAGE, upserted: 'created' });
	});

	test('one page has the key: it is updated', async () => {
		const { result, sent } = await runV2({
			parameters: base,
			answer: (request) => (request.path === QUERY ? ok(list([pageOf(OTHER)])) : ok(pageOf(OTHER))),
		});
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`POST ${QUERY}`, `PATCH /v1/pages/${OTHER}`]);
		expect(sent[1].body).toEqual({ properties: { Hours: { number: 5 } } });
		expect(outputsOf(result)[0][0].json).toMatchObject({ id: OTHER, upserted: 'updated' });
	});

	test('several pages have the key: n8n error handling names them, and nothing is written', async () => {
		const { result, sent } = await runV2({
			parameters: base,
			answer: () => ok(list([pageOf(PAGE), pageOf(OTHER)])),
		});
		expect(thrown(result)).toMatch(new RegExp(`Item 0.*2 pages have "Email" equal to "ada@example.com": ${PAGE}, ${OTHER}. Nothing was written`));
		expect(writes(sent)).toEqual([]);
	});

	test.each(['stopWorkflow', 'continueRegularOutput'] as const)('two items with the same key (emails without case) give one page: one query, one create, then an update of it (%s)', async (onError) => {
		const created = '7d0e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
		const { result, sent } = await runV2({
			items: [{}, {}],
			onError,
			parameters: base,
			answer: (request) => (request.path === QUERY ? ok(list([])) : ok(pageOf(created))),
		});
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`POST ${QUERY}`, 'POST /v1/pages', `PATCH /v1/pages/${created}`]);
		expect(outputsOf(result)[0].map((item) => item.json.upserted)).toEqual(['created', 'updated']);
	});

	test('when the first item with a key writes nothing, the later one is not written either', async () => {
		const { result, sent } = await runV2({
			items: [{}, {}],
			onError: 'continueRegularOutput',
			parameters: base,
			answer: (request) => (request.path === QUERY ? ok(list([])) : refused(400, 'validation_error', 'Hours is expected to be number.')),
		});
		expect(writes(sent)).toHaveLength(1);
		const outputs = outputsOf(result);
		expect(outputs[0]).toEqual([]);
		const errors = outputs.flat().map((item) => String(item.json.error ?? ''));
		expect(errors).toEqual([
			expect.stringMatching(/^Item 0: .*Notion rejected the property "Hours"/),
			expect.stringMatching(/^Item 1: Item 0 has the same key and wrote no page/),
		]);
	});

	test('a key value missing or of the wrong type is bad input, and nothing is sent', async () => {
		const { result, sent } = await runV2({ parameters: { ...base, keyValue: '' }, answer: () => ok(list([])) });
		expect(thrown(result)).toMatch(/Key Value: The key property "Email" has no value/);
		expect(sent).toEqual([]);
	});

	test('the title as key: a create sets it from Key Value, with no schema read', async () => {
		const { sent } = await runV2({
			parameters: { ...base, keyProperty: 'Task|title', keyValue: 'Ship it', title: '', propertiesUi: {} },
			answer: (request) => (request.path === QUERY ? ok(list([])) : ok(pageOf(PAGE))),
		});
		expect(sent.map((request) => request.path)).toEqual([QUERY, '/v1/pages']);
		expect((sent[1].body as IDataObject).properties).toEqual({ Task: { title: [{ type: 'text', text: { content: 'Ship it' } }] } });
	});

	test('the key set a second time (by Title or a property row) is bad input: the next run would miss the page', async () => {
		const byTitle = await runV2({ parameters: { ...base, keyProperty: 'Task|title', keyValue: 'Ship it', title: 'Other' }, answer: () => ok(list([])) });
		expect(thrown(byTitle.result)).toMatch(/Title: "Task" is the key property, set by Key Value/);
		const byRow = await runV2({ parameters: { ...base, propertiesUi: { propertyValues: [row('Email|email', { emailValue: 'x@example.com' })] } }, answer: () => ok(list([])) });
		expect(thrown(byRow.result)).toMatch(/Properties: "Email" is the key property/);
		expect([...byTitle.sent, ...byRow.sent]).toEqual([]);
	});
});
