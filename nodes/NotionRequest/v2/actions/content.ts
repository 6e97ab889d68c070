// A new page's content, shared by Page → Create and Data Source Page → Create, as n8n's own Notion
// node offers it: blocks built in the editor, blocks as JSON, or Notion-flavoured markdown (POST
// /v1/pages takes `markdown` instead of `children`). Notion takes 100 blocks with the page; the
// rest are appended to it in order, and a later failure says what was written.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { appendChunks, type NotionBlock } from '../../../shared/properties/blocks';
import { checkChoice } from '../../parameters';
import { appendInOrder, blockFields, blocksJsonField, readBlockFields, readBlocksJson } from './block/content';
import type { Notion } from './notion';

const CONTENT_TYPES = ['blockUi', 'json', 'markdown'] as const;

export const contentFields: INodeProperties[] = [
	{
		displayName: 'Content Type',
		name: 'contentType',
		type: 'options',
		options: [
			{ name: 'Block Builder', value: 'blockUi' },
			{ name: 'JSON Blocks', value: 'json' },
			{ name: 'Markdown', value: 'markdown' },
		],
		default: 'blockUi',
		description: 'How the page content is given',
	},
	{ ...blockFields, displayOptions: { show: { contentType: ['blockUi'] } } },
	{ ...blocksJsonField, displayOptions: { show: { contentType: ['json'] } } },
	{
		displayName: 'Markdown',
		name: 'markdown',
		type: 'string',
		typeOptions: { rows: 8 },
		default: '',
		description: "The page's content in Notion's enhanced Markdown",
		displayOptions: { show: { contentType: ['markdown'] } },
	},
];

export interface Content {
	/** Blocks, in the requests they go in: the first with the create, the rest appended to the new page. */
	chunks: NotionBlock[][];
	markdown?: string;
}

export function readContent(ctx: IExecuteFunctions, itemIndex: number): Content {
	const contentType = checkChoice('Content Type', ctx.getNodeParameter('contentType', itemIndex, 'blockUi'), CONTENT_TYPES);
	if (!contentType.ok) throw new Error(contentType.problem);
	if (contentType.value === 'markdown') {
		const markdown = ctx.getNodeParameter('markdown', itemIndex, '');
		if (typeof markdown !== 'string') throw new Error('Markdown must be text.');
		return { chunks: [], markdown: markdown.trim() === '' ? undefined : markdown };
	}
	return { chunks: appendChunks(contentType.value === 'json' ? readBlocksJson(ctx, itemIndex) : readBlockFields(ctx, itemIndex)) };
}

/**
 * Creates the page with its content: one POST with the first chunk (or the markdown), then one
 * append per further chunk, in order. `body` holds the parent and properties.
 */
export async function createWithContent(notion: Notion, body: IDataObject, content: Content, notionVersion: string): Promise<IDataObject> {
	if (content.markdown !== undefined) body.markdown = content.markdown;
	if (content.chunks.length > 0) body.children = content.chunks[0];
	const page = await notion.send({ method: 'POST', path: '/v1/pages', body, expect: 'page' });
	if (content.chunks.length > 1) {
		const id = typeof page.id === 'string' ? page.id : '';
		const lead = `The page was created (id ${id || 'not given'}) with its first ${content.chunks[0].length} blocks. `;
		if (!/^[0-9a-f-]{32,36}$/i.test(id)) throw new Error(`${lead}Notion's answer gave no usable page id, so the other blocks were not sent.`);
		await appendInOrder(notion, { parentId: id, chunks: content.chunks, notionVersion }, [{ status: 'written', ids: [] }], lead);
	}
	return page;
}
