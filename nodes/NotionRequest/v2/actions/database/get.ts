import type { IDataObject } from 'n8n-workflow';

import type { NotionReference } from '../../../../shared/core/types';
import { objectField, readObject, readSimplify, simplifyField } from '../common';
import { plainText } from '../dataSource/simplify';
import { operation } from '../operation';

interface Plan {
	reference: NotionReference;
	simple: boolean;
}

/** A database as plain JSON: its name, url, and its data sources' ids and names. */
function simplifyDatabase(database: IDataObject): IDataObject {
	const dataSources = Array.isArray(database.data_sources) ? (database.data_sources as IDataObject[]) : [];
	return {
		id: database.id,
		name: plainText(database.title),
		url: database.url,
		inTrash: database.in_trash === true || database.archived === true,
		dataSources: dataSources.map((dataSource) => ({ id: dataSource?.id, name: dataSource?.name })),
	};
}

export const get = operation<Plan>({
	resource: 'database',
	value: 'get',
	name: 'Get',
	action: 'Get a database',
	description: 'Get a database and the data sources it holds',
	fields: [
		objectField('database', 'databaseId', 'The Notion database to retrieve. Use the Data Source operations to search, query, or create database pages.'),
		{ ...simplifyField, hint: 'The database becomes its name, link and data sources (their IDs and names)' },
	],
	writes: false,
	plan: (ctx, itemIndex) => ({ reference: readObject(ctx, itemIndex, 'databaseId', 'database'), simple: readSimplify(ctx, itemIndex) }),
	async perform({ reference, simple }, notion) {
		const database = await notion.send({ method: 'GET', path: `/v1/databases/${reference.id}`, expect: 'database' });
		return { items: [simple ? simplifyDatabase(database) : database] };
	},
});
