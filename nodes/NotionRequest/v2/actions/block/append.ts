import type { IDataObject } from 'n8n-workflow';

import { parseReference } from '../../../../shared/core/reference';
import type { NotionReference } from '../../../../shared/core/types';
import { appendChunks, type NotionBlock } from '../../../../shared/properties/blocks';
import { checkChoice } from '../../../parameters';
import { objectField, readObject } from '../common';
import { notionVersionOf } from '../dataSource/versions';
import { operation } from '../operation';
import { appendInOrder, blockFields, blocksJsonField, readBlockFields, readBlocksJson } from './content';

const CONTENT_TYPES = ['blockUi', 'json'] as const;

interface Plan {
	reference: NotionReference;
	chunks: NotionBlock[][];
	afterBlockId?: string;
	notionVersion: string;
}

export const append = operation<Plan>({
	resource: 'block',
	value: 'append',
	name: 'Append After',
	action: 'Append blocks',
	description: 'Add blocks to a page or block, at its end or after one of its blocks',
	fields: [
		{ ...objectField('block', 'blockId', 'The page or block to add the blocks to'), displayName: 'Parent Block' },
		{
			displayName: 'Insert After Block',
			name: 'afterBlockId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 5c1e2d3c4b5a69788796a5b4c3d2e1f0',
			description: 'The ID or link of a child block to insert after; leave empty to append at the end',
		},
		{
			displayName: 'Content Type',
			name: 'contentType',
			type: 'options',
			options: [
				{ name: 'Block Builder', value: 'blockUi' },
				{ name: 'JSON Blocks', value: 'json' },
			],
			default: 'blockUi',
		},
		{ ...blockFields, displayOptions: { show: { contentType: ['blockUi'] } } },
		{ ...blocksJsonField, displayOptions: { show: { contentType: ['json'] } } },
	],
	writes: true,
	plan(ctx, itemIndex) {
		const reference = readObject(ctx, itemIndex, 'blockId', 'block');
		const after = ctx.getNodeParameter('afterBlockId', itemIndex, '');
		let afterBlockId: string | undefined;
		if (after !== undefined && after !== null && !(typeof after === 'string' && after.trim() === '')) {
			const parsed = parseReference(after);
			if (!parsed.ok) throw new Error(`Insert After Block: ${parsed.problem}`);
			afterBlockId = parsed.reference.id;
		}
		const contentType = checkChoice('Content Type', ctx.getNodeParameter('contentType', itemIndex, 'blockUi'), CONTENT_TYPES);
		if (!contentType.ok) throw new Error(contentType.problem);
		const blocks = contentType.value === 'json' ? readBlocksJson(ctx, itemIndex) : readBlockFields(ctx, itemIndex);
		if (blocks.length === 0) throw new Error(contentType.value === 'json' ? 'Blocks (JSON) is an empty list: there is nothing to append.' : 'Blocks: add at least one block to append.');
		return { reference, chunks: appendChunks(blocks), afterBlockId, notionVersion: notionVersionOf(ctx, itemIndex) };
	},
	async perform(plan, notion) {
		const created: IDataObject[] = await appendInOrder(notion, { parentId: plan.reference.id, chunks: plan.chunks, afterBlockId: plan.afterBlockId, notionVersion: plan.notionVersion });
		return { items: created, response: created };
	},
});
