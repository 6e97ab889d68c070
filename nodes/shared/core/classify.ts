import { isWrite } from './calls';
import { parseBody } from './failure';
import { compactId } from './notion';
import type { Failure, Outcome, Reason, Verdict } from './types';
import { withoutUndefined } from './withoutUndefined';

type Decision = Pick<Outcome, 'verdict' | 'reason'>;

const reauthorize = (reason: Reason): Decision => ({ verdict: 'reauthorize', reason });
const sharePage = (reason: Reason): Decision => ({ verdict: 'share_page', reason });
const retry = (reason: Reason): Decision => ({ verdict: 'retry', reason });
const REQUEST_INVALID: Decision = { verdict: 'error', reason: 'request_invalid' };
const UNEXPECTED: Decision = { verdict: 'error', reason: 'unexpected_response' };
/**
 * A write answered 2xx with a body that is not what Notion sends: Notion may have done it. Not
 * Retry (whose answer is "send it again": a Retry -> Wait -> back loop would write twice) and
 * never Success: n8n's error handling names the item and says to check in Notion first.
 */
const WRITE_UNCONFIRMED: Decision = { verdict: 'error', reason: 'write_unconfirmed' };
/**
 * The retry reasons that do not say whether Notion processed the request: an error or timeout on
 * Notion's side (Notion's status codes: 503 "can occur when the time to respond … takes longer
 * than 60 seconds"; 504 "Notion timed out while attempting to complete this request"), or a
 * connection that ended after the request went out. Notion's own SDK (@notionhq/client) retries
 * 500 and 503 only for GET and DELETE for this reason. For a write they are WRITE_UNCONFIRMED, and
 * so is a timeout or a connection lost after it went out (mayHaveBeenProcessed).
 * Not here, so still Retry for a write: 429 and 529 (Notion refused to start it), 409
 * conflict_error ("the transaction could not be completed"), 408 (the request never arrived
 * whole), failures before anything was sent (refused, DNS, TLS, a rate-limit hold, a cancelled
 * execution) and a failed refresh (the write waits for the token and is not sent).
 */
const NOTION_MAY_HAVE_DONE: Reason[] = ['server_error', 'bad_gateway', 'service_unavailable', 'gateway_timeout'];
/**
 * Notion refuses an edit of a page or block in the trash with a validation_error ("Can't edit
 * block that is archived. You must unarchive the block before editing."): the request is right,
 * the page is not, and someone must restore it.
 */
const TRASHED_MESSAGE = /\bis archived\b|\bin the trash\b|\barchived\b.*\bunarchive\b/i;

/** Notion's 400/409 codes for a request this node should never have sent: a bug, not an access problem. */
const INVALID_REQUEST_CODES = [
	'validation_error',
	'invalid_request_url',
	'invalid_request',
	'invalid_json',
	'missing_version',
	'invalid_beta',
	'row_limit_exceeded',
];
/** OAuth (RFC 6749 §5.2) errors for a token request this node built wrongly. */
const INVALID_TOKEN_REQUEST_ERRORS = ['invalid_request', 'unsupported_grant_type', 'unauthorized_client', 'invalid_scope'];
/** OAuth errors that say the authorization server is in trouble, not the grant. */
const TOKEN_SERVER_ERRORS = ['server_error', 'temporarily_unavailable'];

const TIMEOUT_CODES = ['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT'];
const UNDICI_TIMEOUT = /^UND_ERR_\w*TIMEOUT$/;
/** Failures to open a connection at all: nothing was sent. */
const NOT_CONNECTED_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'UND_ERR_CONNECT_TIMEOUT'];
/** A connection that ended while the request was under way, or no one knows when (axios's "Network Error"). */
const CONNECTION_LOST_CODES = ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ERR_NETWORK'];
const CONNECTION_CODES = [...NOT_CONNECTED_CODES.filter((code) => !UNDICI_TIMEOUT.test(code)), ...CONNECTION_LOST_CODES];
/** Node's TLS failures: no answer from Notion could be trusted, so nothing reached it. */
const TLS_CODES = [
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'EPROTO',
];
/** axios's code when the request was aborted (the execution was cancelled). */
const CANCELLED_CODE = 'ERR_CANCELED';
/**
 * Notion's per-workspace limit, shared by every connection of the workspace: its reason is
 * `public_api_space_request_rate_limit` ("space" is Notion's word for a workspace). Any other or
 * unknown reason is the connection's own limit, as Notion says to handle it.
 */
const WORKSPACE_LIMIT_REASON = /(?:^|_)(?:work)?space(?:_|$)/;
/**
 * The transport's code for a request it did not send: a Retry-After hold on the credential (from
 * any execution) lasts longer than this execution may wait. It is Notion's rate limit all the same.
 */
export const RATE_LIMIT_HOLD_CODE = 'NOTION_RATE_LIMIT_HOLD';
/** A Retry-After beyond a day is read as a day: `retryAt` stays a real date. */
const MAX_RETRY_AFTER_SECONDS = 86_400;

/**
 * n8n 1.x loses an OAuth error's body when it wraps it, keeping only @n8n/client-oauth2's fixed
 * description of the error code (its ERROR_RESPONSES). Their openings give the code back.
 */
const OAUTH_ERROR_BY_DESCRIPTION: Array<[string, string]> = [
	['The provided authorization grant', 'invalid_grant'],
	['Client authentication failed', 'invalid_client'],
	['The request is missing a required parameter', 'invalid_request'],
	['The client is not authorized to request an authorization code', 'unauthorized_client'],
	['The authorization grant type is not supported', 'unsupported_grant_type'],
	['The requested scope is invalid', 'invalid_scope'],
	['The authorization server encountered an unexpected condition', 'server_error'],
	['The authorization server is currently unable to handle the request', 'temporarily_unavailable'],
];
/** n8n 2.x turns a refresh's invalid_grant into: The credential "NAME" needs to be reconnected. */
const RECONNECT_MESSAGE = /^The credential .* needs to be reconnected\.?$/s;
/** n8n-core, when the credential was never connected. */
const NOT_CONNECTED_MESSAGE = 'OAuth credentials not connected';
/**
 * The access token was refused and the credential holds no refresh token to renew it (n8n's own
 * notionOAuth2Api connected before Notion issued refresh tokens, say). Thrown by @n8n/client-oauth2's
 * ClientOAuth2Token.refresh, which n8n-core calls: 1.23.1 (n8n 2.41.1) dist/client-oauth2-token.js:39
 * throws the first sentence; 0.33.6 (n8n 1.123.81) dist/client-oauth2-token.js:71 asserts the second.
 */
const NO_REFRESH_TOKEN_MESSAGES = [
	'OAuth access token expired and no refresh token is available. Please reconnect the credentials.',
	'refreshToken is required',
];
/** Notion's 404 message ends: … shared with your integration "NAME". */
const INTEGRATION_NAME = /shared with your integration\s+["“](.+)["”]\.?\s*$/s;

/**
 * Seconds to suggest when a retryable answer has no Retry-After. Notion's rate limit budgets
 * requests per 60-second window, so a minute clears it; a conflict_error is two writes colliding
 * and clears at once; a dropped or slow connection is worth a quick second try; anything wrong on
 * Notion's side (5xx, overload, the token endpoint) gets half a minute.
 */
const SUGGESTED_BACKOFF_SECONDS: Partial<Record<Reason, number>> = {
	rate_limited: 60,
	workspace_rate_limited: 60,
	conflict: 1,
	timeout: 10,
	connection_failed: 10,
	tls_failed: 60,
	cancelled: 1,
	bad_response: 5,
};
const DEFAULT_BACKOFF_SECONDS = 30;

interface Answer {
	status?: number;
	body: unknown;
	/** Notion's error code (`object_not_found`), also on the token endpoint. */
	code?: string;
	/** The OAuth `error` of a token endpoint answer, or the one its description gives back. */
	oauthError?: string;
	/** Notion's `message` or the OAuth `error_description`. */
	message?: string;
	requestId?: string;
	rayId?: string;
	/** `additional_data.rate_limit_reason` of a 429. */
	rateLimitReason?: string;
	isHtml: boolean;
}

/** Places a failure in the classification table (docs/verdicts.md). `now` (ms) dates a Retry-After given as an HTTP date. */
export function classify(failure: Failure, now: number = Date.now()): Outcome {
	const answer = readAnswer(failure);
	const decision = isTokenAnswer(failure, answer) ? decideToken(failure, answer) : decideApi(failure, answer);
	const outcome: Outcome = {
		...decision,
		code: answer.code ?? answer.oauthError,
		httpStatus: answer.status,
		message: answer.message ?? plainDescription(failure, answer),
		requestId: answer.requestId,
		rayId: answer.rayId,
		networkCode: failure.status === undefined ? failure.networkCode : undefined,
		integrationName: answer.message === undefined ? undefined : INTEGRATION_NAME.exec(answer.message)?.[1],
		retryAfterSeconds: decision.verdict === 'retry' ? retryAfterSeconds(failure, decision.reason, now) : undefined,
		rateLimitReason: decision.verdict === 'retry' ? answer.rateLimitReason : undefined,
		call: failure.call,
	};
	return withoutUndefined(outcome);
}

/** A 2xx answer as the transport hands it on. */
export interface Answered {
	status: number;
	body: unknown;
	headers: Record<string, string | undefined>;
}

/** GET /v1/users/me answered: Notion accepts the token. */
export function classifyTokenAnswer(answer: Answered): Outcome {
	return accessOk('token_valid', answer);
}

/**
 * An object read at its endpoint (GET /v1/pages/{id}, …). Access OK only if it is the one asked
 * for and not in the trash: Notion answers a trashed page with 200, but every edit of it fails,
 * so someone must restore it (Share Page, `in_trash`). An answer about another object was
 * garbled on the way, and is classified as the failure it is.
 */
export function classifyObject(answer: Answered, askedId: string): Outcome {
	const { id } = (answer.body ?? {}) as { id?: unknown };
	if (typeof id !== 'string' || compactId(id) !== compactId(askedId)) {
		return classify({ phase: 'api', status: answer.status, body: answer.body, headers: answer.headers });
	}
	if (isTrashed(answer.body)) {
		return withoutUndefined({ verdict: 'share_page', reason: 'in_trash', httpStatus: answer.status, requestId: answer.headers['x-notion-request-id'] });
	}
	return accessOk('accessible', answer);
}

/**
 * An OAuth2 credential that holds no access token was never connected: Reauthorize, with nothing
 * sent. An internal integration's secret is always there to try.
 */
export function classifyStoredCredential(isOAuth2: boolean, accessToken: unknown): (Outcome & { verdict: 'reauthorize' }) | undefined {
	return isOAuth2 && (typeof accessToken !== 'string' || accessToken === '') ? { verdict: 'reauthorize', reason: 'not_connected' } : undefined;
}

/** Search lists only what is shared with the integration, out of the trash (callers skip trashed results): each one is readable. */
export function classifySearchResult(): Outcome & { verdict: 'access_ok' } {
	return { verdict: 'access_ok', reason: 'accessible' };
}

/** A Notion object in the trash: `in_trash` from 2026-03-11 on, `archived` before it. */
export function isTrashed(object: unknown): boolean {
	const { in_trash: inTrash, archived } = (object ?? {}) as { in_trash?: unknown; archived?: unknown };
	return inTrash === true || archived === true;
}

/**
 * What a watcher (the Access Watch) makes of an outcome. It has no item to send to n8n's error
 * handling, and an answer it cannot make sense of says nothing about access: like Retry, it
 * keeps what was known, and the reason says what happened.
 */
export function observed(outcome: Outcome): Outcome & { verdict: Verdict } {
	return outcome.verdict === 'error' ? { ...outcome, verdict: 'retry' } : { ...outcome, verdict: outcome.verdict };
}

function accessOk(reason: 'token_valid' | 'accessible', answer: Answered): Outcome {
	return withoutUndefined({ verdict: 'access_ok', reason, httpStatus: answer.status, requestId: answer.headers['x-notion-request-id'] });
}

function readAnswer(failure: Failure): Answer {
	const body = typeof failure.body === 'string' ? parseBody(failure.body) : failure.body;
	const fields = isObject(body) && !Array.isArray(body) ? body : {};
	const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
	const additional = isObject(fields.additional_data) ? fields.additional_data : {};
	const contentType = failure.headers?.['content-type'] ?? '';
	return {
		status: failure.status,
		body,
		code: text(fields.code),
		oauthError: text(fields.error) ?? oauthErrorFromDescription(failure.message),
		message: text(fields.message) ?? text(fields.error_description),
		requestId: text(fields.request_id) ?? text(failure.headers?.['x-notion-request-id']),
		rayId: text(failure.headers?.['cf-ray']),
		rateLimitReason: text(additional.rate_limit_reason),
		isHtml: typeof body === 'string' && (/^</.test(body) || contentType.includes('html')),
	};
}

/**
 * An OAuth-shaped body (`error`, no Notion `code`) can only come from the token endpoint, except
 * on a REST call's 401: that is the access token refused, whatever the body looks like.
 */
function isTokenAnswer(failure: Failure, answer: Answer): boolean {
	if (failure.phase === 'token') return true;
	if (answer.status === 401) return false;
	return answer.oauthError !== undefined && answer.code === undefined;
}

function decideToken(failure: Failure, answer: Answer): Decision {
	// Notion may also answer its token endpoint with its own envelope: `code` then holds the OAuth error.
	const error = answer.oauthError ?? answer.code;
	if (error === 'invalid_grant') return reauthorize('grant_revoked');
	if (error === 'invalid_client') return reauthorize('client_invalid');
	if (error !== undefined && INVALID_TOKEN_REQUEST_ERRORS.includes(error)) return REQUEST_INVALID;
	if (error !== undefined && INVALID_REQUEST_CODES.includes(error)) return REQUEST_INVALID;
	if (error !== undefined && TOKEN_SERVER_ERRORS.includes(error)) return retry('token_endpoint_unavailable');

	const { status } = answer;
	if (status === undefined) {
		const fromMessage = decideCoreMessage(failure.message);
		if (fromMessage) return fromMessage;
		return networkDecision(failure) ? retry('token_endpoint_unavailable') : UNEXPECTED;
	}
	if (status === 429) return retry('rate_limited');
	// RFC 6749 §5.2: a token endpoint's 401 is the client failing to authenticate.
	if (status === 401) return reauthorize('client_invalid');
	if (status >= 500) return retry('token_endpoint_unavailable');
	return UNEXPECTED;
}

function decideApi(failure: Failure, answer: Answer): Decision {
	const decision = decideAnswer(failure, answer);
	const write = failure.call !== undefined && isWrite(failure.call);
	const open = decision.verdict === 'retry' || decision.reason === 'unexpected_response';
	return write && open && mayHaveBeenProcessed(failure, decision.reason) ? WRITE_UNCONFIRMED : decision;
}

/** Whether a request that met this retryable failure may have reached Notion and been done. */
function mayHaveBeenProcessed(failure: Failure, reason: Reason): boolean {
	// A 408 (reason timeout) says the request never arrived whole: only 5xx answers leave it open.
	if (failure.status !== undefined) return NOTION_MAY_HAVE_DONE.includes(reason) || (reason === 'unexpected_response' && failure.status >= 500);
	if (failure.networkCode !== undefined && NOT_CONNECTED_CODES.includes(failure.networkCode)) return false;
	return reason === 'timeout' || reason === 'connection_failed';
}

function decideAnswer(failure: Failure, answer: Answer): Decision {
	const { status, code } = answer;
	if (status === undefined) {
		if (failure.networkCode === RATE_LIMIT_HOLD_CODE) return rateLimited(answer);
		return decideCoreMessage(failure.message) ?? networkDecision(failure) ?? UNEXPECTED;
	}
	// A 2xx reaches the classifier only when its body was not the JSON object asked for.
	if (status >= 200 && status < 300) return failure.call && isWrite(failure.call) ? WRITE_UNCONFIRMED : retry('bad_response');
	switch (status) {
		case 408:
			return retry('timeout');
		case 401:
			return reauthorize('token_invalid');
		case 403:
			return code === 'restricted_resource' ? sharePage('missing_capability') : UNEXPECTED;
		case 404:
			return code === 'object_not_found' ? sharePage('not_shared_or_missing') : UNEXPECTED;
		case 409:
			if (code === 'conflict_error') return retry('conflict');
			return code === 'row_limit_exceeded' ? REQUEST_INVALID : UNEXPECTED;
		case 429:
			return rateLimited(answer);
		case 529:
			return retry('service_overload');
		case 500:
			return retry('server_error');
		case 502:
			return retry('bad_gateway');
		case 503:
			return retry('service_unavailable');
		case 504:
			return retry('gateway_timeout');
	}
	// Cloudflare's 520-524: its edge could not get an answer from Notion, the same as a 502.
	if (status >= 520 && status <= 524) return retry('bad_gateway');
	if (status === 400 && code === 'invalid_grant') return reauthorize('grant_revoked');
	if (status === 400 && code === 'validation_error' && TRASHED_MESSAGE.test(answer.message ?? '')) return sharePage('in_trash');
	if (status === 400 && code !== undefined && INVALID_REQUEST_CODES.includes(code)) return REQUEST_INVALID;
	return UNEXPECTED;
}

/** Notion's 429, or the transport's hold after one: which of Notion's limits it was. */
function rateLimited(answer: Answer): Decision {
	return retry(WORKSPACE_LIMIT_REASON.test(answer.rateLimitReason ?? '') ? 'workspace_rate_limited' : 'rate_limited');
}

/** Messages n8n-core throws without any status around an OAuth2 credential. */
function decideCoreMessage(message: string | undefined): Decision | undefined {
	if (message === undefined) return undefined;
	if (RECONNECT_MESSAGE.test(message)) return reauthorize('grant_revoked');
	if (message.startsWith(NOT_CONNECTED_MESSAGE)) return reauthorize('not_connected');
	if (NO_REFRESH_TOKEN_MESSAGES.includes(message)) return reauthorize('no_refresh_token');
	return undefined;
}

function networkDecision(failure: Failure): Decision | undefined {
	const code = failure.networkCode;
	if (code !== undefined) {
		if (TIMEOUT_CODES.includes(code) || UNDICI_TIMEOUT.test(code)) return retry('timeout');
		if (CONNECTION_CODES.includes(code)) return retry('connection_failed');
		if (TLS_CODES.includes(code)) return retry('tls_failed');
		if (code === CANCELLED_CODE) return retry('cancelled');
	}
	const message = failure.message ?? '';
	// Errors that lost their code on the way: axios's timeout text, Node's and undici's drops.
	if (/^timeout of \d+ms exceeded/.test(message)) return retry('timeout');
	if (/socket hang up/i.test(message) || message === 'terminated') return retry('connection_failed');
	return undefined;
}

function oauthErrorFromDescription(message: string | undefined): string | undefined {
	if (message === undefined) return undefined;
	return OAUTH_ERROR_BY_DESCRIPTION.find(([opening]) => message.startsWith(opening))?.[1];
}

/** A sentence for answers without a message of their own. Never the body itself: it may be a page of HTML. */
function plainDescription(failure: Failure, answer: Answer): string {
	const who = failure.phase === 'token' ? "Notion's token endpoint" : 'Notion';
	const { status, body } = answer;
	if (status === undefined) {
		if (failure.message !== undefined) return failure.message;
		if (failure.networkCode !== undefined) return `The request to ${who} failed: ${failure.networkCode}.`;
		if (answer.oauthError !== undefined) return `${who} answered with the OAuth error ${answer.oauthError}.`;
		return `The request to ${who} failed without an answer.`;
	}
	if (answer.isHtml) {
		const ray = answer.rayId === undefined ? '' : ` (Cloudflare Ray ID ${answer.rayId})`;
		return `${who} answered HTTP ${status} with an HTML page from its edge proxy instead of JSON${ray}.`;
	}
	if (status >= 200 && status < 300) {
		const what = body === undefined || body === '' ? 'an empty body' : typeof body === 'string' ? 'a body that is not JSON' : 'JSON that is not the object asked for';
		return `${who} answered HTTP ${status} with ${what}: the answer was lost or garbled on the way.`;
	}
	// No body at all usually means it was lost on the way (n8n 1.x keeps only object bodies).
	if (body === undefined) return `${who} answered HTTP ${status}.`;
	if (body === '') return `${who} answered HTTP ${status} with an empty body.`;
	if (typeof body === 'string') return `${who} answered HTTP ${status} with a body that is not JSON.`;
	return `${who} answered HTTP ${status} without an error message.`;
}

function retryAfterSeconds(failure: Failure, reason: Reason, now: number): number {
	const header = failure.headers?.['retry-after']?.trim();
	const given = header === undefined ? undefined : parseRetryAfter(header, now);
	return Math.min(MAX_RETRY_AFTER_SECONDS, given ?? SUGGESTED_BACKOFF_SECONDS[reason] ?? DEFAULT_BACKOFF_SECONDS);
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. Rounded up, never negative. */
function parseRetryAfter(value: string, now: number): number | undefined {
	if (/^\d+(?:\.\d+)?$/.test(value)) return Math.ceil(Number(value));
	// HTTP-dates always name a day or month; this keeps Date.parse from reading "-5" as a year.
	if (!/[a-z]/i.test(value)) return undefined;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}
