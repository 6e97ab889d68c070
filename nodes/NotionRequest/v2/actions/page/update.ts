import type { IDataObject } from 'n8n-workflow';

import type { NotionReference } from '../../../../shared/core/types';
import { richText } from '../../../../shared/properties/richText';
import { simplifyPage } from '../../../../shared/properties/simplify';
import { parseJson } from '../block/content';
import { objectField, readObject, readSimplify, simplifyField } from '../common';
import { operation } from '../operation';
import { iconField, readIcon } from './icon';

interface Plan {
	reference: NotionReference;
	body: IDataObject;
	simple: boolean;
}

/** Properties (JSON) as given: an object of Notion property values by name or id. */
function readPropertiesJson(given: unknown): IDataObject {
	let value = given;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		value = parseJson(value);
		if (value === undefined) throw new Error('Properties (JSON) is not valid JSON: give an object such as {"Status": {"status": {"name": "Done"}}}.');
	}
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object' || Array.isArray(value)) throw new Error('Properties (JSON) must be an object of property values by name, in { }.');
	return value as IDataObject;
}

export const update = operation<Plan>({
	resource: 'page',
	value: 'update',
	name: 'Update',
	action: 'Update a page',
	description: "Change a page's title, property values or icon",
	fields: [
		objectField('page', 'pageId'),
		{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'The new title; leave empty to keep it' },
		{
			displayName: 'Properties (JSON)',
			name: 'propertiesJson',
			type: 'json',
			default: '{}',
			description: "Property values as Notion's API reference writes them, by property name or ID; for a data source row, Data Source Page → Update has fields for them",
		},
		iconField,
		simplifyField,
	],
	writes: true,
	plan(ctx, itemIndex) {
		const reference = readObject(ctx, itemIndex, 'pageId', 'page');
		const title = ctx.getNodeParameter('title', itemIndex, '');
		if (typeof title !== 'string') throw new Error('Title must be text.');
		const properties = readPropertiesJson(ctx.getNodeParameter('propertiesJson', itemIndex, '{}'));
		// A page's title property has the ID "title" in every page, under a page or in a data source.
		if (title.trim() !== '') properties.title = { title: richText(title) };
		const icon = readIcon(ctx, itemIndex);
		const body: IDataObject = {};
		if (Object.keys(properties).length > 0) body.properties = properties;
		if (icon) body.icon = icon;
		if (Object.keys(body).length === 0) throw new Error('Nothing to update: give a Title, Properties (JSON) or an Icon.');
		return { reference, body, simple: readSimplify(ctx, itemIndex) };
	},
	async perform({ reference, body, simple }, notion) {
		const page = await notion.send({ method: 'PATCH', path: `/v1/pages/${reference.id}`, body, expect: 'page' });
		return { items: [simple ? (simplifyPage(page) as unknown as IDataObject) : page] };
	},
});
