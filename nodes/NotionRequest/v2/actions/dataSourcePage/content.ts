// A new page's content, as n8n's own Notion node offers it: blocks built in the editor, blocks as
// JSON, or Notion-flavoured markdown (POST /v1/pages takes `markdown` instead of `children`).
// One create is one request, so the content must fit one: at most 100 blocks and 500 KB.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { appendChunks, BLOCK_TYPES, type BlockField, buildBlocks } from '../../../../shared/properties/blocks';
import { NOTION_LIMITS, shown } from '../../../../shared/properties/limits';

const BLOCK_NAMES: Record<string, string> = {
	bookmark: 'Bookmark',
	bulleted_list_item: 'Bulleted List Item',
	callout: 'Callout',
	code: 'Code',
	divider: 'Divider',
	embed: 'Embed',
	heading_1: 'Heading 1',
	heading_2: 'Heading 2',
	heading_3: 'Heading 3',
	image: 'Image',
	numbered_list_item: 'Numbered List Item',
	paragraph: 'Paragraph',
	quote: 'Quote',
	to_do: 'To Do',
	toggle: 'Toggle',
};

const TEXT_BLOCKS = Object.keys(BLOCK_TYPES).filter((type) => !['divider', 'image', 'bookmark', 'embed'].includes(type));

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
		description: 'How the page content is given. One create takes at most 100 blocks.',
	},
	{
		displayName: 'Blocks',
		name: 'blockUi',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Block',
		displayOptions: { show: { contentType: ['blockUi'] } },
		options: [
			{
				name: 'blockValues',
				displayName: 'Block',
				values: [
					{ displayName: 'Checked', name: 'checked', type: 'boolean', default: false, displayOptions: { show: { type: ['to_do'] } }, description: 'Whether the to-do is checked' },
					{ displayName: 'Icon', name: 'icon', type: 'string', default: '', displayOptions: { show: { type: ['callout'] } }, description: 'An emoji' },
					{ displayName: 'Language', name: 'language', type: 'string', default: 'plain text', displayOptions: { show: { type: ['code'] } } },
					{ displayName: 'Text', name: 'textContent', type: 'string', default: '', displayOptions: { show: { type: TEXT_BLOCKS } } },
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: Object.keys(BLOCK_TYPES)
							.map((value) => ({ name: BLOCK_NAMES[value] ?? value, value }))
							.sort((a, b) => a.name.localeCompare(b.name)),
						default: 'paragraph',
					},
					{ displayName: 'URL', name: 'url', type: 'string', default: '', displayOptions: { show: { type: ['bookmark', 'embed', 'image'] } } },
				],
			},
		],
	},
	{
		displayName: 'Blocks (JSON)',
		name: 'blocksJson',
		type: 'json',
		typeOptions: { rows: 8 },
		default: '[]',
		displayOptions: { show: { contentType: ['json'] } },
		description: 'An array of Notion block objects',
	},
	{
		displayName: 'Markdown',
		name: 'markdown',
		type: 'string',
		typeOptions: { rows: 8 },
		default: '',
		displayOptions: { show: { contentType: ['markdown'] } },
		description: 'Notion-flavoured markdown; Notion turns it into blocks',
	},
];

/** What the create's body gets: `children`, `markdown`, or nothing. */
export type Content = { children: IDataObject[] } | { markdown: string } | Record<string, never>;

export function readContent(ctx: IExecuteFunctions, itemIndex: number): Content {
	const contentType = ctx.getNodeParameter('contentType', itemIndex, 'blockUi');
	if (contentType === 'markdown') {
		const markdown = ctx.getNodeParameter('markdown', itemIndex, '');
		if (typeof markdown !== 'string') throw new Error(`Markdown: expected text, got ${shown(markdown)}.`);
		return markdown.trim() === '' ? {} : { markdown };
	}
	let blocks: IDataObject[];
	if (contentType === 'json') {
		const given = ctx.getNodeParameter('blocksJson', itemIndex, '[]');
		const parsed = typeof given === 'string' ? parseJson(given.trim() === '' ? '[]' : given) : given;
		if (parsed === NOT_JSON) throw new Error('Blocks (JSON): not valid JSON.');
		if (!Array.isArray(parsed) || parsed.some((block) => typeof block !== 'object' || block === null || Array.isArray(block))) {
			throw new Error('Blocks (JSON): expected an array of Notion block objects.');
		}
		blocks = parsed as IDataObject[];
	} else if (contentType === 'blockUi') {
		const collection = ctx.getNodeParameter('blockUi', itemIndex, {}) as IDataObject | undefined;
		const rows = Array.isArray(collection?.blockValues) ? (collection.blockValues as IDataObject[]) : [];
		const built = buildBlocks(
			rows.map((row): BlockField => ({ type: row.type as string, text: row.textContent, checked: row.checked, language: row.language, icon: row.icon, url: row.url })),
		);
		if (!built.ok) throw new Error(`Blocks: ${built.problem}`);
		blocks = built.value as IDataObject[];
	} else {
		throw new Error(`Content Type: ${shown(contentType)} is not blockUi, json or markdown.`);
	}
	if (blocks.length === 0) return {};
	// One create is one request: what does not fit is refused before anything is sent, never cut.
	if (blocks.length > NOTION_LIMITS.blocksPerAppend || appendChunks(blocks).length > 1) {
		throw new Error(
			`Blocks: ${blocks.length} blocks do not fit in one create (at most ${NOTION_LIMITS.blocksPerAppend} blocks and 500 KB). Create the page with the first ones, then add the rest with Block → Append.`,
		);
	}
	return { children: blocks };
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return NOT_JSON;
	}
}
