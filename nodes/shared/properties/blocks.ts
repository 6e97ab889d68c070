/**
 * Block fields from the editor → block JSON for PATCH /v1/blocks/{id}/children (and POST /v1/pages
 * `children`), and the plan for appending more than Notion takes at once.
 *
 *   BLOCK_TYPES                 block type → what it holds: text (rich text), text + checked (to_do),
 *                               text + language (code), text + icon (callout), url (media), none (divider)
 *   buildBlock(field)           Built<block>; text over 2,000 characters is split into several rich
 *                               text elements, never cut
 *   buildBlocks(fields)         Built<block[]>; a problem names the block by its position and type
 *   chunk(items, size = 100)    consecutive chunks of at most `size`, in order (Notion appends 100 blocks per request)
 *   appendChunks(blocks)        the append requests: at most 100 blocks and 500 KB each, in order
 *   appendProgress(chunks, outcomes)
 *                               after appending chunk by chunk (stopping at the first that did not
 *                               succeed): how many blocks were written, their ids, which chunk failed,
 *                               whether that chunk may have been written anyway, and a sentence that says so
 */
import { appendSummary } from '../core/remediation';
import { built, NOTION_LIMITS, problem, shown, type Built } from './limits';
import { richText } from './richText';
import { isBlank, parseBoolean } from './scalars';
import { lookup } from './schema';

type BlockShape = 'text' | 'to_do' | 'code' | 'callout' | 'url' | 'none';

export const BLOCK_TYPES: Readonly<Record<string, BlockShape>> = {
	paragraph: 'text',
	heading_1: 'text',
	heading_2: 'text',
	heading_3: 'text',
	bulleted_list_item: 'text',
	numbered_list_item: 'text',
	quote: 'text',
	toggle: 'text',
	to_do: 'to_do',
	code: 'code',
	callout: 'callout',
	divider: 'none',
	image: 'url',
	bookmark: 'url',
	embed: 'url',
};

export interface BlockField {
	type: string;
	text?: unknown;
	/** to_do */
	checked?: unknown;
	/** code: Notion's language name, e.g. javascript, python, plain text (default). */
	language?: unknown;
	/** callout: an emoji. */
	icon?: unknown;
	/** image, bookmark, embed */
	url?: unknown;
}

export type NotionBlock = { object: 'block'; type: string } & Record<string, unknown>;

export function buildBlock(field: BlockField): Built<NotionBlock> {
	const shape = lookup(BLOCK_TYPES, field.type);
	if (!shape)
		return problem(`${shown(field.type)} is not a block type this node builds: ${Object.keys(BLOCK_TYPES).join(', ')}.`);
	const body = blockBody(shape, field);
	return body.ok ? built({ object: 'block', type: field.type, [field.type]: body.value }) : body;
}

export function buildBlocks(fields: BlockField[]): Built<NotionBlock[]> {
	const blocks: NotionBlock[] = [];
	for (const [index, field] of fields.entries()) {
		const block = buildBlock(field);
		if (!block.ok) return problem(`Block ${index + 1} (${shown(field.type)}): ${block.problem}`);
		blocks.push(block.value);
	}
	return built(blocks);
}

function blockBody(shape: BlockShape, field: BlockField): Built<Record<string, unknown>> {
	if (shape === 'none') return built({});
	if (shape === 'url') {
		const url = typeof field.url === 'string' ? field.url.trim() : '';
		if (!/^https?:\/\/\S+$/i.test(url)) return problem(`needs an http or https URL, but got ${shown(field.url)}.`);
		if (url.length > NOTION_LIMITS.urlChars)
			return problem(`its URL is ${url.length} characters long; Notion takes at most ${NOTION_LIMITS.urlChars}.`);
		return built(field.type === 'image' ? { type: 'external', external: { url } } : { url });
	}
	if (!isBlank(field.text) && typeof field.text !== 'string' && typeof field.text !== 'number') {
		return problem(`needs text, but got ${shown(field.text)}.`);
	}
	const text = isBlank(field.text) ? '' : String(field.text);
	const rich_text = richText(text);
	if (rich_text.length > NOTION_LIMITS.arrayItems) {
		return problem(
			`its text is ${text.length} characters long; Notion takes at most ${NOTION_LIMITS.arrayItems} pieces of ${NOTION_LIMITS.richTextChars}.`,
		);
	}
	if (shape === 'to_do') {
		const checked = isBlank(field.checked) ? built(false) : parseBoolean(field.checked);
		return checked.ok ? built({ rich_text, checked: checked.value }) : problem(`"checked" ${checked.problem}.`);
	}
	if (shape === 'code') {
		if (!isBlank(field.language) && typeof field.language !== 'string')
			return problem(`needs a language name, but got ${shown(field.language)}.`);
		return built({ rich_text, language: isBlank(field.language) ? 'plain text' : (field.language as string).trim() });
	}
	if (shape === 'callout' && typeof field.icon === 'string' && field.icon.trim() !== '') {
		return built({ rich_text, icon: { type: 'emoji', emoji: field.icon.trim() } });
	}
	return built({ rich_text });
}

export function chunk<T>(items: readonly T[], size: number = NOTION_LIMITS.blocksPerAppend): T[][] {
	if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, not ${size}`);
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
	return chunks;
}

// Room for `{"children":[…]}` and the commas between blocks.
const ENVELOPE_BYTES = 1_000;

/**
 * Blocks → append requests: at most 100 blocks each, and at most Notion's 500 KB per request body
 * (100 paragraphs of 200,000 characters would be 20 MB). A block that alone is over the byte budget
 * goes in a request by itself, and Notion's answer names it.
 */
export function appendChunks<T>(blocks: readonly T[]): T[][] {
	const budget = NOTION_LIMITS.requestBytes - ENVELOPE_BYTES;
	const chunks: T[][] = [];
	let current: T[] = [];
	let bytes = 0;
	for (const block of blocks) {
		const size = utf8Length(JSON.stringify(block) ?? '') + 1;
		if (current.length > 0 && (current.length === NOTION_LIMITS.blocksPerAppend || bytes + size > budget)) {
			chunks.push(current);
			current = [];
			bytes = 0;
		}
		current.push(block);
		bytes += size;
	}
	if (current.length > 0) chunks.push(current);
	return chunks;
}

/** The bytes of `text` as UTF-8, as it goes over the wire. */
export function utf8Length(text: string): number {
	let bytes = 0;
	for (const character of text) {
		const code = character.codePointAt(0) as number;
		bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
	}
	return bytes;
}

/**
 * What one append request came to:
 * - written: Notion appended the chunk; `ids` are the new blocks' ids from its answer;
 * - not_written: Notion did not process it (an error answer, a 429, a refused connection);
 * - unknown: the request may have been processed (a timeout, a garbled 2xx), so it is not retried.
 */
export type ChunkOutcome = { status: 'written'; ids: string[] } | { status: 'not_written' } | { status: 'unknown' };

export interface AppendProgress {
	complete: boolean;
	totalBlocks: number;
	totalChunks: number;
	/** Blocks Notion confirmed, and their ids in order. */
	blocksWritten: number;
	writtenIds: string[];
	chunksWritten: number;
	/** 1-based number of the chunk that did not succeed, when one did not. */
	failedChunk?: number;
	/** The failed chunk may have been appended anyway (its answer never came back whole). */
	failedChunkMayBeWritten?: boolean;
	summary: string;
}

/**
 * Appends stop at the first chunk that does not succeed: a later chunk must not land before an
 * earlier one, and a chunk that may have been written must not be sent again (no duplicated writes).
 * `outcomes` are the attempted chunks' outcomes in order; chunks after them were not sent.
 */
export function appendProgress(chunks: ReadonlyArray<readonly unknown[]>, outcomes: readonly ChunkOutcome[]): AppendProgress {
	const totalBlocks = chunks.reduce((sum, part) => sum + part.length, 0);
	const writtenIds: string[] = [];
	let blocksWritten = 0;
	let chunksWritten = 0;
	let failed: ChunkOutcome | undefined;
	for (const [index, outcome] of outcomes.entries()) {
		if (index >= chunks.length) break;
		if (outcome.status !== 'written') {
			failed = outcome;
			break;
		}
		chunksWritten += 1;
		blocksWritten += chunks[index].length;
		writtenIds.push(...outcome.ids);
	}
	const complete = chunksWritten === chunks.length;
	const progress = { complete, totalBlocks, totalChunks: chunks.length, blocksWritten, writtenIds, chunksWritten };
	if (complete) return { ...progress, summary: appendSummary(progress) };
	const mayBeWritten = failed?.status === 'unknown';
	const summary = appendSummary({ ...progress, failed: failed === undefined ? 'not_sent' : mayBeWritten ? 'unknown' : 'failed' });
	return { ...progress, failedChunk: chunksWritten + 1, ...(failed ? { failedChunkMayBeWritten: mayBeWritten } : {}), summary };
}
