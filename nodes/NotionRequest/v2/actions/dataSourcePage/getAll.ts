// Data source page → Get Many: the pages of a data source, filtered (built in the editor, or JSON),
// sorted, Return All or Limit, simplified. One query walk per item; relations that say has_more are
// read completely (relations.ts). On Notion-Version 2026-12-01 and later a query returns only the
// title unless `filter_properties` names the others, so every property of the schema is named.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FIRST_TITLE_ONLY_QUERY_VERSION, filterPropertiesQuery } from '../../../../shared/core/notion';
import type { NotionReference } from '../../../../shared/core/types';
import { buildFilter, buildSorts, FILTER_CONDITIONS, type FilterRow, STATUS_GROUP_BETA } from '../../../../shared/properties/filters';
import { shown } from '../../../../shared/properties/limits';
import { lookup, PROPERTY_TYPES, type Schema, splitPropertyKey } from '../../../../shared/properties/schema';
import { objectField, paginationFields, readObject, readPagination, readSimplify, simplifyField } from '../common';
import type { Notion } from '../notion';
import { operation } from '../operation';
import type { Pagination } from '../../../pagination';
import { pageOutput } from './create';
import { completeRelations, MAX_RELATION_CALLS_PER_ITEM } from './relations';

const EMPTY = ['is_empty', 'is_not_empty'];
const RELATIVE = ['next_month', 'next_week', 'next_year', 'past_month', 'past_week', 'past_year', 'this_week'];
const FORMULA_TYPES = ['checkbox', 'date', 'number', 'string'];
const TEXT_TYPES = ['email', 'phone_number', 'rich_text', 'title', 'url'];

function conditionName(condition: string): string {
	return condition
		.split('_')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}

function conditionField(conditions: readonly string[], show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Condition',
		name: 'condition',
		type: 'options',
		options: conditions.map((value) => ({ name: conditionName(value), value })).sort((a, b) => a.name.localeCompare(b.name)),
		default: '',
		displayOptions: { show },
		description: 'The condition to filter by',
	};
}

/** The condition fields: one per property type (and per formula result type), from filters.ts's one table. */
const CONDITION_FIELDS: INodeProperties[] = [
	...Object.entries(FILTER_CONDITIONS).map(([type, conditions]) => conditionField(conditions, { type: [type] })),
	...FORMULA_TYPES.map((returnType) =>
		conditionField(FILTER_CONDITIONS[returnType === 'string' ? 'rich_text' : returnType], { type: ['formula'], returnType: [returnType] }),
	),
];

const hideEmpty = { condition: EMPTY };

export const filterFields: INodeProperties[] = [
	{
		displayName: 'Filter',
		name: 'filterType',
		type: 'options',
		options: [
			{ name: 'Build Manually', value: 'manual' },
			{ name: 'JSON', value: 'json' },
			{ name: 'None', value: 'none' },
		],
		default: 'none',
	},
	{
		displayName: 'Must Match',
		name: 'matchType',
		type: 'options',
		options: [
			{ name: 'All Conditions', value: 'allConditions' },
			{ name: 'Any Condition', value: 'anyConditions' },
		],
		displayOptions: { show: { filterType: ['manual'] } },
		default: 'anyConditions',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		displayOptions: { show: { filterType: ['manual'] } },
		default: {},
		placeholder: 'Add Condition',
		options: [
			{
				displayName: 'Conditions',
				name: 'conditions',
				values: [
					{
						displayName: 'Checked',
						name: 'checkboxValue',
						type: 'boolean',
						default: false,
						displayOptions: { show: { type: ['checkbox'] } },
						description: 'Whether the checkbox is checked',
					},
					{
						displayName: 'Checked',
						name: 'checkboxValue',
						type: 'boolean',
						default: false,
						displayOptions: { show: { type: ['formula'], returnType: ['checkbox'] } },
						description: 'Whether the formula is true',
					},
					...CONDITION_FIELDS,
					{
						displayName: 'Date',
						name: 'dateValue',
						type: 'string',
						default: '',
						description: 'An ISO 8601 date, or today, tomorrow, yesterday, one_week_ago, one_week_from_now, one_month_ago, one_month_from_now',
						displayOptions: { show: { type: ['created_time', 'date', 'last_edited_time'] }, hide: { condition: [...EMPTY, ...RELATIVE] } },
					},
					{
						displayName: 'Date',
						name: 'dateValue',
						type: 'string',
						default: '',
						description: 'An ISO 8601 date, or today, tomorrow, yesterday, one_week_ago, one_week_from_now, one_month_ago, one_month_from_now',
						displayOptions: { show: { type: ['formula'], returnType: ['date'] }, hide: { condition: [...EMPTY, ...RELATIVE] } },
					},
					{
						displayName: 'Formula Return Type',
						name: 'returnType',
						type: 'options',
						displayOptions: { show: { type: ['formula'] } },
						options: FORMULA_TYPES.map((type) => ({ name: conditionName(type), value: type })),
						default: 'string',
					},
					{
						displayName: 'Number',
						name: 'numberValue',
						type: 'number',
						default: 0,
						displayOptions: { show: { type: ['number', 'unique_id'] }, hide: hideEmpty },
					},
					{
						displayName: 'Number',
						name: 'numberValue',
						type: 'number',
						default: 0,
						displayOptions: { show: { type: ['formula'], returnType: ['number'] }, hide: hideEmpty },
					},
					{
						displayName: 'Option Name(s)',
						name: 'optionValue',
						type: 'string',
						default: '',
						description: 'An option name (for a status group condition, a group name). Several, separated by commas, match any of them.',
						displayOptions: { show: { type: ['multi_select', 'select', 'status'] }, hide: hideEmpty },
					},
					{
						displayName: 'Property Name or ID',
						name: 'key',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getFilterProperties', loadOptionsDependsOn: ['dataSourceId'] },
						default: '',
						description:
							'The property to filter by. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Relation Page ID',
						name: 'relationValue',
						type: 'string',
						default: '',
						description: 'A page ID or link',
						displayOptions: { show: { type: ['relation'] }, hide: hideEmpty },
					},
					{
						displayName: 'Text',
						name: 'richTextValue',
						type: 'string',
						default: '',
						displayOptions: { show: { type: TEXT_TYPES }, hide: hideEmpty },
					},
					{
						displayName: 'Text',
						name: 'richTextValue',
						type: 'string',
						default: '',
						displayOptions: { show: { type: ['formula'], returnType: ['string'] }, hide: hideEmpty },
					},
					{ displayName: 'Type', name: 'type', type: 'hidden', default: '={{$parameter["&key"].split("|").pop()}}' },
					{
						displayName: 'User ID or Me',
						name: 'peopleValue',
						type: 'string',
						default: '',
						displayOptions: { show: { type: ['created_by', 'last_edited_by', 'people'] }, hide: hideEmpty },
					},
				],
			},
		],
	},
	{
		displayName: 'Filters (JSON)',
		name: 'filterJson',
		type: 'json',
		typeOptions: { rows: 8 },
		default: '{}',
		displayOptions: { show: { filterType: ['json'] } },
		description: 'A Notion filter object, as in <a href="https://developers.notion.com/reference/filter-data-source-entries">Notion\'s guide</a>',
	},
];

/** The Sort option (options.sort.sortValue, as n8n's node has it): it lives in the node's Options collection. */
export const sortOption: INodeProperties = {
	displayName: 'Sort',
	name: 'sort',
	placeholder: 'Add Sort',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	displayOptions: { show: { '/resource': ['dataSourcePage'], '/operation': ['getAll'] } },
	description: 'How Get Many sorts the pages',
	options: [
		{
			displayName: 'Sort',
			name: 'sortValue',
			values: [
				{
					displayName: 'Direction',
					name: 'direction',
					type: 'options',
					options: [
						{ name: 'Ascending', value: 'ascending' },
						{ name: 'Descending', value: 'descending' },
					],
					default: 'ascending',
					description: 'The direction to sort',
				},
				{
					displayName: 'Property Name or ID',
					name: 'key',
					type: 'options',
					displayOptions: { show: { timestamp: [false] } },
					typeOptions: { loadOptionsMethod: 'getFilterProperties', loadOptionsDependsOn: ['dataSourceId'] },
					default: '',
					description:
						'The property to sort by. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Property Name',
					name: 'key',
					type: 'options',
					options: [
						{ name: 'Created Time', value: 'created_time' },
						{ name: 'Last Edited Time', value: 'last_edited_time' },
					],
					displayOptions: { show: { timestamp: [true] } },
					default: 'created_time',
					description: 'The timestamp to sort by',
				},
				{
					displayName: 'Timestamp',
					name: 'timestamp',
					type: 'boolean',
					default: false,
					description: "Whether to sort by the page's created or last edited time",
				},
			],
		},
	],
};

/** A filter row before the schema is known: its type may come from the schema (a key without one). */
interface ConditionRow {
	name: string;
	type: string;
	fields: IDataObject;
}

type FilterPlan = { kind: 'none' } | { kind: 'json'; filter: IDataObject } | { kind: 'manual'; combine: 'and' | 'or'; rows: ConditionRow[] };

interface Plan {
	reference: NotionReference;
	filter: FilterPlan;
	sorts: Array<Record<string, string>>;
	pagination: Pagination;
	simple: boolean;
}

function readFilter(ctx: IExecuteFunctions, itemIndex: number): FilterPlan {
	const filterType = ctx.getNodeParameter('filterType', itemIndex, 'none');
	if (filterType === 'none') return { kind: 'none' };
	if (filterType === 'json') {
		const given = ctx.getNodeParameter('filterJson', itemIndex, '{}');
		const filter = typeof given === 'string' ? parseObject(given) : given;
		if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
			throw new Error('Filters (JSON): expected a Notion filter object, such as {"property": "Done", "checkbox": {"equals": true}}.');
		}
		return { kind: 'json', filter: filter as IDataObject };
	}
	if (filterType !== 'manual') throw new Error(`Filter: ${shown(filterType)} is not none, manual or json.`);
	const matchType = ctx.getNodeParameter('matchType', itemIndex, 'anyConditions');
	// n8n's own node says anyFilter / allFilters: a workflow copied from it works too.
	const combine = matchType === 'allConditions' || matchType === 'allFilters' ? 'and' : matchType === 'anyConditions' || matchType === 'anyFilter' ? 'or' : undefined;
	if (!combine) throw new Error(`Must Match: ${shown(matchType)} is not anyConditions or allConditions.`);
	const collection = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject | undefined;
	const conditions = Array.isArray(collection?.conditions) ? (collection.conditions as IDataObject[]) : [];
	const rows = conditions.map((fields, index): ConditionRow => {
		if (typeof fields.key !== 'string' || fields.key.trim() === '') throw new Error(`Filters: condition ${index + 1} has no property picked.`);
		const { name, type } = splitPropertyKey(fields.key.trim());
		return { name, type: lookup(PROPERTY_TYPES, type) ? type : '', fields };
	});
	const plan: FilterPlan = { kind: 'manual', combine, rows };
	// A row whose type is known is checked now: bad input is named before anything is sent.
	const typed = rows.filter((row) => row.type !== '');
	const checked = buildFilter(typed.map(filterRow), combine);
	if (!checked.ok) throw new Error(`Filters: ${checked.problem}`);
	return plan;
}

/** The value field a condition of this type shows. */
function filterRow(row: ConditionRow): FilterRow {
	const { fields, type } = row;
	const resultType = type === 'formula' ? (fields.returnType as string | undefined) : type;
	const value = (() => {
		switch (resultType) {
			case 'checkbox':
				return fields.checkboxValue ?? false;
			case 'number':
			case 'unique_id':
				return fields.numberValue;
			case 'date':
			case 'created_time':
			case 'last_edited_time':
				return fields.dateValue;
			case 'select':
			case 'status':
			case 'multi_select':
				return fields.optionValue;
			case 'people':
			case 'created_by':
			case 'last_edited_by':
				return fields.peopleValue;
			case 'relation':
				return fields.relationValue;
			default:
				return fields.richTextValue;
		}
	})();
	return { property: row.name, type, condition: fields.condition as string, value, formulaType: type === 'formula' ? (fields.returnType as string | undefined) : undefined };
}

function readSorts(ctx: IExecuteFunctions, itemIndex: number): Array<Record<string, string>> {
	const options = (ctx.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject;
	const sortValue = (options.sort as IDataObject | undefined)?.sortValue;
	const rows = Array.isArray(sortValue) ? (sortValue as IDataObject[]) : [];
	const sorts = buildSorts(
		rows.map((row) => ({
			property: typeof row.key === 'string' ? splitPropertyKey(row.key).name : '',
			timestamp: row.timestamp === true,
			direction: (row.direction as string | undefined) || 'ascending',
		})),
	);
	if (!sorts.ok) throw new Error(`Sort: ${sorts.problem}`);
	return sorts.value;
}

function parseObject(text: string): unknown {
	try {
		return JSON.parse(text.trim() === '' ? '{}' : text) as unknown;
	} catch {
		return undefined;
	}
}

/** The query's filter, and a Notion-Beta header when a status group condition needs one on this version. */
function queryFilter(plan: FilterPlan, schema: Schema | undefined, notionVersion: string): { filter?: IDataObject; headers?: Record<string, string> } {
	if (plan.kind === 'none') return {};
	if (plan.kind === 'json') return Object.keys(plan.filter).length === 0 ? {} : { filter: plan.filter };
	const rows = plan.rows.map((row) => {
		if (row.type) return row;
		const type = schema?.get(row.name)?.type;
		if (!type) throw new Error(`Filters: the data source has no property "${row.name}".`);
		return { ...row, type };
	});
	const built = buildFilter(rows.map(filterRow), plan.combine);
	if (!built.ok) throw new Error(`Filters: ${built.problem}`);
	const beta = built.value.beta && notionVersion < FIRST_TITLE_ONLY_QUERY_VERSION ? { 'Notion-Beta': STATUS_GROUP_BETA } : undefined;
	return { ...(built.value.filter ? { filter: built.value.filter as IDataObject } : {}), ...(beta ? { headers: beta } : {}) };
}

/** `filter_properties=…` for every property of the schema. */
function allProperties(schema: Schema): string {
	return filterPropertiesQuery([...schema.values()].map((property) => property.id ?? property.name));
}

async function query(plan: Plan, notion: Notion): Promise<IDataObject[]> {
	const { reference, filter, sorts, pagination } = plan;
	const version = notion.transport.notionVersion;
	const selective = version >= FIRST_TITLE_ONLY_QUERY_VERSION;
	const needsSchema = selective || (filter.kind === 'manual' && filter.rows.some((row) => row.type === ''));
	const schema = needsSchema ? await notion.schema(reference.id) : undefined;
	const { filter: built, headers } = queryFilter(filter, schema, version);
	const path = `/v1/data_sources/${reference.id}/query${selective && schema && schema.size > 0 ? `?${allProperties(schema)}` : ''}`;
	return await notion.list(
		{ method: 'POST', path, body: { ...(built ? { filter: built } : {}), ...(sorts.length ? { sorts } : {}) }, ...(headers ? { headers } : {}) },
		pagination,
	);
}

export const getAll = operation<Plan>({
	resource: 'dataSourcePage',
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many data source pages',
	description: 'Get the pages of a data source, filtered and sorted',
	fields: [objectField('data_source', 'dataSourceId'), ...paginationFields, ...filterFields, simplifyField],
	writes: false,
	plan: (ctx, itemIndex) => ({
		reference: readObject(ctx, itemIndex, 'dataSourceId', 'data_source'),
		filter: readFilter(ctx, itemIndex),
		sorts: readSorts(ctx, itemIndex),
		pagination: readPagination(ctx, itemIndex),
		simple: readSimplify(ctx, itemIndex),
	}),
	async perform(plan, notion) {
		const pages = await notion.dataSource(plan.reference, async (id) => await query({ ...plan, reference: { ...plan.reference, id } }, notion));
		const fetched = pages.length;
		const items: IDataObject[] = [];
		const budget = { calls: MAX_RELATION_CALLS_PER_ITEM };
		for (const page of pages) items.push(pageOutput(await completeRelations(page, notion, budget), plan.simple));
		return { items, response: items, fetched };
	},
});
