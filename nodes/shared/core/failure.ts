import type { Failure } from './types';
import { withoutUndefined } from './withoutUndefined';

// Reduces whatever n8n's request helpers throw to plain data. The shapes, as read from the
// published packages:
// - n8n-workflow NodeApiError: `httpCode` (string: a status, or a code such as 'ECONNREFUSED' or
//   'EAUTH'), `context.data` (the response body when it was an object), `messages[0]` (the wrapped
//   error's own message), `errorResponse` (when it wrapped a plain object). Its `cause` is the
//   wrapped error in n8n-workflow 2.41, but is lost (reset to undefined by a class field) in
//   1.120.x and 2.11.x: every field above must do without it.
// - axios AxiosError: `response.{status,data,headers}`, `status`, `code`, `config` (the request,
//   with its Authorization header: never read).
// - n8n's legacy request adapter: `statusCode`, `error` (the body), `response.headers`,
//   `options.headers` (the request's: never read).
// - @n8n/client-oauth2 (0.33.6 and 1.23.1): `AuthError {body: {error, error_description}, code: 'EAUTH'}`
//   and `ResponseError {status, body (raw text), code: 'ESTATUS'}`; 5xx and network failures come
//   out as axios errors whose `config.url` is the token endpoint.
// - n8n-core: NodeOperationError / UserError carrying only a message ("needs to be reconnected",
//   "OAuth credentials not connected").

const CHAIN_LIMIT = 8;
const TEXT_LIMIT = 4000;
const MESSAGE_LIMIT = 300;
/** Response headers worth keeping; nothing else is copied (Set-Cookie and the like stay out). */
const KEPT_HEADERS = ['retry-after', 'x-notion-request-id', 'cf-ray', 'content-type'];
/** @n8n/client-oauth2's own codes: they name the token endpoint, not a network failure. */
const CLIENT_OAUTH2_CODES = ['EAUTH', 'ESTATUS'];
const TOKEN_ENDPOINT_PATH = /\/oauth\/token(?:[?#]|$)/;

type Link = Record<string, unknown>;

/**
 * `phase` says which endpoint the caller was talking to; it becomes 'token' anyway when the error
 * itself shows that the OAuth token endpoint answered (a client-oauth2 error, or an axios error
 * for a request to `/oauth/token`).
 */
export function describeFailure(error: unknown, phase: 'api' | 'token'): Failure {
	const chain = causeChain(error);
	if (chain.length === 0) return withoutUndefined({ phase, message: shorten(String(error)) });

	const innermostFirst = [...chain].reverse();
	const status = firstOf(innermostFirst, statusOf);
	return withoutUndefined({
		phase: chain.some(cameFromTokenEndpoint) ? 'token' : phase,
		status,
		body: firstOf(innermostFirst, bodyOf),
		headers: firstOf(innermostFirst, headersOf),
		networkCode: status === undefined ? firstOf(innermostFirst, networkCodeOf) : undefined,
		message: firstOf(innermostFirst, messageOf),
	});
}

/** Parsed JSON when the text is JSON, else the text itself (shortened), e.g. an edge proxy's HTML. */
export function parseBody(raw: unknown): unknown {
	const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
	if (typeof text !== 'string') return text;
	const trimmed = text.trim();
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		try {
			return JSON.parse(trimmed) as unknown;
		} catch {
			// Not JSON after all: keep it as text.
		}
	}
	return trimmed.length > TEXT_LIMIT ? trimmed.slice(0, TEXT_LIMIT) : trimmed;
}

/** The error, its `cause`s and a wrapped plain `errorResponse`, outermost first, each once. */
function causeChain(error: unknown): Link[] {
	const chain: Link[] = [];
	const pending: unknown[] = [error];
	while (pending.length > 0 && chain.length < CHAIN_LIMIT) {
		const next = pending.shift();
		if (!isObject(next) || chain.includes(next)) continue;
		chain.push(next);
		pending.push(next.cause, next.errorResponse);
	}
	return chain;
}

function firstOf<T>(links: Link[], read: (link: Link) => T | undefined): T | undefined {
	for (const link of links) {
		const value = read(link);
		if (value !== undefined) return value;
	}
	return undefined;
}

function statusOf(link: Link): number | undefined {
	const response = isObject(link.response) ? link.response : undefined;
	for (const candidate of [response?.status, link.status, link.statusCode, link.httpCode]) {
		const status = typeof candidate === 'string' && /^\d{3}$/.test(candidate) ? Number(candidate) : candidate;
		if (typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599) return status;
	}
	return undefined;
}

function bodyOf(link: Link): unknown {
	if (isNotionEnvelope(link)) return link;
	const response = isObject(link.response) ? link.response : undefined;
	if (response && response.data !== undefined) return parseBody(response.data);
	if (link.body !== undefined && !isReadableStream(link.body)) return parseBody(link.body);
	if (typeof link.statusCode === 'number' && link.error !== undefined) return parseBody(link.error);
	const context = isObject(link.context) ? link.context : undefined;
	if (context && isObject(context.data)) return context.data;
	return undefined;
}

function headersOf(link: Link): Record<string, string> | undefined {
	const response = isObject(link.response) ? link.response : undefined;
	const source = response ? response.headers : link.headers;
	if (!isObject(source)) return undefined;
	const kept: Record<string, string> = {};
	for (const name of KEPT_HEADERS) {
		const value = headerValue(source, name);
		if (value !== undefined) kept[name] = value;
	}
	return Object.keys(kept).length > 0 ? kept : undefined;
}

/** Works for plain records in any case, axios's AxiosHeaders and fetch's Headers. */
function headerValue(headers: Link, name: string): string | undefined {
	let value: unknown;
	if (typeof headers.get === 'function') {
		value = (headers.get as (key: string) => unknown).call(headers, name);
	} else {
		const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
		value = key === undefined ? undefined : headers[key];
	}
	if (Array.isArray(value)) value = value[0];
	if (typeof value === 'number') value = String(value);
	return typeof value === 'string' ? value : undefined;
}

function networkCodeOf(link: Link): string | undefined {
	for (const candidate of [link.code, link.httpCode]) {
		if (typeof candidate === 'string' && candidate !== '' && !CLIENT_OAUTH2_CODES.includes(candidate)) {
			return candidate;
		}
	}
	return undefined;
}

/** NodeError replaces its message with a generic one and keeps the original first in `messages`. */
function messageOf(link: Link): string | undefined {
	const original = Array.isArray(link.messages) ? link.messages.find((text) => typeof text === 'string') : undefined;
	const message = typeof original === 'string' ? original : link.message;
	return typeof message === 'string' && message.trim() !== '' ? shorten(message.trim()) : undefined;
}

function cameFromTokenEndpoint(link: Link): boolean {
	if (link.code === 'EAUTH' || link.httpCode === 'EAUTH') return true;
	if (link.code === 'ESTATUS' && typeof link.status === 'number') return true;
	// Only the URL is read from an axios request config: its headers hold the client secret.
	const config = isObject(link.config) ? link.config : undefined;
	return link.isAxiosError === true && typeof config?.url === 'string' && TOKEN_ENDPOINT_PATH.test(config.url);
}

function isNotionEnvelope(link: Link): boolean {
	return link.object === 'error' && typeof link.code === 'string';
}

function isReadableStream(value: unknown): boolean {
	return isObject(value) && typeof value.pipe === 'function';
}

function isObject(value: unknown): value is Link {
	return typeof value === 'object' && value !== null;
}

function shorten(text: string): string {
	return text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT)}…` : text;
}

