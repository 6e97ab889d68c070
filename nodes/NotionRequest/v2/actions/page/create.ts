import type { IDataObject } from 'n8n-workflow';

import type { NotionReference } from '../../../../shared/core/types';
import { appendChunks, type NotionBlock } from '../../../../shared/properties/blocks';
import { richText } from '../../../../shared/properties/richText';
import { simplifyPage } from '../../../../shared/properties/simplify';
import { checkChoice } from '../../../parameters';
import { appendInOrder, blockFields, blocksJsonField, readBlockFields, readBlocksJson } from '../block/content';
import { objectField, readObject, readSimplify, simplifyField } from '../common';
import { notionVersionOf } from '../dataSource/versions';
import { operation } from '../operation';
import { iconField, readIcon } from './icon';

const CONTENT_TYPES = ['blockUi', 'json', 'markdown'] as const;

interface Plan {
	reference: NotionReference;
	title: string;
	/** Blocks, in the requests they go in: the first with the create, the rest appended to the new page. */
	chunks: NotionBlock[][];
	markdown?: string;
	icon?: Record<string, unknown>;
	simple: boolean;
	notionVersion: string;
}

export const create = operation<Plan>({
	resource: 'page',
	value: 'create',
	name: 'Create',
	action: 'Create a page',
	description: 'Create a page under a page, with a title and content',
	fields: [
		{ ...objectField('page', 'pageId', 'The page the new page goes under'), displayName: 'Parent Page' },
		{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'The new page\'s title; with Markdown content and no title, Notion takes the first "# " heading' },
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
		iconField,
		simplifyField,
	],
	writes: true,
	plan(ctx, itemIndex) {
		const reference = readObject(ctx, itemIndex, 'pageId', 'page');
		const title = ctx.getNodeParameter('title', itemIndex, '');
		if (typeof title !== 'string') throw new Error('Title must be text.');
		const contentType = checkChoice('Content Type', ctx.getNodeParameter('contentType', itemIndex, 'blockUi'), CONTENT_TYPES);
		if (!contentType.ok) throw new Error(contentType.problem);
		let chunks: NotionBlock[][] = [];
		let markdown: string | undefined;
		if (contentType.value === 'markdown') {
			const given = ctx.getNodeParameter('markdown', itemIndex, '');
			if (typeof given !== 'string') throw new Error('Markdown must be text.');
			markdown = given;
		} else {
			chunks = appendChunks(contentType.value === 'json' ? readBlocksJson(ctx, itemIndex) : readBlockFields(ctx, itemIndex));
		}
		return { reference, title, chunks, markdown, icon: readIcon(ctx, itemIndex), simple: readSimplify(ctx, itemIndex), notionVersion: notionVersionOf(ctx, itemIndex) };
	},
	async perform(plan, notion) {
		const body: IDataObject = { parent: { page_id: plan.reference.id } };
		if (plan.title.trim() !== '' || plan.markdown === undefined) body.properties = { title: { title: richText(plan.title) } };
		if (plan.markdown !== undefined && plan.markdown !== '') body.markdown = plan.markdown;
		if (plan.chunks.length > 0) body.children = plan.chunks[0];
		if (plan.icon) body.icon = plan.icon;
		const page = await notion.send({ method: 'POST', path: '/v1/pages', body, expect: 'page' });
		if (plan.chunks.length > 1) {
			// Notion takes 100 blocks with the page: the rest are appended to it, in order.
			const id = typeof page.id === 'string' ? page.id : '';
			const lead = `The page was created (id ${id || 'not given'}) with its first ${plan.chunks[0].length} blocks. `;
			if (!/^[0-9a-f-]{32,36}$/i.test(id)) throw new Error(`${lead}Notion's answer gave no usable page id, so the other blocks were not sent.`);
			await appendInOrder(notion, { parentId: id, chunks: plan.chunks, notionVersion: plan.notionVersion }, [{ status: 'written', ids: [] }], lead);
		}
		return { items: [plan.simple ? (simplifyPage(page) as unknown as IDataObject) : page] };
	},
});
