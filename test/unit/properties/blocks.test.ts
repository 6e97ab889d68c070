import {
	appendChunks,
	appendProgress,
	buildBlock,
	buildBlocks,
	BLOCK_TYPES,
	chunk,
	utf8Length,
	type ChunkOutcome,
} from '../../../nodes/shared/properties/blocks';

function block(field: Parameters<typeof buildBlock>[0]) {
	const result = buildBlock(field);
	if (!result.ok) throw new Error(result.problem);
	return result.value;
}

const text = (content: string) => [{ type: 'text', text: { content } }];

describe('block fields → block JSON', () => {
	it.each(['paragraph', 'heading_1', 'heading_2', 'heading_3', 'bulleted_list_item', 'numbered_list_item', 'quote', 'toggle'])(
		'%s carries its text',
		(type) => {
			expect(block({ type, text: 'Hi' })).toEqual({ object: 'block', type, [type]: { rich_text: text('Hi') } });
		},
	);

	it('builds to-do, code, callout, divider and the URL blocks', () => {
		expect(block({ type: 'to_do', text: 'Ship', checked: 'true' })).toEqual({
			object: 'block',
			type: 'to_do',
			to_do: { rich_text: text('Ship'), checked: true },
		});
		expect(block({ type: 'to_do', text: 'Ship' })).toMatchObject({ to_do: { checked: false } });
		expect(block({ type: 'code', text: 'x = 1', language: 'python' })).toMatchObject({
			code: { rich_text: text('x = 1'), language: 'python' },
		});
		expect(block({ type: 'code', text: 'x' })).toMatchObject({ code: { language: 'plain text' } });
		expect(block({ type: 'callout', text: 'Note', icon: '💡' })).toMatchObject({
			callout: { rich_text: text('Note'), icon: { type: 'emoji', emoji: '💡' } },
		});
		expect(block({ type: 'divider' })).toEqual({ object: 'block', type: 'divider', divider: {} });
		expect(block({ type: 'image', url: 'https://example.com/a.png' })).toEqual({
			object: 'block',
			type: 'image',
			image: { type: 'external', external: { url: 'https://example.com/a.png' } },
		});
		expect(block({ type: 'bookmark', url: 'https://example.com' })).toMatchObject({ bookmark: { url: 'https://example.com' } });
		expect(block({ type: 'embed', url: 'https://example.com/v' })).toMatchObject({ embed: { url: 'https://example.com/v' } });
		expect(Object.keys(BLOCK_TYPES)).toHaveLength(15);
	});

	it('splits long text at 2,000 characters (2,000 / 2,001 / 4,001)', () => {
		const lengths = (n: number) =>
			(
				block({ type: 'paragraph', text: 'y'.repeat(n) }).paragraph as { rich_text: Array<{ text: { content: string } }> }
			).rich_text.map((element) => element.text.content.length);
		expect(lengths(2000)).toEqual([2000]);
		expect(lengths(2001)).toEqual([2000, 1]);
		expect(lengths(4001)).toEqual([2000, 2000, 1]);
		expect(lengths(0)).toEqual([]);
	});

	it('names the block and what is wrong', () => {
		const result = buildBlocks([
			{ type: 'paragraph', text: 'ok' },
			{ type: 'image', url: 'not a url' },
		]);
		expect(result).toMatchObject({
			ok: false,
			problem: expect.stringMatching(/^Block 2 \("image"\): needs an http or https URL, but got "not a url"/),
		});
		expect(buildBlocks([{ type: 'table' }])).toMatchObject({
			ok: false,
			problem: expect.stringContaining('"table" is not a block type'),
		});
		expect(buildBlocks([{ type: 'constructor' }])).toMatchObject({ ok: false });
		expect(buildBlocks([{ type: 'to_do', checked: 'maybe' }])).toMatchObject({
			ok: false,
			problem: expect.stringContaining('"maybe"'),
		});
		expect(buildBlocks([{ type: 'paragraph', text: { a: 1 } }])).toMatchObject({ ok: false });
		expect(buildBlocks([{ type: 'paragraph', text: 'z'.repeat(200_001) }])).toMatchObject({
			ok: false,
			problem: expect.stringContaining('at most 100 pieces'),
		});
		expect(buildBlocks([{ type: 'bookmark', url: `https://e.com/${'a'.repeat(2000)}` }])).toMatchObject({
			ok: false,
			problem: expect.stringContaining('at most 2000'),
		});
	});
});

describe('appending in chunks of 100', () => {
	const blocks = Array.from({ length: 250 }, (_, i) => i);
	const chunks = chunk(blocks);
	const written = (part: readonly number[]): ChunkOutcome => ({ status: 'written', ids: part.map((i) => `id${i}`) });

	it('chunks 100, 101, 250 blocks into requests of at most 100', () => {
		expect(chunk(blocks.slice(0, 100)).map((part) => part.length)).toEqual([100]);
		expect(chunk(blocks.slice(0, 101)).map((part) => part.length)).toEqual([100, 1]);
		expect(chunks.map((part) => part.length)).toEqual([100, 100, 50]);
		expect(chunk([])).toEqual([]);
		expect(() => chunk(blocks, 0)).toThrow(RangeError);
	});

	it('keeps each append request under 100 blocks and 500 KB', () => {
		const small = Array.from({ length: 250 }, (_, i) => block({ type: 'paragraph', text: `line ${i}` }));
		expect(appendChunks(small).map((part) => part.length)).toEqual([100, 100, 50]);
		// 200,000 characters of é are 400 KB as UTF-8: no two such paragraphs fit one request.
		const heavy = Array.from({ length: 3 }, () => block({ type: 'paragraph', text: 'é'.repeat(200_000) }));
		expect(appendChunks(heavy).map((part) => part.length)).toEqual([1, 1, 1]);
		const mixed = [heavy[0], ...small.slice(0, 150)];
		const parts = appendChunks(mixed);
		expect(parts.flat()).toEqual(mixed);
		expect(parts.map((part) => part.length)).toEqual([100, 51]);
		expect(appendChunks([])).toEqual([]);
		expect(utf8Length('aé€😀')).toBe(10);
	});

	it('says all were written when every chunk was', () => {
		const progress = appendProgress(chunks, chunks.map(written));
		expect(progress).toMatchObject({ complete: true, blocksWritten: 250, chunksWritten: 3, totalChunks: 3 });
		expect(progress.writtenIds).toHaveLength(250);
		expect(progress.failedChunk).toBeUndefined();
		expect(progress.summary).toBe('Appended all 250 blocks in 3 request(s).');
	});

	it('says what was written when a later chunk failed', () => {
		const progress = appendProgress(chunks, [written(chunks[0]), written(chunks[1]), { status: 'not_written' }]);
		expect(progress).toMatchObject({
			complete: false,
			blocksWritten: 200,
			chunksWritten: 2,
			failedChunk: 3,
			failedChunkMayBeWritten: false,
		});
		expect(progress.writtenIds).toEqual(blocks.slice(0, 200).map((i) => `id${i}`));
		expect(progress.summary).toBe(
			'Appended 200 of 250 blocks (requests 1-2 of 3). Request 3 failed, so blocks 201-250 were not appended.',
		);
	});

	it('says a chunk without a clear answer may have been written', () => {
		const progress = appendProgress(chunks, [written(chunks[0]), { status: 'unknown' }]);
		expect(progress).toMatchObject({ blocksWritten: 100, failedChunk: 2, failedChunkMayBeWritten: true });
		expect(progress.summary).toContain('may or may not have been appended');
	});

	it('reports a first chunk that failed, and chunks never sent', () => {
		expect(appendProgress(chunks, [{ status: 'not_written' }]).summary).toBe(
			'Appended 0 of 250 blocks (none of 3 requests). Request 1 failed, so blocks 1-250 were not appended.',
		);
		const unsent = appendProgress(chunks, [written(chunks[0])]);
		expect(unsent).toMatchObject({ complete: false, failedChunk: 2 });
		expect(unsent.failedChunkMayBeWritten).toBeUndefined();
		expect(unsent.summary).toContain('Request 2 was not sent');
	});

	it('stops counting at the first failure, even if later outcomes say written', () => {
		const progress = appendProgress(chunks, [written(chunks[0]), { status: 'not_written' }, written(chunks[2])]);
		expect(progress.blocksWritten).toBe(100);
		expect(progress.writtenIds).toHaveLength(100);
	});
});
