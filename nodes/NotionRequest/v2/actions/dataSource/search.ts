import type { IDataObject } from 'n8n-workflow';

import type { Pagination } from '../../../pagination';
import { paginationFields, readPagination, readSimplify, simplifyField } from '../common';
import { operation } from '../operation';
import { simplifyDataSource } from './simplify';
import { refuseBeforeDataSources } from './versions';

interface Plan {
	text: string;
	pagination: Pagination;
	simple: boolean;
}

export const search = operation<Plan>({
	resource: 'dataSource',
	value: 'search',
	name: 'Search',
	action: 'Search data sources',
	description: 'Find data sources shared with the integration by their title',
	fields: [
		{
			displayName: 'Search Text',
			name: 'text',
			type: 'string',
			default: '',
			description: 'Words of the title; leave empty for every data source shared with the integration',
		},
		...paginationFields,
		simplifyField,
	],
	writes: false,
	plan(ctx, itemIndex) {
		refuseBeforeDataSources(ctx, itemIndex, 'Data Source → Search');
		const text = ctx.getNodeParameter('text', itemIndex, '');
		if (typeof text !== 'string') throw new Error('Search Text must be text.');
		return { text: text.trim(), pagination: readPagination(ctx, itemIndex), simple: readSimplify(ctx, itemIndex) };
	},
	async perform({ text, pagination, simple }, notion) {
		const body: IDataObject = { filter: { property: 'object', value: 'data_source' }, ...(text ? { query: text } : {}) };
		const found = await notion.list({ method: 'POST', path: '/v1/search', body }, pagination);
		return { items: simple ? found.map(simplifyDataSource) : found, fetched: found.length };
	},
});
