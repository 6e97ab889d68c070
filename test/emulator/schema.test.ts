// Conformance: data source schemas, page property values (write validation and read shapes) and
// data source queries over every property type, in the tracker world.
import { STATUS_GROUP_BETA, TRACKER, trackerSeed, WORLD } from './index';
import { useEmulator } from './testing';

const emulator = useEmulator();
const V = '2026-03-11';

beforeEach(() => {
	emulator().control.reset(trackerSeed());
	emulator().control.setModes({ rateLimit: null });
});

async function call(method: string, path: string, body?: unknown, opts: { version?: string; headers?: Record<string, string> } = {}) {
	const headers: Record<string, string> = { authorization: `Bearer ${WORLD.internalIntegration.secret}`, 'notion-version': opts.version ?? V, ...opts.headers };
	if (body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(`${emulator().url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	return { status: res.status, json: (await res.json()) as any }; // any: tests read whatever shape they asked for
}

const text = (content: string) => [{ type: 'text', text: { content } }];
const T = TRACKER;
const query = (body: unknown, opts: { version?: string; headers?: Record<string, string>; params?: string } = {}) =>
	call('POST', `/v1/data_sources/${T.tasks.id}/query${opts.params ?? ''}`, body, opts);
const titles = (answer: { json: any }) => answer.json.results.map((page: any) => page.properties.Name.title.map((p: any) => p.plain_text).join('')).sort();

describe('schemas', () => {
	it('a database answers its two data sources; each data source answers its schema with ids, names, types and configs', async () => {
		const database = await call('GET', `/v1/databases/${T.database.id}`);
		expect(database.json.data_sources).toEqual([
			{ id: T.tasks.id, name: 'Tasks' },
			{ id: T.bugs.id, name: 'Bugs' },
		]);
		const source = await call('GET', `/v1/data_sources/${T.tasks.id}`);
		const properties = source.json.properties;
		expect(Object.values(properties).map((p: any) => p.type).sort()).toEqual(
			['checkbox', 'created_by', 'created_time', 'date', 'email', 'files', 'formula', 'last_edited_time', 'multi_select', 'number', 'people', 'phone_number', 'relation', 'rich_text', 'rollup', 'select', 'status', 'title', 'unique_id', 'url'].sort(),
		);
		for (const [name, property] of Object.entries<any>(properties)) {
			expect(property).toMatchObject({ name, id: expect.any(String), type: expect.any(String) });
			expect(property).toHaveProperty(property.type);
		}
		expect(properties.Name.id).toBe('title');
		expect(properties.Priority.select.options.map((o: any) => o.name)).toEqual(['High', 'Medium', 'Low']);
		expect(properties.Priority.select.options[0]).toMatchObject({ id: expect.any(String), color: 'red' });
		expect(properties.Stage.status.groups.map((g: any) => g.name)).toEqual(['To-do', 'In progress', 'Complete']);
		expect(properties.Stage.status.groups[1].option_ids).toHaveLength(2);
		expect(properties.Related.relation).toMatchObject({ data_source_id: T.bugs.id, type: 'single_property' });
		expect((await call('GET', `/v1/data_sources/${T.bugs.id}`)).json.properties.Severity.type).toBe('select');
		// Before 2025-09-03 the database itself carries its (first) data source's schema.
		expect((await call('GET', `/v1/databases/${T.database.id}`, undefined, { version: '2022-06-28' })).json.properties.Stage.type).toBe('status');
	});

	it('a seed sets a data source schema and row values; the default world keeps Name and Status (Active)', async () => {
		const row = (await call('GET', `/v1/pages/${T.rows.ship.id}`)).json.properties;
		expect(row.Priority).toEqual({ id: 'pr%3Fo', type: 'select', select: { id: expect.any(String), name: 'High', color: 'red' } });
		// A value seeded by name alone reads with the option's id and color.
		const seed = trackerSeed();
		seed.objects.find((o) => o.id === T.rows.docs.id)!.properties!.Priority = { type: 'select', select: { name: 'Low' } };
		emulator().control.reset(seed);
		expect((await call('GET', `/v1/pages/${T.rows.docs.id}`)).json.properties.Priority.select).toEqual({ id: expect.any(String), name: 'Low', color: 'gray' });
		emulator().control.reset();
		const plain = (await call('GET', `/v1/pages/${WORLD.pages.databaseRow.id}`)).json.properties;
		expect(Object.keys(plain)).toEqual(['Name', 'Status']);
		expect(plain.Status.select.name).toBe('Active');
	});
});

describe('page property values', () => {
	it('answers every type in Notion shape', async () => {
		const ship = (await call('GET', `/v1/pages/${T.rows.ship.id}`)).json.properties;
		expect(ship.Name.title[0]).toEqual({ type: 'text', text: { content: 'Ship v2', link: null }, annotations: expect.objectContaining({ bold: false, color: 'default' }), plain_text: 'Ship v2', href: null });
		expect(ship.Stage).toMatchObject({ type: 'status', status: { name: 'In progress', color: 'blue', id: expect.any(String) } });
		expect(ship.Tags.multi_select.map((o: any) => o.name)).toEqual(['Frontend', 'Backend']);
		expect(ship.Due.date).toEqual({ start: '2026-11-30T09:00:00.000Z', end: '2026-12-04T17:00:00.000Z', time_zone: null });
		expect(ship.Owner.people).toEqual([{ object: 'user', id: T.people.grace.id }, { object: 'user', id: T.people.linus.id }]);
		expect(ship.Score).toMatchObject({ type: 'formula', formula: { type: 'number', number: 16 } });
		expect(ship['Related count'].rollup).toMatchObject({ type: 'number', number: 30 });
		expect(ship['Task ID'].unique_id).toEqual({ prefix: 'TASK', number: 2 });
		expect(ship.Created.created_time).toBe('2026-11-02T09:01:00.000Z');
		expect(ship['Created by'].created_by).toEqual({ object: 'user', id: WORLD.user.id });
		// Empty values: [] for lists, null for scalars, false for a checkbox.
		expect([ship.Notes.rich_text, ship.Website.url, ship.Done.checkbox, ship.Attachments.files]).toEqual([[], null, false, []]);
		const login = (await call('GET', `/v1/pages/${T.rows.login.id}`)).json.properties;
		expect(login.Attachments.files).toEqual([{ name: 'trace.txt', type: 'external', external: { url: 'https://acme.example/trace.txt' } }]);
		expect([login.Website.url, login.Contact.email, login.Phone.phone_number, login.Done.checkbox]).toEqual(['https://acme.example/login', 'support@acme.example', '+1 555 0100', true]);
	});

	it('a page object lists 25 relation entries with has_more; the rest come from the property item endpoint', async () => {
		const related = (await call('GET', `/v1/pages/${T.rows.ship.id}`)).json.properties.Related;
		expect(related.relation).toHaveLength(25);
		expect(related.has_more).toBe(true);
		expect((await call('GET', `/v1/pages/${T.rows.login.id}`)).json.properties.Related).toMatchObject({ relation: [{ id: T.bug(0) }], has_more: false });
	});

	it('creates a row with a value of each writable type, and reads it back', async () => {
		const created = await call('POST', '/v1/pages', {
			parent: { data_source_id: T.tasks.id },
			properties: {
				Name: { title: [{ type: 'text', text: { content: 'New task' }, annotations: { bold: true } }] },
				Notes: { rich_text: text('note') },
				Estimate: { number: 5 },
				Done: { checkbox: true },
				Website: { url: 'https://x.example' },
				Contact: { email: 'a@x.example' },
				Phone: { phone_number: '+1 555' },
				Priority: { select: { name: 'Low' } },
				Tags: { multi_select: [{ name: 'Docs' }, { name: 'Ops' }] },
				Stage: { status: { name: 'Blocked' } },
				Due: { date: { start: '2026-12-24', end: '2026-12-26', time_zone: 'Europe/Paris' } },
				Owner: { people: [{ object: 'user', id: T.people.linus.id }] },
				Related: { relation: [{ id: T.bug(3) }] },
				Attachments: { files: [{ name: 'spec.pdf', external: { url: 'https://x.example/spec.pdf' } }] },
			},
		});
		expect(created.status).toBe(200);
		const p = (await call('GET', `/v1/pages/${created.json.id}`)).json.properties;
		expect(p.Name.title[0]).toMatchObject({ plain_text: 'New task', annotations: { bold: true, italic: false } });
		expect(p.Priority.select).toMatchObject({ name: 'Low', color: 'gray' });
		expect(p.Stage.status.name).toBe('Blocked');
		expect(p.Due.date).toEqual({ start: '2026-12-24', end: '2026-12-26', time_zone: 'Europe/Paris' });
		expect(p.Score.formula.number).toBe(10);
		expect(p['Task ID'].unique_id.number).toBe(4);
		// A select or multi_select name the schema lacks becomes a new option, as Notion does.
		expect(p.Tags.multi_select.map((o: any) => o.name)).toEqual(['Docs', 'Ops']);
		const schema = (await call('GET', `/v1/data_sources/${T.tasks.id}`)).json.properties;
		expect(schema.Tags.multi_select.options.map((o: any) => o.name)).toContain('Ops');
	});

	it('refuses, in Notion\'s words where they are known: unknown names and wrong types together, long text, long arrays, commas, unknown statuses, read-only properties', async () => {
		const patch = (properties: unknown) => call('PATCH', `/v1/pages/${T.rows.docs.id}`, { properties });
		expect((await patch({ Colour: { rich_text: [] }, Stage: { select: { name: 'Done' } } })).json).toMatchObject({
			status: 400,
			code: 'validation_error',
			message: 'Colour is not a property that exists. Stage is expected to be status.',
		});
		expect((await patch({ Name: { title: text('x'.repeat(2001)) } })).json.message).toBe(
			'body failed validation: body.properties.Name.title[0].text.content.length should be ≤ `2000`, instead was `2001`.',
		);
		expect((await patch({ Notes: { rich_text: text('x'.repeat(2000)) } })).status).toBe(200);
		const many = Array.from({ length: 101 }, (_, i) => ({ id: T.bug(i % 30) }));
		expect((await patch({ Related: { relation: many } })).json.message).toBe('body failed validation: body.properties.Related.relation.length should be ≤ `100`, instead was `101`.');
		expect((await patch({ Priority: { select: { name: 'High, really' } } })).json.message).toBe('Invalid select option, commas not allowed: High, really');
		const status = await patch({ Stage: { status: { name: 'Someday' } } });
		expect(status.json).toMatchObject({ status: 400, code: 'validation_error', message: expect.stringContaining('Someday') });
		expect((await patch({ Score: { formula: { string: 'x' } } })).json.message).toContain('read-only');
		expect((await patch({ Estimate: { number: 'five' } })).json.message).toBe('body failed validation: body.properties.Estimate.number should be a number or `null`, instead was `"five"`.');
		expect((await patch({ Due: { date: { start: 'soon' } } })).json.message).toContain('body.properties.Due.date.start');
		// Nothing of a refused write is stored.
		expect((await call('GET', `/v1/pages/${T.rows.docs.id}`)).json.properties.Stage.status.name).toBe('Not started');
	});

	it('clears values with null and [], resets a status to its first option, and restores a page from the trash', async () => {
		const page = `/v1/pages/${T.rows.ship.id}`;
		const cleared = await call('PATCH', page, { properties: { Priority: { select: null }, Tags: { multi_select: [] }, Due: { date: null }, Stage: { status: null } } });
		expect(cleared.json.properties).toMatchObject({ Priority: { select: null }, Tags: { multi_select: [] }, Due: { date: null }, Stage: { status: { name: 'Not started' } } });
		expect((await call('PATCH', page, { in_trash: true })).json.in_trash).toBe(true);
		expect((await call('PATCH', page, { properties: { Estimate: { number: 1 } } })).json.message).toBe("Can't edit block that is archived. You must unarchive the block before editing.");
		expect((await call('PATCH', page, { in_trash: false })).json.in_trash).toBe(false);
		expect((await call('PATCH', page, { properties: { Estimate: { number: 1 } } })).json.properties.Estimate.number).toBe(1);
	});

	it('creates a page with markdown content (title from the first h1) but not with both markdown and children', async () => {
		const made = await call('POST', '/v1/pages', { parent: { page_id: T.page.id }, markdown: '# Plan\n\nFirst step\n- item' });
		expect(made.json.properties.title.title[0].plain_text).toBe('Plan');
		const blocks = (await call('GET', `/v1/blocks/${made.json.id}/children`)).json.results;
		expect(blocks.map((b: any) => b.type)).toEqual(['paragraph', 'bulleted_list_item']);
		const both = await call('POST', '/v1/pages', { parent: { page_id: T.page.id }, markdown: 'x', children: [] });
		expect(both.json).toMatchObject({ status: 400, code: 'validation_error' });
	});
});

describe('data source query', () => {
	it('filters on every type filters.ts builds', async () => {
		const cases: Array<[unknown, string[]]> = [
			[{ property: 'Name', title: { starts_with: 'ship' } }, ['Ship v2']],
			[{ property: 'Name', title: { does_not_contain: 'i' } }, []],
			[{ property: 'Notes', rich_text: { is_not_empty: true } }, ['Write docs']],
			[{ property: 'Estimate', number: { greater_than_or_equal_to: 3 } }, ['Ship v2', 'Write docs']],
			[{ property: 'Estimate', number: { less_than: 3 } }, ['Fix login']],
			[{ property: 'Done', checkbox: { equals: true } }, ['Fix login']],
			[{ property: 'Website', url: { contains: 'login' } }, ['Fix login']],
			[{ property: 'Contact', email: { ends_with: '.example' } }, ['Fix login']],
			[{ property: 'Phone', phone_number: { is_empty: true } }, ['Ship v2', 'Write docs']],
			[{ property: 'Priority', select: { equals: ['Medium', 'Low'] } }, ['Write docs']],
			[{ property: 'Priority', select: { does_not_equal: 'High' } }, ['Write docs']],
			[{ property: 'Tags', multi_select: { contains: 'Backend' } }, ['Ship v2']],
			[{ property: 'Tags', multi_select: { is_empty: true } }, ['Fix login']],
			[{ property: 'Stage', status: { equals: 'Done' } }, ['Fix login']],
			[{ property: 'Due', date: { on_or_after: '2026-12-01' } }, ['Write docs']],
			[{ property: 'Due', date: { before: '2026-12-01' } }, ['Ship v2']],
			[{ property: 'Due', date: { is_empty: true } }, ['Fix login']],
			[{ property: 'Owner', people: { contains: T.people.grace.id } }, ['Ship v2']],
			[{ property: 'Owner', people: { does_not_contain: WORLD.user.id } }, ['Fix login', 'Ship v2']],
			[{ property: 'Related', relation: { contains: T.bug(0).replace(/-/g, '') } }, ['Fix login', 'Ship v2']],
			[{ property: 'Attachments', files: { is_not_empty: true } }, ['Fix login']],
			[{ property: 'Score', formula: { number: { greater_than: 10 } } }, ['Ship v2']],
			[{ property: 'Task ID', unique_id: { equals: 3 } }, ['Fix login']],
			[{ property: 'Created', created_time: { after: '2026-11-02T09:00:30Z' } }, ['Fix login', 'Ship v2']],
			[{ timestamp: 'last_edited_time', last_edited_time: { on_or_before: '2026-11-02T10:00:00Z' } }, ['Write docs']],
			[{ or: [{ property: 'Done', checkbox: { equals: true } }, { and: [{ property: 'Estimate', number: { equals: 3 } }, { property: 'Stage', status: { does_not_equal: 'Done' } }] }] }, ['Fix login', 'Write docs']],
		];
		for (const [filter, expected] of cases) {
			const answer = await query({ filter });
			expect({ filter, status: answer.status, titles: answer.status === 200 ? titles(answer) : answer.json.message }).toEqual({ filter, status: 200, titles: expected });
		}
	});

	it('relative dates count from now; a filter property may be named by id; compounds nest two levels at most', async () => {
		const now = Date.now();
		const day = 86_400_000;
		await call('PATCH', `/v1/pages/${T.rows.docs.id}`, { properties: { Due: { date: { start: new Date(now - 3 * day).toISOString() } } } });
		await call('PATCH', `/v1/pages/${T.rows.ship.id}`, { properties: { Due: { date: { start: new Date(now + 3 * day).toISOString() } } } });
		expect(titles(await query({ filter: { property: 'Due', date: { past_week: {} } } }))).toEqual(['Write docs']);
		expect(titles(await query({ filter: { property: 'Due', date: { next_week: {} } } }))).toEqual(['Ship v2']);
		expect(titles(await query({ filter: { property: 'Due', date: { on_or_after: 'one_week_ago' } } }))).toEqual(['Ship v2', 'Write docs']);
		expect(titles(await query({ filter: { property: 'Due', date: { after: 'today' } } }))).toEqual(['Ship v2']);
		expect(titles(await query({ filter: { property: 'pr%3Fo', select: { equals: 'Medium' } } }))).toEqual(['Write docs']);
		const deep = { and: [{ or: [{ and: [{ property: 'Done', checkbox: { equals: true } }] }] }] };
		expect((await query({ filter: deep })).json).toMatchObject({ status: 400, code: 'validation_error' });
	});

	it('people "me" is the integration\'s bot', async () => {
		await call('PATCH', `/v1/pages/${T.rows.docs.id}`, { properties: { Owner: { people: [{ id: WORLD.internalIntegration.botId }] } } });
		expect(titles(await query({ filter: { property: 'Owner', people: { contains: 'me' } } }))).toEqual(['Write docs']);
	});

	it('status groups: equals matches a group name until 2026-12-01; group operators need the beta header before it', async () => {
		expect(titles(await query({ filter: { property: 'Stage', status: { equals: 'In progress' } } }))).toEqual(['Ship v2']);
		expect(titles(await query({ filter: { property: 'Stage', status: { equals: 'Complete' } } }))).toEqual(['Fix login']);
		expect(titles(await query({ filter: { property: 'Stage', status: { equals: 'Complete' } } }, { version: '2026-12-01' }))).toEqual([]);
		const group = { filter: { property: 'Stage', status: { group: { equals: 'Complete' } } } };
		expect((await query(group)).json).toMatchObject({ status: 400, code: 'validation_error', message: expect.stringContaining(STATUS_GROUP_BETA) });
		expect(titles(await query(group, { headers: { 'notion-beta': STATUS_GROUP_BETA } }))).toEqual(['Fix login']);
		expect(titles(await query(group, { version: '2026-12-01' }))).toEqual(['Fix login']);
		const notTodo = { filter: { property: 'Stage', status: { group: { does_not_equal: 'To-do' } } } };
		expect(titles(await query(notTodo, { version: '2026-12-01' }))).toEqual(['Fix login', 'Ship v2']);
		expect((await query({}, { headers: { 'notion-beta': 'no-such-beta' } })).json).toMatchObject({ status: 400, code: 'invalid_beta' });
	});

	it('refuses, in Notion\'s words: an unknown property, a filter of another type, an unknown sort property', async () => {
		expect((await query({ filter: { property: 'Colour', select: { equals: 'red' } } })).json.message).toBe('Could not find property with name or id: Colour');
		expect((await query({ filter: { property: 'Estimate', rich_text: { equals: '5' } } })).json.message).toBe(
			'The property type in the database does not match the property type of the filter provided: database property number does not match filter rich_text',
		);
		expect((await query({ sorts: [{ property: 'Colour', direction: 'ascending' }] })).json.message).toBe('Could not find sort property with name or id: Colour');
		expect((await query({ filter: { property: 'Estimate', number: { equals: '5' } } })).json.code).toBe('validation_error');
	});

	it('sorts by property and by timestamp, empty values last', async () => {
		const order = async (sorts: unknown) => (await query({ sorts })).json.results.map((p: any) => p.properties.Name.title[0].plain_text);
		expect(await order([{ property: 'Estimate', direction: 'descending' }])).toEqual(['Ship v2', 'Write docs', 'Fix login']);
		expect(await order([{ property: 'Due', direction: 'ascending' }])).toEqual(['Ship v2', 'Write docs', 'Fix login']);
		// Options sort in the schema's order (High, Medium, Low), not alphabetically.
		expect(await order([{ property: 'Priority', direction: 'ascending' }, { timestamp: 'created_time', direction: 'descending' }])).toEqual(['Fix login', 'Ship v2', 'Write docs']);
		expect(await order([{ property: 'Priority', direction: 'descending' }, { timestamp: 'created_time', direction: 'ascending' }])).toEqual(['Write docs', 'Ship v2', 'Fix login']);
		expect(await order([{ property: 'Name', direction: 'ascending' }])).toEqual(['Fix login', 'Ship v2', 'Write docs']);
		await call('PATCH', `/v1/pages/${T.rows.login.id}`, { properties: { Priority: { select: { name: 'Low' } } } });
		expect(await order([{ property: 'Priority', direction: 'ascending' }])).toEqual(['Ship v2', 'Write docs', 'Fix login']);
		expect(await order([{ timestamp: 'created_time', direction: 'ascending' }])).toEqual(['Write docs', 'Ship v2', 'Fix login']);
	});

	it('filter_properties picks properties; from 2026-12-01 lists carry only the title without it, single pages everything', async () => {
		// Only what is named: the guide says to name the title too ("the title plus the cheap properties").
		const picked = await query({}, { params: '?filter_properties=pr%253Fo&filter_properties=Stage' });
		expect(Object.keys(picked.json.results[0].properties).sort()).toEqual(['Priority', 'Stage']);
		const withTitle = await query({}, { params: '?filter_properties=title&filter_properties=Stage', version: '2026-12-01' });
		expect(Object.keys(withTitle.json.results[0].properties).sort()).toEqual(['Name', 'Stage']);
		expect(Object.keys((await query({})).json.results[0].properties).length).toBeGreaterThan(10);
		const modern = await query({}, { version: '2026-12-01' });
		expect(Object.keys(modern.json.results[0].properties)).toEqual(['Name']);
		const searched = await call('POST', '/v1/search', { query: 'Ship', filter: { property: 'object', value: 'page' } }, { version: '2026-12-01' });
		expect(Object.keys(searched.json.results[0].properties)).toEqual(['Name']);
		const searchedAll = await call('POST', '/v1/search', { query: 'Ship', filter: { property: 'object', value: 'page' } });
		expect(Object.keys(searchedAll.json.results[0].properties).length).toBeGreaterThan(10);
		expect(Object.keys((await call('GET', `/v1/pages/${T.rows.ship.id}`, undefined, { version: '2026-12-01' })).json.properties).length).toBeGreaterThan(10);
		const one = await call('GET', `/v1/pages/${T.rows.ship.id}?filter_properties=Stage`);
		expect(Object.keys(one.json.properties)).toEqual(['Stage']);
	});

	it('pages through the second data source', async () => {
		const first = await call('POST', `/v1/data_sources/${T.bugs.id}/query`, { page_size: 20, filter: { property: 'Fixed', checkbox: { equals: false } } });
		expect(first.json).toMatchObject({ has_more: false });
		expect(first.json.results).toHaveLength(20);
		const all = await call('POST', `/v1/data_sources/${T.bugs.id}/query`, { page_size: 25 });
		expect(all.json).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
		const rest = await call('POST', `/v1/data_sources/${T.bugs.id}/query`, { page_size: 25, start_cursor: all.json.next_cursor });
		expect(rest.json.results).toHaveLength(5);
	});
});
