// The Notion Trigger's pure parts: its state rules, the shared simplify and the locator reader.
import { readLocator } from '../../nodes/shared/locators';
import { simplifyPage, simplifyPropertyValue } from '../../nodes/shared/properties/simplify';
import {
	advanceCursor,
	digest,
	fingerprint,
	forget,
	HARD_MEMORY_LIMIT,
	judgeAccess,
	judgePage,
	MEMORY_LIMIT,
	type Remembered,
	type SeenPage,
	startingCursor,
	type TriggerState,
} from '../../nodes/NotionTrigger/state';

const ID = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const page = (over: Partial<SeenPage> = {}): SeenPage => ({
	id: ID,
	createdTime: '2026-01-05T09:00:00.000Z',
	lastEditedTime: '2026-01-05T09:03:00.000Z',
	inTrash: false,
	properties: { Name: 'a1', Status: 'b1' },
	...over,
});
const judge = (pages: Record<string, Remembered>, seen: SeenPage, cursor = '2026-01-05T09:02:00.000Z') => judgePage(pages, seen, fingerprint(seen), cursor);

describe('judgePage: one event per distinct state of a page', () => {
	it('a page created at or after the cursor is added; one created before is updated', () => {
		expect(judge({}, page({ createdTime: '2026-01-05T09:02:00.000Z' }))).toEqual({ event: 'page_added', id: ID, changedProperties: null });
		expect(judge({}, page())).toEqual({ event: 'page_updated', id: ID, changedProperties: null });
	});

	it('the same state again is nothing; a second edit within the same minute is an update naming what changed', () => {
		const pages: Record<string, Remembered> = {};
		judge(pages, page());
		expect(judge(pages, page())).toBeUndefined();
		expect(judge(pages, page({ properties: { Name: 'a1', Status: 'b2' } }))).toEqual({ event: 'page_updated', id: ID, changedProperties: ['Status'] });
		// An older answer (an index that lags) is not news.
		expect(judge(pages, page({ lastEditedTime: '2026-01-05T09:02:00.000Z', properties: { Name: 'old', Status: 'old' } }))).toBeUndefined();
	});

	it('trash, trash again after a quick restore, then restore', () => {
		const pages: Record<string, Remembered> = {};
		judge(pages, page());
		expect(judge(pages, page({ inTrash: true }))?.event).toBe('page_trashed');
		expect(judge(pages, page({ inTrash: true }))).toBeUndefined();
		expect(judge(pages, page({ inTrash: true, lastEditedTime: '2026-01-05T09:04:00.000Z' }))?.event).toBe('page_trashed');
		expect(judge(pages, page({ lastEditedTime: '2026-01-05T09:05:00.000Z' }))).toEqual({ event: 'page_restored', id: ID, changedProperties: [] });
	});
});

describe('the cursor', () => {
	const now = Date.parse('2026-01-05T09:10:42.000Z');
	it('starts a minute before the first poll, and moves to a minute before a complete read, never back', () => {
		expect(startingCursor(now)).toBe('2026-01-05T09:09:00.000Z');
		expect(advanceCursor({ from: '2026-01-05T09:00:00.000Z' }, { startedAt: now, complete: true })).toEqual({ from: '2026-01-05T09:09:00.000Z' });
		expect(advanceCursor({ from: '2026-01-05T09:30:00.000Z' }, { startedAt: now, complete: true })).toEqual({ from: '2026-01-05T09:30:00.000Z' });
	});

	it('a read stopped at the cap keeps its minute and its place; finishing it moves to a minute before it began', () => {
		const capped = advanceCursor({ from: '2026-01-05T09:00:00.000Z' }, { startedAt: now, complete: false, nextCursor: 'c1' });
		expect(capped).toEqual({ from: '2026-01-05T09:00:00.000Z', resume: { cursor: 'c1', startedAt: '2026-01-05T09:10:42.000Z' } });
		const again = advanceCursor(capped, { startedAt: now + 60_000, complete: false, nextCursor: 'c2' });
		expect(again.resume).toEqual({ cursor: 'c2', startedAt: '2026-01-05T09:10:42.000Z' });
		expect(advanceCursor(again, { startedAt: now + 120_000, complete: true })).toEqual({ from: '2026-01-05T09:09:00.000Z' });
		expect(advanceCursor(again, { startedAt: now, complete: false })).toEqual({ from: '2026-01-05T09:00:00.000Z' });
	});
});

describe('judgeAccess: the Watch rules', () => {
	const state = (): TriggerState => ({ version: 1, source: { given: ID, dataSourceId: ID }, cursors: {}, pages: {} });
	it('an outage is one event when it starts and one when it ends; Retry is never lost access', () => {
		const s = state();
		expect(judgeAccess(s, { verdict: 'retry', reason: 'server_error' }, 't1')).toEqual(['outage_started']);
		expect(judgeAccess(s, { verdict: 'retry', reason: 'rate_limited' }, 't2')).toEqual([]);
		expect(judgeAccess(s, { verdict: 'access_ok', reason: 'accessible' }, 't3')).toEqual(['outage_ended']);
		expect(s.lost).toBeUndefined();
	});

	it('lost access is one event until it works again, whatever the reasons in between', () => {
		const s = state();
		expect(judgeAccess(s, { verdict: 'share_page', reason: 'not_shared_or_missing' }, 't1')).toEqual(['access_lost']);
		expect(judgeAccess(s, { verdict: 'reauthorize', reason: 'grant_revoked' }, 't2')).toEqual([]);
		expect(judgeAccess(s, { verdict: 'retry', reason: 'server_error' }, 't3')).toEqual(['outage_started']);
		expect(judgeAccess(s, { verdict: 'access_ok', reason: 'accessible' }, 't4')).toEqual(['outage_ended', 'access_restored']);
	});
});

describe('bounded memory', () => {
	it('forgets the least recently edited pages before every cursor first, and keeps those the cursor needs', () => {
		const s: TriggerState = { version: 1, source: { given: ID, dataSourceId: ID }, cursors: { live: { from: '2026-01-05T09:00:00.000Z' } }, pages: {} };
		for (let i = 0; i < MEMORY_LIMIT + 50; i++) s.pages[`old-${i}`] = { t: `2026-01-04T${String(i % 24).padStart(2, '0')}:00:00.000Z`, f: 'x', p: {} };
		for (let i = 0; i < 30; i++) s.pages[`new-${i}`] = { t: '2026-01-05T09:01:00.000Z', f: 'x', p: {} };
		forget(s);
		expect(Object.keys(s.pages)).toHaveLength(MEMORY_LIMIT);
		expect(Object.keys(s.pages).filter((id) => id.startsWith('new-'))).toHaveLength(30);
	});

	it('never holds more than the hard limit, even of pages the cursor needs', () => {
		const s: TriggerState = { version: 1, source: { given: ID, dataSourceId: ID }, cursors: { live: { from: '2026-01-05T09:00:00.000Z' } }, pages: {} };
		for (let i = 0; i < HARD_MEMORY_LIMIT + 10; i++) s.pages[`p-${i}`] = { t: '2026-01-05T09:01:00.000Z', f: 'x', p: {} };
		forget(s);
		expect(Object.keys(s.pages).length).toBeLessThanOrEqual(HARD_MEMORY_LIMIT);
	});

	it('digests do not depend on key order', () => {
		expect(digest({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(digest({ b: [1, { d: 3, c: 2 }], a: 1 }));
		expect(digest({ a: 1 })).not.toBe(digest({ a: 2 }));
		expect(digest('x', 8)).toMatch(/^[0-9a-f]{8}$/);
	});
});

describe('simplify: Notion property values as plain JSON', () => {
	const rich = (text: string) => [{ type: 'text', plain_text: text, text: { content: text } }];
	it.each([
		['title', { type: 'title', title: rich('Hello') }, 'Hello'],
		['rich_text', { type: 'rich_text', rich_text: [...rich('a'), ...rich('b')] }, 'ab'],
		['select', { type: 'select', select: { name: 'Done' } }, 'Done'],
		['empty select', { type: 'select', select: null }, null],
		['status', { type: 'status', status: { name: 'In progress' } }, 'In progress'],
		['multi_select', { type: 'multi_select', multi_select: [{ name: 'a' }, { name: 'b' }] }, ['a', 'b']],
		['date', { type: 'date', date: { start: '2026-01-05', end: null, time_zone: null } }, '2026-01-05'],
		['date range', { type: 'date', date: { start: '2026-01-05', end: '2026-01-06', time_zone: 'Europe/Paris' } }, { start: '2026-01-05', end: '2026-01-06', time_zone: 'Europe/Paris' }],
		['relation', { type: 'relation', relation: [{ id: 'r1' }, { id: 'r2' }] }, ['r1', 'r2']],
		['people', { type: 'people', people: [{ id: 'u1', name: 'Ada', person: { email: 'ada@example.com' } }] }, [{ id: 'u1', name: 'Ada', email: 'ada@example.com' }]],
		// 2026-12-01: a person's name may be null; it stays null, beside the id and email.
		['people, a name that is null', { type: 'people', people: [{ object: 'user', id: 'u3', name: null, type: 'person', person: { email: 'x@example.com' } }, { object: 'user', id: 'u4' }] }, [{ id: 'u3', name: null, email: 'x@example.com' }, { id: 'u4' }]],
		['created_by, a name that is null', { type: 'created_by', created_by: { object: 'user', id: 'u3', name: null, type: 'person', person: {} } }, { id: 'u3', name: null }],
		['checkbox', { type: 'checkbox', checkbox: true }, true],
		['number', { type: 'number', number: 4.5 }, 4.5],
		['url', { type: 'url', url: null }, null],
		['email', { type: 'email', email: 'a@example.com' }, 'a@example.com'],
		['phone_number', { type: 'phone_number', phone_number: '+33 1' }, '+33 1'],
		['formula', { type: 'formula', formula: { type: 'number', number: 3 } }, 3],
		['formula date', { type: 'formula', formula: { type: 'date', date: { start: '2026-01-05', end: null, time_zone: null } } }, '2026-01-05'],
		['rollup number', { type: 'rollup', rollup: { type: 'number', number: 7, function: 'count' } }, 7],
		['rollup array', { type: 'rollup', rollup: { type: 'array', array: [{ type: 'title', title: rich('x') }], function: 'show_original' } }, ['x']],
		['files', { type: 'files', files: [{ type: 'file', file: { url: 'https://f/1' } }, { type: 'external', external: { url: 'https://e/2' } }] }, ['https://f/1', 'https://e/2']],
		['created_time', { type: 'created_time', created_time: '2026-01-05T09:00:00.000Z' }, '2026-01-05T09:00:00.000Z'],
		['last_edited_by', { type: 'last_edited_by', last_edited_by: { object: 'user', id: 'u2' } }, { id: 'u2' }],
		['unique_id', { type: 'unique_id', unique_id: { prefix: 'TASK', number: 12 } }, 'TASK-12'],
		['unique_id without prefix', { type: 'unique_id', unique_id: { prefix: null, number: 12 } }, 12],
		['a type Notion adds later', { type: 'place', place: { lat: 1 } }, { lat: 1 }],
		['not a property', 'x', null],
	])('%s', (_name, value, expected) => {
		expect(simplifyPropertyValue(value)).toEqual(expected);
	});

	it('a page: id, name from its title property, url, times, trash flag and properties by name', () => {
		expect(
			simplifyPage({ object: 'page', id: 'p1', url: 'https://www.notion.so/p1', created_time: 'c', last_edited_time: 'e', in_trash: false, properties: { Task: { type: 'title', title: rich('Ship') }, Done: { type: 'checkbox', checkbox: false } } }),
		).toEqual({ id: 'p1', name: 'Ship', url: 'https://www.notion.so/p1', createdTime: 'c', lastEditedTime: 'e', inTrash: false, properties: { Task: 'Ship', Done: false } });
	});
});

describe('readLocator', () => {
	it('reads the editor value of every mode and a plain string of an older workflow', () => {
		const id = ID.replace(/-/g, '');
		expect(readLocator({ __rl: true, mode: 'list', value: ID })).toMatchObject({ ok: true, reference: { id: ID } });
		expect(readLocator({ __rl: true, mode: 'url', value: `https://www.notion.so/acme/Roadmap-${id}` })).toMatchObject({ ok: true, reference: { id: ID } });
		expect(readLocator({ __rl: true, mode: 'id', value: ` ${id} ` })).toMatchObject({ ok: true, reference: { id: ID } });
		expect(readLocator(id)).toMatchObject({ ok: true, reference: { id: ID } });
		expect(readLocator({ __rl: true, mode: 'id', value: '' })).toMatchObject({ ok: false });
	});
});
