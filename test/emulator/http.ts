// HTTP plumbing shared by every route: the request context, JSON answers and Notion's two error shapes.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LogEntry } from './types';

export interface Ctx {
	req: IncomingMessage;
	res: ServerResponse;
	method: string;
	path: string;
	query: URLSearchParams;
	body: Buffer;
	/** This request's log entry: routes fill in what they learn (grant, integration...). */
	entry: LogEntry;
	/** Every Notion answer carries one (header `x-notion-request-id`, and `request_id` in JSON bodies). */
	requestId: string;
}

export function newRequestId(): string {
	return randomUUID();
}

export function header(ctx: Ctx, name: string): string | undefined {
	const value = ctx.req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

export function send(
	ctx: Ctx,
	status: number,
	body: string,
	headers: Record<string, string> = {},
	withRequestId = true,
): void {
	ctx.entry.status = status;
	if (ctx.res.headersSent || ctx.res.destroyed) return;
	const all: Record<string, string> = { ...headers, 'content-length': String(Buffer.byteLength(body)) };
	if (withRequestId) all['x-notion-request-id'] = ctx.requestId;
	ctx.res.writeHead(status, all);
	ctx.res.end(body);
}

export function sendJson(ctx: Ctx, status: number, body: unknown, headers: Record<string, string> = {}): void {
	send(ctx, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

/**
 * Notion's REST error envelope (https://developers.notion.com/reference/status-codes):
 * `{object:'error', status, code, message, request_id, additional_data?}`.
 */
export function notionError(
	ctx: Ctx,
	status: number,
	code: string,
	message: string,
	extra: { additionalData?: Record<string, unknown>; headers?: Record<string, string> } = {},
): void {
	const body: Record<string, unknown> = { object: 'error', status, code, message };
	if (extra.additionalData) body.additional_data = extra.additionalData;
	body.request_id = ctx.requestId;
	sendJson(ctx, status, body, extra.headers);
}

/** The token endpoint answers OAuth-style errors (RFC 6749 section 5.2): `{error, error_description}`. */
export function oauthError(ctx: Ctx, status: number, error: string, description: string): void {
	sendJson(ctx, status, { error, error_description: description });
}

export type Authorization =
	| { kind: 'bearer'; token: string }
	| { kind: 'basic'; user: string; password: string }
	| { kind: 'none' };

export function authorization(req: IncomingMessage): Authorization {
	const value = req.headers.authorization ?? '';
	const match = /^(\w+)\s+(.*)$/.exec(value.trim());
	if (!match) return { kind: 'none' };
	const scheme = match[1].toLowerCase();
	if (scheme === 'bearer') return { kind: 'bearer', token: match[2].trim() };
	if (scheme === 'basic') {
		const decoded = Buffer.from(match[2].trim(), 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return { kind: 'basic', user: decoded, password: '' };
		return { kind: 'basic', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
	}
	return { kind: 'none' };
}

export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > limit) throw new Error('request body too large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

/** A timer that never keeps the process alive on its own (a closed emulator must not block exit). */
export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
