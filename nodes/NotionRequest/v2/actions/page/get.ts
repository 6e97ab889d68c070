import type { IDataObject } from 'n8n-workflow';

import type { NotionReference } from '../../../../shared/core/types';
import { simplifyPage } from '../../../../shared/properties/simplify';
import { objectField, readObject, readSimplify, simplifyField } from '../common';
import { operation } from '../operation';

interface Plan {
	reference: NotionReference;
	simple: boolean;
}

export const get = operation<Plan>({
	resource: 'page',
	value: 'get',
	name: 'Get',
	action: 'Get a page',
	description: 'Get a page and its property values',
	fields: [objectField('page', 'pageId'), simplifyField],
	writes: false,
	plan: (ctx, itemIndex) => ({ reference: readObject(ctx, itemIndex, 'pageId', 'page'), simple: readSimplify(ctx, itemIndex) }),
	async perform({ reference, simple }, notion) {
		const page = await notion.send({ method: 'GET', path: `/v1/pages/${reference.id}`, expect: 'page' });
		return { items: [simple ? (simplifyPage(page) as unknown as IDataObject) : page] };
	},
});
