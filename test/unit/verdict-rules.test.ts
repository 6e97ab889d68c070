/**
 * The verdict rules that lived outside classify (issue 18's review): a trashed object answered
 * 200, an edit of a trashed page refused with a validation_error, what a watcher makes of an
 * error, and (issue 17's left item) a write that met a 5xx, a timeout or a lost connection.
 */
import { classify, classifyObject, classifySearchResult, classifyStoredCredential, classifyTokenAnswer, isTrashed, observed, RATE_LIMIT_HOLD_CODE } from '../../nodes/shared/core/classify';
import { remediation } from '../../nodes/shared/core/remediation';
import type { CallOf, Failure, Outcome } from '../../nodes/shared/core/types';

const PAGE_ID = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const HEADERS = { 'x-notion-request-id': 'req-1' };
const notion = (status: number, code: string, message: string) => ({ object: 'error', status, code, message, request_id: 'req-1' });
const api = (status: number, body: unknown, call?: CallOf): Failure => ({ phase: 'api', status, body, ...(call ? { call } : {}) });
const network = (networkCode: string | undefined, message: string, call?: CallOf): Failure => ({
	phase: 'api',
	...(networkCode ? { networkCode } : {}),
	message,
	...(call ? { call } : {}),
});

const CREATE: CallOf = { method: 'POST', path: '/v1/pages' };
const UPDATE: CallOf = { method: 'PATCH', path: `/v1/pages/${PAGE_ID}` };
const APPEND: CallOf = { method: 'PATCH', path: `/v1/blocks/${PAGE_ID}/children` };
const DELETE: CallOf = { method: 'DELETE', path: `/v1/blocks/${PAGE_ID}` };
const GET: CallOf = { method: 'GET', path: `/v1/pages/${PAGE_ID}` };
const QUERY: CallOf = { method: 'POST', path: `/v1/data_sources/${PAGE_ID}/query` };
const SEARCH: CallOf = { method: 'POST', path: '/v1/search' };
const WRITES = [CREATE, UPDATE, APPEND, DELETE];
const READS = [GET, QUERY, SEARCH];

describe('classify: a page or block in the trash', () => {
	const archived = notion(400, 'validation_error', "Can't edit block that is archived. You must unarchive the block before editing.");

	it.each([undefined, UPDATE, APPEND])('an edit refused because the page is archived is Share Page in_trash (call %j)', (call) => {
		expect(classify(api(400, archived, call))).toMatchObject({ verdict: 'share_page', reason: 'in_trash', code: 'validation_error', httpStatus: 400, requestId: 'req-1' });
		expect(classify(api(400, notion(400, 'validation_error', 'Page is in the trash.'), call))).toMatchObject({ verdict: 'share_page', reason: 'in_trash' });
	});

	it('any other validation_error stays a request this node should not have sent', () => {
		expect(classify(api(400, notion(400, 'validation_error', 'body failed validation: body.properties should be defined.'), UPDATE))).toMatchObject({ verdict: 'error', reason: 'request_invalid' });
		expect(classify(api(400, notion(400, 'validation_error', 'Provided ID x is a database, not a page.')))).toMatchObject({ verdict: 'error', reason: 'request_invalid' });
		// "archived" alone, as a property's name, is not the page in the trash.
		expect(classify(api(400, notion(400, 'validation_error', 'archived is not a property that exists.'), UPDATE))).toMatchObject({ reason: 'request_invalid' });
	});

	it('an object read at its endpoint: Access OK, in the trash (in_trash or archived), or garbled when it is another object', () => {
		const answer = (body: unknown) => ({ status: 200, body, headers: HEADERS });
		expect(classifyObject(answer({ object: 'page', id: PAGE_ID, in_trash: false }), PAGE_ID)).toEqual({ verdict: 'access_ok', reason: 'accessible', httpStatus: 200, requestId: 'req-1' });
		for (const trashed of [{ in_trash: true }, { archived: true }, { in_trash: false, archived: true }]) {
			expect(classifyObject(answer({ object: 'page', id: PAGE_ID, ...trashed }), PAGE_ID)).toEqual({ verdict: 'share_page', reason: 'in_trash', httpStatus: 200, requestId: 'req-1' });
		}
		// Ids compare without dashes and case: Notion may answer either form.
		expect(classifyObject(answer({ object: 'page', id: PAGE_ID.replace(/-/g, '').toUpperCase() }), PAGE_ID)).toMatchObject({ verdict: 'access_ok' });
		expect(classifyObject(answer({ object: 'page', id: 'a8aebfaa-4b29-4e38-9a70-4b1c2f7e5d10', in_trash: true }), PAGE_ID)).toMatchObject({ verdict: 'retry', reason: 'bad_response' });
		expect(classifyObject(answer('<html>'), PAGE_ID)).toMatchObject({ verdict: 'retry', reason: 'bad_response' });
		expect(classifyTokenAnswer(answer({ object: 'user' }))).toEqual({ verdict: 'access_ok', reason: 'token_valid', httpStatus: 200, requestId: 'req-1' });
	});

	it('isTrashed reads only a true in_trash or archived', () => {
		expect([{ in_trash: true }, { archived: true }].map(isTrashed)).toEqual([true, true]);
		expect([{}, { in_trash: 'true' }, { archived: 1 }, null, undefined, 'in_trash'].map(isTrashed)).toEqual([false, false, false, false, false, false]);
	});
});

describe('observed: what the Watch makes of an outcome', () => {
	it('an error keeps its reason and reads as Retry; every access verdict stays as it is', () => {
		const error: Outcome = { verdict: 'error', reason: 'unexpected_response', httpStatus: 418 };
		expect(observed(error)).toEqual({ verdict: 'retry', reason: 'unexpected_response', httpStatus: 418 });
		for (const outcome of [
			{ verdict: 'access_ok', reason: 'accessible' },
			{ verdict: 'reauthorize', reason: 'token_invalid' },
			{ verdict: 'share_page', reason: 'in_trash' },
			{ verdict: 'retry', reason: 'rate_limited', retryAfterSeconds: 3 },
		] as Outcome[]) {
			expect(observed(outcome)).toEqual(outcome);
		}
	});
});

describe('classify: a write Notion may have done is never Retry (17.4, extended to 5xx and lost answers)', () => {
	const mayHaveBeenDone: Array<[string, (call?: CallOf) => Failure, string]> = [
		['500 internal_server_error', (call) => api(500, notion(500, 'internal_server_error', 'Unexpected error occurred.'), call), 'server_error'],
		['502 with an HTML page from the edge', (call) => api(502, '<html>502 Bad Gateway</html>', call), 'bad_gateway'],
		['503 service_unavailable', (call) => api(503, notion(503, 'service_unavailable', 'Notion is unavailable.'), call), 'service_unavailable'],
		['503 database_connection_unavailable', (call) => api(503, notion(503, 'database_connection_unavailable', 'Database unavailable.'), call), 'service_unavailable'],
		['504 gateway_timeout', (call) => api(504, notion(504, 'gateway_timeout', 'Notion timed out.'), call), 'gateway_timeout'],
		["Cloudflare's 524", (call) => api(524, '<html>A timeout occurred</html>', call), 'bad_gateway'],
		['ECONNRESET', (call) => network('ECONNRESET', 'read ECONNRESET', call), 'connection_failed'],
		['EPIPE', (call) => network('EPIPE', 'write EPIPE', call), 'connection_failed'],
		['socket hang up without a code', (call) => network(undefined, 'socket hang up', call), 'connection_failed'],
		["axios's timeout", (call) => network('ECONNABORTED', 'timeout of 30000ms exceeded', call), 'timeout'],
		['ETIMEDOUT', (call) => network('ETIMEDOUT', 'ETIMEDOUT', call), 'timeout'],
		["undici's headers timeout", (call) => network('UND_ERR_HEADERS_TIMEOUT', 'Headers Timeout Error', call), 'timeout'],
	];

	it.each(mayHaveBeenDone)('%s: write_unconfirmed for a write, Retry for a read', (_name, failure, readReason) => {
		for (const call of WRITES) expect(classify(failure(call))).toMatchObject({ verdict: 'error', reason: 'write_unconfirmed', call });
		for (const call of [...READS, undefined]) expect(classify(failure(call))).toMatchObject({ verdict: 'retry', reason: readReason });
	});

	it('an unknown 5xx on a write may have been done too; an unknown 4xx is not a write question', () => {
		expect(classify(api(501, notion(501, 'not_implemented', 'Nope.'), CREATE))).toMatchObject({ verdict: 'error', reason: 'write_unconfirmed' });
		expect(classify(api(501, notion(501, 'not_implemented', 'Nope.'), GET))).toMatchObject({ verdict: 'error', reason: 'unexpected_response' });
		expect(classify(api(418, notion(418, 'teapot', 'Nope.'), CREATE))).toMatchObject({ verdict: 'error', reason: 'unexpected_response' });
	});

	const notDone: Array<[string, Failure, string]> = [
		['429 rate_limited', api(429, notion(429, 'rate_limited', 'Slow down.')), 'rate_limited'],
		['529 service_overload', api(529, notion(529, 'service_overload', 'Overloaded.')), 'service_overload'],
		['409 conflict_error ("the transaction could not be completed")', api(409, notion(409, 'conflict_error', 'Conflict.')), 'conflict'],
		['408 (the request never arrived whole)', api(408, ''), 'timeout'],
		['ECONNREFUSED', network('ECONNREFUSED', 'connect ECONNREFUSED'), 'connection_failed'],
		['ENOTFOUND', network('ENOTFOUND', 'getaddrinfo ENOTFOUND api.notion.com'), 'connection_failed'],
		["undici's connect timeout", network('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error'), 'timeout'],
		['an expired certificate', network('CERT_HAS_EXPIRED', 'certificate has expired'), 'tls_failed'],
		["the transport's rate-limit hold (not sent)", network(RATE_LIMIT_HOLD_CODE, 'Not sent.'), 'rate_limited'],
		['a cancelled execution (not sent)', network('ERR_CANCELED', 'The execution was cancelled before Notion answered.'), 'cancelled'],
	];

	it.each(notDone)('%s: Notion did not do it, so a write goes to Retry like a read', (_name, failure, reason) => {
		for (const call of [...WRITES, ...READS]) expect(classify({ ...failure, call })).toMatchObject({ verdict: 'retry', reason });
	});

	it('a refresh that failed during a write: the write waited for the token and was not sent', () => {
		const token: Failure = { phase: 'token', status: 503, body: 'Service Unavailable', call: CREATE };
		expect(classify(token)).toMatchObject({ verdict: 'retry', reason: 'token_endpoint_unavailable' });
	});

	it('the remediation says what came back and to check in Notion first, never to try again', () => {
		const said = (failure: Failure) => remediation(classify(failure), {});
		const cases = [
			[api(200, 'OK', CREATE), /POST \/v1\/pages\) with success but not with the answer it sends/],
			[api(504, notion(504, 'gateway_timeout', 'Notion timed out.'), UPDATE), new RegExp(`PATCH /v1/pages/${PAGE_ID}\\) with HTTP 504 gateway_timeout, which does not say whether it was done`)],
			[network('ECONNRESET', 'read ECONNRESET', APPEND), /No answer came to this write \(PATCH \/v1\/blocks\/[^)]+\): the request timed out or the connection was lost after it was sent \(ECONNRESET\)/],
		] as const;
		for (const [failure, what] of cases) {
			const sentence = said(failure);
			expect(sentence).toMatch(what);
			expect(sentence).toMatch(/so Notion may have done it: check in Notion whether the change is there before sending it again\.$/);
			expect(sentence).not.toMatch(/try again/i);
		}
	});
});

describe('classify: what needs no answer from Notion', () => {
	it('an OAuth2 credential without an access token was never connected; a secret is always tried', () => {
		expect(classifyStoredCredential(true, undefined)).toEqual({ verdict: 'reauthorize', reason: 'not_connected' });
		expect(classifyStoredCredential(true, '')).toEqual({ verdict: 'reauthorize', reason: 'not_connected' });
		expect(classifyStoredCredential(true, 'fake-access-token-not-a-secret')).toBeUndefined();
		expect(classifyStoredCredential(false, undefined)).toBeUndefined();
	});

	it('an object search shows is readable', () => {
		expect(classifySearchResult()).toEqual({ verdict: 'access_ok', reason: 'accessible' });
	});
});
