import type { IDataObject } from 'n8n-workflow';

import type { NotionReference } from '../../../../shared/core/types';
import { checkBoolean, checkChoice } from '../../../parameters';
import { objectField, readObject } from '../common';
import { operation } from '../operation';

const UPDATE_TYPES = ['replace_content', 'update_content'] as const;

interface Plan {
	reference: NotionReference;
	body: IDataObject;
}

export const updateMarkdown = operation<Plan>({
	resource: 'page',
	value: 'updateMarkdown',
	name: 'Update Markdown',
	action: "Update a page's content as Markdown",
	description: "Replace a page's content, or find and replace parts of it, in Notion's enhanced Markdown",
	fields: [
		objectField('page', 'pageId'),
		{
			displayName: 'Update Type',
			name: 'markdownUpdateType',
			type: 'options',
			options: [
				{ name: 'Replace Content', value: 'replace_content', description: "The page's whole content becomes the Markdown below" },
				{ name: 'Update Content', value: 'update_content', description: 'Find and replace parts of the content' },
			],
			default: 'replace_content',
		},
		{
			displayName: 'Markdown',
			name: 'markdown',
			type: 'string',
			typeOptions: { rows: 8 },
			default: '',
			displayOptions: { show: { markdownUpdateType: ['replace_content'] } },
		},
		{
			displayName: 'Content Updates',
			name: 'contentUpdates',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Update',
			displayOptions: { show: { markdownUpdateType: ['update_content'] } },
			options: [
				{
					name: 'updates',
					displayName: 'Update',
					values: [
						{ displayName: 'Old String', name: 'oldString', type: 'string', default: '', description: 'Existing Markdown content to find' },
						{ displayName: 'New String', name: 'newString', type: 'string', default: '', description: 'Replacement Markdown content' },
						{
							displayName: 'Replace All Matches',
							name: 'replaceAllMatches',
							type: 'boolean',
							default: false,
							description: 'Whether to replace all matches when the old string appears several times',
						},
					],
				},
			],
		},
	],
	writes: true,
	plan(ctx, itemIndex) {
		const reference = readObject(ctx, itemIndex, 'pageId', 'page');
		const type = checkChoice('Update Type', ctx.getNodeParameter('markdownUpdateType', itemIndex, 'replace_content'), UPDATE_TYPES);
		if (!type.ok) throw new Error(type.problem);
		if (type.value === 'replace_content') {
			const markdown = ctx.getNodeParameter('markdown', itemIndex, '');
			if (typeof markdown !== 'string') throw new Error('Markdown must be text.');
			return { reference, body: { type: 'replace_content', replace_content: { new_str: markdown } } };
		}
		const updates: unknown = ctx.getNodeParameter('contentUpdates.updates', itemIndex, []);
		if (!Array.isArray(updates) || updates.length === 0) throw new Error('Content Updates: add at least one update (an old string to find and its replacement).');
		const contentUpdates = (updates as IDataObject[]).map((update, index) => {
			const { oldString, newString } = update ?? {};
			if (typeof oldString !== 'string' || oldString === '') throw new Error(`Content Updates: update ${index + 1} needs an Old String to find.`);
			if (typeof newString !== 'string') throw new Error(`Content Updates: update ${index + 1}'s New String must be text.`);
			const all = checkBoolean(`Content Updates: update ${index + 1}'s Replace All Matches`, update.replaceAllMatches ?? false);
			if (!all.ok) throw new Error(all.problem);
			return { old_str: oldString, new_str: newString, ...(all.value ? { replace_all_matches: true } : {}) };
		});
		return { reference, body: { type: 'update_content', update_content: { content_updates: contentUpdates } } };
	},
	async perform({ reference, body }, notion) {
		const markdown = await notion.send({ method: 'PATCH', path: `/v1/pages/${reference.id}/markdown`, body, expect: 'page_markdown' });
		return { items: [markdown] };
	},
});
