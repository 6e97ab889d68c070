import {
	buildCondition,
	buildFilter,
	buildSorts,
	conditionsFor,
	FILTER_CONDITIONS,
	STATUS_GROUP_BETA,
	type FilterRow,
} from '../../../nodes/shared/properties/filters';

const PAGE = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const PAGE_DASHED = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

function condition(row: FilterRow) {
	const result = buildCondition(row);
	if (!result.ok) throw new Error(result.problem);
	return result.value;
}

function problemOf(row: FilterRow): string {
	const result = buildCondition(row);
	if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.value)}`);
	return result.problem;
}

describe('filter builder', () => {
	it('has one conditions table covering every filterable type', () => {
		expect(Object.keys(FILTER_CONDITIONS).sort()).toEqual([
			'checkbox',
			'created_by',
			'created_time',
			'date',
			'email',
			'files',
			'last_edited_by',
			'last_edited_time',
			'multi_select',
			'number',
			'people',
			'phone_number',
			'relation',
			'rich_text',
			'select',
			'status',
			'title',
			'unique_id',
			'url',
		]);
		expect(FILTER_CONDITIONS.rich_text).toEqual([
			'equals',
			'does_not_equal',
			'contains',
			'does_not_contain',
			'starts_with',
			'ends_with',
			'is_empty',
			'is_not_empty',
		]);
		expect(FILTER_CONDITIONS.status).toEqual(expect.arrayContaining(['status_group_equals', 'status_group_does_not_equal']));
		expect(FILTER_CONDITIONS.date).toEqual(expect.arrayContaining(['past_week', 'this_week', 'next_month']));
		expect(conditionsFor('formula', 'string')).toEqual(FILTER_CONDITIONS.rich_text);
		expect(conditionsFor('formula')).toEqual([]);
		expect(conditionsFor('rollup')).toEqual([]);
		expect(conditionsFor('constructor')).toEqual([]);
	});

	it.each([
		['title', 'contains', 'Plan', { property: 'P', title: { contains: 'Plan' } }],
		['rich_text', 'starts_with', 'A', { property: 'P', rich_text: { starts_with: 'A' } }],
		['rich_text', 'is_empty', undefined, { property: 'P', rich_text: { is_empty: true } }],
		['url', 'ends_with', '.com', { property: 'P', url: { ends_with: '.com' } }],
		['email', 'equals', 'a@b.c', { property: 'P', email: { equals: 'a@b.c' } }],
		['phone_number', 'does_not_contain', 123, { property: 'P', phone_number: { does_not_contain: '123' } }],
		['number', 'greater_than', '10', { property: 'P', number: { greater_than: 10 } }],
		['number', 'is_not_empty', undefined, { property: 'P', number: { is_not_empty: true } }],
		['unique_id', 'equals', 'TASK-12', { property: 'P', unique_id: { equals: 12 } }],
		['checkbox', 'equals', 'true', { property: 'P', checkbox: { equals: true } }],
		['checkbox', 'does_not_equal', false, { property: 'P', checkbox: { does_not_equal: false } }],
		['select', 'equals', 'Bug', { property: 'P', select: { equals: 'Bug' } }],
		['select', 'does_not_equal', 'Bug, Chore', { property: 'P', select: { does_not_equal: ['Bug', 'Chore'] } }],
		['multi_select', 'contains', ['a', 'b'], { property: 'P', multi_select: { contains: ['a', 'b'] } }],
		['status', 'equals', 'Done', { property: 'P', status: { equals: 'Done' } }],
		['status', 'is_empty', undefined, { property: 'P', status: { is_empty: true } }],
		['date', 'on_or_after', '2026-12-01', { property: 'P', date: { on_or_after: '2026-12-01' } }],
		['date', 'before', 'one_week_from_now', { property: 'P', date: { before: 'one_week_from_now' } }],
		['date', 'past_week', undefined, { property: 'P', date: { past_week: {} } }],
		['date', 'this_week', 'ignored', { property: 'P', date: { this_week: {} } }],
		['people', 'contains', 'me', { property: 'P', people: { contains: 'me' } }],
		['created_by', 'does_not_contain', PAGE, { property: 'P', created_by: { does_not_contain: PAGE_DASHED } }],
		['relation', 'contains', `https://www.notion.so/ws/Page-${PAGE}`, { property: 'P', relation: { contains: PAGE_DASHED } }],
		['files', 'is_not_empty', undefined, { property: 'P', files: { is_not_empty: true } }],
		[
			'created_time',
			'after',
			'2026-01-01T00:00:00Z',
			{ timestamp: 'created_time', created_time: { after: '2026-01-01T00:00:00Z' } },
		],
		['last_edited_time', 'past_month', undefined, { timestamp: 'last_edited_time', last_edited_time: { past_month: {} } }],
	])('%s %s %p', (type, condition_, value, expected) => {
		expect(condition({ property: 'P', type, condition: condition_, value })).toEqual(expected);
	});

	it('filters a formula by its result type', () => {
		expect(condition({ property: 'F', type: 'formula', formulaType: 'number', condition: 'less_than', value: 3 })).toEqual({
			property: 'F',
			formula: { number: { less_than: 3 } },
		});
		expect(condition({ property: 'F', type: 'formula', formulaType: 'string', condition: 'contains', value: 'x' })).toEqual({
			property: 'F',
			formula: { string: { contains: 'x' } },
		});
		expect(problemOf({ property: 'F', type: 'formula', condition: 'equals', value: 1 })).toContain('result type');
		expect(problemOf({ property: 'F', type: 'formula', formulaType: 'checkbox', condition: 'contains', value: 1 })).toContain(
			'"contains"',
		);
	});

	it('builds status group filters and says which beta header they need', () => {
		const result = buildFilter(
			[{ property: 'Stage', type: 'status', condition: 'status_group_equals', value: 'Complete' }],
			'and',
		);
		expect(result).toEqual({
			ok: true,
			value: { filter: { and: [{ property: 'Stage', status: { group: { equals: 'Complete' } } }] }, beta: STATUS_GROUP_BETA },
		});
		expect(STATUS_GROUP_BETA).toBe('status-group-filters-2026-10-06');
		const plain = buildFilter([{ property: 'Stage', type: 'status', condition: 'equals', value: 'Done' }], 'and');
		expect(plain).toEqual({ ok: true, value: { filter: { and: [{ property: 'Stage', status: { equals: 'Done' } }] } } });
	});

	it('joins rows with AND or OR, and builds no filter from no rows', () => {
		const rows: FilterRow[] = [
			{ property: 'Done', type: 'checkbox', condition: 'equals', value: true },
			{ property: 'Score', type: 'number', condition: 'greater_than_or_equal_to', value: 5 },
		];
		expect(buildFilter(rows, 'and')).toEqual({
			ok: true,
			value: {
				filter: {
					and: [
						{ property: 'Done', checkbox: { equals: true } },
						{ property: 'Score', number: { greater_than_or_equal_to: 5 } },
					],
				},
			},
		});
		const or = buildFilter(rows, 'or');
		expect(or.ok && Object.keys(or.value.filter ?? {})).toEqual(['or']);
		expect(buildFilter([], 'and')).toEqual({ ok: true, value: {} });
		const many = Array.from({ length: 101 }, () => rows[0]);
		expect(buildFilter(many, 'or')).toMatchObject({ ok: false, problem: expect.stringContaining('101 filter conditions') });
		expect(buildFilter(many.slice(0, 100), 'or').ok).toBe(true);
	});

	it('names the property, the condition and the value when a row is wrong', () => {
		expect(problemOf({ property: 'Tags', type: 'multi_select', condition: 'equals', value: 'a' })).toMatch(
			/"Tags".*"equals" is not a condition for Multi-select/,
		);
		expect(problemOf({ property: 'Total', type: 'rollup', condition: 'equals', value: 1 })).toMatch(
			/"Total".*Rollup.*JSON filter/,
		);
		expect(problemOf({ property: 'X', type: 'toString', condition: 'equals', value: 1 })).toContain('"toString"');
		expect(problemOf({ property: 'Score', type: 'number', condition: 'equals', value: 'ten' })).toMatch(/"Score".*"ten"/);
		expect(problemOf({ property: 'Due', type: 'date', condition: 'after', value: 'next tuesday' })).toContain('"next tuesday"');
		expect(problemOf({ property: 'Owner', type: 'people', condition: 'contains', value: 'bob' })).toContain('"bob"');
		expect(problemOf({ property: 'Kind', type: 'select', condition: 'equals', value: '' })).toContain('option name');
		expect(problemOf({ property: 'Done', type: 'checkbox', condition: 'equals', value: 'maybe' })).toContain('"maybe"');
		expect(problemOf({ property: 'Name', type: 'title', condition: 'contains', value: '' })).toContain('"Name"');
		const bad = buildFilter(
			[
				{ property: 'A', type: 'number', condition: 'equals', value: 1 },
				{ property: 'B', type: 'number', condition: 'nope' },
			],
			'and',
		);
		expect(bad).toMatchObject({ ok: false, problem: expect.stringContaining('"B"') });
	});
});

describe('sorts', () => {
	it('builds property and timestamp sorts in order, ascending by default', () => {
		expect(
			buildSorts([
				{ property: 'Score', direction: 'descending' },
				{ property: 'last_edited_time', timestamp: true },
			]),
		).toEqual({
			ok: true,
			value: [
				{ property: 'Score', direction: 'descending' },
				{ timestamp: 'last_edited_time', direction: 'ascending' },
			],
		});
	});

	it('refuses a bad direction, timestamp or empty property', () => {
		expect(buildSorts([{ property: 'Score', direction: 'up' }])).toMatchObject({
			ok: false,
			problem: expect.stringContaining('"up"'),
		});
		expect(buildSorts([{ property: 'Score', timestamp: true }])).toMatchObject({
			ok: false,
			problem: expect.stringContaining('"Score"'),
		});
		expect(buildSorts([{ property: ' ' }])).toMatchObject({ ok: false });
	});
});
