import { rowId, rowsSeed, WORLD } from './index';
import { controlCall, useEmulator } from './testing';

const emulator = useEmulator();
const V = '2025-09-03';

/** A REST call with a JSON body, as the internal integration unless a token is given. */
async function call(method: string, path: string, body?: unknown, opts: { token?: string; version?: string } = {}) {
	const headers: Record<string, string> = {
		authorization: `Bearer ${opts.token ?? WORLD.internalIntegration.secret}`,
		'notion-version': opts.version ?? V,
	};
	if (body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(`${emulator().url}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
	return { status: res.status, json: (await res.json()) as any }; // any: tests read whatever shape they asked for
}

const title = (content: string) => ({ title: [{ text: { content } }] });
const paragraph = (content: string) => ({ type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content } }] } });

describe('pages: create and update', () => {
	it('creates a row in a data source and a child page, readable afterwards', async () => {
		const row = await call('POST', '/v1/pages', {
			parent: { data_source_id: WORLD.dataSource.id },
			properties: { Name: title('New row'), Status: { select: { name: 'Done' } } },
		});
		expect(row).toMatchObject({ status: 200, json: { object: 'page', parent: { type: 'data_source_id', data_source_id: WORLD.dataSource.id } } });
		const read = await call('GET', `/v1/pages/${row.json.id}`);
		expect(read.json.properties).toMatchObject({ Name: { title: [{ plain_text: 'New row' }] }, Status: { select: { name: 'Done' } } });

		const child = await call('POST', '/v1/pages', { parent: { page_id: WORLD.pages.sharedRoot.id }, properties: { title: title('Notes') }, children: [paragraph('hello')] });
		expect(child.json.properties.title.title[0].plain_text).toBe('Notes');
		const blocks = await call('GET', `/v1/blocks/${child.json.id}/children`);
		expect(blocks.json.results.map((b: any) => b.paragraph.rich_text[0].plain_text)).toEqual(['hello']);
	});

	it('refuses unknown properties and values of the wrong type with validation_error naming the property', async () => {
		const unknown = await call('PATCH', `/v1/pages/${WORLD.pages.databaseRow.id}`, { properties: { Owner: { rich_text: [] } } });
		expect(unknown).toMatchObject({ status: 400, json: { object: 'error', code: 'validation_error', message: 'Owner is not a property that exists.' } });
		const wrongType = await call('PATCH', `/v1/pages/${WORLD.pages.databaseRow.id}`, { properties: { Status: { rich_text: [] } } });
		expect(wrongType.json).toMatchObject({ code: 'validation_error', message: 'Status is expected to be select.' });
		const badTitle = await call('PATCH', `/v1/pages/${WORLD.pages.sharedChild.id}`, { properties: { title: { title: 'plain' } } });
		expect(badTitle.json.message).toContain('body.properties.title.title should be an array');
		const noParent = await call('POST', '/v1/pages', { properties: {} });
		expect(noParent.json).toMatchObject({ code: 'validation_error', message: expect.stringContaining('body.parent should be defined') });
		expect((await call('PATCH', `/v1/pages/${WORLD.pages.sharedChild.id}`, '{"properties":')).json.code).toBe('invalid_json');
	});

	it('updates properties and moves a page to the trash; a trashed page refuses edits until restored', async () => {
		const page = WORLD.pages.sharedChild.id;
		const renamed = await call('PATCH', `/v1/pages/${page}`, { properties: { title: title('Renamed') } });
		expect(renamed.json.properties.title.title[0].plain_text).toBe('Renamed');
		const trashed = await call('PATCH', `/v1/pages/${page}`, { in_trash: true });
		expect(trashed.json).toMatchObject({ in_trash: true, archived: true });
		const refused = await call('PATCH', `/v1/pages/${page}`, { properties: { title: title('Again') } });
		expect(refused).toMatchObject({ status: 400, json: { code: 'validation_error', message: "Can't edit block that is archived. You must unarchive the block before editing." } });
		expect((await call('PATCH', `/v1/blocks/${page}/children`, { children: [paragraph('x')] })).json.code).toBe('validation_error');
		expect((await call('PATCH', `/v1/pages/${page}`, { archived: false })).json.in_trash).toBe(false);
		expect((await call('PATCH', `/v1/pages/${WORLD.pages.trashed.id}`, { properties: { title: title('x') } })).json.code).toBe('validation_error');
	});

	it('answers unshared, missing and wrong-kind ids as reads do', async () => {
		for (const id of [WORLD.pages.unshared.id, WORLD.missingId]) {
			expect((await call('PATCH', `/v1/pages/${id}`, { in_trash: true })).json).toMatchObject({
				code: 'object_not_found',
				message: `Could not find page with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "Acme Internal".`,
			});
		}
		expect((await call('PATCH', `/v1/pages/${WORLD.database.id}`, {})).json.message).toBe(
			`Provided ID ${WORLD.database.id} is a database, not a page. Use the retrieve database API instead.`,
		);
		expect((await call('PATCH', '/v1/pages/not-an-id', {})).json.message).toContain('path.page_id should be a valid uuid');
		expect((await call('POST', '/v1/pages', { parent: { page_id: WORLD.pages.unshared.id }, properties: {} })).json.code).toBe('object_not_found');
	});
});

describe('data source query', () => {
	it('pages through 250 rows 100 at a time with next_cursor and has_more', async () => {
		emulator().control.reset(rowsSeed(249)); // plus the world's own row
		emulator().control.setModes({ rateLimit: null });
		const seen: string[] = [];
		let cursor: string | undefined;
		const pages: number[] = [];
		do {
			const res = await call('POST', `/v1/data_sources/${WORLD.dataSource.id}/query`, cursor ? { start_cursor: cursor } : {});
			expect(res.json).toMatchObject({ object: 'list', type: 'page_or_data_source' });
			pages.push(res.json.results.length);
			seen.push(...res.json.results.map((r: any) => r.id));
			cursor = res.json.has_more ? res.json.next_cursor : undefined;
			if (!res.json.has_more) expect(res.json.next_cursor).toBeNull();
		} while (cursor);
		expect(pages).toEqual([100, 100, 50]);
		expect(new Set(seen).size).toBe(250);
		expect(seen).toContain(rowId(248));
		const small = await call('POST', `/v1/data_sources/${WORLD.dataSource.id}/query`, { page_size: 7 });
		expect(small.json.results).toHaveLength(7);
	});

	it('filters on title and select, with and/or; refuses unknown properties, bad conditions and page_size over 100', async () => {
		const query = (body: unknown) => call('POST', `/v1/data_sources/${WORLD.dataSource.id}/query`, body);
		await call('POST', '/v1/pages', { parent: { data_source_id: WORLD.dataSource.id }, properties: { Name: title('Other'), Status: { select: { name: 'Done' } } } });
		const names = async (filter: unknown) => (await query({ filter })).json.results.map((r: any) => r.properties.Name.title[0].plain_text).sort();
		expect(await names({ property: 'Status', select: { equals: 'Done' } })).toEqual(['Other']);
		expect(await names({ property: 'Name', title: { contains: 'Launch' } })).toEqual([WORLD.pages.databaseRow.title]);
		expect(await names({ or: [{ property: 'Name', title: { equals: 'Other' } }, { property: 'Status', select: { equals: 'Active' } }] })).toEqual([WORLD.pages.databaseRow.title, 'Other']);
		expect((await query({ filter: { property: 'Owner', select: { equals: 'x' } } })).json).toMatchObject({
			status: 400, code: 'validation_error', message: 'Could not find property with name or id: Owner',
		});
		// Notion's words (https://community.n8n.io/t/need-help-troubleshooting-an-issue-with-notion-node/10730).
		expect((await query({ filter: { property: 'Status', checkbox: { equals: true } } })).json.message).toBe(
			'The property type in the database does not match the property type of the filter provided: database property select does not match filter checkbox',
		);
		expect((await query({ page_size: 101 })).json).toMatchObject({ code: 'validation_error', message: expect.stringContaining('page_size') });
		expect((await query({ start_cursor: 'nonsense' })).json.code).toBe('validation_error');
	});

	it('exists only from 2025-09-03 and only for shared data sources', async () => {
		expect((await call('POST', `/v1/data_sources/${WORLD.dataSource.id}/query`, {}, { version: '2022-06-28' })).json.code).toBe('invalid_request_url');
		const { accessToken } = emulator().control.createGrant({ sharedWith: [WORLD.pages.sharedChild.id] });
		expect((await call('POST', `/v1/data_sources/${WORLD.dataSource.id}/query`, {}, { token: accessToken })).json.code).toBe('object_not_found');
	});
});

describe('block children', () => {
	it('lists a page\'s children (blocks, child pages and databases) with pagination in the query', async () => {
		const all = await call('GET', `/v1/blocks/${WORLD.pages.sharedRoot.id}/children`);
		expect(all.json).toMatchObject({ object: 'list', type: 'block', has_more: false, next_cursor: null });
		expect(all.json.results.map((b: any) => b.type)).toEqual(['child_page', 'paragraph', 'child_database']); // the trashed page is left out
		const first = await call('GET', `/v1/blocks/${WORLD.pages.sharedRoot.id}/children?page_size=2`);
		expect(first.json).toMatchObject({ has_more: true, next_cursor: all.json.results[2].id });
		const rest = await call('GET', `/v1/blocks/${WORLD.pages.sharedRoot.id}/children?page_size=2&start_cursor=${first.json.next_cursor}`);
		expect(rest.json.results.map((b: any) => b.id)).toEqual([all.json.results[2].id]);
	});

	it('appends children and refuses malformed ones', async () => {
		const added = await call('PATCH', `/v1/blocks/${WORLD.pages.sharedChild.id}/children`, {
			children: [paragraph('one'), { type: 'heading_2', heading_2: { rich_text: [{ text: { content: 'two' } }] } }],
		});
		expect(added.json.results.map((b: any) => b.type)).toEqual(['paragraph', 'heading_2']);
		const listed = await call('GET', `/v1/blocks/${WORLD.pages.sharedChild.id}/children`);
		expect(listed.json.results.map((b: any) => b[b.type].rich_text[0].plain_text)).toEqual(['one', 'two']);
		expect((await call('PATCH', `/v1/blocks/${WORLD.pages.sharedChild.id}/children`, { children: 'x' })).json.message).toContain('body.children should be an array');
		expect((await call('PATCH', `/v1/blocks/${WORLD.pages.sharedChild.id}/children`, { children: [{ type: 'paragraph' }] })).json.message).toContain('body.children[0].paragraph should be defined');
		expect((await call('PATCH', `/v1/blocks/${WORLD.pages.sharedChild.id}/children`, { children: [{ type: 'paragraph', paragraph: {} }] })).json.message).toContain('body.children[0].paragraph.rich_text should be defined');
	});
});

describe('write log', () => {
	it('lists every POST, PATCH and DELETE with its status, a 429 marked, and a digest of its body', async () => {
		emulator().control.setModes({ rateLimit: { ratePerSecond: 0.001, burst: 1 } });
		await call('GET', `/v1/pages/${WORLD.pages.sharedChild.id}`);
		const body = { properties: { title: title('x') } };
		await call('PATCH', `/v1/pages/${WORLD.pages.sharedChild.id}`, body);
		emulator().control.setModes({ rateLimit: null });
		await call('PATCH', `/v1/pages/${WORLD.pages.sharedChild.id}`, body);
		await call('PATCH', `/v1/pages/${WORLD.pages.sharedChild.id}`, { in_trash: true });
		const writes = (await controlCall(emulator().url, 'GET', '/writes')).json;
		expect(writes.map((w: any) => [w.method, w.status, w.rateLimited])).toEqual([['PATCH', 429, true], ['PATCH', 200, false], ['PATCH', 200, false]]);
		expect(writes[0].bodyDigest).toBe(writes[1].bodyDigest);
		expect(writes[2].bodyDigest).not.toBe(writes[1].bodyDigest);
		expect(emulator().control.getWrites()).toEqual(writes);
	});
});
