import type { IDataObject } from 'n8n-workflow';

import { simplifyPage } from '../../../../shared/properties/simplify';
import type { Pagination } from '../../../pagination';
import { paginationFields, readPagination, readSimplify, simplifyField } from '../common';
import { operation } from '../operation';

interface Plan {
	text: string;
	pagination: Pagination;
	simple: boolean;
}

export const search = operation<Plan>({
	resource: 'page',
	value: 'search',
	name: 'Search',
	action: 'Search pages',
	description: 'Find pages shared with the integration by their title',
	fields: [
		{
			displayName: 'Search Text',
			name: 'text',
			type: 'string',
			default: '',
			description: 'Words of the title; leave empty for every page shared with the integration',
			hint: "Notion's search is not meant for exhaustive listing, and a page just shared may take a moment to appear. From Notion API Version 2026-12-01 each page comes with its title alone: use Data Source Page → Get or Get Many for a row's other properties",
		},
		...paginationFields,
		simplifyField,
	],
	writes: false,
	plan(ctx, itemIndex) {
		const text = ctx.getNodeParameter('text', itemIndex, '');
		if (typeof text !== 'string') throw new Error('Search Text must be text.');
		return { text: text.trim(), pagination: readPagination(ctx, itemIndex), simple: readSimplify(ctx, itemIndex) };
	},
	async perform({ text, pagination, simple }, notion) {
		const body: IDataObject = { filter: { property: 'object', value: 'page' }, ...(text ? { query: text } : {}) };
		const pages = await notion.list({ method: 'POST', path: '/v1/search', body }, pagination);
		return { items: simple ? pages.map((page) => simplifyPage(page) as unknown as IDataObject) : pages, fetched: pages.length };
	},
});
