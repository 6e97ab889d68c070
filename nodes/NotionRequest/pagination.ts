import type { IDataObject } from 'n8n-workflow';

import { isWrite } from '../shared/core/calls';

/** Notion's most results per call (https://developers.notion.com/reference/intro#pagination). */
export const MAX_PAGE_SIZE = 100;

/** The most calls one item's walk makes (100,000 results at 100 a call): bounded work, whatever Notion says. */
export const MAX_CALLS_PER_ITEM = 1000;

export interface Pagination {
	/** Follow `next_cursor` until `has_more` is false. */
	returnAll: boolean;
	/** Without Return All: stop after this many results (following cursors as needed). */
	limit: number;
}

/** A request that may be paged: a BuiltRequest, or a call with more fields (they are kept). */
export interface PageableRequest {
	method: string;
	path: string;
	query?: Record<string, unknown>;
	body?: Record<string, unknown>;
}

export type Answer<F> = { ok: true; response: { body: unknown } } | { ok: false; failure: F };

export interface Paged<F> {
	/** Every answer body, in order; a list's `results` trimmed to the limit. */
	calls: IDataObject[];
	/** The results of every list answer, in order. */
	results: IDataObject[];
	/** Whether the answers were Notion lists (`object: "list"`). */
	isList: boolean;
	/** The failure that stopped the walk; `results` then holds what was fetched before it. */
	failure?: F;
	/** A walk that cannot go on although Notion said `has_more` (no cursor, or a cursor seen before). */
	problem?: string;
}

interface NotionList {
	object: 'list';
	results: IDataObject[];
	has_more?: boolean;
	next_cursor?: string | null;
}

/**
 * Whether Return All may follow a request's cursor: only a read (GET, or a POST to a query or
 * search endpoint). Following a write's cursor would send the write again.
 */
export function isPageable(request: PageableRequest): boolean {
	return !isWrite(request);
}

/**
 * Sends `request`, and while the answer is a list with more to come, sends it again from
 * `next_cursor`: as the `start_cursor` query parameter for GET, in the JSON body otherwise (Notion's
 * two ways). The walk ends at the limit, at `has_more: false`, or at the first failure, which is
 * returned with the results fetched before it, so the caller can say how far it got.
 */
export async function fetchPages<F, R extends PageableRequest>(
	request: R,
	send: (request: R) => Promise<Answer<F>>,
	/** Absent, or a request that is not pageable: one call, whatever the answer says about more results. */
	given: Pagination | undefined,
): Promise<Paged<F>> {
	const pagination = given && isPageable(request) ? given : undefined;
	const paged: Paged<F> = { calls: [], results: [], isList: false };
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const remaining = !pagination || pagination.returnAll ? Infinity : pagination.limit - paged.results.length;
		const answer = await send(pageRequest(request, cursor, remaining));
		if (!answer.ok) return { ...paged, failure: answer.failure };
		const body = answer.response.body as IDataObject;
		if (!isList(body)) {
			paged.calls.push(body);
			return paged;
		}
		paged.isList = true;
		const results = body.results.slice(0, Math.max(0, remaining));
		paged.results.push(...results);
		paged.calls.push({ ...body, results });
		const done = !pagination || !body.has_more || paged.results.length >= (pagination.returnAll ? Infinity : pagination.limit);
		if (done) return paged;
		if (paged.calls.length >= MAX_CALLS_PER_ITEM) {
			return { ...paged, problem: `A list stops after ${MAX_CALLS_PER_ITEM} calls (${MAX_CALLS_PER_ITEM * MAX_PAGE_SIZE} results at most), and Notion still said there are more. Narrow the request with a filter, or set a lower Limit.` };
		}
		const next = body.next_cursor;
		if (typeof next !== 'string' || next === '' || seenCursors.has(next)) {
			return { ...paged, problem: `Notion said there are more results but gave ${typeof next === 'string' && next !== '' ? 'a cursor it had given before' : 'no next_cursor'}.` };
		}
		seenCursors.add(next);
		cursor = next;
	}
}

/** The request for one page of results: the cursor, and a page size that fetches no more than needed. */
function pageRequest<R extends PageableRequest>(request: R, cursor: string | undefined, remaining: number): R {
	const paging: Record<string, string | number> = {};
	if (cursor !== undefined) paging.start_cursor = cursor;
	const given = request.method === 'GET' ? request.query?.page_size : request.body?.page_size;
	if (given === undefined && Number.isFinite(remaining)) paging.page_size = Math.min(MAX_PAGE_SIZE, Math.max(1, remaining));
	if (Object.keys(paging).length === 0) return request;
	return request.method === 'GET'
		? { ...request, query: { ...request.query, ...paging } }
		: { ...request, body: { ...request.body, ...paging } };
}

function isList(body: unknown): body is NotionList {
	const list = body as Partial<NotionList> | null;
	return typeof list === 'object' && list !== null && list.object === 'list' && Array.isArray(list.results);
}
