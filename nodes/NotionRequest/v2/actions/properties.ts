// The property fields of a data source page, as n8n's own Notion node shows them: the builder picks
// a property from the data source's schema (`name|type`), and a value field that fits its type
// appears. Used by data source page create, update and upsert, and by page create/update.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { shown } from '../../../shared/properties/limits';
import { buildProperties, buildPropertyValue, type PropertyField } from '../../../shared/properties/values';
import { lookup, PROPERTY_TYPES, type Schema, splitPropertyKey, typeLabel } from '../../../shared/properties/schema';
import { isBlank } from '../../../shared/properties/scalars';


/** Where the editor finds the property list and a property's options: from the data source, or from the page's data source. */
export interface PropertyLists {
	keys: string;
	keysDependOn: string[];
	options: string;
	optionsDependOn: string[];
}

export const FROM_DATA_SOURCE: PropertyLists = {
	keys: 'getWritableProperties',
	keysDependOn: ['dataSourceId'],
	options: 'getPropertyOptions',
	optionsDependOn: ['dataSourceId', '&key'],
};

export const FROM_PAGE: PropertyLists = {
	keys: 'getWritablePropertiesFromPage',
	keysDependOn: ['pageId'],
	options: 'getPropertyOptionsFromPage',
	optionsDependOn: ['pageId', '&key'],
};

/**
 * n8n's Notion v3 `propertiesUi.propertyValues`, with the same value field names. The fields are in
 * alphabetical order (n8n's lint asks it); before a property is picked only its key shows.
 */
export function propertiesField(lists: PropertyLists): INodeProperties {
	const show = (...types: string[]) => ({ show: { type: types } });
	return {
		displayName: 'Properties',
		name: 'propertiesUi',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Property',
		options: [
			{
				name: 'propertyValues',
				displayName: 'Property',
				values: [
					{ displayName: 'Checkbox', name: 'checkboxValue', type: 'boolean', default: false, displayOptions: show('checkbox'), description: 'Whether the checkbox is checked' },
					{
						displayName: 'Date',
						name: 'date',
						type: 'dateTime',
						default: '',
						displayOptions: { show: { type: ['date'], range: [false] } },
						description: 'An ISO 8601 date, with optional time. Leave empty to clear it.',
					},
					{
						displayName: 'Date End',
						name: 'dateEnd',
						type: 'dateTime',
						default: '',
						displayOptions: { show: { type: ['date'], range: [true] } },
						description: 'An ISO 8601 date, with optional time. The end of the range.',
					},
					{
						displayName: 'Date Start',
						name: 'dateStart',
						type: 'dateTime',
						default: '',
						displayOptions: { show: { type: ['date'], range: [true] } },
						description: 'An ISO 8601 date, with optional time',
					},
					{ displayName: 'Email', name: 'emailValue', type: 'string', default: '', displayOptions: show('email') },
					{
						displayName: 'File URLs',
						name: 'fileUrls',
						placeholder: 'Add File',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true },
						default: {},
						displayOptions: show('files'),
						options: [
							{
								name: 'fileUrl',
								displayName: 'File',
								values: [
									{ displayName: 'File URL', name: 'url', type: 'string', default: '', description: 'Link to an externally hosted file' },
									{ displayName: 'Name', name: 'name', type: 'string', default: '' },
								],
							},
						],
					},
					{
						displayName: 'Ignore If Empty',
						name: 'ignoreIfEmpty',
						type: 'boolean',
						default: false,
						displayOptions: show('url'),
						description: 'Whether an empty URL leaves the property as it is, rather than clearing it',
					},
					{ displayName: 'Include Time', name: 'includeTime', type: 'boolean', default: true, displayOptions: show('date'), description: 'Whether to include the time in the date' },
					{
						displayName: 'Key Name or ID',
						name: 'key',
						type: 'options',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>. Use the format <code>Property Name|property_type</code>, for example <code>Due Date|date</code>.',
						typeOptions: { loadOptionsMethod: lists.keys, loadOptionsDependsOn: lists.keysDependOn },
						default: '',
					},
					{
						displayName: 'Multi Select Names or IDs',
						name: 'multiSelectValue',
						type: 'multiOptions',
						description: 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						typeOptions: { loadOptionsMethod: lists.options, loadOptionsDependsOn: lists.optionsDependOn },
						default: [],
						displayOptions: show('multi_select'),
					},
					{ displayName: 'Number', name: 'numberValue', type: 'number', default: 0, displayOptions: show('number') },
					{ displayName: 'Phone', name: 'phoneValue', type: 'string', default: '', displayOptions: show('phone_number') },
					{ displayName: 'Range', name: 'range', type: 'boolean', default: false, displayOptions: show('date'), description: 'Whether to define a date range' },
					{
						displayName: 'Relation IDs',
						name: 'relationValue',
						type: 'string',
						typeOptions: { multipleValues: true },
						default: [],
						displayOptions: show('relation'),
						description: 'Related page IDs or links',
					},
					{
						displayName: 'Select Name or ID',
						name: 'selectValue',
						type: 'options',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						typeOptions: { loadOptionsMethod: lists.options, loadOptionsDependsOn: lists.optionsDependOn },
						default: '',
						displayOptions: show('select'),
					},
					{
						displayName: 'Status Name or ID',
						name: 'statusValue',
						type: 'options',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						typeOptions: { loadOptionsMethod: lists.options, loadOptionsDependsOn: lists.optionsDependOn },
						default: '',
						displayOptions: show('status'),
					},
					{ displayName: 'Text', name: 'textContent', type: 'string', default: '', displayOptions: show('rich_text'), description: 'Text over 2,000 characters is split into several pieces, as Notion needs' },
					{
						displayName: 'Timezone Name or ID',
						name: 'timezone',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getTimezones' },
						default: 'default',
						displayOptions: show('date'),
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{ displayName: 'Title', name: 'title', type: 'string', default: '', displayOptions: show('title') },
					{ displayName: 'Type', name: 'type', type: 'hidden', default: '={{$parameter["&key"].split("|").pop()}}' },
					{ displayName: 'URL', name: 'urlValue', type: 'string', default: '', displayOptions: show('url') },
					{
						displayName: 'User Names or IDs',
						name: 'peopleValue',
						type: 'multiOptions',
						typeOptions: { loadOptionsMethod: 'getUsers' },
						default: [],
						displayOptions: show('people'),
						description: 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
				],
			},
		],
	};
}

/** One property row of an item, as the builder filled it in. */
export interface PropertyRow {
	/** The property's name in Notion. */
	name: string;
	/** Its type from the key (`name|type`); blank when an expression gave the name alone: the schema then says. */
	type: string;
	/** The row's value fields. */
	fields: IDataObject;
	/** The workflow's time zone, for a date whose Timezone is the default. */
	workflowZone?: string;
}

/**
 * The item's property rows. A row whose key carries a type is checked now (bad input names the
 * property before anything is sent); a row without one is checked once the schema is read.
 */
export function readPropertyRows(ctx: IExecuteFunctions, itemIndex: number): PropertyRow[] {
	const collection = ctx.getNodeParameter('propertiesUi', itemIndex, {}) as IDataObject | undefined;
	const values = collection?.propertyValues ?? [];
	if (!Array.isArray(values)) throw new Error(`Properties: expected a list of properties, got ${shown(values)}.`);
	const workflowZone = typeof ctx.getTimezone === 'function' ? ctx.getTimezone() : undefined;
	const rows: PropertyRow[] = [];
	for (const [index, entry] of values.entries()) {
		const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as IDataObject;
		if (typeof fields.key !== 'string' || fields.key.trim() === '') {
			throw new Error(`Properties: property ${index + 1} has no property picked (Key Name or ID).`);
		}
		const { name, type } = splitPropertyKey(fields.key.trim());
		const row = { name, type: lookup(PROPERTY_TYPES, type) ? type : '', fields, workflowZone };
		if (row.type) {
			const value = rowField(row, row.type);
			if (value) {
				const checked = buildPropertyValue(value.name, value.type, value.value);
				if (!checked.ok) throw new Error(`Properties: ${checked.problem}`);
			}
		}
		rows.push(row);
	}
	return rows;
}

/** Whether the rows need the data source's schema (a key without its type). */
export function rowsNeedSchema(rows: PropertyRow[]): boolean {
	return rows.some((row) => row.type === '');
}

/**
 * The `properties` object of a create or update: the rows, plus `extra` fields (the title, an
 * upsert's key). With the schema, every property is checked against it first, so a property that
 * was renamed, removed or retyped is named here rather than by Notion's 400.
 */
export function propertiesBody(rows: PropertyRow[], schema: Schema | undefined, extra: PropertyField[] = []): Record<string, unknown> {
	const fields: PropertyField[] = [];
	for (const row of rows) {
		const property = schema?.get(row.name);
		if (schema && !property) {
			throw new Error(`Properties: the data source has no property "${row.name}" (it has: ${[...schema.keys()].join(', ')}). Pick it again from the list.`);
		}
		if (row.type && property && property.type !== row.type) {
			throw new Error(
				`Properties: the property "${row.name}" is now a ${typeLabel(property.type)} property, not ${typeLabel(row.type)}. Pick it again from the list.`,
			);
		}
		const type = row.type || property?.type;
		if (!type) throw new Error(`Properties: the key of "${row.name}" names no type; use the format Property Name|property_type.`);
		const field = rowField(row, type);
		if (field) fields.push(field);
	}
	for (const field of extra) {
		const twice = fields.find((other) => other.name === field.name);
		if (twice) throw new Error(`Properties: the property "${field.name}" is set twice: by a property row and by the ${field.type === 'title' ? 'Title field' : 'key'}. Keep one.`);
		fields.push(field);
	}
	const properties = buildProperties(fields);
	if (!properties.ok) throw new Error(`Properties: ${properties.problem}`);
	return properties.value;
}

/** The row's value, from the field its type shows; undefined when the row is left out (an empty URL with Ignore If Empty). */
function rowField(row: PropertyRow, type: string): PropertyField | undefined {
	const f = row.fields;
	const value = (): unknown => {
		switch (type) {
			case 'title':
				return f.title;
			case 'rich_text':
				return f.textContent;
			case 'number':
				return f.numberValue;
			case 'checkbox':
				return f.checkboxValue ?? false;
			case 'select':
				return f.selectValue;
			case 'status':
				return f.statusValue;
			case 'multi_select':
				return f.multiSelectValue;
			case 'url':
				return f.urlValue;
			case 'email':
				return f.emailValue;
			case 'phone_number':
				return f.phoneValue;
			case 'people':
				return f.peopleValue;
			case 'relation':
				return f.relationValue;
			case 'files': {
				const files = (f.fileUrls as IDataObject | undefined)?.fileUrl;
				return Array.isArray(files) ? files : [];
			}
			case 'date': {
				const range = f.range === true || f.range === 'true';
				const zone = f.timezone === undefined || f.timezone === 'default' ? row.workflowZone : f.timezone;
				return {
					start: range ? f.dateStart : f.date,
					end: range ? f.dateEnd : undefined,
					includeTime: f.includeTime ?? true,
					timeZone: zone,
				};
			}
			default:
				// Not settable: values.ts says so, naming the property.
				return undefined;
		}
	};
	if (type === 'url' && (f.ignoreIfEmpty === true || f.ignoreIfEmpty === 'true') && isBlank(f.urlValue)) return undefined;
	return { name: row.name, type, value: value() };
}
