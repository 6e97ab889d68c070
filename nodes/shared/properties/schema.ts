/**
 * A data source's schema (the `properties` object of GET /v1/data_sources/{id}) → what the editor
 * shows, and a safe way back from the editor's choice to the property.
 *
 *   PROPERTY_TYPES                          every Notion property type: its label, and whether a page
 *                                           create/update can set it (the one table of both)
 *   propertyKey(name, type)                 `name|type`, the option value n8n's Notion v3 node uses
 *   splitPropertyKey(key)                   {name, type}; splits at the LAST `|` (names may hold `|`)
 *   readSchema(properties)                  Map of name → {name, id, type, config}: own keys only
 *   propertyOptions(schema, {writableOnly}) [{name, value:`name|type`, description}], sorted by name
 *   findProperty(schema, key)               the property a `name|type` key names, if its type still matches
 *   optionNames(schema, key)                select / multi_select / status option names, in Notion's order
 *   statusGroupNames(schema, key)           a status property's group names (To-do, In progress, Complete)
 *   titlePropertyName(schema)               the name of the one title property
 *
 * Property names are user text. They are only ever Map keys here, never object keys, so a property
 * called `__proto__`, `constructor` or `toString` is a plain name like any other.
 */
import { shown } from './limits';

export const PROPERTY_TYPES: Record<string, { label: string; writable: boolean }> = {
	title: { label: 'Title', writable: true },
	rich_text: { label: 'Text', writable: true },
	number: { label: 'Number', writable: true },
	checkbox: { label: 'Checkbox', writable: true },
	url: { label: 'URL', writable: true },
	email: { label: 'Email', writable: true },
	phone_number: { label: 'Phone', writable: true },
	select: { label: 'Select', writable: true },
	multi_select: { label: 'Multi-select', writable: true },
	status: { label: 'Status', writable: true },
	date: { label: 'Date', writable: true },
	people: { label: 'Person', writable: true },
	relation: { label: 'Relation', writable: true },
	files: { label: 'Files & media', writable: true },
	formula: { label: 'Formula', writable: false },
	rollup: { label: 'Rollup', writable: false },
	created_time: { label: 'Created time', writable: false },
	created_by: { label: 'Created by', writable: false },
	last_edited_time: { label: 'Last edited time', writable: false },
	last_edited_by: { label: 'Last edited by', writable: false },
	unique_id: { label: 'ID', writable: false },
	verification: { label: 'Verification', writable: false },
	button: { label: 'Button', writable: false },
	place: { label: 'Place', writable: false },
	location: { label: 'Location', writable: false },
	last_visited_time: { label: 'Last visited time', writable: false },
};

export interface SchemaProperty {
	name: string;
	id?: string;
	type: string;
	/** The type's own object, e.g. `{options: [...]}` for a select. */
	config: Record<string, unknown>;
}

export type Schema = ReadonlyMap<string, SchemaProperty>;

export interface PropertyOption {
	name: string;
	value: string;
	description: string;
}

export function propertyKey(name: string, type: string): string {
	return `${name}|${type}`;
}

export function splitPropertyKey(key: string): { name: string; type: string } {
	const bar = key.lastIndexOf('|');
	return bar === -1 ? { name: key, type: '' } : { name: key.slice(0, bar), type: key.slice(bar + 1) };
}

/** Reads the schema; entries that are not `{type: string}` objects are skipped, not trusted. */
export function readSchema(properties: unknown): Schema {
	const schema = new Map<string, SchemaProperty>();
	if (!isObject(properties)) return schema;
	for (const [name, property] of Object.entries(properties)) {
		if (!isObject(property) || typeof property.type !== 'string') continue;
		const config = property[property.type];
		schema.set(name, {
			name,
			...(typeof property.id === 'string' ? { id: property.id } : {}),
			type: property.type,
			config: isObject(config) ? config : {},
		});
	}
	return schema;
}

export function propertyOptions(schema: Schema, options: { writableOnly?: boolean } = {}): PropertyOption[] {
	return [...schema.values()]
		.filter((property) => !options.writableOnly || isWritable(property.type))
		.map((property) => ({
			name: property.name,
			value: propertyKey(property.name, property.type),
			description: `Type: ${typeLabel(property.type)}`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The property a key names. A key whose type no longer matches (the column was retyped) finds nothing. */
export function findProperty(schema: Schema, key: string): SchemaProperty | undefined {
	const { name, type } = splitPropertyKey(key);
	const property = schema.get(name);
	return property && (type === '' || property.type === type) ? property : undefined;
}

export function optionNames(schema: Schema, key: string): string[] {
	const property = findProperty(schema, key);
	if (!property || !['select', 'multi_select', 'status'].includes(property.type)) return [];
	return namesOf(property.config.options);
}

export function statusGroupNames(schema: Schema, key: string): string[] {
	const property = findProperty(schema, key);
	return property?.type === 'status' ? namesOf(property.config.groups) : [];
}

export function titlePropertyName(schema: Schema): string | undefined {
	return [...schema.values()].find((property) => property.type === 'title')?.name;
}

export function typeLabel(type: unknown): string {
	return lookup(PROPERTY_TYPES, type)?.label ?? (typeof type === 'string' ? type : shown(type));
}

export function isWritable(type: string): boolean {
	return lookup(PROPERTY_TYPES, type)?.writable === true;
}

/**
 * An own entry of a constant table: `lookup(table, 'constructor')` is undefined, not Object. The key
 * may be anything an expression produced; only text can name an entry.
 */
export function lookup<T>(table: Record<string, T>, key: unknown): T | undefined {
	return typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function namesOf(list: unknown): string[] {
	return Array.isArray(list)
		? list.flatMap((entry) => (isObject(entry) && typeof entry.name === 'string' ? [entry.name] : []))
		: [];
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
