import { DATA_SOURCE, dataSource, locator, OTHER, PAGE, pageOf, row, thrown, USER } from './dataSourcePage-fixtures';
import { ok, outputsOf, refused, runV2 } from './harness';

const base = { resource: 'dataSourcePage', operation: 'create', dataSourceId: locator(DATA_SOURCE), simple: true };

function answers(request: { method: string; path: string }) {
	if (request.method === 'GET' && request.path === `/v1/data_sources/${DATA_SOURCE}`) return ok(dataSource);
	if (request.method === 'POST' && request.path === '/v1/pages') return ok(pageOf(PAGE));
	return refused(400, 'invalid_request_url', 'Invalid request URL.');
}

describe('Notion Request v2: data source page create', () => {
	test('5 items with a title and property fields: 5 creates and 1 schema read; every type becomes Notion JSON', async () => {
		const { result, sent } = await runV2({
			items: [{}, {}, {}, {}, {}],
			parameters: {
				...base,
				title: 'Ship it',
				propertiesUi: {
					propertyValues: [
						row('Notes|rich_text', { textContent: 'x'.repeat(2500) }),
						row('Hours|number', { numberValue: 2.5 }),
						row('Done|checkbox', { checkboxValue: true }),
						row('Link|url', { urlValue: 'https://example.com' }),
						row('Email|email', { emailValue: 'a@example.com' }),
						row('Phone|phone_number', { phoneValue: '+49 30 1' }),
						row('Priority|select', { selectValue: 'High' }),
						row('Tags|multi_select', { multiSelectValue: ['a', 'b'] }),
						row('Status|status', { statusValue: 'Doing' }),
						row('Due|date', { range: true, dateStart: '2026-12-03T09:30:00', dateEnd: '2026-12-03T10:30:00', includeTime: true, timezone: 'Europe/Berlin' }),
						row('Owner|people', { peopleValue: [USER] }),
						row('Related|relation', { relationValue: [`https://www.notion.so/x-${OTHER.replace(/-/g, '')}`] }),
						row('Files|files', { fileUrls: { fileUrl: [{ name: 'spec', url: 'https://example.com/spec.pdf' }] } }),
					],
				},
			},
			answer: answers,
		});
		const [success, ...others] = outputsOf(result);
		expect(others.flat()).toEqual([]);
		expect(success).toHaveLength(5);
		expect(sent.filter((request) => request.method === 'GET')).toHaveLength(1);
		const creates = sent.filter((request) => request.method === 'POST');
		expect(creates).toHaveLength(5);
		const body = creates[0].body as { parent: unknown; properties: Record<string, Record<string, unknown>> };
		expect(body.parent).toEqual({ type: 'data_source_id', data_source_id: DATA_SOURCE });
		const p = body.properties;
		expect(p.Task.title).toEqual([{ type: 'text', text: { content: 'Ship it' } }]);
		expect((p.Notes.rich_text as unknown[]).length).toBe(2);
		expect(p.Hours).toEqual({ number: 2.5 });
		expect(p.Done).toEqual({ checkbox: true });
		expect(p.Link).toEqual({ url: 'https://example.com' });
		expect(p.Email).toEqual({ email: 'a@example.com' });
		expect(p.Phone).toEqual({ phone_number: '+49 30 1' });
		expect(p.Priority).toEqual({ select: { name: 'High' } });
		expect(p.Tags).toEqual({ multi_select: [{ name: 'a' }, { name: 'b' }] });
		expect(p.Status).toEqual({ status: { name: 'Doing' } });
		expect(p.Due).toEqual({ date: { start: '2026-12-03T09:30:00', end: '2026-12-03T10:30:00', time_zone: 'Europe/Berlin' } });
		expect(p.Owner).toEqual({ people: [{ id: USER }] });
		expect(p.Related).toEqual({ relation: [{ id: OTHER }] });
		expect(p.Files).toEqual({ files: [{ name: 'spec', type: 'external', external: { url: 'https://example.com/spec.pdf' } }] });
		expect(success[0].json).toMatchObject({ id: PAGE, name: 'Ship it', notionRequest: { verdict: 'success', resource: { id: PAGE } } });
	});

	test('no title and typed keys: no schema read, one request per item', async () => {
		const { sent } = await runV2({
			items: [{}, {}],
			parameters: { ...base, title: '', propertiesUi: { propertyValues: [row('Hours|number', { numberValue: 1 })] } },
			answer: answers,
		});
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1/pages', 'POST /v1/pages']);
	});

	test('a key from an expression without its type: the schema says the type', async () => {
		const { sent } = await runV2({
			parameters: { ...base, title: '', propertiesUi: { propertyValues: [{ key: 'Hours', numberValue: 3 }] } },
			answer: answers,
		});
		expect(sent.map((request) => request.method)).toEqual(['GET', 'POST']);
		expect((sent[1].body as { properties: unknown }).properties).toEqual({ Hours: { number: 3 } });
	});

	test('bad input names the item and the property, and nothing is sent', async () => {
		const { result, sent } = await runV2({
			parameters: { ...base, title: 'x', propertiesUi: { propertyValues: [row('Hours|number', { numberValue: 'twelve' })] } },
			answer: answers,
		});
		expect(thrown(result)).toMatch(/Item 0.*Properties: The property "Hours" needs a number/);
		expect(sent).toEqual([]);
	});

	test('a property retyped since the key was picked is named before anything is written', async () => {
		const { result, sent } = await runV2({
			parameters: { ...base, title: 'x', propertiesUi: { propertyValues: [row('Hours|rich_text', { textContent: '3' })] } },
			answer: answers,
		});
		expect(thrown(result)).toMatch(/"Hours" is now a Number property, not Text/);
		expect(sent.filter((request) => request.method === 'POST')).toEqual([]);
	});

	test('the title set twice (Title field and a title row) is refused', async () => {
		const { result } = await runV2({
			parameters: { ...base, title: 'x', propertiesUi: { propertyValues: [row('Task|title', { title: 'y' })] } },
			answer: answers,
		});
		expect(thrown(result)).toMatch(/"Task" is set twice/);
	});

	test('content: blocks from the builder go as children, markdown as markdown', async () => {
		const blocks = await runV2({
			parameters: { ...base, title: '', contentType: 'blockUi', blockUi: { blockValues: [{ type: 'heading_1', textContent: 'Hi' }, { type: 'to_do', textContent: 'do', checked: true }] } },
			answer: answers,
		});
		expect((blocks.sent[0].body as { children: unknown[] }).children).toEqual([
			{ object: 'block', type: 'heading_1', heading_1: { rich_text: [{ type: 'text', text: { content: 'Hi' } }] } },
			{ object: 'block', type: 'to_do', to_do: { rich_text: [{ type: 'text', text: { content: 'do' } }], checked: true } },
		]);
		const markdown = await runV2({ parameters: { ...base, title: '', contentType: 'markdown', markdown: '# Hi' }, answer: answers });
		expect(markdown.sent[0].body).toMatchObject({ markdown: '# Hi' });
		expect(markdown.sent[0].body).not.toHaveProperty('children');
	});

	test('101 blocks do not fit one create: refused before anything is sent', async () => {
		const { result, sent } = await runV2({
			parameters: { ...base, title: '', contentType: 'json', blocksJson: JSON.stringify(Array.from({ length: 101 }, () => ({ object: 'block', type: 'divider', divider: {} }))) },
			answer: answers,
		});
		expect(thrown(result)).toMatch(/101 blocks do not fit in one create/);
		expect(sent).toEqual([]);
	});

	test('a data source not shared goes to Share Page, and nothing is created', async () => {
		const { result, sent } = await runV2({
			parameters: { ...base, title: 'x' },
			answer: () => refused(404, 'object_not_found', `Could not find data_source with ID: ${DATA_SOURCE}. Make sure the relevant pages and databases are shared with your integration "Acme".`),
		});
		expect(outputsOf(result)[2][0].json.notionRequest).toMatchObject({ verdict: 'share_page', resource: { id: DATA_SOURCE } });
		expect(sent.filter((request) => request.method === 'POST')).toEqual([]);
	});
});

describe('Notion Request v2: a 400 from Notion names the property and quotes what Notion wanted', () => {
	test.each([
		['Hours is expected to be number.', /Notion rejected the property "Hours"/, /Fix the property "Hours"/],
		['Could not find property with name or id: Owner', /Notion rejected the property "Owner"/, /Fix the property "Owner"/],
		[
			'body failed validation: body.properties.Task.title[0].text.content.length should be ≤ `2000`, instead was `2345`.',
			/should be ≤ `2000`, instead was `2345`.*Notion rejected the field body\.properties\.Task\.title/,
			/Fix the field body\.properties\.Task\.title/,
		],
	])('%s', async (message, inMessage, inDescription) => {
		const { result, sent } = await runV2({
			parameters: { ...base, title: '', propertiesUi: { propertyValues: [row('Hours|number', { numberValue: 1 })] } },
			answer: () => refused(400, 'validation_error', message),
		});
		expect(sent).toHaveLength(1);
		expect('error' in result).toBe(true);
		const error = (result as { error: Error & { description?: string } }).error;
		expect(error.message).toMatch(/^Item 0: Notion rejected the request \(validation_error, HTTP 400\)/);
		expect(error.message).toMatch(inMessage);
		expect(error.description).toMatch(inDescription);
		expect(error.description).toMatch(/POST \/v1\/pages/);
	});
});

describe('Notion Request v2: each property field round-trips through Notion JSON and Simplify', () => {
	/** Notion's answer to a create: the values as sent, with `type` and rich text's `plain_text` added. */
	function echo(body: { properties: Record<string, Record<string, unknown>> }) {
		const properties: Record<string, unknown> = {};
		for (const [name, value] of Object.entries(body.properties)) {
			const [type] = Object.keys(value);
			const given = value[type];
			const withPlainText = Array.isArray(given) && (type === 'title' || type === 'rich_text')
				? given.map((part: { text: { content: string } }) => ({ ...part, plain_text: part.text.content }))
				: given;
			properties[name] = { id: name, type, [type]: withPlainText };
		}
		return { ...pageOf(PAGE), properties };
	}

	test.each([
		['Task|title', { title: 'Ship it' }, 'Ship it'],
		['Notes|rich_text', { textContent: 'y'.repeat(4100) }, 'y'.repeat(4100)],
		['Hours|number', { numberValue: 7.5 }, 7.5],
		['Done|checkbox', { checkboxValue: true }, true],
		['Link|url', { urlValue: 'https://example.com/a' }, 'https://example.com/a'],
		['Email|email', { emailValue: 'a@example.com' }, 'a@example.com'],
		['Phone|phone_number', { phoneValue: '+49 30 1' }, '+49 30 1'],
		['Priority|select', { selectValue: 'High' }, 'High'],
		['Tags|multi_select', { multiSelectValue: 'a, b' }, ['a', 'b']],
		['Status|status', { statusValue: 'Doing' }, 'Doing'],
		['Due|date', { date: '2026-12-31', includeTime: false, timezone: 'Europe/Berlin' }, '2026-12-31'],
		['Due|date', { range: true, dateStart: '2026-12-31T09:00:00', dateEnd: '2026-12-31T10:00:00', timezone: 'Europe/Berlin' }, { start: '2026-12-31T09:00:00', end: '2026-12-31T10:00:00', time_zone: 'Europe/Berlin' }],
		['Owner|people', { peopleValue: [USER] }, [{ id: USER }]],
		['Related|relation', { relationValue: [OTHER] }, [OTHER]],
		['Files|files', { fileUrls: { fileUrl: [{ url: 'https://example.com/spec.pdf' }] } }, ['https://example.com/spec.pdf']],
	])('%s', async (key, fields, simple) => {
		const name = key.split('|')[0];
		const { result } = await runV2({
			parameters: { ...base, title: '', propertiesUi: { propertyValues: [row(key, fields)] } },
			answer: (request) => ok(echo(request.body as { properties: Record<string, Record<string, unknown>> })),
		});
		const [success] = outputsOf(result);
		expect((success[0].json.properties as Record<string, unknown>)[name]).toEqual(simple);
	});
});
