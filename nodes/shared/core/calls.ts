import type { CallOf } from './types';

/**
 * Notion's POST endpoints that only read: a data source or database query, and search. They take
 * their filter and cursor in the body, so they are POSTs, but sending one twice changes nothing.
 */
const READING_POST = /^\/v1\/(?:(?:data_sources|databases)\/[^/]+\/query|search)\/?$/;

/**
 * Whether a call may change something in Notion: every POST, PATCH and DELETE except a query or a
 * search. A write is sent once (again only after a 429, which Notion did not process), never
 * paged, and a garbled answer to it is not advertised as safe to send again.
 */
export function isWrite(call: CallOf): boolean {
	if (call.method === 'GET') return false;
	return !(call.method === 'POST' && READING_POST.test(call.path));
}
