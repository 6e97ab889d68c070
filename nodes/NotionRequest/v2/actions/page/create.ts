import type { IDataObject } from 'n8n-workflow';

import type { NotionReference } from '../../../../shared/core/types';
import { richText } from '../../../../shared/properties/richText';
import { simplifyPage } from '../../../../shared/properties/simplify';
import { objectField, readObject, readSimplify, simplifyField } from '../common';
import { type Content, contentFields, createWithContent, readContent } from '../content';
import { notionVersionOf } from '../dataSource/versions';
import { operation } from '../operation';
import { iconField, readIcon } from './icon';

interface Plan {
	reference: NotionReference;
	title: string;
	content: Content;
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
		...contentFields,
		iconField,
		simplifyField,
	],
	writes: true,
	plan(ctx, itemIndex) {
		const reference = readObject(ctx, itemIndex, 'pageId', 'page');
		const title = ctx.getNodeParameter('title', itemIndex, '');
		if (typeof title !== 'string') throw new Error('Title must be text.');
		return { reference, title, content: readContent(ctx, itemIndex), icon: readIcon(ctx, itemIndex), simple: readSimplify(ctx, itemIndex), notionVersion: notionVersionOf(ctx, itemIndex) };
	},
	async perform(plan, notion) {
		const body: IDataObject = { parent: { page_id: plan.reference.id } };
		// With Markdown and no title, Notion takes the first "# " heading.
		if (plan.title.trim() !== '' || plan.content.markdown === undefined) body.properties = { title: { title: richText(plan.title) } };
		if (plan.icon) body.icon = plan.icon;
		const page = await createWithContent(notion, body, plan.content, plan.notionVersion);
		return { items: [plan.simple ? (simplifyPage(page) as unknown as IDataObject) : page] };
	},
});
