// Injected failures. Each answers the way Notion (or the edge in front of it) does; codes and
// messages from https://developers.notion.com/reference/status-codes.
import { notionError, send } from './http';
import type { Ctx } from './http';
import type { FaultKind, FaultRule } from './types';

export function matches(rule: FaultRule, method: string, path: string): boolean {
	if (rule.count <= 0) return false;
	if (rule.method && rule.method.toUpperCase() !== method) return false;
	return rule.path.endsWith('*') ? path.startsWith(rule.path.slice(0, -1)) : path === rule.path;
}

/** Notion's documented message for 429 (https://developers.notion.com/reference/status-codes). */
export const RATE_LIMITED_MESSAGE = 'You have been rate limited. Please try again in a few minutes.';
/**
 * `additional_data.rate_limit_reason` (https://developers.notion.com/reference/request-limits);
 * the docs list no values we could read, this one appears in public client code. Unconfirmed.
 */
export const DEFAULT_RATE_LIMIT_REASON = 'public_api_request_rate_limit';
/** The per-workspace limit's reason, as Notion's request-limits page names it. */
export const WORKSPACE_RATE_LIMIT_REASON = 'public_api_space_request_rate_limit';

/** Take the first matching rule's next shot, if any. */
export function takeFault(rules: FaultRule[], method: string, path: string): FaultRule | undefined {
	const rule = rules.find((r) => matches(r, method, path));
	if (rule) rule.count -= 1;
	return rule;
}

// What Cloudflare's edge answers when Notion's origin is unreachable: HTML, a cf-ray, no request id
// (@notionhq/client builds a special message for exactly this: build/src/errors.js).
const EDGE_502 =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';

/** Answer `ctx` with the fault. 'hang' answers nothing: the socket stays open until the emulator closes. */
export function applyFault(ctx: Ctx, rule: FaultRule): void {
	const kind: FaultKind = rule.fault;
	ctx.entry.fault = kind;
	const retryAfter = { 'retry-after': rule.retryAfter ?? '1' };
	switch (kind) {
		case 'http500':
			return notionError(ctx, 500, 'internal_server_error', 'Unexpected error occurred.');
		case 'http502_html':
			return send(
				ctx,
				502,
				EDGE_502,
				{ 'content-type': 'text/html', 'cf-ray': `${ctx.requestId.replace(/-/g, '').slice(0, 16)}-SJC`, server: 'cloudflare' },
				false,
			);
		case 'http503':
			return notionError(ctx, 503, 'service_unavailable', 'Notion is unavailable, please try again later.');
		case 'http503_db':
			return notionError(ctx, 503, 'database_connection_unavailable', 'Notion is unavailable, please try again later.');
		case 'http504':
			return notionError(ctx, 504, 'gateway_timeout', 'Gateway Timeout');
		case 'http529':
			// "A 529 response carries the service_overload code" and asks to respect Retry-After
			// (https://developers.notion.com/reference/request-limits); the message is not documented.
			return notionError(ctx, 529, 'service_overload', 'Notion is overloaded, please try again later.', { headers: retryAfter });
		case 'http409':
			return notionError(ctx, 409, 'conflict_error', 'Conflict occurred while saving. Please try again.');
		case 'http429':
			return notionError(ctx, 429, 'rate_limited', RATE_LIMITED_MESSAGE, {
				headers: retryAfter,
				additionalData: { rate_limit_reason: DEFAULT_RATE_LIMIT_REASON },
			});
		case 'reset':
			ctx.entry.status = 0;
			ctx.req.socket.destroy();
			return;
		case 'hang':
			ctx.entry.status = 0;
			return;
		case 'malformed_json':
			return send(ctx, 200, '{"object":"page","id":"', { 'content-type': 'application/json; charset=utf-8' });
		case 'empty_body':
			return send(ctx, 200, '', { 'content-type': 'application/json; charset=utf-8' });
	}
}
