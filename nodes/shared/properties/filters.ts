/**
 * A builder's filter rows and sorts → the `filter` and `sorts` of POST /v1/data_sources/{id}/query.
 *
 *   FILTER_CONDITIONS                 property type → its conditions (the one table; the editor's
 *                                     condition options come from it)
 *   conditionsFor(type, formulaType?) the conditions of one type ([] for a type that cannot be filtered)
 *   buildFilter(rows, combine)        Built<{filter?, beta?}>: rows joined by `and` or `or`; no rows, no filter
 *   buildSorts(rows)                  Built<sorts[]>: {property|timestamp, direction}
 *   STATUS_GROUP_BETA                 the Notion-Beta header value the status group conditions need
 *
 * A row is {property, type, condition, value?, formulaType?}. The value fits the condition:
 *   text-like (title, rich_text, url, email, phone_number): text
 *   number, unique_id: a number or decimal text (unique_id also "TASK-12")
 *   checkbox: true/false; select, status: one or more option names (comma-separated or a list:
 *     any of them matches); multi_select: the same
 *   status_group_equals / status_group_does_not_equal: a group name (To-do, In progress, Complete).
 *     From Notion-Version 2026-12-01 plain `equals` no longer matches a group name, so group
 *     filters need these conditions, and until then the Notion-Beta header `beta` says
 *   date, created_time, last_edited_time: an ISO date or today, tomorrow, yesterday, one_week_ago,
 *     one_week_from_now, one_month_ago, one_month_from_now; past_week … this_week take no value
 *   people, created_by, last_edited_by: a user ID or "me"; relation: a page ID or link
 *   formula: the conditions of its result type (formulaType: string, number, checkbox, date)
 *   is_empty / is_not_empty take no value
 * created_time and last_edited_time become Notion's timestamp filters, which carry no property name.
 */
import { parseReference } from '../core/reference';
import { built, NOTION_LIMITS, problem, shown, type Built } from './limits';
import { isBlank, parseBoolean, parseList, parseNumber } from './scalars';
import { lookup, typeLabel } from './schema';

export const STATUS_GROUP_BETA = 'status-group-filters-2026-10-06';

const EMPTY = ['is_empty', 'is_not_empty'];
const TEXT = ['equals', 'does_not_equal', 'contains', 'does_not_contain', 'starts_with', 'ends_with', ...EMPTY];
const COMPARE = ['equals', 'does_not_equal', 'greater_than', 'less_than', 'greater_than_or_equal_to', 'less_than_or_equal_to'];
const RELATIVE_DATE = ['past_week', 'past_month', 'past_year', 'this_week', 'next_week', 'next_month', 'next_year'];
const DATE = ['equals', 'before', 'after', 'on_or_before', 'on_or_after', ...EMPTY, ...RELATIVE_DATE];
const CONTAINS = ['contains', 'does_not_contain', ...EMPTY];
const STATUS_GROUP: Record<string, string> = { status_group_equals: 'equals', status_group_does_not_equal: 'does_not_equal' };

/** Which value a condition takes, by property type. */
type ValueKind = 'text' | 'number' | 'unique_id' | 'checkbox' | 'options' | 'date' | 'person' | 'page' | 'none';

const FILTERS: Record<string, { conditions: string[]; kind: ValueKind }> = {
	title: { conditions: TEXT, kind: 'text' },
	rich_text: { conditions: TEXT, kind: 'text' },
	url: { conditions: TEXT, kind: 'text' },
	email: { conditions: TEXT, kind: 'text' },
	phone_number: { conditions: TEXT, kind: 'text' },
	number: { conditions: [...COMPARE, ...EMPTY], kind: 'number' },
	unique_id: { conditions: COMPARE, kind: 'unique_id' },
	checkbox: { conditions: ['equals', 'does_not_equal'], kind: 'checkbox' },
	select: { conditions: ['equals', 'does_not_equal', ...EMPTY], kind: 'options' },
	status: { conditions: ['equals', 'does_not_equal', ...Object.keys(STATUS_GROUP), ...EMPTY], kind: 'options' },
	multi_select: { conditions: CONTAINS, kind: 'options' },
	date: { conditions: DATE, kind: 'date' },
	created_time: { conditions: DATE, kind: 'date' },
	last_edited_time: { conditions: DATE, kind: 'date' },
	people: { conditions: CONTAINS, kind: 'person' },
	created_by: { conditions: CONTAINS, kind: 'person' },
	last_edited_by: { conditions: CONTAINS, kind: 'person' },
	relation: { conditions: CONTAINS, kind: 'page' },
	files: { conditions: EMPTY, kind: 'none' },
};

/** A formula filters by its result type; Notion calls a text result `string`. */
const FORMULA_TYPES: Record<string, string> = { string: 'rich_text', number: 'number', checkbox: 'checkbox', date: 'date' };

/** The conditions table the editor shows: property type → condition values. */
export const FILTER_CONDITIONS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
	Object.entries(FILTERS).map(([type, { conditions }]) => [type, conditions]),
);

const RELATIVE_DATE_VALUES = [
	'today',
	'tomorrow',
	'yesterday',
	'one_week_ago',
	'one_week_from_now',
	'one_month_ago',
	'one_month_from_now',
];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

export interface FilterRow {
	property: string;
	type: string;
	condition: string;
	value?: unknown;
	/** For a formula: the type its result has. */
	formulaType?: string;
}

export interface SortRow {
	/** A property name, or `created_time` / `last_edited_time` with `timestamp: true`. */
	property: string;
	timestamp?: boolean;
	direction?: string;
}

export interface BuiltFilter {
	filter?: Record<string, unknown>;
	/** A Notion-Beta header value the query must send, when a row needs one. */
	beta?: string;
}

export function conditionsFor(type: string, formulaType?: string): readonly string[] {
	if (type === 'formula') {
		const resultType = formulaType === undefined ? undefined : lookup(FORMULA_TYPES, formulaType);
		return resultType ? (lookup(FILTERS, resultType)?.conditions ?? []) : [];
	}
	return lookup(FILTERS, type)?.conditions ?? [];
}

export function buildFilter(rows: FilterRow[], combine: 'and' | 'or'): Built<BuiltFilter> {
	if (rows.length === 0) return built({});
	if (rows.length > NOTION_LIMITS.arrayItems) {
		return problem(`There are ${rows.length} filter conditions; Notion takes at most ${NOTION_LIMITS.arrayItems}.`);
	}
	const filters: Array<Record<string, unknown>> = [];
	let beta: string | undefined;
	for (const row of rows) {
		const filter = buildCondition(row);
		if (!filter.ok) return filter;
		filters.push(filter.value);
		if (lookup(STATUS_GROUP, row.condition)) beta = STATUS_GROUP_BETA;
	}
	return built({ filter: { [combine]: filters }, ...(beta ? { beta } : {}) });
}

/** One row → one property (or timestamp) filter. */
export function buildCondition(row: FilterRow): Built<Record<string, unknown>> {
	const { property, type, condition } = row;
	if (typeof property !== 'string' || property.trim() === '')
		return problem(`A filter needs a property name, not ${shown(property)}.`);
	const where = `The filter on "${property}"`;
	const resultType = type === 'formula' ? lookup(FORMULA_TYPES, row.formulaType ?? '') : type;
	if (!resultType) {
		return problem(`${where} needs the formula's result type: string, number, checkbox or date (got ${shown(row.formulaType)}).`);
	}
	const spec = lookup(FILTERS, resultType);
	if (!spec)
		return problem(`${where}: ${typeLabel(type)} properties (${shown(type)}) cannot be filtered here; use a JSON filter.`);
	if (!spec.conditions.includes(condition)) {
		return problem(
			`${where}: ${shown(condition)} is not a condition for ${typeLabel(type)}. Use one of: ${spec.conditions.join(', ')}.`,
		);
	}
	const value = conditionValue(spec.kind, condition, row.value);
	if (!value.ok) return problem(`${where} (${condition}) ${value.problem}.`);

	const group = lookup(STATUS_GROUP, condition);
	const body = group ? { group: { [group]: value.value } } : { [condition]: value.value };
	if (type === 'created_time' || type === 'last_edited_time') return built({ timestamp: type, [type]: body });
	if (type === 'formula') return built({ property, formula: { [row.formulaType as string]: body } });
	return built({ property, [type]: body });
}

function conditionValue(kind: ValueKind, condition: string, value: unknown): Built<unknown> {
	if (EMPTY.includes(condition)) return built(true);
	if (RELATIVE_DATE.includes(condition)) return built({});
	if (lookup(STATUS_GROUP, condition)) return textValue(value, 'a status group name');
	switch (kind) {
		case 'text':
			return textValue(value, 'text');
		case 'number': {
			const number = parseNumber(value);
			return number.ok ? number : problem(`needs a number, but ${number.problem}`);
		}
		case 'unique_id': {
			// Notion shows a unique ID as PREFIX-12 and filters on the number.
			const digits = typeof value === 'string' ? /^(?:[^-\s]+-)?(\d+)$/.exec(value.trim())?.[1] : undefined;
			const number = parseNumber(digits ?? value);
			return number.ok ? number : problem(`needs an ID number such as 12 or TASK-12, but ${number.problem}`);
		}
		case 'checkbox': {
			const checked = parseBoolean(value);
			return checked.ok ? checked : problem(`needs true or false, but ${checked.problem}`);
		}
		case 'options': {
			const names = parseList(value);
			if (!names.ok || names.value.length === 0) return problem('needs one or more option names');
			return built(names.value.length === 1 ? names.value[0] : names.value);
		}
		case 'date': {
			const text = typeof value === 'string' ? value.trim() : '';
			return ISO_DATE.test(text) || RELATIVE_DATE_VALUES.includes(text)
				? built(text)
				: problem(`needs an ISO date such as 2026-12-31 or one of ${RELATIVE_DATE_VALUES.join(', ')}, but got ${shown(value)}`);
		}
		case 'person': {
			if (typeof value === 'string' && value.trim().toLowerCase() === 'me') return built('me');
			return pageOrUserId(value, 'a user ID or "me"');
		}
		case 'page':
			return pageOrUserId(value, 'a Notion page ID or link');
		default:
			return problem('takes no value');
	}
}

function textValue(value: unknown, what: string): Built<unknown> {
	if (isBlank(value) || (typeof value !== 'string' && typeof value !== 'number'))
		return problem(`needs ${what}, but got ${shown(value)}`);
	return built(String(value));
}

function pageOrUserId(value: unknown, what: string): Built<unknown> {
	const reference = parseReference(typeof value === 'string' ? value : undefined);
	return reference.ok ? built(reference.reference.id) : problem(`needs ${what}, but got ${shown(value)}`);
}

export function buildSorts(rows: SortRow[]): Built<Array<Record<string, string>>> {
	const sorts: Array<Record<string, string>> = [];
	for (const row of rows) {
		if (typeof row.property !== 'string' || row.property.trim() === '')
			return problem(`A sort needs a property name, not ${shown(row.property)}.`);
		const direction = row.direction ?? 'ascending';
		if (direction !== 'ascending' && direction !== 'descending') {
			return problem(`The sort on "${row.property}" needs the direction ascending or descending, not ${shown(direction)}.`);
		}
		if (row.timestamp && row.property !== 'created_time' && row.property !== 'last_edited_time') {
			return problem(`A timestamp sort is on created_time or last_edited_time, not ${shown(row.property)}.`);
		}
		sorts.push({ [row.timestamp ? 'timestamp' : 'property']: row.property, direction });
	}
	return built(sorts);
}
