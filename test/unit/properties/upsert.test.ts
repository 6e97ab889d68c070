import {
	decideUpsert,
	followerDecision,
	planUpsert,
	upsertKey,
	UPSERT_QUERY_PAGE_SIZE,
} from '../../../nodes/shared/properties/upsert';

describe('upsert: the key and its query', () => {
	it('builds the equals filter that finds matching pages', () => {
		expect(upsertKey('Email', 'email', ' Ann@Example.com ')).toEqual({
			ok: true,
			value: {
				key: 'ann@example.com',
				query: { filter: { property: 'Email', email: { equals: 'Ann@Example.com' } }, page_size: UPSERT_QUERY_PAGE_SIZE },
			},
		});
		expect(upsertKey('External id', 'rich_text', 42)).toMatchObject({
			ok: true,
			value: { key: '42', query: { filter: { property: 'External id', rich_text: { equals: '42' } } } },
		});
		expect(upsertKey('Name', 'title', 'Acme')).toMatchObject({
			ok: true,
			value: { query: { filter: { title: { equals: 'Acme' } } } },
		});
		expect(upsertKey('No', 'number', '7.0')).toMatchObject({
			ok: true,
			value: { key: '7', query: { filter: { number: { equals: 7 } } } },
		});
		expect(upsertKey('Kind', 'select', 'A')).toMatchObject({
			ok: true,
			value: { query: { filter: { select: { equals: 'A' } } } },
		});
	});

	it('gives the same key to values that are the same record', () => {
		const key = (type: string, value: unknown) => {
			const result = upsertKey('K', type, value);
			return result.ok ? result.value.key : result.problem;
		};
		expect(key('number', '7')).toBe(key('number', 7.0));
		expect(key('email', 'A@B.C')).toBe(key('email', 'a@b.c'));
		expect(key('rich_text', ' x ')).toBe(key('rich_text', 'x'));
		expect(key('rich_text', 'X')).not.toBe(key('rich_text', 'x'));
	});

	it('refuses a blank value, a bad number and a type that cannot be a key', () => {
		expect(upsertKey('Email', 'email', '')).toMatchObject({
			ok: false,
			problem: expect.stringContaining('"Email" has no value'),
		});
		expect(upsertKey('No', 'number', 'seven')).toMatchObject({ ok: false, problem: expect.stringContaining('"seven"') });
		expect(upsertKey('Tags', 'multi_select', 'a')).toMatchObject({
			ok: false,
			problem: expect.stringContaining('"Tags" is a Multi-select'),
		});
		expect(upsertKey('X', 'rich_text', { a: 1 })).toMatchObject({ ok: false });
	});
});

describe('upsert: one page per key in an execution', () => {
	it('lets the first item of a key look up and the later ones follow it', () => {
		expect(planUpsert(['a', 'b', 'a', undefined, 'b', 'a'])).toEqual([
			{ index: 0, role: 'lookup' },
			{ index: 1, role: 'lookup' },
			{ index: 2, role: 'follow', leader: 0 },
			{ index: 3, role: 'skip' },
			{ index: 4, role: 'follow', leader: 1 },
			{ index: 5, role: 'follow', leader: 0 },
		]);
		expect(planUpsert(['__proto__', 'constructor', '__proto__'])).toEqual([
			{ index: 0, role: 'lookup' },
			{ index: 1, role: 'lookup' },
			{ index: 2, role: 'follow', leader: 0 },
		]);
	});

	it('creates on no match, updates on one, refuses several naming them', () => {
		expect(decideUpsert('Email', 'a@b.c', [])).toEqual({ action: 'create' });
		expect(decideUpsert('Email', 'a@b.c', [{ id: 'p1' }])).toEqual({ action: 'update', pageId: 'p1' });
		const several = decideUpsert('Email', 'a@b.c', [{ id: 'p1' }, { id: 'p2' }]);
		expect(several).toEqual({
			action: 'refuse',
			problem:
				'2 pages have "Email" equal to "a@b.c": p1, p2. Nothing was written: make the key unique, then run the item again.',
		});
		const more = decideUpsert('Email', 'a@b.c', [{ id: 'p1' }], true);
		expect(more).toMatchObject({ action: 'refuse', problem: expect.stringMatching(/^More than 1 pages .*p1 and more/) });
	});

	it("makes a follower update the leader's page, or refuse when the leader wrote none", () => {
		expect(followerDecision({ index: 0, pageId: 'p1' })).toEqual({ action: 'update', pageId: 'p1' });
		expect(followerDecision({ index: 2 })).toMatchObject({
			action: 'refuse',
			problem: expect.stringContaining('Item 3 has the same key'),
		});
	});
});
