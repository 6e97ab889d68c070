import type { IDataObject } from 'n8n-workflow';

import type { NotionReference } from '../../../../shared/core/types';
import { objectField, readObject, readSimplify, simplifyField } from '../common';
import { operation } from '../operation';
import { simplifyDataSource } from './simplify';
import { refuseBeforeDataSources } from './versions';

interface Plan {
	reference: NotionReference;
	simple: boolean;
}

export const get = operation<Plan>({
	resource: 'dataSource',
	value: 'get',
	name: 'Get',
	action: 'Get a data source',
	description: 'Get a data source and its properties (its schema)',
	fields: [objectField('data_source', 'dataSourceId', 'The Notion data source to retrieve'), { ...simplifyField, hint: "Each property becomes its name and type (with the option names of a select, multi-select or status)" }],
	writes: false,
	plan(ctx, itemIndex) {
		refuseBeforeDataSources(ctx, itemIndex, 'Data Source → Get');
		return { reference: readObject(ctx, itemIndex, 'dataSourceId', 'data_source'), simple: readSimplify(ctx, itemIndex) };
	},
	async perform({ reference, simple }, notion) {
		const dataSource: IDataObject = await notion.dataSource(reference, async (id) => await notion.send({ method: 'GET', path: `/v1/data_sources/${id}`, expect: 'data_source' }));
		return { items: [simple ? simplifyDataSource(dataSource) : dataSource] };
	},
});
