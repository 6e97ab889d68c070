// Data source page → Update: set property values of a page (a row). Moving to the trash and
// restoring are Page operations. One PATCH per item; the page's data source schema is read only
// when a key without its type needs it.
import type { IDataObject } from 'n8n-workflow';

import type { NotionReference } from '../../../../shared/core/types';
import type { Schema } from '../../../../shared/properties/schema';
import { objectField, readObject, readSimplify, simplifyField } from '../common';
import type { Notion } from '../notion';
import { operation } from '../operation';
import { FROM_PAGE, propertiesBody, propertiesField, type PropertyRow, readPropertyRows, rowsNeedSchema } from '../properties';
import { pageOutput } from './create';

interface Plan {
	reference: NotionReference;
	rows: PropertyRow[];
	simple: boolean;
}

/** The schema of the data source the page is a row of (its page read first). */
async function schemaOfPage(notion: Notion, pageId: string): Promise<Schema> {
	const page = await notion.send({ method: 'GET', path: `/v1/pages/${pageId}`, expect: 'page' });
	const dataSourceId = (page.parent as IDataObject | undefined)?.data_source_id;
	if (typeof dataSourceId !== 'string') throw new Error('Properties: the page is not in a data source, so a key must name its type (Property Name|property_type).');
	return await notion.schema(dataSourceId);
}

export const update = operation<Plan>({
	resource: 'dataSourcePage',
	value: 'update',
	name: 'Update',
	action: 'Update a data source page',
	description: 'Update the property values of a page in a data source',
	fields: [objectField('page', 'pageId'), propertiesField(FROM_PAGE), simplifyField],
	writes: true,
	plan: (ctx, itemIndex) => {
		const rows = readPropertyRows(ctx, itemIndex);
		if (rows.length === 0) throw new Error('Properties: add at least one property to update.');
		return { reference: readObject(ctx, itemIndex, 'pageId', 'page'), rows, simple: readSimplify(ctx, itemIndex) };
	},
	async perform({ reference, rows, simple }, notion) {
		const schema = rowsNeedSchema(rows) ? await schemaOfPage(notion, reference.id) : undefined;
		const page = await notion.send({
			method: 'PATCH',
			path: `/v1/pages/${reference.id}`,
			body: { properties: propertiesBody(rows, schema) } as IDataObject,
			expect: 'page',
		});
		return { items: [pageOutput(page, simple)] };
	},
});
