// Data source page → Create: a new page (a row) in a data source, with a title, property fields
// from the data source's schema and optional content. One POST /v1/pages per item; the schema is
// read once per execution, and only when the title or a key without its type needs it.
import type { IDataObject } from 'n8n-workflow';

import type { NotionReference } from '../../../../shared/core/types';
import type { Schema } from '../../../../shared/properties/schema';
import { titlePropertyName } from '../../../../shared/properties/schema';
import { simplifyPage } from '../../../../shared/properties/simplify';
import type { PropertyField } from '../../../../shared/properties/values';
import { objectField, readObject, readSimplify, simplifyField } from '../common';
import type { Notion } from '../notion';
import { operation } from '../operation';
import { FROM_DATA_SOURCE, propertiesBody, propertiesField, type PropertyRow, readPropertyRows, rowsNeedSchema } from '../properties';
import { type Content, contentFields, createWithContent, readContent } from '../content';
import { notionVersionOf } from '../dataSource/versions';

interface Plan {
	reference: NotionReference;
	title: string;
	rows: PropertyRow[];
	content: Content;
	simple: boolean;
	notionVersion: string;
}

export const titleField = {
	displayName: 'Title',
	name: 'title',
	type: 'string' as const,
	default: '',
	description: 'The page title. Leave empty to set it in Properties, or for an untitled page.',
};

export function readTitle(ctx: Parameters<typeof readObject>[0], itemIndex: number): string {
	const title = ctx.getNodeParameter('title', itemIndex, '');
	if (title === undefined || title === null) return '';
	if (typeof title !== 'string' && typeof title !== 'number') throw new Error('Title: expected text.');
	return String(title);
}

/** The title as a property field, named as the data source names its title property. */
export function titleFields(title: string, schema: Schema | undefined): PropertyField[] {
	if (title.trim() === '') return [];
	const name = schema ? titlePropertyName(schema) : undefined;
	if (!name) throw new Error('Title: the data source has no title property.');
	return [{ name, type: 'title', value: title }];
}

/** The schema, when the title or a key without its type needs it (read at most once per execution). */
export async function schemaIfNeeded(notion: Notion, dataSourceId: string, title: string, rows: PropertyRow[]): Promise<Schema | undefined> {
	return title.trim() !== '' || rowsNeedSchema(rows) ? await notion.schema(dataSourceId) : undefined;
}

export function pageOutput(page: IDataObject, simple: boolean): IDataObject {
	return simple ? (simplifyPage(page) as unknown as IDataObject) : page;
}

export const create = operation<Plan>({
	resource: 'dataSourcePage',
	value: 'create',
	name: 'Create',
	action: 'Create a data source page',
	description: 'Create a page in a data source',
	fields: [
		objectField('data_source', 'dataSourceId'),
		titleField,
		propertiesField(FROM_DATA_SOURCE),
		...contentFields,
		simplifyField,
	],
	writes: true,
	plan: (ctx, itemIndex) => ({
		reference: readObject(ctx, itemIndex, 'dataSourceId', 'data_source'),
		title: readTitle(ctx, itemIndex),
		rows: readPropertyRows(ctx, itemIndex),
		content: readContent(ctx, itemIndex),
		simple: readSimplify(ctx, itemIndex),
		notionVersion: notionVersionOf(ctx, itemIndex),
	}),
	async perform({ reference, title, rows, content, simple, notionVersion }, notion) {
		const page = await notion.dataSource(reference, async (dataSourceId) => {
			const schema = await schemaIfNeeded(notion, dataSourceId, title, rows);
			const properties = propertiesBody(rows, schema, titleFields(title, schema));
			return await createWithContent(notion, { parent: { type: 'data_source_id', data_source_id: dataSourceId }, properties }, content, notionVersion);
		});
		return { items: [pageOutput(page, simple)], reference: typeof page.id === 'string' ? { input: page.id, id: page.id } : reference };
	},
});
