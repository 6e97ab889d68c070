// Data source page → Get: a page (a row) and its property values, relations read completely.
import type { NotionReference } from '../../../../shared/core/types';
import { objectField, readObject, readSimplify, simplifyField } from '../common';
import { operation } from '../operation';
import { pageOutput } from './create';
import { completeRelations } from './relations';

interface Plan {
	reference: NotionReference;
	simple: boolean;
}

export const get = operation<Plan>({
	resource: 'dataSourcePage',
	value: 'get',
	name: 'Get',
	action: 'Get a data source page',
	description: 'Get a page in a data source and its property values',
	fields: [objectField('page', 'pageId'), simplifyField],
	writes: false,
	plan: (ctx, itemIndex) => ({ reference: readObject(ctx, itemIndex, 'pageId', 'page'), simple: readSimplify(ctx, itemIndex) }),
	async perform({ reference, simple }, notion) {
		const page = await notion.send({ method: 'GET', path: `/v1/pages/${reference.id}`, expect: 'page' });
		return { items: [pageOutput(await completeRelations(page, notion), simple)] };
	},
});
