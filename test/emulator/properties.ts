// Data source schemas and page property values, as Notion documents them: the schema a data source
// answers (https://developers.notion.com/reference/property-object), how a write is validated and
// stored (https://developers.notion.com/reference/page-property-values), how a stored value reads back
// in a page object, and how a query filters and sorts on it
// (https://developers.notion.com/reference/filter-data-source-entries, /sort-data-source-entries).
// Error wordings are Notion's where public reports quote them (README.md lists each source); the
// others are marked "chosen".
import type { ObjectSeed } from './world';

type Json = Record<string, unknown>;

/** One property of a data source schema: `{id, name, type, description, [type]: config}`. */
export interface PropertySchema {
	id: string;
	name: string;
	type: string;
	description?: string | null;
	[config: string]: unknown;
}

export type Schema = Record<string, PropertySchema>;

/** A refusal in Notion's envelope, thrown from deep inside a handler (writes.ts answers it). */
export class Refusal extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly additionalData?: Json,
	) {
		super(message);
	}
}

export const validation = (message: string) => new Refusal(400, 'validation_error', message);

export function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const shown = (value: unknown) => `\`${JSON.stringify(value) ?? 'undefined'}\``;

// ---- limits (https://developers.notion.com/reference/request-limits#limits-for-property-values)

export const LIMITS = { richTextContent: 2000, arrayItems: 100, url: 2000, emailOrPhone: 200, pageReferences: 25 };

/** Types a write cannot set: Notion computes them. */
const READ_ONLY = ['formula', 'rollup', 'created_time', 'created_by', 'last_edited_time', 'last_edited_by', 'unique_id', 'button', 'verification'];

const option = (id: string, name: string, color: string) => ({ id, name, color, description: null });

/** The schema a data source has when its seed gives none: what the emulator always served (rows' Status defaults to Active). */
export function defaultSchema(): Schema {
	return {
		Name: { id: 'title', name: 'Name', type: 'title', description: '', title: {} },
		Status: { id: 'ZX%3B%7C', name: 'Status', type: 'select', description: '', select: { options: [option('c2a5d1f0', 'Active', 'green')] } },
	};
}

/** The row values a data source gives a row that has none stored (the default schema's Status: Active). */
export function defaultRowValues(): Json {
	return { Status: { id: 'ZX%3B%7C', type: 'select', select: { id: 'c2a5d1f0', name: 'Active', color: 'green' } } };
}

export function schemaOf(source: ObjectSeed | undefined): Schema {
	return source?.schema ?? defaultSchema();
}

/** A property by name or by id (Notion accepts either in filters, sorts and filter_properties). */
export function findProperty(schema: Schema, nameOrId: string): PropertySchema | undefined {
	return schema[nameOrId] ?? Object.values(schema).find((property) => property.id === nameOrId || decodeURIComponent(property.id) === nameOrId);
}

// ---- rich text

const PLAIN_ANNOTATIONS = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' };

/** A rich text element as Notion answers it: type, text, annotations, plain_text, href. */
export function richTextElement(part: Json): Json {
	const annotations = { ...PLAIN_ANNOTATIONS, ...(isObject(part.annotations) ? part.annotations : {}) };
	if (isObject(part.text)) {
		const link = isObject(part.text.link) ? { url: String(part.text.link.url) } : null;
		const content = String(part.text.content);
		return { type: 'text', text: { content, link }, annotations, plain_text: content, href: link?.url ?? null };
	}
	if (isObject(part.equation)) {
		const expression = String(part.equation.expression);
		return { type: 'equation', equation: { expression }, annotations, plain_text: expression, href: null };
	}
	// A mention: kept as given; its plain text is what the caller can know without a lookup (chosen).
	return { type: 'mention', mention: part.mention, annotations, plain_text: typeof part.plain_text === 'string' ? part.plain_text : '', href: null };
}

export function richText(content: string): Json[] {
	return content ? [richTextElement({ text: { content } })] : [];
}

export function plainText(parts: unknown): string {
	return Array.isArray(parts) ? parts.map((part) => (isObject(part) ? String(part.plain_text ?? (isObject(part.text) ? part.text.content : '')) : '')).join('') : '';
}

/** Validates a rich text array at `at` (e.g. `body.properties.Name.title`): ≤100 elements, ≤2000 characters each. */
export function checkRichText(value: unknown, at: string): Json[] {
	if (!Array.isArray(value)) throw validation(`body failed validation: ${at} should be an array, instead was ${shown(value)}.`);
	checkLength(value, at);
	return value.map((part, i) => {
		const where = `${at}[${i}]`;
		if (!isObject(part) || !(isObject(part.text) || isObject(part.mention) || isObject(part.equation))) {
			throw validation(`body failed validation: ${where}.text should be defined, instead was \`undefined\`.`);
		}
		if (isObject(part.text)) {
			const content = part.text.content;
			if (typeof content !== 'string') throw validation(`body failed validation: ${where}.text.content should be a string, instead was ${shown(content)}.`);
			// Notion's words, e.g. https://github.com/trustmaster/gkeep2notion/issues/15
			if (content.length > LIMITS.richTextContent) {
				throw validation(`body failed validation: ${where}.text.content.length should be ≤ \`${LIMITS.richTextContent}\`, instead was \`${content.length}\`.`);
			}
		}
		return richTextElement(part);
	});
}

function checkLength(value: unknown[], at: string): void {
	if (value.length > LIMITS.arrayItems) {
		throw validation(`body failed validation: ${at}.length should be ≤ \`${LIMITS.arrayItems}\`, instead was \`${value.length}\`.`);
	}
}

// ---- writes

/**
 * Property values of a create or update, validated against `schema` and turned into what reads
 * answer. A property the schema lacks and a value of another type are collected and answered in
 * one message, as Notion does ("Status is expected to be status. Category is expected to be
 * rich_text.", "X is not a property that exists." quoted in public reports). A malformed value is
 * refused at once with a "body failed validation" message. New select and multi_select options are
 * added to the schema, as Notion does for a connection that may edit it; an unknown status option is
 * refused (statuses cannot be created through the API).
 */
export function validateProperties(input: unknown, schema: Schema): Json {
	if (!isObject(input)) throw validation(`body failed validation: body.properties should be an object, instead was ${shown(input)}.`);
	const problems: string[] = [];
	const checked: Array<[PropertySchema, unknown]> = [];
	for (const [name, value] of Object.entries(input)) {
		const property = findProperty(schema, name) ?? (name === 'title' ? Object.values(schema).find((p) => p.type === 'title') : undefined);
		if (!property) {
			problems.push(`${name} is not a property that exists.`);
			continue;
		}
		// Notion also takes the bare value for title, rich_text... only in its SDK helpers: the REST API wants {type: value}.
		if (!isObject(value) || !(property.type in value)) {
			problems.push(`${name} is expected to be ${property.type}.`);
			continue;
		}
		checked.push([property, value[property.type]]);
	}
	if (problems.length) throw validation(problems.join(' '));
	const result: Json = {};
	for (const [property, value] of checked) {
		result[property.name] = { id: property.id, type: property.type, [property.type]: storedValue(property, value, `body.properties.${property.name}.${property.type}`) };
	}
	return result;
}

function storedValue(property: PropertySchema, value: unknown, at: string): unknown {
	const name = property.name;
	const fail = (wanted: string) => validation(`body failed validation: ${at} should be ${wanted}, instead was ${shown(value)}.`);
	if (READ_ONLY.includes(property.type)) {
		// Chosen wording: Notion's refusal of a computed property is not quoted anywhere we found.
		throw validation(`${name} is a ${property.type} property, which is read-only: it cannot be set through the API.`);
	}
	switch (property.type) {
		case 'title':
		case 'rich_text':
			return checkRichText(value, at);
		case 'number':
			if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) throw fail('a number or `null`');
			return value;
		case 'checkbox':
			if (typeof value !== 'boolean') throw fail('a boolean');
			return value;
		case 'url':
		case 'email':
		case 'phone_number': {
			if (value === null) return null;
			if (typeof value !== 'string') throw fail('a string or `null`');
			const limit = property.type === 'url' ? LIMITS.url : LIMITS.emailOrPhone;
			if (value.length > limit) throw validation(`body failed validation: ${at}.length should be ≤ \`${limit}\`, instead was \`${value.length}\`.`);
			return value;
		}
		case 'select':
			return value === null ? null : chooseOption(property, value, at, true);
		case 'status':
			return value === null ? defaultStatus(property) : chooseOption(property, value, at, false);
		case 'multi_select': {
			if (!Array.isArray(value)) throw fail('an array');
			checkLength(value, at);
			return value.map((each, i) => chooseOption(property, each, `${at}[${i}]`, true));
		}
		case 'date':
			return value === null ? null : dateValue(value, at);
		case 'people':
		case 'relation': {
			if (!Array.isArray(value)) throw fail('an array');
			checkLength(value, at);
			return value.map((each, i) => {
				if (!isObject(each) || typeof each.id !== 'string') throw validation(`body failed validation: ${at}[${i}].id should be a string, instead was ${shown(isObject(each) ? each.id : each)}.`);
				return property.type === 'people' ? { object: 'user', id: each.id } : { id: each.id };
			});
		}
		case 'files': {
			if (!Array.isArray(value)) throw fail('an array');
			checkLength(value, at);
			return value.map((each, i) => {
				const url = isObject(each) && isObject(each.external) ? each.external.url : undefined;
				if (!isObject(each) || typeof url !== 'string') throw validation(`body failed validation: ${at}[${i}].external.url should be a string, instead was \`undefined\`.`);
				return { name: typeof each.name === 'string' ? each.name : url, type: 'external', external: { url } };
			});
		}
		default:
			return value;
	}
}

type Option = { id: string; name: string; color: string; description?: string | null };

function optionsOf(property: PropertySchema): Option[] {
	const config = property[property.type] as { options?: Option[] } | undefined;
	return config?.options ?? [];
}

function chooseOption(property: PropertySchema, value: unknown, at: string, create: boolean): Json {
	if (!isObject(value) || (typeof value.name !== 'string' && typeof value.id !== 'string')) {
		throw validation(`body failed validation: ${at}.name should be a string, instead was ${shown(isObject(value) ? value.name : value)}.`);
	}
	const options = optionsOf(property);
	const found = options.find((each) => (typeof value.id === 'string' ? each.id === value.id : each.name === value.name));
	if (found) return { id: found.id, name: found.name, color: found.color };
	if (typeof value.name !== 'string') {
		// Chosen wording: an option id that the property lacks.
		throw validation(`Invalid ${property.type} option id: ${String(value.id)}`);
	}
	if (!create) {
		// Chosen wording: Notion refuses a status name the property lacks (statuses are made in the app only).
		throw validation(`Invalid status option. Status option "${value.name}" does not exist for property "${property.name}".`);
	}
	// Notion's words (https://community.make.com/t/how-to-add-notion-select-value-containing-commas/18286).
	if (value.name.includes(',')) throw validation(`Invalid select option, commas not allowed: ${value.name}`);
	const added: Option = { id: `opt-${options.length + 1}-${Buffer.from(value.name).toString('hex').slice(0, 8)}`, name: value.name, color: 'default', description: null };
	(property[property.type] as { options: Option[] }).options = [...options, added];
	return { id: added.id, name: added.name, color: added.color };
}

type StatusConfig = { options: Option[]; groups: Array<{ id: string; name: string; color: string; option_ids: string[] }> };

/** `null` resets a status to its first option of the first group (Notion: "the default option"). */
function defaultStatus(property: PropertySchema): Json | null {
	const first = optionsOf(property)[0];
	return first ? { id: first.id, name: first.name, color: first.color } : null;
}

export function statusGroupOf(property: PropertySchema, optionName: string): string | undefined {
	const config = property.status as StatusConfig | undefined;
	const option = config?.options.find((each) => each.name === optionName);
	return option ? config?.groups.find((group) => group.option_ids.includes(option.id))?.name : undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

function dateValue(value: unknown, at: string): Json {
	if (!isObject(value) || typeof value.start !== 'string' || !ISO_DATE.test(value.start)) {
		throw validation(`body failed validation: ${at}.start should be a valid ISO 8601 date string, instead was ${shown(isObject(value) ? value.start : value)}.`);
	}
	if (value.end !== undefined && value.end !== null && (typeof value.end !== 'string' || !ISO_DATE.test(value.end))) {
		throw validation(`body failed validation: ${at}.end should be a valid ISO 8601 date string, instead was ${shown(value.end)}.`);
	}
	return { start: value.start, end: (value.end as string | undefined) ?? null, time_zone: typeof value.time_zone === 'string' ? value.time_zone : null };
}

// ---- reads

/** The value a property has on a page that stores none. */
export function emptyValue(property: PropertySchema): unknown {
	switch (property.type) {
		case 'title':
		case 'rich_text':
		case 'multi_select':
		case 'people':
		case 'relation':
		case 'files':
			return [];
		case 'checkbox':
			return false;
		case 'formula':
			return { type: 'string', string: null };
		case 'rollup':
			return { type: 'number', number: null, function: 'count' };
		case 'unique_id':
			return { prefix: (property.unique_id as { prefix?: string } | undefined)?.prefix ?? null, number: null };
		default:
			return null;
	}
}

/** What a page object says for one property: Notion lists at most 25 relation entries, then has_more (the rest through the property item endpoint). */
export function propertyForPage(property: PropertySchema, value: Json | undefined): Json {
	const inner = value && property.type in value ? value[property.type] : emptyValue(property);
	const answer: Json = { id: property.id, type: property.type, [property.type]: inner };
	if (property.type === 'relation') {
		const all = inner as unknown[];
		answer.relation = all.slice(0, LIMITS.pageReferences);
		answer.has_more = all.length > LIMITS.pageReferences;
	}
	// Chosen: people beyond 25 are left out of the page object too (Notion "may omit" them), with no flag.
	if (property.type === 'people') answer.people = (inner as unknown[]).slice(0, LIMITS.pageReferences);
	return answer;
}

// ---- query: filters

export interface RowView {
	/** The full stored value of each property, by name (response shape `{id, type, [type]: value}`). */
	value(property: PropertySchema): unknown;
	createdTime: string;
	lastEditedTime: string;
	createdBy: string;
	lastEditedBy: string;
}

export interface FilterContext {
	schema: Schema;
	/** Notion-Version in force, to play 2026-12-01's status change. */
	version: string;
	/** Betas the request opted into (Notion-Beta header). */
	betas: string[];
	/** The user `me` stands for: the integration's bot (chosen: Notion documents `me` as "the current user"). */
	me: string;
	now: Date;
}

export const STATUS_GROUP_BETA = 'status-group-filters-2026-10-06';
/** From this version `equals` on a status matches option names only, and group operators need no beta (upgrade guide 2026-12-01). */
export const VERSION_2026_12 = '2026-12-01';

type Test = (row: RowView) => boolean;

const TIMESTAMPS = ['created_time', 'last_edited_time'] as const;

/**
 * A filter object → a test of a row. Compounds nest at most two levels deep
 * (https://developers.notion.com/reference/filter-data-source-entries#compound-filter-conditions).
 */
export function compileFilter(filter: unknown, ctx: FilterContext, at = 'body.filter', depth = 0): Test {
	if (!isObject(filter)) throw validation(`body failed validation: ${at} should be an object, instead was ${shown(filter)}.`);
	for (const compound of ['and', 'or'] as const) {
		if (!(compound in filter)) continue;
		const parts = filter[compound];
		if (!Array.isArray(parts)) throw validation(`body failed validation: ${at}.${compound} should be an array, instead was ${shown(parts)}.`);
		if (depth >= 2) {
			// Chosen wording; the depth limit is documented.
			throw validation(`body failed validation: ${at} is nested too deep; compound filters nest at most two levels.`);
		}
		const tests = parts.map((part, i) => compileFilter(part, ctx, `${at}.${compound}[${i}]`, depth + 1));
		return compound === 'and' ? (row) => tests.every((test) => test(row)) : (row) => tests.some((test) => test(row));
	}
	if ('timestamp' in filter) {
		const timestamp = filter.timestamp as (typeof TIMESTAMPS)[number];
		if (!TIMESTAMPS.includes(timestamp)) throw validation(`body failed validation: ${at}.timestamp should be \`"created_time"\` or \`"last_edited_time"\`, instead was ${shown(timestamp)}.`);
		const test = dateCondition(filter[timestamp], `${at}.${timestamp}`, ctx);
		return (row) => test(timestamp === 'created_time' ? row.createdTime : row.lastEditedTime);
	}
	const name = filter.property;
	if (typeof name !== 'string') throw validation(`body failed validation: ${at}.property should be defined, instead was ${shown(name)}.`);
	const property = findProperty(ctx.schema, name);
	// Notion's words (https://github.com/ikisuke/wagumi-sbt/issues/13).
	if (!property) throw validation(`Could not find property with name or id: ${name}`);
	const given = Object.keys(filter).find((key) => key !== 'property' && key !== 'type');
	const filterType = filterTypeOf(property);
	if (given !== filterType) {
		// Notion's words (https://community.n8n.io/t/need-help-troubleshooting-an-issue-with-notion-node/10730).
		throw validation(`The property type in the database does not match the property type of the filter provided: database property ${filterType} does not match filter ${given ?? 'undefined'}`);
	}
	const condition = filter[filterType];
	const value = (row: RowView) => row.value(property);
	switch (property.type) {
		case 'formula':
			return formulaCondition(condition, `${at}.formula`, ctx, value);
		case 'created_time':
		case 'last_edited_time':
		case 'date': {
			const test = dateCondition(condition, `${at}.${filterType}`, ctx);
			return (row) => test(dateStart(value(row)));
		}
		case 'status':
			return statusCondition(property, condition, `${at}.status`, ctx, value);
		default:
			return typedCondition(property.type, condition, `${at}.${filterType}`, ctx, value);
	}
}

/** The filter key a property takes: its type, except unique_id (`ID` is not it; we take unique_id, chosen) and rollups. */
function filterTypeOf(property: PropertySchema): string {
	return property.type;
}

function single(condition: unknown, at: string): [string, unknown] {
	const entries = isObject(condition) ? Object.entries(condition) : [];
	if (entries.length !== 1) throw validation(`body failed validation: ${at} should have exactly one condition, instead was ${shown(condition)}.`);
	return entries[0];
}

function unknownCondition(at: string, operator: string): Refusal {
	return validation(`body failed validation: ${at}.${operator} should be not present, instead was a condition this property type does not take.`);
}

const KIND: Record<string, 'text' | 'number' | 'checkbox' | 'select' | 'multi' | 'people' | 'relation' | 'files' | 'unique_id'> = {
	title: 'text',
	rich_text: 'text',
	url: 'text',
	email: 'text',
	phone_number: 'text',
	number: 'number',
	checkbox: 'checkbox',
	select: 'select',
	multi_select: 'multi',
	people: 'people',
	created_by: 'people',
	last_edited_by: 'people',
	relation: 'relation',
	files: 'files',
	unique_id: 'unique_id',
};

/** A comparable scalar out of a stored value. */
function scalar(type: string, stored: unknown): unknown {
	switch (type) {
		case 'title':
		case 'rich_text':
			return plainText(stored);
		case 'select':
		case 'status':
			return isObject(stored) ? stored.name : null;
		case 'multi_select':
			return Array.isArray(stored) ? stored.map((each) => (each as Json).name) : [];
		case 'people':
		case 'relation':
			return Array.isArray(stored) ? stored.map((each) => (each as Json).id) : [];
		case 'created_by':
		case 'last_edited_by':
			return isObject(stored) ? [stored.id] : [];
		case 'unique_id':
			return isObject(stored) ? stored.number : null;
		default:
			return stored;
	}
}

function typedCondition(type: string, condition: unknown, at: string, ctx: FilterContext, value: (row: RowView) => unknown): Test {
	const kind = KIND[type];
	if (!kind) throw validation(`body failed validation: ${at} is not a filter Notion takes for ${type} properties.`);
	const [operator, operand] = single(condition, at);
	const get = (row: RowView) => scalar(type, value(row));
	if (operator === 'is_empty' || operator === 'is_not_empty') {
		if (operand !== true) throw validation(`body failed validation: ${at}.${operator} should be \`true\`, instead was ${shown(operand)}.`);
		const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
		return operator === 'is_empty' ? (row) => empty(get(row)) : (row) => !empty(get(row));
	}
	const need = (ok: boolean, wanted: string) => {
		if (!ok) throw validation(`body failed validation: ${at}.${operator} should be ${wanted}, instead was ${shown(operand)}.`);
	};
	switch (kind) {
		case 'text': {
			need(typeof operand === 'string', 'a string');
			const text = operand as string;
			const tests: Record<string, (v: string) => boolean> = {
				equals: (v) => v === text,
				does_not_equal: (v) => v !== text,
				contains: (v) => v.toLowerCase().includes(text.toLowerCase()),
				does_not_contain: (v) => !v.toLowerCase().includes(text.toLowerCase()),
				starts_with: (v) => v.toLowerCase().startsWith(text.toLowerCase()),
				ends_with: (v) => v.toLowerCase().endsWith(text.toLowerCase()),
			};
			const test = tests[operator];
			if (!test) throw unknownCondition(at, operator);
			return (row) => test(String(get(row) ?? ''));
		}
		case 'number':
		case 'unique_id': {
			need(typeof operand === 'number', 'a number');
			const n = operand as number;
			const tests: Record<string, (v: number) => boolean> = {
				equals: (v) => v === n,
				does_not_equal: (v) => v !== n,
				greater_than: (v) => v > n,
				less_than: (v) => v < n,
				greater_than_or_equal_to: (v) => v >= n,
				less_than_or_equal_to: (v) => v <= n,
			};
			const test = tests[operator];
			if (!test) throw unknownCondition(at, operator);
			return (row) => {
				const v = get(row);
				return typeof v === 'number' ? test(v) : operator === 'does_not_equal';
			};
		}
		case 'checkbox': {
			need(typeof operand === 'boolean', 'a boolean');
			if (operator === 'equals') return (row) => get(row) === operand;
			if (operator === 'does_not_equal') return (row) => get(row) !== operand;
			throw unknownCondition(at, operator);
		}
		case 'select': {
			// equals / does_not_equal take a string or a list of strings (any of them matches).
			const names = optionNames(operand, need);
			if (operator === 'equals') return (row) => names.includes(get(row) as string);
			if (operator === 'does_not_equal') return (row) => !names.includes(get(row) as string);
			throw unknownCondition(at, operator);
		}
		case 'multi': {
			const names = optionNames(operand, need);
			const has = (row: RowView) => (get(row) as string[]).some((name) => names.includes(name));
			if (operator === 'contains') return has;
			if (operator === 'does_not_contain') return (row) => !has(row);
			throw unknownCondition(at, operator);
		}
		case 'people':
		case 'relation': {
			need(typeof operand === 'string', kind === 'people' ? 'a uuid or `"me"`' : 'a uuid');
			const wanted = normalId(kind === 'people' && operand === 'me' ? ctx.me : (operand as string));
			const has = (row: RowView) => (get(row) as string[]).some((id) => normalId(id) === wanted);
			if (operator === 'contains') return has;
			if (operator === 'does_not_contain') return (row) => !has(row);
			throw unknownCondition(at, operator);
		}
		default:
			throw unknownCondition(at, operator);
	}
}

function normalId(id: string): string {
	return id.replace(/-/g, '').toLowerCase();
}

function optionNames(operand: unknown, need: (ok: boolean, wanted: string) => void): string[] {
	const names = Array.isArray(operand) ? operand : [operand];
	need(names.length > 0 && names.every((name) => typeof name === 'string'), 'a string or an array of strings');
	return names as string[];
}

/**
 * Status: `equals` / `does_not_equal` on option names. Before 2026-12-01 a name that is no option but
 * a group's name matches the group; from 2026-12-01 it matches nothing, and `group: {equals |
 * does_not_equal}` filters by group, which before 2026-12-01 needs `Notion-Beta:
 * status-group-filters-2026-10-06` (https://developers.notion.com/guides/get-started/upgrade-guide-2026-12-01).
 */
function statusCondition(property: PropertySchema, condition: unknown, at: string, ctx: FilterContext, value: (row: RowView) => unknown): Test {
	const [operator, operand] = single(condition, at);
	const name = (row: RowView) => scalar('status', value(row)) as string | null;
	const group = (row: RowView) => {
		const current = name(row);
		return current === null ? undefined : statusGroupOf(property, current);
	};
	if (operator === 'group') {
		const modern = ctx.version >= VERSION_2026_12;
		if (!modern && !ctx.betas.includes(STATUS_GROUP_BETA)) {
			// Chosen wording: the guide says the operators need the beta header before 2026-12-01.
			throw validation(`body failed validation: ${at}.group requires the Notion-Beta header \`${STATUS_GROUP_BETA}\` before Notion-Version ${VERSION_2026_12}.`);
		}
		const [groupOperator, groupName] = single(operand, `${at}.group`);
		const names = optionNames(groupName, (ok, wanted) => {
			if (!ok) throw validation(`body failed validation: ${at}.group.${groupOperator} should be ${wanted}, instead was ${shown(groupName)}.`);
		});
		if (groupOperator === 'equals') return (row) => names.includes(group(row) ?? '');
		if (groupOperator === 'does_not_equal') return (row) => !names.includes(group(row) ?? '');
		throw unknownCondition(`${at}.group`, groupOperator);
	}
	if (operator === 'equals' || operator === 'does_not_equal') {
		const names = optionNames(operand, (ok, wanted) => {
			if (!ok) throw validation(`body failed validation: ${at}.${operator} should be ${wanted}, instead was ${shown(operand)}.`);
		});
		const legacyGroups = ctx.version < VERSION_2026_12;
		const options = optionsOf(property).map((each) => each.name);
		const matches = (row: RowView) =>
			names.some((wanted) => name(row) === wanted || (legacyGroups && !options.includes(wanted) && group(row) === wanted));
		return operator === 'equals' ? matches : (row) => !matches(row);
	}
	return typedCondition('select', { [operator]: operand }, at, ctx, value);
}

function formulaCondition(condition: unknown, at: string, ctx: FilterContext, value: (row: RowView) => unknown): Test {
	const [resultType, inner] = single(condition, at);
	const result = (row: RowView) => {
		const stored = value(row);
		return isObject(stored) ? stored[stored.type as string] : null;
	};
	switch (resultType) {
		case 'string':
			return typedCondition('rich_text', inner, `${at}.string`, ctx, (row) => [{ plain_text: result(row) ?? '' }]);
		case 'number':
			return typedCondition('number', inner, `${at}.number`, ctx, result);
		case 'checkbox':
			return typedCondition('checkbox', inner, `${at}.checkbox`, ctx, result);
		case 'date': {
			const test = dateCondition(inner, `${at}.date`, ctx);
			return (row) => test(dateStart(result(row)));
		}
		default:
			throw validation(`body failed validation: ${at} should be one of \`string\`, \`number\`, \`checkbox\` or \`date\`, instead was ${shown(resultType)}.`);
	}
}

function dateStart(stored: unknown): string | null {
	if (typeof stored === 'string') return stored;
	return isObject(stored) && typeof stored.start === 'string' ? stored.start : null;
}

const DAY = 86_400_000;
const RELATIVE_VALUES: Record<string, (now: Date) => Date> = {
	today: (now) => startOfDay(now),
	tomorrow: (now) => new Date(startOfDay(now).getTime() + DAY),
	yesterday: (now) => new Date(startOfDay(now).getTime() - DAY),
	one_week_ago: (now) => new Date(startOfDay(now).getTime() - 7 * DAY),
	one_week_from_now: (now) => new Date(startOfDay(now).getTime() + 7 * DAY),
	one_month_ago: (now) => addMonths(startOfDay(now), -1),
	one_month_from_now: (now) => addMonths(startOfDay(now), 1),
};

function startOfDay(date: Date): Date {
	return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function addMonths(date: Date, months: number): Date {
	const copy = new Date(date);
	copy.setUTCMonth(copy.getUTCMonth() + months);
	return copy;
}

/**
 * A date condition on an ISO string (or null). A date without a time compares by day; with a time,
 * to the millisecond; no time zone means UTC (https://developers.notion.com/reference/filter-data-source-entries#date).
 * Relative values and ranges (past_week …) are computed in UTC from `ctx.now` (chosen: Notion uses the
 * workspace's time zone, which the emulator does not have).
 */
function dateCondition(condition: unknown, at: string, ctx: FilterContext): (iso: string | null) => boolean {
	const [operator, operand] = single(condition, at);
	if (operator === 'is_empty') return (iso) => iso === null;
	if (operator === 'is_not_empty') return (iso) => iso !== null;
	const now = ctx.now;
	const ranges: Record<string, () => [number, number]> = {
		past_week: () => [now.getTime() - 7 * DAY, now.getTime()],
		past_month: () => [addMonths(now, -1).getTime(), now.getTime()],
		past_year: () => [addMonths(now, -12).getTime(), now.getTime()],
		next_week: () => [now.getTime(), now.getTime() + 7 * DAY],
		next_month: () => [now.getTime(), addMonths(now, 1).getTime()],
		next_year: () => [now.getTime(), addMonths(now, 12).getTime()],
		this_week: () => {
			// Chosen: weeks start on Sunday, as Notion's default.
			const start = startOfDay(now).getTime() - startOfDay(now).getUTCDay() * DAY;
			return [start, start + 7 * DAY - 1];
		},
	};
	if (operator in ranges) {
		const [from, to] = ranges[operator]();
		return (iso) => iso !== null && Date.parse(iso) >= from && Date.parse(iso) <= to;
	}
	const relative = typeof operand === 'string' ? RELATIVE_VALUES[operand] : undefined;
	const when = relative ? relative(now).getTime() : typeof operand === 'string' && ISO_DATE.test(operand) ? Date.parse(operand) : NaN;
	if (Number.isNaN(when)) throw validation(`body failed validation: ${at}.${operator} should be a valid ISO 8601 date string, instead was ${shown(operand)}.`);
	const byDay = relative !== undefined || !String(operand).includes('T');
	const key = (iso: string) => (byDay ? startOfDay(new Date(Date.parse(iso))).getTime() : Date.parse(iso));
	const tests: Record<string, (v: number) => boolean> = {
		equals: (v) => v === when,
		before: (v) => v < when,
		after: (v) => v > when,
		on_or_before: (v) => v <= when,
		on_or_after: (v) => v >= when,
	};
	const test = tests[operator];
	if (!test) throw unknownCondition(at, operator);
	return (iso) => iso !== null && test(key(iso));
}

// ---- query: sorts

export type Compare = (a: RowView, b: RowView) => number;

/** `sorts`: property sorts (text alphabetically, numbers and dates in order, options in the schema's order; empty last, chosen) and timestamp sorts, applied in order. */
export function compileSorts(sorts: unknown, schema: Schema): Compare[] {
	if (sorts === undefined) return [];
	if (!Array.isArray(sorts)) throw validation(`body failed validation: body.sorts should be an array, instead was ${shown(sorts)}.`);
	return sorts.map((sort, i) => {
		const at = `body.sorts[${i}]`;
		if (!isObject(sort) || !['ascending', 'descending'].includes(String(sort.direction))) {
			throw validation(`body failed validation: ${at}.direction should be \`"ascending"\` or \`"descending"\`, instead was ${shown(isObject(sort) ? sort.direction : sort)}.`);
		}
		const sign = sort.direction === 'descending' ? -1 : 1;
		if (typeof sort.timestamp === 'string') {
			if (!TIMESTAMPS.includes(sort.timestamp as (typeof TIMESTAMPS)[number])) {
				throw validation(`body failed validation: ${at}.timestamp should be \`"created_time"\` or \`"last_edited_time"\`, instead was ${shown(sort.timestamp)}.`);
			}
			const key = (row: RowView) => (sort.timestamp === 'created_time' ? row.createdTime : row.lastEditedTime);
			return (a: RowView, b: RowView) => sign * compareValues(key(a), key(b));
		}
		const name = sort.property;
		const property = typeof name === 'string' ? findProperty(schema, name) : undefined;
		// Notion's words (https://github.com/azu/bluenotiondb/issues/14).
		if (!property) throw validation(`Could not find sort property with name or id: ${String(name)}`);
		const key = (row: RowView) => sortKey(property, row.value(property));
		return (a: RowView, b: RowView) => {
			const x = key(a);
			const y = key(b);
			if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
			return sign * compareValues(x, y);
		};
	});
}

function sortKey(property: PropertySchema, stored: unknown): string | number | null {
	if (property.type === 'date') return dateStart(stored);
	// Select and status sort in the order of their options (https://www.notion.com/help/views-filters-and-sorts).
	if (property.type === 'select' || property.type === 'status') {
		const index = isObject(stored) ? optionsOf(property).findIndex((each) => each.name === stored.name) : -1;
		return index < 0 ? null : index;
	}
	if (property.type === 'checkbox') return stored ? 1 : 0;
	if (property.type === 'formula') return isObject(stored) ? ((stored[stored.type as string] as string | number | null) ?? null) : null;
	const value = scalar(property.type, stored);
	if (Array.isArray(value)) return value.length ? value.join(',') : null;
	if (typeof value === 'string') return value === '' ? null : value.toLowerCase();
	return typeof value === 'number' ? value : null;
}

function compareValues(x: string | number, y: string | number): number {
	return x < y ? -1 : x > y ? 1 : 0;
}
