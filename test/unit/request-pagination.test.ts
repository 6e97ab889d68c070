/** Notion Request's cursor walk, against a list served from memory the way Notion pages one. */
import { fetchPages, MAX_CALLS_PER_ITEM, type Answer } from '../../nodes/NotionRequest/pagination';
import type { BuiltRequest } from '../../nodes/NotionRequest/request';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ object: 'page', id: `row-${i}` }));

/** Serves `all` in pages of `page_size` (default 100) from `start_cursor`, read from the query (GET) or body. */
function listServer(all: Array<{ id: string }>, options: { failAtCall?: number } = {}) {
	const sent: BuiltRequest[] = [];
	const send = async (request: BuiltRequest): Promise<Answer<string>> => {
		sent.push(request);
		if (sent.length === options.failAtCall) return { ok: false, failure: 'rate limited' };
		const paging = (request.method === 'GET' ? request.query : request.body) ?? {};
		const start = paging.start_cursor === undefined ? 0 : all.findIndex((row) => row.id === paging.start_cursor);
		const size = Number(paging.page_size ?? 100);
		const results = all.slice(start, start + size);
		const next = all[start + size];
		return { ok: true, response: { body: { object: 'list', results, has_more: next !== undefined, next_cursor: next?.id ?? null } } };
	};
	return { sent, send };
}

const GET: BuiltRequest = { method: 'GET', path: '/v1/blocks/x/children' };
const POST: BuiltRequest = { method: 'POST', path: '/v1/data_sources/x/query', body: { filter: { property: 'Name', title: { is_not_empty: true } } } };

describe('fetchPages', () => {
	it('Return All follows next_cursor through 1,050 results: GET in the query, POST in the body, keeping the rest of the body', async () => {
		for (const request of [GET, POST]) {
			const server = listServer(rows(1050));
			const paged = await fetchPages(request, server.send, { returnAll: true, limit: 0 });
			expect(paged.failure).toBeUndefined();
			expect(paged.results.map((row) => row.id)).toEqual(rows(1050).map((row) => row.id));
			expect(paged.calls).toHaveLength(11);
			expect(server.sent).toHaveLength(11);
			const cursors = server.sent.map((sent) => (request.method === 'GET' ? sent.query : sent.body)?.start_cursor);
			expect(cursors).toEqual([undefined, ...Array.from({ length: 10 }, (_, i) => `row-${(i + 1) * 100}`)]);
			if (request.method === 'POST') for (const sent of server.sent) expect(sent.body?.filter).toEqual(POST.body!.filter);
			else for (const sent of server.sent) expect(sent.body).toBeUndefined();
		}
	});

	it(`Return All stops after ${MAX_CALLS_PER_ITEM} calls of a list that never ends, saying so with what it fetched`, async () => {
		let call = 0;
		const endless = async (): Promise<Answer<string>> => {
			call++;
			return { ok: true, response: { body: { object: 'list', results: [{ object: 'page', id: `row-${call}` }], has_more: true, next_cursor: `cursor-${call}` } } };
		};
		const paged = await fetchPages(GET, endless, { returnAll: true, limit: 0 });
		expect(call).toBe(MAX_CALLS_PER_ITEM);
		expect(paged.results).toHaveLength(MAX_CALLS_PER_ITEM);
		expect(paged.problem).toMatch(/^A list stops after 1000 calls/);
		expect(paged.failure).toBeUndefined();
	});

	it('a limit asks for no more than it needs and stops there', async () => {
		const server = listServer(rows(1050));
		const paged = await fetchPages(POST, server.send, { returnAll: false, limit: 250 });
		expect(paged.results).toHaveLength(250);
		expect(server.sent.map((sent) => sent.body?.page_size)).toEqual([100, 100, 50]);
		const few = listServer(rows(1050));
		expect((await fetchPages(GET, few.send, { returnAll: false, limit: 7 })).results).toHaveLength(7);
		expect(few.sent).toHaveLength(1);
		expect(few.sent[0].query).toEqual({ page_size: 7 });
	});

	it('a failure midway comes back with the results fetched before it, never as a short success', async () => {
		const server = listServer(rows(1050), { failAtCall: 4 });
		const paged = await fetchPages(GET, server.send, { returnAll: true, limit: 0 });
		expect(paged.failure).toBe('rate limited');
		expect(paged.results).toHaveLength(300);
		expect(server.sent).toHaveLength(4);
	});

	it('without pagination sends once, whatever has_more says; a non-list answer is one call', async () => {
		const server = listServer(rows(150));
		const paged = await fetchPages(GET, server.send, undefined);
		expect(server.sent).toHaveLength(1);
		expect(server.sent[0]).toBe(GET);
		expect(paged).toMatchObject({ isList: true, results: expect.any(Array), calls: [{ has_more: true }] });
		const page = await fetchPages(GET, async () => ({ ok: true, response: { body: { object: 'page', id: 'p' } } }), { returnAll: true, limit: 0 });
		expect(page).toEqual({ isList: false, results: [], calls: [{ object: 'page', id: 'p' }] });
	});

	it('stops with a problem when Notion says has_more but gives no new cursor', async () => {
		let calls = 0;
		const looping = async (): Promise<Answer<string>> => {
			calls++;
			return { ok: true, response: { body: { object: 'list', results: [{ id: `r${calls}` }], has_more: true, next_cursor: 'same' } } };
		};
		const paged = await fetchPages(GET, looping, { returnAll: true, limit: 0 });
		expect(calls).toBe(2);
		expect(paged.problem).toContain('cursor it had given before');
		expect(paged.results).toHaveLength(2);
		const noCursor = await fetchPages(GET, async () => ({ ok: true, response: { body: { object: 'list', results: [], has_more: true, next_cursor: null } } }), { returnAll: true, limit: 0 });
		expect(noCursor.problem).toContain('no next_cursor');
	});
});
