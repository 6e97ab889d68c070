import type { IDataObject } from 'n8n-workflow';

import { parseReference } from '../shared/core/reference';
import type { NotionReference } from '../shared/core/types';
import { describeValue } from './parameters';

/** The methods Notion's API takes; nothing else is ever sent. */
export const METHODS = ['GET', 'POST', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

const NOTION_ORIGIN = 'https://api.notion.com';
const API_ROOT = '/v1/';
/** A path segment: letters, digits, `_` and `-`, or a percent escape (Notion's property ids are URL-encoded). */
const SEGMENT = /^(?:[A-Za-z0-9_-]|%[0-9A-Fa-f]{2})+$/;
/** Escapes that would change the path once decoded: `.`, `/`, `\`, `?`, `#`, `%` and control characters. */
const PATH_CHANGING_ESCAPE = /%(?:2e|2f|5c|3f|23|25|0[0-9a-f]|1[0-9a-f]|7f)/i;
const PLACEHOLDER = /\{[A-Za-z_]*\}/g;

export interface RequestInput {
	method: Method;
	/** As the user gave it: `/v1/pages/{id}`, `pages/{id}` or `https://api.notion.com/v1/pages/{id}` (an expression may give anything). */
	path: unknown;
	/** An id or Notion link, for the path's `{id}`; empty when the path has none. */
	reference?: unknown;
	query?: Record<string, string | number | boolean>;
	body?: IDataObject;
}

export interface BuiltRequest {
	method: Method;
	/** Always under /v1/ on api.notion.com, with no query or fragment. */
	path: string;
	query?: Record<string, string | number | boolean>;
	body?: IDataObject;
	reference?: NotionReference;
}

export type BuildResult = { ok: true; request: BuiltRequest } | { ok: false; problem: string };

/**
 * Turns one item's parameters into a request that cannot leave https://api.notion.com/v1/. The
 * path is checked before and after the id goes in; the id itself comes from `parseReference`, so
 * it is only hex digits and dashes. Nothing is normalised on the user's behalf: a path that would
 * need it (dot segments, doubled slashes, encoded separators) is refused.
 */
export function buildRequest(input: RequestInput): BuildResult {
	const path = apiPath(input.path);
	if (!path.ok) return path;
	const placeholders = path.path.match(PLACEHOLDER) ?? [];
	let filled = path.path;
	let reference: NotionReference | undefined;
	if (placeholders.length > 0) {
		const parsed = parseReference(input.reference);
		if (!parsed.ok) return { ok: false, problem: parsed.problem };
		reference = parsed.reference;
		filled = path.path.replace(PLACEHOLDER, reference.id);
	} else if (typeof input.reference === 'string' && input.reference.trim() !== '') {
		return { ok: false, problem: `The path ${JSON.stringify(input.path)} has no {id} for the reference to fill in.` };
	}
	const checked = checkPath(filled, String(input.path));
	if (!checked.ok) return checked;
	return { ok: true, request: { method: input.method, path: filled, query: input.query, body: input.body, reference } };
}

/** The path relative to Notion's API root, in the form `/v1/...`, or why it is refused. */
function apiPath(raw: unknown): { ok: true; path: string } | { ok: false; problem: string } {
	if (typeof raw !== 'string') return { ok: false, problem: `The path must be text, such as /v1/pages/{id}, but it is ${describeValue(raw)}.` };
	const text = raw.trim();
	const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
	if (text === '') return { ok: false, problem: 'The path is empty: give a Notion API path such as /v1/pages/{id}.' };
	let path = text;
	if (path.toLowerCase().startsWith(`${NOTION_ORIGIN}${API_ROOT}`)) path = path.slice(NOTION_ORIGIN.length);
	else if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
		return { ok: false, problem: `The path ${shown} is a link to somewhere else: only paths under ${NOTION_ORIGIN}${API_ROOT} are sent.` };
	} else if (path.startsWith('v1/')) path = `/${path}`;
	else if (/^[A-Za-z]/.test(path)) path = `${API_ROOT}${path}`;
	if (!path.startsWith(API_ROOT)) {
		return { ok: false, problem: `The path ${shown} is not under ${API_ROOT}: give a Notion API path such as /v1/pages/{id}.` };
	}
	return checkPath(path, text);
}

function checkPath(path: string, original: string): { ok: true; path: string } | { ok: false; problem: string } {
	const shown = JSON.stringify(original.length > 80 ? `${original.slice(0, 80)}…` : original);
	if (/[?#]/.test(path)) {
		return { ok: false, problem: `The path ${shown} contains "?" or "#": put query parameters under Query Parameters instead.` };
	}
	if (path.includes('\\')) return { ok: false, problem: `The path ${shown} contains a backslash.` };
	if (PATH_CHANGING_ESCAPE.test(path)) {
		return { ok: false, problem: `The path ${shown} contains an encoded ".", "/", "\\", "?", "#", "%" or control character.` };
	}
	const segments = path.slice(API_ROOT.length).split('/');
	// A trailing slash is allowed; an empty segment anywhere else ("//") is not.
	if (segments[segments.length - 1] === '') segments.pop();
	if (segments.length === 0) return { ok: false, problem: `The path ${shown} names no endpoint under ${API_ROOT}.` };
	for (const segment of segments) {
		const bare = segment.replace(PLACEHOLDER, 'x');
		if (segment === '.' || segment === '..' || bare === '' || !SEGMENT.test(bare)) {
			return { ok: false, problem: `The path ${shown} has a part (${JSON.stringify(segment)}) that is not a plain Notion API path segment.` };
		}
	}
	// Belt and braces: what a URL parser makes of it must be exactly this path on Notion's host.
	const url = new URL(path, NOTION_ORIGIN);
	if (url.origin !== NOTION_ORIGIN || url.pathname !== path.replace(PLACEHOLDER, (name) => encodeURIComponent(name)) || url.search || url.hash) {
		return { ok: false, problem: `The path ${shown} would not stay under ${NOTION_ORIGIN}${API_ROOT}.` };
	}
	return { ok: true, path };
}

/** Query parameters from the editor's name/value rows; a name given twice keeps the last value. */
export function queryFrom(rows: Array<{ name?: string; value?: unknown }> | undefined): Record<string, string | number | boolean> | undefined {
	const query: Record<string, string | number | boolean> = {};
	for (const row of rows ?? []) {
		const name = String(row.name ?? '').trim();
		if (name === '') continue;
		const value = row.value;
		query[name] = typeof value === 'number' || typeof value === 'boolean' ? value : String(value ?? '');
	}
	return Object.keys(query).length > 0 ? query : undefined;
}

/** The JSON body parameter: an object (n8n may already have parsed it) or JSON text of one. */
export function bodyFrom(value: unknown): { ok: true; body?: IDataObject } | { ok: false; problem: string } {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return { ok: true };
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			return { ok: false, problem: `The body is not valid JSON: ${(error as Error).message}` };
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return { ok: false, problem: 'The body must be a JSON object, e.g. { "properties": { … } }.' };
	}
	return { ok: true, body: parsed as IDataObject };
}
