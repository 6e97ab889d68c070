import type { IDataObject } from 'n8n-workflow';

import type { NotionReference } from '../../../../shared/core/types';
import type { Pagination } from '../../../pagination';
import { checkBoolean } from '../../../parameters';
import type { Notion } from '../notion';
import { objectField, paginationFields, readObject, readPagination } from '../common';
import { operation } from '../operation';

/**
 * Fetch Nested Blocks reads each block's children, depth first. However deep or wide the page, it
 * reads at most this many child lists per item (each may take several requests of 100 blocks);
 * past it the item fails and says so: never a silently short answer.
 */
export const MAX_NESTED_LISTS = 200;

interface Plan {
	reference: NotionReference;
	pagination: Pagination;
	nested: boolean;
	simple: boolean;
}

function plainText(richText: unknown): string {
	return Array.isArray(richText) ? richText.map((piece: IDataObject) => (typeof piece?.plain_text === 'string' ? piece.plain_text : '')).join('') : '';
}

/** A block as plain JSON: its text, and what its type adds (checked, language, url, title). */
function simplifyBlock(block: IDataObject, rootId: string): IDataObject {
	const type = typeof block.type === 'string' ? block.type : '';
	const body = (typeof block[type] === 'object' && block[type] !== null ? block[type] : {}) as IDataObject;
	const file = (body.external ?? body.file) as IDataObject | undefined;
	const simple: IDataObject = {
		id: block.id,
		type,
		parentId: block.parent_id ?? rootId,
		rootId,
		hasChildren: block.has_children === true,
		content: typeof body.title === 'string' ? body.title : plainText(body.rich_text),
	};
	if (typeof body.checked === 'boolean') simple.checked = body.checked;
	if (typeof body.language === 'string') simple.language = body.language;
	const url = typeof body.url === 'string' ? body.url : file?.url;
	if (typeof url === 'string') simple.url = url;
	return simple;
}

/** The blocks in depth-first order, each nested one with the `parent_id` it hangs from, up to the limit. */
async function withNested(notion: Notion, top: IDataObject[], limit: number): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	let lists = 0;
	const walk = async (blocks: IDataObject[]): Promise<void> => {
		for (const block of blocks) {
			if (out.length >= limit) return;
			out.push(block);
			if (out.length >= limit) return;
			// A child page or database is its own page, not this page's content.
			if (block.has_children !== true || typeof block.id !== 'string' || ['child_page', 'child_database', 'unsupported'].includes(block.type as string)) continue;
			if (++lists > MAX_NESTED_LISTS) {
				throw new Error(
					`Fetch Nested Blocks reads at most ${MAX_NESTED_LISTS} blocks' children per item, and this page has more (${out.length} blocks read so far). Set a Limit, or turn Fetch Nested Blocks off and get the children of the blocks you need.`,
				);
			}
			const children = await notion.list({ method: 'GET', path: `/v1/blocks/${block.id}/children` }, { returnAll: !Number.isFinite(limit), limit: limit - out.length });
			await walk(children.map((child) => ({ ...child, parent_id: block.id })));
		}
	};
	await walk(top);
	return out;
}

export const getAll = operation<Plan>({
	resource: 'block',
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many child blocks',
	description: "Get a page's or block's child blocks",
	fields: [
		objectField('block', 'blockId', 'The page or block to get the children of'),
		...paginationFields,
		{
			displayName: 'Fetch Nested Blocks',
			name: 'fetchNestedBlocks',
			type: 'boolean',
			default: false,
			description: "Whether to also get the children's children, depth first",
			hint: `Reads at most ${MAX_NESTED_LISTS} blocks' children per item; past that the item fails and says so`,
		},
		{
			displayName: 'Simplify Output',
			name: 'simplifyOutput',
			type: 'boolean',
			default: true,
			description: 'Whether to return each block as its type, text and IDs instead of the raw data',
		},
	],
	writes: false,
	plan(ctx, itemIndex) {
		const nested = checkBoolean('Fetch Nested Blocks', ctx.getNodeParameter('fetchNestedBlocks', itemIndex, false));
		if (!nested.ok) throw new Error(nested.problem);
		const simple = checkBoolean('Simplify Output', ctx.getNodeParameter('simplifyOutput', itemIndex, true));
		if (!simple.ok) throw new Error(simple.problem);
		return { reference: readObject(ctx, itemIndex, 'blockId', 'block'), pagination: readPagination(ctx, itemIndex), nested: nested.value, simple: simple.value };
	},
	async perform({ reference, pagination, nested, simple }, notion) {
		let blocks = await notion.list({ method: 'GET', path: `/v1/blocks/${reference.id}/children` }, pagination);
		if (nested) blocks = await withNested(notion, blocks, pagination.returnAll ? Infinity : pagination.limit);
		return { items: simple ? blocks.map((block) => simplifyBlock(block, reference.id)) : blocks, fetched: blocks.length };
	},
});
