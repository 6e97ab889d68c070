// Page content as blocks, shared by Page → Create and Block → Append: the block fields (n8n's
// `blockUi.blockValues`), Blocks (JSON), and appending them in order, 100 at a time, saying what
// was written when a later request fails.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { appendProgress, buildBlocks, type BlockField, type ChunkOutcome, type NotionBlock } from '../../../../shared/properties/blocks';
import type { Failure } from '../../../../shared/core/types';
import { type Notion, NotionFailed } from '../notion';

/** The Notion-Version from which an append takes `position` instead of the older `after`. */
const FIRST_POSITION_VERSION = '2026-03-11';

const TEXT_TYPES = ['paragraph', 'heading_1', 'heading_2', 'heading_3', 'bulleted_list_item', 'numbered_list_item', 'to_do', 'toggle', 'quote', 'callout', 'code'];

export const blockFields: INodeProperties = {
	displayName: 'Blocks',
	name: 'blockUi',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	default: {},
	placeholder: 'Add Block',
	options: [
		{
			name: 'blockValues',
			displayName: 'Block',
			values: [
				{
					displayName: 'Checked',
					name: 'checked',
					type: 'boolean',
					default: false,
					description: 'Whether the to-do is checked',
					displayOptions: { show: { type: ['to_do'] } },
				},
				{
					displayName: 'Icon',
					name: 'icon',
					type: 'string',
					default: '',
					placeholder: 'e.g. 💡',
					description: 'An emoji',
					displayOptions: { show: { type: ['callout'] } },
				},
				{
					displayName: 'Language',
					name: 'language',
					type: 'string',
					default: 'plain text',
					placeholder: 'e.g. javascript',
					description: "Notion's name of the code's language",
					displayOptions: { show: { type: ['code'] } },
				},
				{
					displayName: 'Text',
					name: 'textContent',
					type: 'string',
					typeOptions: { rows: 2 },
					default: '',
					description: 'Plain text; over 2,000 characters it is split into several pieces, never cut',
					displayOptions: { show: { type: TEXT_TYPES } },
				},
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: [
						{ name: 'Bookmark', value: 'bookmark' },
						{ name: 'Bulleted List Item', value: 'bulleted_list_item' },
						{ name: 'Callout', value: 'callout' },
						{ name: 'Code', value: 'code' },
						{ name: 'Divider', value: 'divider' },
						{ name: 'Heading 1', value: 'heading_1' },
						{ name: 'Heading 2', value: 'heading_2' },
						{ name: 'Heading 3', value: 'heading_3' },
						{ name: 'Image', value: 'image' },
						{ name: 'Numbered List Item', value: 'numbered_list_item' },
						{ name: 'Paragraph', value: 'paragraph' },
						{ name: 'Quote', value: 'quote' },
						{ name: 'To-Do', value: 'to_do' },
						{ name: 'Toggle', value: 'toggle' },
					],
					default: 'paragraph',
				},
				{
					displayName: 'URL',
					name: 'url',
					type: 'string',
					default: '',
					placeholder: 'https://example.com/picture.png',
					displayOptions: { show: { type: ['image', 'bookmark'] } },
				},
			],
		},
	],
};

export const blocksJsonField: INodeProperties = {
	displayName: 'Blocks (JSON)',
	name: 'blocksJson',
	type: 'json',
	default: '[]',
	description: "A list of Notion block objects, as Notion's API reference writes them",
};

/** The blocks an item gives through the block fields. */
export function readBlockFields(ctx: IExecuteFunctions, itemIndex: number): NotionBlock[] {
	const values: unknown = ctx.getNodeParameter('blockUi.blockValues', itemIndex, []);
	if (!Array.isArray(values)) throw new Error('Blocks: expected a list of blocks.');
	const fields = (values as IDataObject[]).map((value): BlockField => ({
		type: value?.type as string,
		text: value?.textContent,
		checked: value?.checked,
		language: value?.language,
		icon: value?.icon,
		url: value?.url,
	}));
	const blocks = buildBlocks(fields);
	if (!blocks.ok) throw new Error(`Blocks: ${blocks.problem}`);
	return blocks.value;
}

/** The blocks an item gives as JSON: a list of objects, each with a `type`. */
export function readBlocksJson(ctx: IExecuteFunctions, itemIndex: number): NotionBlock[] {
	let given: unknown = ctx.getNodeParameter('blocksJson', itemIndex, '[]');
	if (typeof given === 'string') {
		if (given.trim() === '') return [];
		given = parseJson(given);
		if (given === undefined) {
			throw new Error('Blocks (JSON) is not valid JSON: give a list of Notion block objects, e.g. [{"type":"paragraph","paragraph":{"rich_text":[{"text":{"content":"Hello"}}]}}].');
		}
	}
	if (!Array.isArray(given)) throw new Error('Blocks (JSON) must be a list of Notion block objects, in [ ].');
	for (const [index, block] of given.entries()) {
		if (typeof block !== 'object' || block === null || Array.isArray(block) || typeof (block as IDataObject).type !== 'string') {
			throw new Error(`Blocks (JSON): block ${index + 1} is not a Notion block object with a "type".`);
		}
	}
	return given as NotionBlock[];
}

/** JSON text's value, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/**
 * Whether Notion did not process a request that failed: it refused it (a 4xx other than a
 * timeout). Anything else (no answer, a timeout, a 5xx, a garbled 2xx) may have been processed.
 */
function outcomeOf(failure: Failure): ChunkOutcome {
	const { status } = failure;
	return status !== undefined && status >= 400 && status < 500 && status !== 408 ? { status: 'not_written' } : { status: 'unknown' };
}

export interface AppendPlan {
	parentId: string;
	/** Each request's blocks, in order (appendChunks). */
	chunks: NotionBlock[][];
	/** Insert the first chunk after this block; later chunks follow the chunk before them. */
	afterBlockId?: string;
	notionVersion: string;
}

/** Where a chunk goes: after a block, as the Notion-Version in use writes it; else at the end. */
function placed(after: string | undefined, notionVersion: string): IDataObject {
	if (after === undefined) return {};
	return notionVersion >= FIRST_POSITION_VERSION ? { position: { type: 'after_block', after_block: { id: after } } } : { after };
}

/**
 * Appends the chunks one request each, in order, and returns the new blocks. It stops at the first
 * request that does not succeed: a later chunk must not land before an earlier one, and a chunk
 * that may have been written is not sent again. Its NotionFailed then says what was written.
 * `done` are outcomes of chunks already written another way (a page created with its first chunk).
 */
export async function appendInOrder(notion: Notion, plan: AppendPlan, done: ChunkOutcome[] = [], lead = ''): Promise<IDataObject[]> {
	const outcomes = [...done];
	const results: IDataObject[] = [];
	let after = plan.afterBlockId;
	for (let index = done.length; index < plan.chunks.length; index++) {
		// A failure comes back as a value, so that it can be told what was written before it.
		const answer = await notion
			.send({
				method: 'PATCH',
				path: `/v1/blocks/${plan.parentId}/children`,
				body: { children: plan.chunks[index], ...placed(after, plan.notionVersion) },
				expect: 'list',
			})
			.catch((error: unknown) => error);
		if (answer instanceof NotionFailed && plan.chunks.length > 1) {
			outcomes.push(outcomeOf(answer.failure));
			throw new NotionFailed(answer.failure, undefined, `${lead}${appendProgress(plan.chunks, outcomes).summary}`);
		}
		if (answer instanceof Error) throw answer;
		if (typeof answer !== 'object' || answer === null) throw new Error('Notion answered the append with no object.');
		const listed = (answer as IDataObject).results;
		const created = (Array.isArray(listed) ? listed : []).filter((block): block is IDataObject => typeof block === 'object' && block !== null);
		const ids = created.map((block) => block.id).filter((id): id is string => typeof id === 'string');
		outcomes.push({ status: 'written', ids });
		results.push(...created);
		if (after !== undefined && index + 1 < plan.chunks.length) {
			// The next chunk goes after this one's last block, so that the blocks keep their order.
			after = ids[ids.length - 1];
			if (after === undefined) {
				const summary = appendProgress(plan.chunks, outcomes).summary;
				throw new Error(`${lead}Notion's answer to request ${index + 1} named none of its new blocks, so the next ones could not be placed after them. ${summary}`);
			}
		}
	}
	return results;
}
