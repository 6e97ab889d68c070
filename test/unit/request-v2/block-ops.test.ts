// Block operations of Notion Request v2 against Notion's documented answers, through the fake core.
import type { SentRequest } from '../../support/fakeN8nCore';
import { outputsOf, ok, refused, runV2 } from './harness';

const PAGE = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const ANCHOR = '5c1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const blockId = (n: number) => `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const jsonBlocks = (count: number) => JSON.stringify(Array.from({ length: count }, (_, i) => ({ type: 'paragraph', paragraph: { rich_text: [{ text: { content: `b${i}` } }] } })));
const childrenOf = (request: SentRequest) => (request.body as { children: Array<{ paragraph: { rich_text: Array<{ text: { content: string } }> } }> }).children;
/** Notion's answer to an append: the new blocks, with ids that say which block each was. */
const appended = (request: SentRequest) =>
	ok({ object: 'list', results: childrenOf(request).map((block) => ({ object: 'block', id: blockId(Number(block.paragraph.rich_text[0].text.content.slice(1))), type: 'paragraph' })), has_more: false, next_cursor: null });
const append = (extra: Record<string, unknown>) => ({ resource: 'block', operation: 'append', blockId: { __rl: true, mode: 'id', value: PAGE }, contentType: 'json', afterBlockId: '', ...extra });

describe('Notion Request v2: block operations', () => {
	test('append of 230 blocks: three requests of 100, 100 and 30 in order, and one item per new block', async () => {
		const { result, sent } = await runV2({ parameters: append({ blocksJson: jsonBlocks(230) }), answer: appended });
		expect(sent.map((request) => childrenOf(request).length)).toEqual([100, 100, 30]);
		expect(sent.every((request) => request.method === 'PATCH' && request.path === `/v1/blocks/${PAGE}/children`)).toBe(true);
		expect(sent.map((request) => childrenOf(request)[0].paragraph.rich_text[0].text.content)).toEqual(['b0', 'b100', 'b200']);
		expect(sent.every((request) => !('after' in (request.body as object)) && !('position' in (request.body as object)))).toBe(true);
		const success = outputsOf(result)[0];
		expect(success.map((item) => item.json.id)).toEqual(Array.from({ length: 230 }, (_, i) => blockId(i)));
	});

	test.each([
		['2025-09-03', (after: string) => ({ after })],
		['2026-03-11', (after: string) => ({ position: { type: 'after_block', after_block: { id: after } } })],
	])('on %s, an anchor places the first chunk after it and each later chunk after the one before', async (notionVersion, placed) => {
		const { sent } = await runV2({
			parameters: { ...append({ blocksJson: jsonBlocks(150), afterBlockId: `https://www.notion.so/x-${PAGE.replace(/-/g, '')}#${ANCHOR.replace(/-/g, '')}` }), options: { requestsPerSecond: 1000, notionVersion } },
			answer: appended,
		});
		expect(sent).toHaveLength(2);
		expect(sent[0].body).toMatchObject(placed(ANCHOR));
		expect(sent[1].body).toMatchObject(placed(blockId(99)));
	});

	test('a refused second chunk: the third is never sent, and the item says what was written', async () => {
		const { result, sent } = await runV2({
			parameters: append({ blocksJson: jsonBlocks(250) }),
			onError: 'continueRegularOutput',
			answer: (request, n) => (n === 1 ? refused(404, 'object_not_found', 'Could not find block. Make sure the relevant pages and databases are shared with your integration "Acme".') : appended(request)),
		});
		expect(sent).toHaveLength(2);
		const shared = outputsOf(result)[2];
		expect(shared).toHaveLength(1);
		expect(shared[0].json.notionRequest).toMatchObject({ verdict: 'share_page', progress: expect.stringContaining('Appended 100 of 250 blocks') });
		expect(String((shared[0].json.notionRequest as { progress: string }).progress)).toContain('Request 2 failed, so blocks 101-250 were not appended');
	});

	test('a second chunk with no clear answer (a timeout) is not sent again, and the item says it may be written', async () => {
		const { result, sent } = await runV2({
			parameters: append({ blocksJson: jsonBlocks(150) }),
			onError: 'continueRegularOutput',
			answer: (request, n) => (n === 1 ? { kind: 'throw', error: () => Object.assign(new Error('timeout of 30000ms exceeded'), { code: 'ECONNABORTED' }) } : appended(request)),
		});
		expect(sent).toHaveLength(2);
		const retry = outputsOf(result)[3];
		expect(String((retry[0].json.notionRequest as { progress: string }).progress)).toMatch(/Request 2 got no clear answer: its blocks may or may not have been appended/);
	});

	test('a 429 on a chunk is sent again (Notion did not process it), and the rest follow in order', async () => {
		const { result, sent } = await runV2({
			parameters: append({ blocksJson: jsonBlocks(150) }),
			answer: (request, n) => (n === 1 ? { kind: 'http', status: 429, body: { object: 'error', status: 429, code: 'rate_limited', message: 'slow down' }, headers: { 'retry-after': '1' } } : appended(request)),
		});
		expect(sent.map((request) => childrenOf(request)[0].paragraph.rich_text[0].text.content)).toEqual(['b0', 'b100', 'b100']);
		expect(outputsOf(result)[0]).toHaveLength(150);
	});

	test('append with no blocks, or an anchor that is not an ID, is refused before sending', async () => {
		const empty = await runV2({ parameters: append({ blocksJson: '[]' }), answer: appended });
		expect(empty.sent).toHaveLength(0);
		expect((empty.result as { error: Error }).error.message).toMatch(/^Item 0: Blocks \(JSON\) is an empty list/);
		const anchor = await runV2({ parameters: append({ blocksJson: jsonBlocks(1), afterBlockId: 'not an id' }), answer: appended });
		expect(anchor.sent).toHaveLength(0);
		expect((anchor.result as { error: Error }).error.message).toMatch(/^Item 0: Insert After Block: /);
	});

	test('get many children: Limit pages with the cursor; simplified blocks carry their text', async () => {
		const block = (n: number) => ({ object: 'block', id: blockId(n), type: 'to_do', has_children: false, to_do: { rich_text: [{ plain_text: `t${n}` }], checked: n % 2 === 0 } });
		const { result, sent } = await runV2({
			parameters: { resource: 'block', operation: 'getAll', blockId: PAGE, returnAll: false, limit: 3, fetchNestedBlocks: false, simplifyOutput: true },
			answer: (_request, n) => ok({ object: 'list', results: n === 0 ? [block(0), block(1)] : [block(2), block(3)], has_more: true, next_cursor: `c${n}` }),
		});
		expect(sent.map((request) => request.query)).toEqual([{ page_size: 3 }, { page_size: 1, start_cursor: 'c0' }]);
		expect(outputsOf(result)[0].map((item) => item.json)).toEqual([
			expect.objectContaining({ id: blockId(0), type: 'to_do', content: 't0', checked: true, parentId: PAGE, rootId: PAGE }),
			expect.objectContaining({ id: blockId(1), content: 't1', checked: false }),
			expect.objectContaining({ id: blockId(2), content: 't2' }),
		]);
	});

	test('nested: children come depth first with their parent, child pages are not opened, and the Limit holds', async () => {
		const block = (n: number, hasChildren = false, type = 'paragraph') => ({ object: 'block', id: blockId(n), type, has_children: hasChildren, [type]: { rich_text: [{ plain_text: `t${n}` }] } });
		const tree: Record<string, unknown[]> = {
			[PAGE]: [block(1, true), block(2, true, 'child_page'), block(3)],
			[blockId(1)]: [block(11, true), block(12)],
			[blockId(11)]: [block(111)],
		};
		const { result, sent } = await runV2({
			parameters: { resource: 'block', operation: 'getAll', blockId: PAGE, returnAll: true, fetchNestedBlocks: true, simplifyOutput: false },
			answer: (request) => ok({ object: 'list', results: tree[request.path.split('/')[3]] ?? [], has_more: false, next_cursor: null }),
		});
		expect(sent.map((request) => request.path.split('/')[3])).toEqual([PAGE, blockId(1), blockId(11)]);
		expect(outputsOf(result)[0].map((item) => [item.json.id, item.json.parent_id])).toEqual([
			[blockId(1), undefined],
			[blockId(11), blockId(1)],
			[blockId(111), blockId(11)],
			[blockId(12), blockId(1)],
			[blockId(2), undefined],
			[blockId(3), undefined],
		]);
		const limited = await runV2({
			parameters: { resource: 'block', operation: 'getAll', blockId: PAGE, returnAll: false, limit: 2, fetchNestedBlocks: true, simplifyOutput: false },
			answer: (request) => ok({ object: 'list', results: tree[request.path.split('/')[3]] ?? [], has_more: false, next_cursor: null }),
		});
		expect(outputsOf(limited.result)[0].map((item) => item.json.id)).toEqual([blockId(1), blockId(11)]);
		expect(limited.sent).toHaveLength(2);
	});

	test('nested reads at most 200 child lists per item, then fails saying so (never a short Success)', async () => {
		let next = 1;
		const { result, sent } = await runV2({
			parameters: { resource: 'block', operation: 'getAll', blockId: PAGE, returnAll: true, fetchNestedBlocks: true, simplifyOutput: true },
			onError: 'continueRegularOutput',
			// Every block has one child that has children: a chain deeper than the bound.
			answer: () => ok({ object: 'list', results: [{ object: 'block', id: blockId(next++), type: 'toggle', has_children: true, toggle: { rich_text: [] } }], has_more: false, next_cursor: null }),
		});
		expect(sent).toHaveLength(201);
		const outputs = outputsOf(result);
		// Under Continue (regular output) an error item leaves by Retry, never by Success.
		expect(outputs[0]).toHaveLength(0);
		expect(outputs[3]).toHaveLength(1);
		expect(outputs[3][0].json.error).toMatch(/Fetch Nested Blocks reads at most 200 blocks' children per item/);
	});

	test('get markdown of a block uses the page markdown endpoint with the block ID', async () => {
		const { result, sent } = await runV2({
			parameters: { resource: 'block', operation: 'getMarkdown', blockId: ANCHOR, includeTranscript: false },
			answer: () => ok({ object: 'page_markdown', id: ANCHOR, markdown: '- a', truncated: false, unknown_block_ids: [] }),
		});
		expect(sent[0]).toMatchObject({ method: 'GET', path: `/v1/pages/${ANCHOR}/markdown` });
		expect(sent[0].query).toBeUndefined();
		expect(outputsOf(result)[0][0].json).toMatchObject({ markdown: '- a' });
	});
});
