// Data sources and databases as plain JSON: their name, and each property's name and type.
import type { IDataObject } from 'n8n-workflow';

import { readSchema } from '../../../../shared/properties/schema';

export function plainText(richText: unknown): string {
	return Array.isArray(richText) ? richText.map((piece: IDataObject) => (typeof piece?.plain_text === 'string' ? piece.plain_text : '')).join('') : '';
}

const OPTION_TYPES = ['select', 'multi_select', 'status'];

/** A data source: its id, name, url, database, and properties as `{name, type}` (with option names for a select, multi-select or status). */
export function simplifyDataSource(dataSource: IDataObject): IDataObject {
	const parent = (dataSource.parent ?? {}) as IDataObject;
	const properties = [...readSchema(dataSource.properties).values()].map((property) => {
		const options = property.config.options;
		return {
			name: property.name,
			type: property.type,
			...(OPTION_TYPES.includes(property.type) && Array.isArray(options)
				? { options: options.map((option: IDataObject) => option?.name).filter((name): name is string => typeof name === 'string') }
				: {}),
		};
	});
	return {
		id: dataSource.id,
		name: plainText(dataSource.title),
		url: dataSource.url,
		databaseId: parent.database_id ?? dataSource.database_id,
		inTrash: dataSource.in_trash === true || dataSource.archived === true,
		properties,
	};
}
