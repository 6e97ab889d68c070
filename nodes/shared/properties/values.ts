/**
 * A builder's field value for a property of a given Notion type → the property value JSON that
 * POST /v1/pages and PATCH /v1/pages/{id} take in `properties`.
 *
 *   buildPropertyValue(name, type, value)  Built<{[type]: …}>, e.g. {number: 12}
 *   buildProperties(fields)                Built<properties object> for [{name, type, value}, …]
 *   WRITABLE_TYPES                         the types this builds (the one table: VALUE_BUILDERS)
 *
 * Values are taken as n8n gives them: text, numbers, booleans, arrays, and comma-separated text
 * for multi_select, people and relation. Per type:
 *   title, rich_text   any text (numbers and booleans as their text); over 2,000 characters it is
 *                      split into several rich text elements, never cut; over 100 elements: problem
 *   number             a number or decimal text; blank clears it
 *   checkbox           true/false or the text "true"/"false"
 *   url, email,        text up to 2,000 / 200 / 200 characters; blank clears it
 *   phone_number
 *   select, status     an option name (no comma: Notion forbids them); blank clears a select (a
 *                      status cannot be cleared)
 *   multi_select       option names, at most 100
 *   date               an ISO date or date-time, or {start, end?, includeTime?, timeZone?}; blank
 *                      clears it. includeTime false keeps only the date. With a time zone, a time
 *                      that carries an offset is converted to that zone's wall time, and Notion is
 *                      told the zone (its docs: with time_zone, start and end carry no offset)
 *   people, relation   ids (relation also takes Notion page links), at most 100
 *   files              URLs, or [{url, name?}], at most 100; each URL at most 2,000 characters
 * Notion's own shapes from a previous step are taken too: [{id}] for people and relation,
 * {start, end, time_zone} for a date, [{name, external: {url}}] for files.
 * Every problem names the property (and the value where one is at fault).
 */
import { parseReference } from '../core/reference';
import { built, NOTION_LIMITS, problem, shown, type Built } from './limits';
import { richText } from './richText';
import { isBlank, parseBoolean, parseList, parseNumber } from './scalars';
import { lookup, PROPERTY_TYPES, typeLabel } from './schema';

export interface DateValue {
	start: unknown;
	end?: unknown;
	/** Default true. False sends the date part only. */
	includeTime?: boolean;
	/** An IANA zone, e.g. Europe/Berlin. Blank: the value is sent as given. */
	timeZone?: string;
}

export interface FileValue {
	url: unknown;
	name?: unknown;
}

export interface PropertyField {
	name: string;
	type: string;
	value: unknown;
}

type ValueBuilder = (value: unknown, name: string) => Built<unknown>;

const VALUE_BUILDERS: Record<string, ValueBuilder> = {
	title: (value, name) => text(value, name),
	rich_text: (value, name) => text(value, name),
	number: (value, name) => {
		if (isBlank(value)) return built(null);
		const number = parseNumber(value);
		return number.ok ? number : problem(`The property "${name}" needs a number, but ${number.problem}.`);
	},
	checkbox: (value, name) => {
		const checked = parseBoolean(value);
		return checked.ok ? checked : problem(`The property "${name}" needs true or false, but ${checked.problem}.`);
	},
	url: (value, name) => limitedText(value, name, NOTION_LIMITS.urlChars),
	email: (value, name) => limitedText(value, name, NOTION_LIMITS.emailChars),
	phone_number: (value, name) => limitedText(value, name, NOTION_LIMITS.phoneChars),
	select: (value, name) => {
		if (isBlank(value)) return built(null);
		return optionName(value, name);
	},
	status: (value, name) => {
		if (isBlank(value)) return problem(`The property "${name}" needs a status name; Notion cannot clear a status.`);
		return optionName(value, name);
	},
	multi_select: (value, name) => {
		const names = list(value, name);
		return names.ok ? built(names.value.map((option) => ({ name: option }))) : names;
	},
	people: (value, name) => ids(value, name, 'a user ID'),
	relation: (value, name) => ids(value, name, 'a Notion page ID or link'),
	date: (value, name) => date(value, name),
	files: (value, name) => files(value, name),
};

export const WRITABLE_TYPES: readonly string[] = Object.keys(VALUE_BUILDERS);

export function buildPropertyValue(name: string, type: string, value: unknown): Built<Record<string, unknown>> {
	const builder = lookup(VALUE_BUILDERS, type);
	if (!builder) {
		return problem(
			lookup(PROPERTY_TYPES, type)
				? `The property "${name}" is a ${typeLabel(type)} property, which Notion fills in itself: it cannot be set.`
				: `The property "${name}" has the type ${shown(type)}, which this node cannot set.`,
		);
	}
	const result = builder(value, name);
	return result.ok ? built({ [type]: result.value }) : result;
}

/** All fields of one item. Two fields for the same property are a problem, not a silent overwrite. */
export function buildProperties(fields: PropertyField[]): Built<Record<string, unknown>> {
	const properties = new Map<string, unknown>();
	for (const field of fields) {
		if (properties.has(field.name)) return problem(`The property "${field.name}" is set twice.`);
		const value = buildPropertyValue(field.name, field.type, field.value);
		if (!value.ok) return value;
		properties.set(field.name, value.value);
	}
	// fromEntries defines own properties, so a property named __proto__ stays a plain key.
	return built(Object.fromEntries(properties));
}

function text(value: unknown, name: string): Built<unknown> {
	if (isBlank(value)) return built([]);
	if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
		return problem(`The property "${name}" needs text, but got ${shown(value)}.`);
	}
	const elements = richText(String(value));
	return elements.length > NOTION_LIMITS.arrayItems
		? problem(
				`The text for the property "${name}" is ${String(value).length} characters long; Notion takes at most ${NOTION_LIMITS.arrayItems} pieces of ${NOTION_LIMITS.richTextChars} characters.`,
			)
		: built(elements);
}

function limitedText(value: unknown, name: string, max: number): Built<unknown> {
	if (isBlank(value)) return built(null);
	if (typeof value !== 'string' && typeof value !== 'number') {
		return problem(`The property "${name}" needs text, but got ${shown(value)}.`);
	}
	const textValue = String(value).trim();
	return textValue.length > max
		? problem(`The value for the property "${name}" is ${textValue.length} characters long; Notion takes at most ${max}.`)
		: built(textValue);
}

function optionName(value: unknown, name: string): Built<unknown> {
	if (typeof value !== 'string' && typeof value !== 'number') {
		return problem(`The property "${name}" needs an option name, but got ${shown(value)}.`);
	}
	const option = String(value).trim();
	// Notion refuses commas in option names; saying so here beats its validation error.
	return option.includes(',')
		? problem(
				`The property "${name}" takes one option, but ${shown(option)} holds a comma, which Notion does not allow in option names.`,
			)
		: built({ name: option });
}

function list(value: unknown, name: string): Built<string[]> {
	const entries = parseList(value);
	if (!entries.ok) return problem(`The property "${name}" needs a list, but ${entries.problem}.`);
	return entries.value.length > NOTION_LIMITS.arrayItems
		? problem(`The property "${name}" has ${entries.value.length} entries; Notion takes at most ${NOTION_LIMITS.arrayItems}.`)
		: entries;
}

function ids(value: unknown, name: string, what: string): Built<unknown> {
	// Notion's own output is [{id}, …]: a previous Notion step's people or relation can be passed on as is.
	const entries = list(
		Array.isArray(value) ? value.map((entry) => (isObject(entry) && typeof entry.id === 'string' ? entry.id : entry)) : value,
		name,
	);
	if (!entries.ok) return entries;
	const result: Array<{ id: string }> = [];
	for (const entry of entries.value) {
		const reference = parseReference(entry);
		if (!reference.ok) return problem(`The property "${name}" needs ${what}, but got ${shown(entry)}.`);
		result.push({ id: reference.reference.id });
	}
	return built(result);
}

function files(value: unknown, name: string): Built<unknown> {
	const entries: FileValue[] = [];
	if (Array.isArray(value) && value.some(isObject)) {
		// [{url, name}] from a field, or Notion's own [{name, external: {url}}] from a previous step.
		for (const entry of value) {
			entries.push(
				isObject(entry)
					? { url: entry.url ?? (isObject(entry.external) ? entry.external.url : undefined), name: entry.name }
					: { url: entry },
			);
		}
	} else {
		const urls = parseList(value);
		if (!urls.ok) return problem(`The property "${name}" needs file URLs, but ${urls.problem}.`);
		entries.push(...urls.value.map((url) => ({ url })));
	}
	if (entries.length > NOTION_LIMITS.arrayItems) {
		return problem(`The property "${name}" has ${entries.length} files; Notion takes at most ${NOTION_LIMITS.arrayItems}.`);
	}
	const result = [];
	for (const entry of entries) {
		const url = typeof entry.url === 'string' ? entry.url.trim() : '';
		if (!/^https?:\/\/\S+$/i.test(url))
			return problem(`The property "${name}" needs file URLs (http or https), but got ${shown(entry.url)}.`);
		if (url.length > NOTION_LIMITS.urlChars) {
			return problem(
				`A file URL for the property "${name}" is ${url.length} characters long; Notion takes at most ${NOTION_LIMITS.urlChars}.`,
			);
		}
		const fileName = typeof entry.name === 'string' && entry.name.trim() !== '' ? entry.name.trim() : lastPathSegment(url);
		result.push({ name: fileName, type: 'external', external: { url } });
	}
	return built(result);
}

// ISO 8601 as n8n's date fields, Luxon and JavaScript's toISOString write it; a space may stand for T.
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

function date(value: unknown, name: string): Built<unknown> {
	if (value instanceof Date) return date(Number.isNaN(value.getTime()) ? String(value) : value.toISOString(), name);
	if (isObject(value) && !Object.prototype.hasOwnProperty.call(value, 'start')) {
		return problem(`The property "${name}" needs a date or {start, end}, but got ${shown(value)}.`);
	}
	const input: DateValue = isObject(value)
		? {
				start: value.start,
				end: value.end,
				// An expression may hand over the text "false".
				includeTime: !(value.includeTime === false || value.includeTime === 'false'),
				// time_zone: Notion's own date object, passed on from a previous step.
				timeZone: [value.timeZone, value.time_zone].find((zone): zone is string => typeof zone === 'string'),
			}
		: { start: value };
	if (isBlank(input.start)) {
		return isBlank(input.end) ? built(null) : problem(`The property "${name}" has an end date but no start date.`);
	}
	const includeTime = input.includeTime !== false;
	const timeZone = typeof input.timeZone === 'string' && input.timeZone.trim() !== '' ? input.timeZone.trim() : undefined;
	if (timeZone && !isTimeZone(timeZone)) {
		return problem(
			`The property "${name}" has the time zone ${shown(timeZone)}, which is not an IANA time zone such as Europe/Berlin.`,
		);
	}
	const start = dateText(input.start, includeTime, timeZone);
	if (start === undefined)
		return problem(
			`The property "${name}" needs an ISO date such as 2026-12-31 or 2026-12-31T09:30, but got ${shown(input.start)}.`,
		);
	let end: string | null = null;
	if (!isBlank(input.end)) {
		const parsed = dateText(input.end, includeTime, timeZone);
		if (parsed === undefined) return problem(`The property "${name}" needs an ISO end date, but got ${shown(input.end)}.`);
		end = parsed;
	}
	// Notion's docs: time_zone goes with date-times only, and then without an offset.
	const zoned = timeZone !== undefined && includeTime && start.includes('T');
	return built({ start, end, ...(zoned ? { time_zone: timeZone } : {}) });
}

/** The date as Notion should get it, or undefined when it is not an ISO date. */
function dateText(value: unknown, includeTime: boolean, timeZone: string | undefined): string | undefined {
	if (typeof value !== 'string') return undefined;
	const match = ISO_DATE.exec(value.trim());
	if (!match) return undefined;
	const [, day, time] = match;
	// "+0100" → "+01:00", the form Notion's own answers use.
	const offset = match[3]?.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2').toUpperCase();
	// Date.parse would roll 2026-02-30 over into March: the day must survive the round trip.
	const midnight = Date.parse(`${day}T00:00Z`);
	if (Number.isNaN(midnight) || new Date(midnight).toISOString().slice(0, 10) !== day) return undefined;
	if (time && Number.isNaN(Date.parse(`${day}T${time}${offset ?? 'Z'}`))) return undefined;
	if (!time) return day;
	if (!timeZone) return includeTime ? `${day}T${time}${offset ?? ''}` : day;
	// With a zone: a wall time stays as written; an instant (with an offset) becomes that zone's wall time.
	const wall = offset ? wallTime(Date.parse(`${day}T${time}${offset}`), timeZone) : `${day}T${time}`;
	return includeTime ? wall : wall.slice(0, 10);
}

function wallTime(instant: number, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(instant));
	const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '00';
	return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}`;
}

function isTimeZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
		return true;
	} catch {
		return false;
	}
}

function lastPathSegment(url: string): string {
	try {
		const segment = new URL(url).pathname.split('/').filter(Boolean).pop();
		return segment ? decodeURIComponent(segment) : url;
	} catch {
		return url;
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
