import { PROPERTY_TYPES } from '../../../nodes/shared/properties/schema';
import { buildProperties, buildPropertyValue, WRITABLE_TYPES } from '../../../nodes/shared/properties/values';

const PAGE = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const PAGE_DASHED = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const USER = '11111111-2222-3333-4444-555555555555';

function ok(name: string, type: string, value: unknown) {
	const result = buildPropertyValue(name, type, value);
	if (!result.ok) throw new Error(`expected ok, got problem: ${result.problem}`);
	return result.value;
}

function problemOf(name: string, type: string, value: unknown): string {
	const result = buildPropertyValue(name, type, value);
	if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.value)}`);
	return result.problem;
}

describe('property values → Notion JSON', () => {
	it('builds every writable type from a typical field value', () => {
		expect(ok('Name', 'title', 'Hello')).toEqual({ title: [{ type: 'text', text: { content: 'Hello' } }] });
		expect(ok('Notes', 'rich_text', 42)).toEqual({ rich_text: [{ type: 'text', text: { content: '42' } }] });
		expect(ok('Score', 'number', 3.5)).toEqual({ number: 3.5 });
		expect(ok('Done', 'checkbox', true)).toEqual({ checkbox: true });
		expect(ok('Site', 'url', ' https://example.com/a ')).toEqual({ url: 'https://example.com/a' });
		expect(ok('Mail', 'email', 'a@example.com')).toEqual({ email: 'a@example.com' });
		expect(ok('Phone', 'phone_number', '+49 30 1234')).toEqual({ phone_number: '+49 30 1234' });
		expect(ok('Kind', 'select', 'Bug')).toEqual({ select: { name: 'Bug' } });
		expect(ok('Stage', 'status', 'In progress')).toEqual({ status: { name: 'In progress' } });
		expect(ok('Tags', 'multi_select', ['a', 'b'])).toEqual({ multi_select: [{ name: 'a' }, { name: 'b' }] });
		expect(ok('Owner', 'people', USER)).toEqual({ people: [{ id: USER }] });
		expect(ok('Link', 'relation', PAGE)).toEqual({ relation: [{ id: PAGE_DASHED }] });
		expect(ok('Due', 'date', '2026-12-31')).toEqual({ date: { start: '2026-12-31', end: null } });
		expect(ok('Files', 'files', 'https://example.com/docs/report.pdf')).toEqual({
			files: [{ name: 'report.pdf', type: 'external', external: { url: 'https://example.com/docs/report.pdf' } }],
		});
		expect([...WRITABLE_TYPES].sort()).toEqual([
			'checkbox',
			'date',
			'email',
			'files',
			'multi_select',
			'number',
			'people',
			'phone_number',
			'relation',
			'rich_text',
			'select',
			'status',
			'title',
			'url',
		]);
	});

	it("builds exactly the types the schema table calls writable (the editor's list)", () => {
		const writable = Object.entries(PROPERTY_TYPES).flatMap(([type, { writable }]) => (writable ? [type] : []));
		expect([...WRITABLE_TYPES].sort()).toEqual(writable.sort());
	});

	it('parses numbers given as text and names the property and value when it is not one', () => {
		expect(ok('Score', 'number', ' 12 ')).toEqual({ number: 12 });
		expect(ok('Score', 'number', '-1.5e2')).toEqual({ number: -150 });
		expect(ok('Score', 'number', '')).toEqual({ number: null });
		const text = problemOf('Score', 'number', '12 apples');
		expect(text).toContain('"Score"');
		expect(text).toContain('"12 apples"');
		expect(problemOf('Score', 'number', '0x1F')).toContain('"0x1F"');
		expect(problemOf('Score', 'number', Number.NaN)).toContain('Score');
		expect(problemOf('Score', 'number', Infinity)).toContain('Score');
	});

	it('takes checkbox text and refuses anything else', () => {
		expect(ok('Done', 'checkbox', 'TRUE')).toEqual({ checkbox: true });
		expect(ok('Done', 'checkbox', 'false')).toEqual({ checkbox: false });
		expect(problemOf('Done', 'checkbox', 'yes')).toContain('"Done"');
	});

	it('splits comma-separated lists for multi_select, people and relation', () => {
		expect(ok('Tags', 'multi_select', 'a, b ,,c')).toEqual({ multi_select: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
		expect(ok('Tags', 'multi_select', '')).toEqual({ multi_select: [] });
		expect(ok('Owner', 'people', `${USER}, ${USER.replace(/1/g, '9')}`).people).toHaveLength(2);
		expect(ok('Link', 'relation', [`https://www.notion.so/ws/Some-Page-${PAGE}`])).toEqual({ relation: [{ id: PAGE_DASHED }] });
		expect(problemOf('Link', 'relation', 'not-an-id')).toMatch(/"Link".*"not-an-id"/);
		expect(problemOf('Owner', 'people', [{ name: 'Ann' }])).toContain('"Owner"');
	});

	it('takes 100 array entries and refuses 101, naming the property', () => {
		const hundred = Array.from({ length: 100 }, (_, i) => `tag${i}`);
		expect(ok('Tags', 'multi_select', hundred).multi_select).toHaveLength(100);
		expect(problemOf('Tags', 'multi_select', [...hundred, 'one more'])).toMatch(
			/"Tags" has 101 entries; Notion takes at most 100/,
		);
		const pages = Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(32, '0'));
		expect(ok('Link', 'relation', pages.slice(0, 100)).relation).toHaveLength(100);
		expect(problemOf('Link', 'relation', pages)).toContain('"Link" has 101 entries');
		expect(
			problemOf(
				'Files',
				'files',
				pages.map((p) => `https://x.example/${p}`),
			),
		).toContain('"Files" has 101 files');
	});

	it('refuses URLs, emails and phone numbers over their limits, and takes them at the limit', () => {
		const url = `https://example.com/${'a'.repeat(2000 - 20)}`;
		expect(url).toHaveLength(2000);
		expect(ok('Site', 'url', url)).toEqual({ url });
		expect(problemOf('Site', 'url', `${url}b`)).toMatch(/"Site" is 2001 characters long; Notion takes at most 2000/);
		expect(ok('Mail', 'email', `${'a'.repeat(188)}@example.com`).email).toHaveLength(200);
		expect(problemOf('Mail', 'email', `${'a'.repeat(189)}@example.com`)).toContain('at most 200');
		expect(problemOf('Phone', 'phone_number', '1'.repeat(201))).toContain('"Phone"');
		expect(ok('Site', 'url', '')).toEqual({ url: null });
	});

	it('splits long text into elements of at most 2,000 characters, never cutting it', () => {
		const long = 'x'.repeat(4001);
		const { rich_text } = ok('Notes', 'rich_text', long) as { rich_text: Array<{ text: { content: string } }> };
		expect(rich_text.map((element) => element.text.content.length)).toEqual([2000, 2000, 1]);
		expect(rich_text.map((element) => element.text.content).join('')).toBe(long);
		expect(problemOf('Notes', 'rich_text', 'x'.repeat(200_001))).toContain('"Notes"');
		expect((ok('Notes', 'rich_text', 'x'.repeat(200_000)).rich_text as unknown[]).length).toBe(100);
	});

	it("takes Notion's own value shapes from a previous step", () => {
		expect(ok('Link', 'relation', [{ id: PAGE_DASHED }, { id: PAGE }])).toEqual({
			relation: [{ id: PAGE_DASHED }, { id: PAGE_DASHED }],
		});
		expect(ok('Owner', 'people', [{ object: 'user', id: USER }])).toEqual({ people: [{ id: USER }] });
		expect(ok('Due', 'date', { start: '2026-07-01T09:00:00', end: null, time_zone: 'Europe/Berlin' })).toEqual({
			date: { start: '2026-07-01T09:00:00', end: null, time_zone: 'Europe/Berlin' },
		});
		expect(ok('Files', 'files', [{ name: 'a.pdf', type: 'external', external: { url: 'https://example.com/a.pdf' } }])).toEqual({
			files: [{ name: 'a.pdf', type: 'external', external: { url: 'https://example.com/a.pdf' } }],
		});
	});

	it('refuses a comma in a select or status name', () => {
		expect(problemOf('Kind', 'select', 'Bug, Chore')).toMatch(/"Kind" takes one option, but "Bug, Chore" holds a comma/);
		expect(problemOf('Stage', 'status', 'a,b')).toContain('"Stage"');
	});

	it('clears a select when blank but never sends an empty status', () => {
		expect(ok('Kind', 'select', '')).toEqual({ select: null });
		expect(problemOf('Stage', 'status', ' ')).toContain('"Stage"');
	});

	describe('dates', () => {
		it('keeps a date, a date-time, a range and an offset as given', () => {
			expect(ok('Due', 'date', '2026-12-31T09:30')).toEqual({ date: { start: '2026-12-31T09:30', end: null } });
			expect(ok('Due', 'date', { start: '2026-12-01', end: '2026-12-03' })).toEqual({
				date: { start: '2026-12-01', end: '2026-12-03' },
			});
			expect(ok('Due', 'date', '2026-12-31T09:30:00.000+0100')).toEqual({
				date: { start: '2026-12-31T09:30:00.000+01:00', end: null },
			});
			expect(ok('Due', 'date', new Date('2026-12-31T08:30:00Z'))).toEqual({
				date: { start: '2026-12-31T08:30:00.000Z', end: null },
			});
		});

		it('drops the time when include time is off', () => {
			expect(ok('Due', 'date', { start: '2026-12-31T23:30:00-05:00', includeTime: false })).toEqual({
				date: { start: '2026-12-31', end: null },
			});
			expect(ok('Due', 'date', { start: '2026-12-31T23:30', includeTime: 'false' })).toEqual({
				date: { start: '2026-12-31', end: null },
			});
		});

		it('with a time zone, sends wall time and the zone, converting instants', () => {
			expect(ok('Due', 'date', { start: '2026-07-01T09:00', timeZone: 'Europe/Berlin' })).toEqual({
				date: { start: '2026-07-01T09:00', end: null, time_zone: 'Europe/Berlin' },
			});
			expect(
				ok('Due', 'date', { start: '2026-07-01T07:00:00Z', end: '2026-07-01T08:30:00Z', timeZone: 'Europe/Berlin' }),
			).toEqual({
				date: { start: '2026-07-01T09:00:00', end: '2026-07-01T10:30:00', time_zone: 'Europe/Berlin' },
			});
			// A date without time carries no time zone (Notion refuses that pair).
			expect(ok('Due', 'date', { start: '2026-07-01', timeZone: 'Europe/Berlin' })).toEqual({
				date: { start: '2026-07-01', end: null },
			});
			expect(ok('Due', 'date', { start: '2026-12-31T23:30:00Z', timeZone: 'Asia/Tokyo', includeTime: false })).toEqual({
				date: { start: '2027-01-01', end: null },
			});
		});

		it('clears on blank and names bad dates and zones', () => {
			expect(ok('Due', 'date', '')).toEqual({ date: null });
			expect(ok('Due', 'date', { start: '' })).toEqual({ date: null });
			expect(problemOf('Due', 'date', '2026-02-30')).toMatch(/"Due".*"2026-02-30"/);
			expect(problemOf('Due', 'date', '31/12/2026')).toContain('"31/12/2026"');
			expect(problemOf('Due', 'date', { start: '', end: '2026-12-31' })).toContain('end date but no start');
			expect(problemOf('Due', 'date', { start: '2026-12-31T10:00', timeZone: 'Mars/Olympus' })).toContain('"Mars/Olympus"');
			expect(problemOf('Due', 'date', { when: '2026-12-31' })).toContain('"Due"');
		});
	});

	it('builds external files with names, and refuses non-web URLs', () => {
		expect(ok('Files', 'files', [{ url: 'https://example.com/a.png', name: 'Logo' }])).toEqual({
			files: [{ name: 'Logo', type: 'external', external: { url: 'https://example.com/a.png' } }],
		});
		expect(problemOf('Files', 'files', 'ftp://example.com/a.png')).toContain('"Files"');
		expect(problemOf('Files', 'files', [{ url: `https://example.com/${'a'.repeat(2000)}` }])).toContain('at most 2000');
	});

	it('refuses computed and unknown types, and odd values, without throwing', () => {
		expect(problemOf('Total', 'formula', 1)).toMatch(/"Total" is a Formula property/);
		expect(problemOf('Made', 'created_time', '2026-01-01')).toContain('"Made"');
		expect(problemOf('X', 'constructor', 'a')).toContain('"constructor"');
		expect(problemOf('X', '__proto__', 'a')).toContain('"__proto__"');
		expect(problemOf('Name', 'title', { text: 'a' })).toContain('"Name"');
		const circular: Record<string, unknown> = {};
		circular.self = circular;
		expect(problemOf('Name', 'title', circular)).toContain('"Name"');
		expect(problemOf('Score', 'number', 10n)).toContain('Score');
	});

	it('builds a whole item, keeping property names like __proto__ as plain keys', () => {
		const result = buildProperties([
			{ name: '__proto__', type: 'rich_text', value: 'a' },
			{ name: 'toString', type: 'number', value: '1' },
			{ name: 'constructor', type: 'checkbox', value: true },
		]);
		if (!result.ok) throw new Error(result.problem);
		expect(Object.keys(result.value)).toEqual(['__proto__', 'toString', 'constructor']);
		expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
		expect(JSON.parse(JSON.stringify(result.value))).toEqual(
			JSON.parse(
				'{"__proto__":{"rich_text":[{"type":"text","text":{"content":"a"}}]},"toString":{"number":1},"constructor":{"checkbox":true}}',
			),
		);
		expect(
			buildProperties([
				{ name: 'A', type: 'number', value: 1 },
				{ name: 'A', type: 'number', value: 2 },
			]),
		).toEqual({
			ok: false,
			problem: 'The property "A" is set twice.',
		});
		expect(buildProperties([{ name: 'A', type: 'number', value: 'x' }])).toMatchObject({ ok: false });
	});
});
