// Conformance: property item pagination, users, the markdown endpoints, and block children with
// more types, positions and Notion's limits.
import { TRACKER, trackerSeed, WORLD } from './index';
import { useEmulator } from './testing';

const emulator = useEmulator();
const T = TRACKER;

beforeEach(() => {
	emulator().control.reset(trackerSeed());
	emulator().control.setModes({ rateLimit: null });
});

async function call(method: string, path: string, body?: unknown, opts: { version?: string; token?: string } = {}) {
	const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? WORLD.internalIntegration.secret}`, 'notion-version': opts.version ?? '2026-03-11' };
	if (body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(`${emulator().url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	return { status: res.status, json: (await res.json()) as any }; // any: tests read whatever shape they asked for
}

const paragraph = (content: string) => ({ type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content } }] } });
const texts = (blocks: any[]) => blocks.map((b) => b[b.type].rich_text?.map((p: any) => p.plain_text).join('') ?? b.type);

describe('property items', () => {
	it('pages a relation of 30 through the property item endpoint, 25 then 5', async () => {
		const path = `/v1/pages/${T.rows.ship.id}/properties/${encodeURIComponent('re%7Cl')}`;
		const first = await call('GET', `${path}?page_size=25`);
		expect(first.json).toMatchObject({ object: 'list', type: 'property_item', has_more: true, property_item: { id: 're%7Cl', type: 'relation', next_url: expect.stringContaining('start_cursor=') } });
		expect(first.json.results).toHaveLength(25);
		expect(first.json.results[0]).toEqual({ object: 'property_item', id: 're%7Cl', type: 'relation', relation: { id: T.bug(0) } });
		const rest = await call('GET', `${path}?page_size=25&start_cursor=${first.json.next_cursor}`);
		expect(rest.json).toMatchObject({ has_more: false, next_cursor: null });
		const ids = [...first.json.results, ...rest.json.results].map((item: any) => item.relation.id);
		expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => T.bug(i)));
		expect((await call('GET', `${path}?page_size=101`)).json).toMatchObject({ status: 400, code: 'validation_error' });
		expect((await call('GET', `${path}?start_cursor=bogus`)).json.message).toBe('The start_cursor provided is invalid: bogus');
	});

	it('title, rich_text and people are lists of items; simple types are one item; rollups carry their value', async () => {
		const item = (property: string) => call('GET', `/v1/pages/${T.rows.ship.id}/properties/${encodeURIComponent(property)}`);
		const title = (await item('title')).json;
		expect(title.results).toEqual([{ object: 'property_item', id: 'title', type: 'title', title: expect.objectContaining({ plain_text: 'Ship v2' }) }]);
		expect((await item('ow%3Cr')).json.results.map((r: any) => r.people.id)).toEqual([T.people.grace.id, T.people.linus.id]);
		expect((await item('pr%3Fo')).json).toMatchObject({ object: 'property_item', type: 'select', select: { name: 'High' } });
		expect((await item('rc%2Ant')).json.property_item).toMatchObject({ type: 'rollup', rollup: { type: 'number', number: 30 } });
		expect((await item('nope')).json).toMatchObject({ status: 404, code: 'object_not_found' });
		expect((await call('GET', `/v1/pages/${WORLD.pages.unshared.id}/properties/title`)).json.code).toBe('object_not_found');
	});
});

describe('users', () => {
	it('lists people and bots with pagination and answers one by id', async () => {
		const all = await call('GET', '/v1/users');
		expect(all.json).toMatchObject({ object: 'list', type: 'user', has_more: false });
		expect(all.json.results.map((u: any) => [u.type, u.name])).toEqual([
			['person', 'Ada Owner'],
			['person', 'Grace Hopper'],
			['person', 'Linus Chen'],
			['bot', 'Acme Internal'],
		]);
		expect(all.json.results[1]).toEqual({ object: 'user', id: T.people.grace.id, name: 'Grace Hopper', avatar_url: null, type: 'person', person: { email: 'grace@acme.example' } });
		const first = await call('GET', '/v1/users?page_size=2');
		expect(first.json).toMatchObject({ has_more: true, next_cursor: T.people.linus.id });
		expect((await call('GET', `/v1/users?start_cursor=${first.json.next_cursor}`)).json.results).toHaveLength(2);
		expect((await call('GET', `/v1/users/${T.people.linus.id}`)).json.name).toBe('Linus Chen');
		expect((await call('GET', `/v1/users/${WORLD.internalIntegration.botId}`)).json.type).toBe('bot');
		expect((await call('GET', `/v1/users/${WORLD.missingId}`)).json).toMatchObject({ status: 404, code: 'object_not_found' });
		expect((await call('GET', '/v1/users/not-a-user')).json.message).toContain('path.user_id should be a valid uuid');
		expect((await call('GET', '/v1/users?start_cursor=bogus')).json.message).toBe('The start_cursor provided is invalid: bogus');
	});

	it('a person without a name answers name null from 2026-12-01 and "" before it', async () => {
		const seed = trackerSeed();
		seed.people!.push({ id: WORLD.missingId, name: null, email: 'anon@acme.example' });
		emulator().control.reset(seed);
		expect((await call('GET', `/v1/users/${WORLD.missingId}`, undefined, { version: '2026-12-01' })).json.name).toBeNull();
		expect((await call('GET', `/v1/users/${WORLD.missingId}`)).json.name).toBe('');
	});

	it('a connection without the user capability hears 403 restricted_resource; users/me still works', async () => {
		const seed = trackerSeed();
		seed.integrations.find((i) => i.id === WORLD.internalIntegration.id)!.readUsers = false;
		emulator().control.reset(seed);
		expect((await call('GET', '/v1/users')).json).toMatchObject({ status: 403, code: 'restricted_resource', message: 'Insufficient permissions for this endpoint.' });
		expect((await call('GET', `/v1/users/${WORLD.user.id}`)).status).toBe(403);
		expect((await call('GET', '/v1/users/me')).status).toBe(200);
	});
});

describe('markdown', () => {
	const page = () => T.page.id;

	async function seedContent() {
		await call('PATCH', `/v1/blocks/${page()}/children`, {
			children: [
				{ type: 'heading_2', heading_2: { rich_text: [{ text: { content: 'Goals' } }] } },
				paragraph('Ship the tracker.'),
				{ type: 'to_do', to_do: { rich_text: [{ text: { content: 'Write tests' } }], checked: true } },
				{ type: 'code', code: { rich_text: [{ text: { content: 'npm test' } }], language: 'bash' } },
				{ type: 'divider', divider: {} },
			],
		});
	}

	it('reads a page as markdown: v1 by default before 2026-12-01, v2 (blank lines) from it, and v1 refused there', async () => {
		await seedContent();
		const v1 = await call('GET', `/v1/pages/${page()}/markdown`);
		expect(v1.json).toEqual({ object: 'page_markdown', id: page(), markdown: '## Goals\nShip the tracker.\n- [x] Write tests\n```bash\nnpm test\n```\n---', truncated: false, unknown_block_ids: [], request_id: expect.any(String) });
		const v2 = await call('GET', `/v1/pages/${page()}/markdown`, undefined, { version: '2026-12-01' });
		expect(v2.json.markdown).toBe('## Goals\n\nShip the tracker.\n\n- [x] Write tests\n\n```bash\nnpm test\n```\n\n---');
		expect((await call('GET', `/v1/pages/${page()}/markdown?markdown_version=v2`)).json.markdown).toBe(v2.json.markdown);
		expect((await call('GET', `/v1/pages/${page()}/markdown?markdown_version=v1`, undefined, { version: '2026-12-01' })).json).toMatchObject({ status: 400, code: 'validation_error' });
		expect((await call('GET', `/v1/pages/${WORLD.pages.unshared.id}/markdown`)).json.code).toBe('object_not_found');
		const lite = emulator().control.createGrant({ integrationId: WORLD.noReadIntegration.id });
		expect((await call('GET', `/v1/pages/${page()}/markdown`, undefined, { token: lite.accessToken })).status).toBe(403);
	});

	it('update_content replaces text once (or every match when asked) and refuses a missing or ambiguous old_str', async () => {
		await seedContent();
		const update = (content_updates: unknown) => call('PATCH', `/v1/pages/${page()}/markdown`, { type: 'update_content', update_content: { content_updates } });
		const done = await update([{ old_str: 'Ship the tracker.', new_str: 'Ship the tracker on Friday.' }]);
		expect(done.json).toMatchObject({ object: 'page_markdown', markdown: expect.stringContaining('Ship the tracker on Friday.') });
		expect((await update([{ old_str: 'not there', new_str: 'x' }])).json).toMatchObject({ status: 400, code: 'validation_error' });
		await call('PATCH', `/v1/blocks/${page()}/children`, { children: [paragraph('Goals again')] });
		expect((await update([{ old_str: 'Goals', new_str: 'Aims' }])).json.code).toBe('validation_error');
		const all = await update([{ old_str: 'Goals', new_str: 'Aims', replace_all_matches: true }]);
		expect(all.json.markdown).not.toContain('Goals');
		const blocks = (await call('GET', `/v1/blocks/${page()}/children`)).json.results;
		expect(blocks.map((b: any) => b.type).slice(0, 2)).toEqual(['child_database', 'heading_2']); // child databases are kept
	});

	it('replace_content, insert_content at start/end/after, and 2026-12-01\'s changes to inserts and ranges', async () => {
		const patch = (body: unknown, version?: string) => call('PATCH', `/v1/pages/${page()}/markdown`, body, { version });
		expect((await patch({ type: 'replace_content', replace_content: { new_str: 'One\nTwo\nThree' } })).json.markdown).toBe('One\nTwo\nThree');
		expect((await patch({ type: 'insert_content', insert_content: { content: 'Zero', position: { type: 'start' } } })).json.markdown).toBe('Zero\nOne\nTwo\nThree');
		expect((await patch({ type: 'insert_content', insert_content: { content: 'Four' } })).json.markdown).toBe('Zero\nOne\nTwo\nThree\nFour');
		expect((await patch({ type: 'insert_content', insert_content: { content: 'One and a half', after: 'One...One' } })).json.markdown).toBe('Zero\nOne\nOne and a half\nTwo\nThree\nFour');
		expect((await patch({ type: 'insert_content', insert_content: { content: '2.5', position: { type: 'after_content', anchor: 'Tw' } } })).json.markdown).toContain('Two\n2.5\nThree');
		expect((await patch({ type: 'replace_content_range', replace_content_range: { content: 'Middle', content_range: 'One and...2.5' } })).json.markdown).toBe('Zero\nOne\nMiddle\nThree\nFour');
		// 2026-12-01: ranges are gone; `after` must match the start of exactly one block.
		expect((await patch({ type: 'replace_content_range', replace_content_range: { content: 'x', content_range: 'One...Four' } }, '2026-12-01')).json.code).toBe('validation_error');
		expect((await patch({ type: 'insert_content', insert_content: { content: 'x', after: 'One...Four' } }, '2026-12-01')).json.code).toBe('validation_error');
		expect((await patch({ type: 'insert_content', insert_content: { content: 'After three', after: 'Thr' } }, '2026-12-01')).json.markdown).toContain('Three\n\nAfter three');
		expect((await patch({ type: 'delete_everything' })).json.code).toBe('validation_error');
	});
});

describe('block children', () => {
	it('stores the common block types and answers them in Notion shape', async () => {
		const added = await call('PATCH', `/v1/blocks/${T.page.id}/children`, {
			children: [
				{ type: 'heading_1', heading_1: { rich_text: [{ text: { content: 'H1' } }] } },
				{ type: 'numbered_list_item', numbered_list_item: { rich_text: [{ text: { content: 'n' } }] } },
				{ type: 'callout', callout: { rich_text: [{ text: { content: 'note' } }], icon: { emoji: '💡' } } },
				{ type: 'quote', quote: { rich_text: [{ text: { content: 'q' } }] } },
				{ type: 'code', code: { rich_text: [{ text: { content: 'x = 1' } }], language: 'python' } },
				{ type: 'divider', divider: {} },
				{ type: 'image', image: { external: { url: 'https://x.example/a.png' } } },
				{ type: 'bookmark', bookmark: { url: 'https://x.example' } },
				{ type: 'embed', embed: { url: 'https://x.example/embed' } },
				{ type: 'toggle', toggle: { rich_text: [{ text: { content: 'more' } }], children: [paragraph('inside')] } },
			],
		});
		expect(added.json.results.map((b: any) => b.type)).toEqual(['heading_1', 'numbered_list_item', 'callout', 'quote', 'code', 'divider', 'image', 'bookmark', 'embed', 'toggle']);
		const [, , callout, , code, divider, image, bookmark, , toggle] = added.json.results;
		expect(callout.callout).toMatchObject({ rich_text: [{ plain_text: 'note' }], icon: { emoji: '💡' }, color: 'default' });
		expect(code.code).toMatchObject({ language: 'python', rich_text: [{ plain_text: 'x = 1' }] });
		expect(divider.divider).toEqual({});
		expect(image.image).toMatchObject({ type: 'external', external: { url: 'https://x.example/a.png' }, caption: [] });
		expect(bookmark.bookmark).toMatchObject({ url: 'https://x.example', caption: [] });
		expect(toggle.has_children).toBe(true);
		expect(texts((await call('GET', `/v1/blocks/${toggle.id}/children`)).json.results)).toEqual(['inside']);
		expect((await call('GET', `/v1/blocks/${code.id}`)).json).toMatchObject({ object: 'block', type: 'code', code: { language: 'python' } });
	});

	it('places children at the start, the end or after a block; `after` is 2025-09-03\'s, `position` 2026-03-11\'s', async () => {
		const parent = WORLD.pages.sharedChild.id;
		const append = (body: unknown, version?: string) => call('PATCH', `/v1/blocks/${parent}/children`, body, { version });
		const [a] = (await append({ children: [paragraph('a'), paragraph('c')] })).json.results;
		await append({ children: [paragraph('b')], position: { type: 'after_block', after_block: { id: a.id } } });
		await append({ children: [paragraph('start')], position: { type: 'start' } });
		await append({ children: [paragraph('end')], position: { type: 'end' } });
		await append({ children: [paragraph('a2')], after: a.id }, '2025-09-03');
		expect((await append({ children: [], position: { type: 'start' } }, '2025-09-03')).status).toBe(200);
		expect(texts((await call('GET', `/v1/blocks/${parent}/children`)).json.results)).toEqual(['start', 'a', 'a2', 'b', 'c', 'end']);
		expect((await append({ children: [paragraph('x')], after: a.id })).json.message).toBe(`body failed validation: body.after should be not present, instead was \`"${a.id}"\`.`);
		expect((await append({ children: [paragraph('x')], position: { type: 'after_block', after_block: { id: WORLD.block.id } } })).json.code).toBe('validation_error');
	});

	it('refuses, in Notion\'s words: 101 children, a 2,001-character text, a third level of children, a missing children', async () => {
		const parent = `/v1/blocks/${WORLD.pages.sharedChild.id}/children`;
		const many = Array.from({ length: 101 }, (_, i) => paragraph(String(i)));
		expect((await call('PATCH', parent, { children: many })).json.message).toBe('body failed validation: body.children.length should be ≤ `100`, instead was `101`.');
		expect((await call('PATCH', parent, { children: many.slice(0, 100) })).json.results).toHaveLength(100);
		expect((await call('PATCH', parent, { children: [paragraph('x'.repeat(2001))] })).json.message).toBe(
			'body failed validation: body.children[0].paragraph.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`.',
		);
		const toggle = (children: unknown[]) => ({ type: 'toggle', toggle: { rich_text: [], children } });
		expect((await call('PATCH', parent, { children: [toggle([toggle([paragraph('two levels')])])] })).status).toBe(200);
		expect((await call('PATCH', parent, { children: [toggle([toggle([toggle([paragraph('3')])])])] })).json.message).toMatch(
			/^body failed validation: body\.children\[0\]\.toggle\.children\[0\]\.toggle\.children\[0\]\.toggle\.children should be not present/,
		);
		expect((await call('PATCH', parent, {})).json.message).toBe('body failed validation: body.children should be defined, instead was `undefined`.');
		// Lists of children page 100 at a time.
		const listed = await call('GET', `${parent}?page_size=100`);
		expect(listed.json).toMatchObject({ has_more: true });
		expect((await call('GET', `${parent}?page_size=101`)).json.code).toBe('validation_error');
	});
});
