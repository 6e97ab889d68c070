// Page operations of Notion Request v2 against Notion's documented answers, through the fake core.
import { outputsOf, ok, refused, runV2 } from './harness';

const PARENT = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const PAGE = '1429989f-e8ac-4eff-bc8f-57f56486db54';
const locator = (value: string) => ({ __rl: true, mode: 'id', value });
const page = (extra: Record<string, unknown> = {}) => ({
	object: 'page',
	id: PAGE,
	url: 'https://www.notion.so/x',
	in_trash: false,
	properties: { title: { id: 'title', type: 'title', title: [{ plain_text: 'Plan', text: { content: 'Plan' } }] } },
	...extra,
});
const markdownAnswer = { object: 'page_markdown', id: PAGE, markdown: '# Plan\n\nText', truncated: false, unknown_block_ids: [] };
const paragraphs = (count: number) => Array.from({ length: count }, (_, i) => ({ type: 'paragraph', textContent: `line ${i + 1}` }));
const listOf = (request: { body?: unknown }, prefix: string) => {
	const children = ((request.body as { children?: unknown[] }).children ?? []).length;
	return { object: 'list', results: Array.from({ length: children }, (_, i) => ({ object: 'block', id: `${prefix}${String(i).padStart(4, '0')}-0000-4000-8000-000000000000`.slice(0, 36) })), has_more: false, next_cursor: null };
};

describe('Notion Request v2: page operations', () => {
	test('create under a page sends one POST with the title, block fields and icon, and leaves simplified', async () => {
		const { result, sent } = await runV2({
			parameters: {
				resource: 'page',
				operation: 'create',
				pageId: locator(PARENT),
				title: 'Plan',
				contentType: 'blockUi',
				'blockUi.blockValues': [
					{ type: 'heading_1', textContent: 'Goals' },
					{ type: 'to_do', textContent: 'Ship', checked: true },
					{ type: 'divider' },
					{ type: 'image', url: 'https://example.com/a.png' },
				],
				icon: '🚀',
				simple: true,
			},
			answer: () => ok(page()),
		});
		const [success] = outputsOf(result);
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ method: 'POST', path: '/v1/pages' });
		expect(sent[0].body).toEqual({
			parent: { page_id: PARENT },
			properties: { title: { title: [{ type: 'text', text: { content: 'Plan' } }] } },
			children: [
				{ object: 'block', type: 'heading_1', heading_1: { rich_text: [{ type: 'text', text: { content: 'Goals' } }] } },
				{ object: 'block', type: 'to_do', to_do: { rich_text: [{ type: 'text', text: { content: 'Ship' } }], checked: true } },
				{ object: 'block', type: 'divider', divider: {} },
				{ object: 'block', type: 'image', image: { type: 'external', external: { url: 'https://example.com/a.png' } } },
			],
			icon: { type: 'emoji', emoji: '🚀' },
		});
		expect(success[0].json).toMatchObject({ id: PAGE, name: 'Plan', notionRequest: { verdict: 'success', resource: { id: PARENT } } });
	});

	test('create with Markdown sends it as markdown, not children', async () => {
		const { sent } = await runV2({
			parameters: { resource: 'page', operation: 'create', pageId: PARENT, title: '', contentType: 'markdown', markdown: '# Notes\n\n- [ ] a', simple: false },
			answer: () => ok(page()),
		});
		expect(sent[0].body).toEqual({ parent: { page_id: PARENT }, markdown: '# Notes\n\n- [ ] a' });
	});

	test('create with 250 JSON blocks: 100 with the page, then 100 and 50 appended to the new page in order', async () => {
		const blocks = Array.from({ length: 250 }, (_, i) => ({ type: 'paragraph', paragraph: { rich_text: [{ text: { content: `b${i}` } }] } }));
		const { result, sent } = await runV2({
			parameters: { resource: 'page', operation: 'create', pageId: PARENT, title: 'Big', contentType: 'json', blocksJson: JSON.stringify(blocks), simple: false },
			answer: (request) => (request.method === 'POST' ? ok(page()) : ok(listOf(request, 'aaaaaaaa'))),
		});
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1/pages', `PATCH /v1/blocks/${PAGE}/children`, `PATCH /v1/blocks/${PAGE}/children`]);
		const sizes = sent.map((request) => (request.body as { children: unknown[] }).children.length);
		expect(sizes).toEqual([100, 100, 50]);
		const firsts = sent.map((request) => JSON.stringify((request.body as { children: unknown[] }).children[0]));
		expect(firsts[1]).toContain('"b100"');
		expect(firsts[2]).toContain('"b200"');
		expect(outputsOf(result)[0]).toHaveLength(1);
	});

	test('create with 250 blocks whose second append is refused says the page exists and what was appended', async () => {
		const blocks = Array.from({ length: 250 }, (_, i) => ({ type: 'paragraph', paragraph: { rich_text: [{ text: { content: `b${i}` } }] } }));
		const { result, sent } = await runV2({
			parameters: { resource: 'page', operation: 'create', pageId: PARENT, title: 'Big', contentType: 'json', blocksJson: JSON.stringify(blocks), simple: false },
			answer: (request, n) => (request.method === 'POST' ? ok(page()) : n === 2 ? refused(400, 'validation_error', 'body failed validation.') : ok(listOf(request, 'aaaaaaaa'))),
		});
		expect(sent).toHaveLength(3);
		expect('error' in result).toBe(true);
		const message = (result as { error: Error }).error.message;
		expect(message).toContain(`The page was created (id ${PAGE})`);
		expect(message).toContain('Appended 200 of 250 blocks');
		expect(message).toContain('blocks 201-250 were not appended');
	});

	test('bad JSON blocks, and a block field without a URL, are refused before anything is sent', async () => {
		const json = await runV2({ parameters: { resource: 'page', operation: 'create', pageId: PARENT, title: 'x', contentType: 'json', blocksJson: '{"type":', simple: true }, answer: () => ok(page()) });
		expect(json.sent).toHaveLength(0);
		expect((json.result as { error: Error }).error.message).toMatch(/^Item 0: .*Blocks \(JSON\) is not valid JSON/);
		const image = await runV2({ parameters: { resource: 'page', operation: 'create', pageId: PARENT, title: 'x', contentType: 'blockUi', 'blockUi.blockValues': [{ type: 'image', url: 'ftp://x' }], simple: true }, answer: () => ok(page()) });
		expect(image.sent).toHaveLength(0);
		expect((image.result as { error: Error }).error.message).toMatch(/Block 1 \("image"\): needs an http or https URL/);
	});

	test('update sends the title by its ID "title", the JSON properties and an icon link', async () => {
		const { sent } = await runV2({
			parameters: { resource: 'page', operation: 'update', pageId: locator(PAGE), title: 'New', propertiesJson: '{"Status":{"status":{"name":"Done"}}}', icon: 'https://example.com/i.png', simple: true },
			answer: () => ok(page()),
		});
		expect(sent[0]).toMatchObject({ method: 'PATCH', path: `/v1/pages/${PAGE}` });
		expect(sent[0].body).toEqual({
			properties: { Status: { status: { name: 'Done' } }, title: { title: [{ type: 'text', text: { content: 'New' } }] } },
			icon: { type: 'external', external: { url: 'https://example.com/i.png' } },
		});
	});

	test('update with nothing to change, or properties that are not an object, is refused before sending', async () => {
		const empty = await runV2({ parameters: { resource: 'page', operation: 'update', pageId: PAGE, title: '', propertiesJson: '{}', icon: '', simple: true }, answer: () => ok(page()) });
		expect(empty.sent).toHaveLength(0);
		expect((empty.result as { error: Error }).error.message).toMatch(/Nothing to update/);
		const list = await runV2({ parameters: { resource: 'page', operation: 'update', pageId: PAGE, title: '', propertiesJson: '[1]', simple: true }, answer: () => ok(page()) });
		expect(list.sent).toHaveLength(0);
		expect((list.result as { error: Error }).error.message).toMatch(/Properties \(JSON\) must be an object/);
	});

	test.each([
		['2025-09-03', 'archive', { in_trash: true }],
		['2026-03-11', 'restore', { in_trash: false }],
		['2022-06-28', 'archive', { archived: true }],
		['2022-06-28', 'restore', { archived: false }],
	])('on %s, %s sends %j', async (notionVersion, operation, body) => {
		const { result, sent } = await runV2({
			parameters: { resource: 'page', operation, pageId: PAGE, simple: true, options: { requestsPerSecond: 1000, notionVersion } },
			answer: () => ok(page({ in_trash: operation === 'archive' })),
		});
		expect(sent[0]).toMatchObject({ method: 'PATCH', path: `/v1/pages/${PAGE}`, body });
		expect(outputsOf(result)[0][0].json).toMatchObject({ id: PAGE, inTrash: operation === 'archive', notionRequest: { verdict: 'success' } });
	});

	test('get markdown asks for the transcript only when told, and gives page_markdown as it is', async () => {
		const { result, sent } = await runV2({
			parameters: { resource: 'page', operation: 'getMarkdown', pageId: PAGE, includeTranscript: true },
			answer: () => ok(markdownAnswer),
		});
		expect(sent[0]).toMatchObject({ method: 'GET', path: `/v1/pages/${PAGE}/markdown`, query: { include_transcript: true } });
		expect(outputsOf(result)[0][0].json).toMatchObject({ markdown: '# Plan\n\nText', truncated: false });
	});

	test('a markdown answer that is not page_markdown is not Success', async () => {
		const { result } = await runV2({ parameters: { resource: 'page', operation: 'getMarkdown', pageId: PAGE, includeTranscript: false }, answer: () => ok({ object: 'page', id: PAGE }) });
		expect(outputsOf(result)[0]).toHaveLength(0);
		expect(outputsOf(result)[3][0].json.notionRequest).toMatchObject({ verdict: 'retry', reason: 'bad_response' });
	});

	test('update markdown: replace content, and find-and-replace updates as Notion documents them', async () => {
		const replace = await runV2({
			parameters: { resource: 'page', operation: 'updateMarkdown', pageId: PAGE, markdownUpdateType: 'replace_content', markdown: '# New' },
			answer: () => ok(markdownAnswer),
		});
		expect(replace.sent[0]).toMatchObject({ method: 'PATCH', path: `/v1/pages/${PAGE}/markdown`, body: { type: 'replace_content', replace_content: { new_str: '# New' } } });
		const update = await runV2({
			parameters: {
				resource: 'page',
				operation: 'updateMarkdown',
				pageId: PAGE,
				markdownUpdateType: 'update_content',
				'contentUpdates.updates': [
					{ oldString: 'DRAFT', newString: 'FINAL', replaceAllMatches: true },
					{ oldString: 'a', newString: 'b', replaceAllMatches: false },
				],
			},
			answer: () => ok(markdownAnswer),
		});
		expect(update.sent[0].body).toEqual({
			type: 'update_content',
			update_content: { content_updates: [{ old_str: 'DRAFT', new_str: 'FINAL', replace_all_matches: true }, { old_str: 'a', new_str: 'b' }] },
		});
		const none = await runV2({ parameters: { resource: 'page', operation: 'updateMarkdown', pageId: PAGE, markdownUpdateType: 'update_content', 'contentUpdates.updates': [] }, answer: () => ok(markdownAnswer) });
		expect(none.sent).toHaveLength(0);
	});

	test('search follows the cursor up to the Limit, one simplified item per page', async () => {
		const results = (from: number, count: number) => Array.from({ length: count }, (_, i) => page({ id: `p${from + i}` }));
		const { result, sent } = await runV2({
			parameters: { resource: 'page', operation: 'search', text: ' Plan ', returnAll: false, limit: 3, simple: true },
			answer: (_request, n) => ok({ object: 'list', results: n === 0 ? results(0, 2) : results(2, 2), has_more: true, next_cursor: `c${n}` }),
		});
		expect(sent.map((request) => request.body)).toEqual([
			{ filter: { property: 'object', value: 'page' }, query: 'Plan', page_size: 3 },
			{ filter: { property: 'object', value: 'page' }, query: 'Plan', page_size: 1, start_cursor: 'c0' },
		]);
		const success = outputsOf(result)[0];
		expect(success.map((item) => item.json.id)).toEqual(['p0', 'p1', 'p2']);
		expect(success[0].json.notionRequest).toMatchObject({ verdict: 'success', fetched: 3, calls: 2 });
	});

	test('a search that fails midway goes to Retry saying how many were fetched', async () => {
		const { result } = await runV2({
			parameters: { resource: 'page', operation: 'search', text: '', returnAll: true, simple: false },
			answer: (_request, n) => (n === 0 ? ok({ object: 'list', results: [page()], has_more: true, next_cursor: 'c' }) : refused(503, 'service_unavailable', 'Unavailable.')),
		});
		const outputs = outputsOf(result);
		expect(outputs[0]).toHaveLength(0);
		expect(outputs[3][0].json.notionRequest).toMatchObject({ verdict: 'retry', fetched: 1 });
	});

	test('block fields cover each common type', async () => {
		const { sent } = await runV2({
			parameters: {
				resource: 'page',
				operation: 'create',
				pageId: PARENT,
				title: 't',
				contentType: 'blockUi',
				'blockUi.blockValues': [
					...paragraphs(1),
					{ type: 'heading_2', textContent: 'h2' },
					{ type: 'heading_3', textContent: 'h3' },
					{ type: 'bulleted_list_item', textContent: 'b' },
					{ type: 'numbered_list_item', textContent: 'n' },
					{ type: 'quote', textContent: 'q' },
					{ type: 'callout', textContent: 'c', icon: '💡' },
					{ type: 'code', textContent: 'x = 1', language: 'python' },
					{ type: 'bookmark', url: 'https://example.com' },
				],
				simple: true,
			},
			answer: () => ok(page()),
		});
		const children = (sent[0].body as { children: Array<Record<string, Record<string, unknown>>> }).children;
		expect(children.map((block) => block.type)).toEqual(['paragraph', 'heading_2', 'heading_3', 'bulleted_list_item', 'numbered_list_item', 'quote', 'callout', 'code', 'bookmark']);
		expect(children[6].callout).toMatchObject({ icon: { type: 'emoji', emoji: '💡' } });
		expect(children[7].code).toMatchObject({ language: 'python' });
		expect(children[8].bookmark).toEqual({ url: 'https://example.com' });
	});
});
