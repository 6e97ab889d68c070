// Notion property values as plain JSON, for builders who map fields without knowing Notion's
// shapes (https://developers.notion.com/reference/page-property-values). Pure: no n8n imports.

type Json = Record<string, unknown>;

interface RichText {
	plain_text?: unknown;
	text?: { content?: unknown };
}

export interface SimplePage {
	id: unknown;
	/** The title property's text. */
	name: string;
	url: unknown;
	createdTime: unknown;
	lastEditedTime: unknown;
	inTrash: boolean;
	/** Each property by its name in Notion, as plain JSON. */
	properties: Json;
}

/** A page (or a data source row) with its properties flattened. */
export function simplifyPage(page: unknown): SimplePage {
	const object = isObject(page) ? page : {};
	const properties = isObject(object.properties) ? object.properties : {};
	const title = Object.values(properties).find((property) => isObject(property) && property.type === 'title') as Json | undefined;
	return {
		id: object.id,
		name: title ? plainText(title.title) : '',
		url: object.url,
		createdTime: object.created_time,
		lastEditedTime: object.last_edited_time,
		inTrash: object.in_trash === true || object.archived === true,
		properties: simplifyProperties(properties),
	};
}

export function simplifyProperties(properties: unknown): Json {
	const result: Json = {};
	if (!isObject(properties)) return result;
	for (const [name, value] of Object.entries(properties)) result[name] = simplifyPropertyValue(value);
	return result;
}

/** One property value: title and rich text become text, a select its name, a relation its ids, and so on. */
export function simplifyPropertyValue(property: unknown): unknown {
	if (!isObject(property) || typeof property.type !== 'string') return null;
	const type = property.type;
	const value = property[type];
	switch (type) {
		case 'title':
		case 'rich_text':
			return plainText(value);
		case 'select':
		case 'status':
			return isObject(value) ? (value.name ?? null) : null;
		case 'multi_select':
			return Array.isArray(value) ? value.map((option) => (isObject(option) ? option.name : null)) : [];
		case 'date':
			return simplifyDate(value);
		case 'relation':
			return Array.isArray(value) ? value.map((entry) => (isObject(entry) ? entry.id : null)) : [];
		case 'people':
			return Array.isArray(value) ? value.map(simplifyUser) : [];
		case 'created_by':
		case 'last_edited_by':
			return simplifyUser(value);
		case 'checkbox':
			return value === true;
		case 'number':
		case 'url':
		case 'email':
		case 'phone_number':
		case 'created_time':
		case 'last_edited_time':
			return value ?? null;
		case 'files':
			return Array.isArray(value) ? value.map(fileUrl) : [];
		case 'formula':
			return simplifyFormula(value);
		case 'rollup':
			return simplifyRollup(value);
		case 'unique_id':
			if (!isObject(value) || value.number === null || value.number === undefined) return null;
			return typeof value.prefix === 'string' && value.prefix !== '' ? `${value.prefix}-${String(value.number)}` : value.number;
		default:
			// A type Notion adds later (button, verification, place, ...) is passed on as Notion gives it.
			return value ?? null;
	}
}

/** A date with no end and no time zone is its start alone; otherwise start, end and time zone. */
function simplifyDate(value: unknown): unknown {
	if (!isObject(value)) return null;
	const end = value.end ?? null;
	const timeZone = value.time_zone ?? null;
	return end === null && timeZone === null ? (value.start ?? null) : { start: value.start ?? null, end, time_zone: timeZone };
}

/**
 * A user as `{id, name?, email?}`. A page's people values usually carry the id alone. From
 * Notion-Version 2026-12-01 a person's `name` may be null (Notion's upgrade guide: treat it as
 * optional): it stays null, Notion's "no name", rather than becoming text that was never there.
 */
function simplifyUser(user: unknown): unknown {
	if (!isObject(user)) return null;
	const person = isObject(user.person) ? user.person : {};
	const result: Json = { id: user.id };
	if (typeof user.name === 'string' || user.name === null) result.name = user.name;
	if (typeof person.email === 'string') result.email = person.email;
	return result;
}

function fileUrl(file: unknown): unknown {
	if (!isObject(file)) return null;
	const hosted = isObject(file.file) ? file.file : isObject(file.external) ? file.external : undefined;
	return hosted?.url ?? null;
}

function simplifyFormula(value: unknown): unknown {
	if (!isObject(value) || typeof value.type !== 'string') return null;
	const result = value[value.type];
	return value.type === 'date' ? simplifyDate(result) : (result ?? null);
}

function simplifyRollup(value: unknown): unknown {
	if (!isObject(value) || typeof value.type !== 'string') return null;
	const result = value[value.type];
	if (value.type === 'array') return Array.isArray(result) ? result.map(simplifyPropertyValue) : [];
	if (value.type === 'date') return simplifyDate(result);
	return result ?? null;
}

function plainText(parts: unknown): string {
	if (!Array.isArray(parts)) return '';
	return parts
		.map((part: RichText) => {
			if (!isObject(part)) return '';
			if (typeof part.plain_text === 'string') return part.plain_text;
			const content = isObject(part.text) ? part.text.content : undefined;
			return typeof content === 'string' ? content : '';
		})
		.join('');
}

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
