import { classify, RATE_LIMIT_HOLD_CODE } from '../../nodes/shared/core/classify';
import type { Failure, Outcome } from '../../nodes/shared/core/types';

const NOW = Date.parse('Wed, 11 Jun 2025 10:00:00 GMT');
const REQUEST_ID = '9b2f0c1e-52a4-4c6b-9d5e-0f1a2b3c4d5e';
const RAY = '8f3a1b2c4d5e6f70-FRA';

/** Notion's error envelope, as its REST API answers. */
function notion(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
	return { object: 'error', status, code, message, request_id: REQUEST_ID, ...extra };
}

function api(status: number, body?: unknown, headers: Record<string, string> = {}): Failure {
	return { phase: 'api', status, body, headers };
}

const CLOUDFLARE_502 = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>cloudflare</center>
</body>
</html>`;
const HTML_HEADERS = { 'content-type': 'text/html', 'cf-ray': RAY };

type Row = [name: string, failure: Failure, expected: Partial<Outcome>];

describe('classify: Notion REST answers', () => {
	const rows: Row[] = [
		[
			'401 unauthorized',
			api(401, notion(401, 'unauthorized', 'API token is invalid.')),
			{ verdict: 'reauthorize', reason: 'token_invalid', code: 'unauthorized', httpStatus: 401, message: 'API token is invalid.', requestId: REQUEST_ID },
		],
		['401 with an empty body', api(401, ''), { verdict: 'reauthorize', reason: 'token_invalid', httpStatus: 401 }],
		['401 with an HTML body', api(401, '<html>Unauthorized</html>', HTML_HEADERS), { verdict: 'reauthorize', reason: 'token_invalid' }],
		[
			'403 restricted_resource (capability)',
			api(403, notion(403, 'restricted_resource', 'Insufficient permissions for this endpoint.')),
			{ verdict: 'share_page', reason: 'missing_capability', code: 'restricted_resource', message: 'Insufficient permissions for this endpoint.' },
		],
		[
			'403 restricted_resource (block limit)',
			api(403, notion(403, 'restricted_resource', 'The workspace has reached its block limit.')),
			{ verdict: 'share_page', reason: 'missing_capability' },
		],
		['403 from the edge (HTML)', api(403, '<!DOCTYPE html><title>Attention Required! | Cloudflare</title>', HTML_HEADERS), { verdict: 'error', reason: 'unexpected_response', httpStatus: 403 }],
		[
			'404 object_not_found naming the integration',
			api(
				404,
				notion(
					404,
					'object_not_found',
					'Could not find page with ID: 1429989f-e8ac-4eff-bc8f-57f56486db54. Make sure the relevant pages and databases are shared with your integration "Acme Sync".',
				),
			),
			{ verdict: 'share_page', reason: 'not_shared_or_missing', code: 'object_not_found', httpStatus: 404, integrationName: 'Acme Sync', requestId: REQUEST_ID },
		],
		[
			'404 object_not_found with a quote in the integration name',
			api(404, notion(404, 'object_not_found', 'Could not find block with ID: x. Make sure the relevant pages and databases are shared with your integration "The "Best" Bot".')),
			{ verdict: 'share_page', reason: 'not_shared_or_missing', integrationName: 'The "Best" Bot' },
		],
		['404 from the edge (HTML)', api(404, '<html><body>Not Found</body></html>', HTML_HEADERS), { verdict: 'error', reason: 'unexpected_response' }],
		[
			'429 rate_limited',
			api(429, notion(429, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.', { additional_data: { rate_limit_reason: 'integration' } }), { 'retry-after': '7' }),
			{ verdict: 'retry', reason: 'rate_limited', code: 'rate_limited', httpStatus: 429, retryAfterSeconds: 7, rateLimitReason: 'integration' },
		],
		[
			'429 rate_limited by the connection budget per window',
			api(429, notion(429, 'rate_limited', 'You have been rate limited.', { additional_data: { rate_limit_reason: 'public_api_request_rate_limit' } }), { 'retry-after': '41' }),
			{ verdict: 'retry', reason: 'rate_limited', retryAfterSeconds: 41, rateLimitReason: 'public_api_request_rate_limit' },
		],
		[
			'429 rate_limited by the workspace limit (shared by every connection)',
			api(429, notion(429, 'rate_limited', 'You have been rate limited.', { additional_data: { rate_limit_reason: 'public_api_space_request_rate_limit' } }), { 'retry-after': '120' }),
			{ verdict: 'retry', reason: 'workspace_rate_limited', retryAfterSeconds: 120, rateLimitReason: 'public_api_space_request_rate_limit' },
		],
		[
			'429 with a rate limit reason Notion may add later: the connection limit, as Notion says to handle it',
			api(429, notion(429, 'rate_limited', 'You have been rate limited.', { additional_data: { rate_limit_reason: 'public_api_search_rate_limit' } }), { 'retry-after': '3' }),
			{ verdict: 'retry', reason: 'rate_limited', retryAfterSeconds: 3, rateLimitReason: 'public_api_search_rate_limit' },
		],
		['529 service_overload', api(529, notion(529, 'service_overload', 'Notion is overloaded.'), { 'retry-after': '12' }), { verdict: 'retry', reason: 'service_overload', retryAfterSeconds: 12 }],
		['409 conflict_error', api(409, notion(409, 'conflict_error', 'Conflict occurred while saving. Please try again.')), { verdict: 'retry', reason: 'conflict', retryAfterSeconds: 1 }],
		['409 row_limit_exceeded', api(409, notion(409, 'row_limit_exceeded', 'The data source has reached its row limit.')), { verdict: 'error', reason: 'request_invalid', code: 'row_limit_exceeded' }],
		['409 without a code', api(409, { message: 'conflict' }), { verdict: 'error', reason: 'unexpected_response' }],
		['500 internal_server_error', api(500, notion(500, 'internal_server_error', 'Unexpected error occurred.')), { verdict: 'retry', reason: 'server_error', retryAfterSeconds: 30 }],
		['502 bad_gateway (JSON)', api(502, notion(502, 'bad_gateway', 'Notion encountered an issue while attempting to complete this request.')), { verdict: 'retry', reason: 'bad_gateway' }],
		[
			'502 from the edge (HTML, cf-ray, no request id)',
			api(502, CLOUDFLARE_502, HTML_HEADERS),
			{ verdict: 'retry', reason: 'bad_gateway', httpStatus: 502, rayId: RAY, retryAfterSeconds: 30 },
		],
		['503 service_unavailable', api(503, notion(503, 'service_unavailable', 'Notion is unavailable, please try again later.')), { verdict: 'retry', reason: 'service_unavailable' }],
		[
			'503 database_connection_unavailable',
			api(503, notion(503, 'database_connection_unavailable', 'Notion is unavailable, please try again later.')),
			{ verdict: 'retry', reason: 'service_unavailable', code: 'database_connection_unavailable' },
		],
		['503 from the edge (HTML)', api(503, '<html>Service Unavailable</html>', HTML_HEADERS), { verdict: 'retry', reason: 'service_unavailable' }],
		['504 gateway_timeout', api(504, notion(504, 'gateway_timeout', 'Notion timed out while attempting to complete this request.')), { verdict: 'retry', reason: 'gateway_timeout' }],
		['522 from Cloudflare (origin timed out)', api(522, '<html>Connection timed out</html>', HTML_HEADERS), { verdict: 'retry', reason: 'bad_gateway' }],
		['400 validation_error', api(400, notion(400, 'validation_error', 'Provided ID 1429989f-e8ac-4eff-bc8f-57f56486db54 is a database, not a page. Use the retrieve database API instead.')), { verdict: 'error', reason: 'request_invalid', code: 'validation_error' }],
		['400 invalid_request_url', api(400, notion(400, 'invalid_request_url', 'Invalid request URL.')), { verdict: 'error', reason: 'request_invalid' }],
		['400 invalid_request', api(400, notion(400, 'invalid_request', 'This request is not supported.')), { verdict: 'error', reason: 'request_invalid' }],
		['400 invalid_json', api(400, notion(400, 'invalid_json', 'The request body could not be decoded as JSON.')), { verdict: 'error', reason: 'request_invalid' }],
		['400 missing_version', api(400, notion(400, 'missing_version', 'Notion-Version header failed validation.')), { verdict: 'error', reason: 'request_invalid' }],
		['400 invalid_beta', api(400, notion(400, 'invalid_beta', 'Invalid beta.')), { verdict: 'error', reason: 'request_invalid' }],
		['400 with an unknown code', api(400, notion(400, 'brand_new_code', 'Something new.')), { verdict: 'error', reason: 'unexpected_response', code: 'brand_new_code' }],
		['400 invalid_grant', api(400, notion(400, 'invalid_grant', 'Invalid grant.')), { verdict: 'reauthorize', reason: 'grant_revoked' }],
		['418 with JSON', api(418, { hello: 'teapot' }), { verdict: 'error', reason: 'unexpected_response', httpStatus: 418 }],
		['501 not implemented', api(501, notion(501, 'not_implemented', 'Nope.')), { verdict: 'error', reason: 'unexpected_response' }],
		['200 passed as a failure with a malformed body', api(200, '{"object":"page",'), { verdict: 'retry', reason: 'bad_response', httpStatus: 200 }],
		['200 passed as a failure with an empty body', api(200, ''), { verdict: 'retry', reason: 'bad_response' }],
		['200 with HTML from a proxy', api(200, '<html><body>Access denied</body></html>'), { verdict: 'retry', reason: 'bad_response' }],
		['200 with JSON of the wrong kind', api(200, { object: 'list', results: [] }), { verdict: 'retry', reason: 'bad_response' }],
		['204 with no body', api(204, undefined), { verdict: 'retry', reason: 'bad_response' }],
		['408 request timeout', api(408, ''), { verdict: 'retry', reason: 'timeout' }],
		['301 redirect', api(301, ''), { verdict: 'error', reason: 'unexpected_response', httpStatus: 301 }],
		['413 payload too large', api(413, ''), { verdict: 'error', reason: 'unexpected_response', httpStatus: 413 }],
		['451 unavailable for legal reasons', api(451, ''), { verdict: 'error', reason: 'unexpected_response', httpStatus: 451 }],
		['401 with an OAuth-shaped body is the access token refused', api(401, { error: 'invalid_token', error_description: 'expired' }), { verdict: 'reauthorize', reason: 'token_invalid' }],
		['302 redirect', api(302, undefined, { 'content-type': 'text/html' }), { verdict: 'error', reason: 'unexpected_response' }],
		['a JSON body given as text', api(404, JSON.stringify(notion(404, 'object_not_found', 'Could not find page.'))), { verdict: 'share_page', reason: 'not_shared_or_missing', code: 'object_not_found' }],
	];

	it.each(rows)('%s', (_name, failure, expected) => {
		expect(classify(failure, NOW)).toMatchObject(expected);
	});

	it('gives the whole outcome for a 404, and nothing else', () => {
		const failure = api(
			404,
			notion(404, 'object_not_found', 'Could not find page with ID: 1429989f-e8ac-4eff-bc8f-57f56486db54. Make sure the relevant pages and databases are shared with your integration "Acme Sync".'),
			{ 'x-notion-request-id': REQUEST_ID },
		);
		expect(classify(failure, NOW)).toEqual({
			verdict: 'share_page',
			reason: 'not_shared_or_missing',
			code: 'object_not_found',
			httpStatus: 404,
			message: 'Could not find page with ID: 1429989f-e8ac-4eff-bc8f-57f56486db54. Make sure the relevant pages and databases are shared with your integration "Acme Sync".',
			requestId: REQUEST_ID,
			integrationName: 'Acme Sync',
		});
	});

	it('leaves integrationName out when the message names none', () => {
		const outcome = classify(api(404, notion(404, 'object_not_found', 'Could not find database with ID: d9824bdc-8445-4327-be8b-5b47500af6ce.')));
		expect(outcome.reason).toBe('not_shared_or_missing');
		expect(outcome).not.toHaveProperty('integrationName');
	});

	it('never copies HTML into the message', () => {
		for (const status of [401, 403, 404, 500, 502, 503, 504, 522]) {
			const outcome = classify(api(status, CLOUDFLARE_502, HTML_HEADERS), NOW);
			expect(outcome.message).not.toMatch(/[<>]/);
			expect(outcome.message).toMatch(new RegExp(`HTTP ${status} with an HTML page`));
		}
	});

	it('names the Cloudflare ray in the sentence when there is no request id', () => {
		const outcome = classify(api(502, CLOUDFLARE_502, HTML_HEADERS), NOW);
		expect(outcome.message).toBe(`Notion answered HTTP 502 with an HTML page from its edge proxy instead of JSON (Cloudflare Ray ID ${RAY}).`);
		expect(outcome).not.toHaveProperty('requestId');
	});

	it('detects HTML without a content type', () => {
		const outcome = classify(api(502, `  ${CLOUDFLARE_502}`), NOW);
		expect(outcome.message).not.toMatch(/</);
	});

	it('describes a non-JSON text body without copying it', () => {
		const outcome = classify(api(500, 'upstream connect error or disconnect/reset before headers'), NOW);
		expect(outcome).toMatchObject({ verdict: 'retry', reason: 'server_error', message: 'Notion answered HTTP 500 with a body that is not JSON.' });
	});

	it('gives a plain sentence for an empty body', () => {
		expect(classify(api(503, ''), NOW).message).toBe('Notion answered HTTP 503 with an empty body.');
		expect(classify(api(503), NOW).message).toBe('Notion answered HTTP 503.');
	});
});

describe('classify: request id', () => {
	it('takes request_id from the body', () => {
		expect(classify(api(401, notion(401, 'unauthorized', 'API token is invalid.'))).requestId).toBe(REQUEST_ID);
	});

	it('takes x-notion-request-id from the headers when the body has none', () => {
		const outcome = classify(api(503, '<html></html>', { 'x-notion-request-id': 'from-header-1' }));
		expect(outcome.requestId).toBe('from-header-1');
	});

	it("prefers the body's request_id to the header", () => {
		const outcome = classify(api(500, notion(500, 'internal_server_error', 'x'), { 'x-notion-request-id': 'from-header-2' }));
		expect(outcome.requestId).toBe(REQUEST_ID);
	});
});

describe('classify: Retry-After', () => {
	const rateLimited = (retryAfter?: string) =>
		api(429, notion(429, 'rate_limited', 'You have been rate limited.'), retryAfter === undefined ? {} : { 'retry-after': retryAfter });

	it.each([
		['delta-seconds', '7', 7],
		['zero', '0', 0],
		['fractional seconds are rounded up', '2.1', 3],
		['surrounding spaces', ' 15 ', 15],
		['an HTTP date 42 s ahead', 'Wed, 11 Jun 2025 10:00:42 GMT', 42],
		['an HTTP date in the past is never negative', 'Wed, 11 Jun 2025 09:59:00 GMT', 0],
		['RFC 850 date', 'Wednesday, 11-Jun-25 10:01:00 GMT', 60],
	])('%s', (_name, header, seconds) => {
		expect(classify(rateLimited(header), NOW).retryAfterSeconds).toBe(seconds);
	});

	it('rounds a date with milliseconds up', () => {
		// toUTCString drops milliseconds, so build the header 1 s ahead and move "now" back by 0.5 s.
		const header = new Date(NOW + 1000).toUTCString();
		expect(classify(rateLimited(header), NOW + 500).retryAfterSeconds).toBe(1);
		expect(classify(rateLimited(header), NOW + 999).retryAfterSeconds).toBe(1);
		expect(classify(rateLimited(header), NOW + 1).retryAfterSeconds).toBe(1);
	});

	it.each([['garbage', 'soon'], ['a negative number', '-5'], ['empty', '']])('falls back to the suggested back-off for %s', (_name, header) => {
		expect(classify(rateLimited(header), NOW).retryAfterSeconds).toBe(60);
	});

	it('suggests a back-off per reason when Retry-After is absent', () => {
		expect(classify(rateLimited(), NOW).retryAfterSeconds).toBe(60);
		expect(classify(api(409, notion(409, 'conflict_error', 'x')), NOW).retryAfterSeconds).toBe(1);
		expect(classify({ phase: 'api', networkCode: 'ETIMEDOUT' }, NOW).retryAfterSeconds).toBe(10);
		expect(classify({ phase: 'api', networkCode: 'ECONNRESET' }, NOW).retryAfterSeconds).toBe(10);
		expect(classify(api(503, ''), NOW).retryAfterSeconds).toBe(30);
		expect(classify({ phase: 'token', status: 502 }, NOW).retryAfterSeconds).toBe(30);
	});

	it('honours Retry-After on any retry, not only 429', () => {
		expect(classify(api(503, '', { 'retry-after': '120' }), NOW).retryAfterSeconds).toBe(120);
		expect(classify({ phase: 'token', status: 503, headers: { 'retry-after': '5' } }, NOW).retryAfterSeconds).toBe(5);
	});

	it('gives retryAfterSeconds on every retry and on nothing else', () => {
		const failures: Failure[] = [
			api(401, ''),
			api(404, notion(404, 'object_not_found', 'x')),
			api(429, ''),
			api(502, CLOUDFLARE_502),
			api(400, notion(400, 'validation_error', 'x')),
			{ phase: 'api', networkCode: 'ECONNREFUSED' },
			{ phase: 'token', body: { error: 'invalid_grant' } },
		];
		for (const failure of failures) {
			const outcome = classify(failure, NOW);
			if (outcome.verdict === 'retry') expect(Number.isInteger(outcome.retryAfterSeconds) && outcome.retryAfterSeconds! >= 0).toBe(true);
			else expect(outcome).not.toHaveProperty('retryAfterSeconds');
		}
	});
});

describe('classify: network failures without an answer', () => {
	it.each([
		['ETIMEDOUT', 'timeout'],
		['ECONNABORTED', 'timeout'],
		['ESOCKETTIMEDOUT', 'timeout'],
		['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
		['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
		['UND_ERR_BODY_TIMEOUT', 'timeout'],
		['ECONNRESET', 'connection_failed'],
		['ECONNREFUSED', 'connection_failed'],
		['EPIPE', 'connection_failed'],
		['ENOTFOUND', 'connection_failed'],
		['EAI_AGAIN', 'connection_failed'],
		['EHOSTUNREACH', 'connection_failed'],
		['ENETUNREACH', 'connection_failed'],
		['ENETDOWN', 'connection_failed'],
		['UND_ERR_SOCKET', 'connection_failed'],
	])('%s -> retry/%s', (networkCode, reason) => {
		const outcome = classify({ phase: 'api', networkCode, message: `request failed: ${networkCode}` }, NOW);
		expect(outcome).toMatchObject({ verdict: 'retry', reason, networkCode });
		expect(outcome).not.toHaveProperty('httpStatus');
		expect(outcome).not.toHaveProperty('code');
	});

	it('reads a code-less "socket hang up" as a failed connection', () => {
		expect(classify({ phase: 'api', message: 'socket hang up' }, NOW)).toMatchObject({ verdict: 'retry', reason: 'connection_failed', message: 'socket hang up' });
	});

	it("reads axios's code-less timeout text as a timeout", () => {
		expect(classify({ phase: 'api', message: 'timeout of 30000ms exceeded' }, NOW)).toMatchObject({ verdict: 'retry', reason: 'timeout' });
	});

	it("reads undici's code-less 'terminated' as a failed connection", () => {
		expect(classify({ phase: 'api', message: 'terminated' }, NOW)).toMatchObject({ verdict: 'retry', reason: 'connection_failed' });
	});

	it('treats an unknown code without an answer as unexpected', () => {
		expect(classify({ phase: 'api', networkCode: 'ERR_SOMETHING_NEW', message: 'something new' }, NOW)).toMatchObject({ verdict: 'error', reason: 'unexpected_response' });
	});

	it.each(['CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'EPROTO', 'ERR_TLS_CERT_ALTNAME_INVALID'])('reads the TLS failure %s as retry tls_failed, with no word of Notion refusing anything', (code) => {
		const outcome = classify({ phase: 'api', networkCode: code, message: 'certificate problem' }, NOW);
		expect(outcome).toMatchObject({ verdict: 'retry', reason: 'tls_failed', networkCode: code });
	});

	it("reads axios's ERR_CANCELED as a cancelled request", () => {
		expect(classify({ phase: 'api', networkCode: 'ERR_CANCELED', message: 'canceled' }, NOW)).toMatchObject({ verdict: 'retry', reason: 'cancelled' });
	});

	it.each([
		['0', 0],
		['-5', 60],
		['soon', 60],
		['1e9', 60],
		['99999999999', 86400],
		['Thu, 01 Jan 1970 00:00:00 GMT', 0],
		['Fri, 31 Dec 9999 23:59:59 GMT', 86400],
	])('reads Retry-After %p as %p seconds (never negative, at most a day)', (value, seconds) => {
		const failure = { phase: 'api' as const, status: 429, headers: { 'retry-after': value }, body: { object: 'error', status: 429, code: 'rate_limited', message: 'slow down' } };
		expect(classify(failure, NOW).retryAfterSeconds).toBe(seconds);
	});

	it('treats a failure with nothing at all as unexpected', () => {
		expect(classify({ phase: 'api' }, NOW)).toEqual({
			verdict: 'error',
			reason: 'unexpected_response',
			message: 'The request to Notion failed without an answer.',
		});
	});

	it('gives a sentence naming the code when there is no message', () => {
		expect(classify({ phase: 'api', networkCode: 'ECONNRESET' }, NOW).message).toBe('The request to Notion failed: ECONNRESET.');
	});
});

describe('classify: the OAuth token endpoint during a refresh', () => {
	const token = (status: number | undefined, body?: unknown, extra: Partial<Failure> = {}): Failure => ({ phase: 'token', status, body, ...extra });

	const rows: Row[] = [
		[
			'invalid_grant',
			token(400, { error: 'invalid_grant', error_description: 'Invalid refresh token.' }),
			{ verdict: 'reauthorize', reason: 'grant_revoked', code: 'invalid_grant', httpStatus: 400, message: 'Invalid refresh token.' },
		],
		['invalid_grant without status (client-oauth2 AuthError)', token(undefined, { error: 'invalid_grant' }), { verdict: 'reauthorize', reason: 'grant_revoked', code: 'invalid_grant' }],
		['invalid_client (401)', token(401, { error: 'invalid_client' }), { verdict: 'reauthorize', reason: 'client_invalid', code: 'invalid_client' }],
		['a bare 401', token(401, ''), { verdict: 'reauthorize', reason: 'client_invalid' }],
		['invalid_request', token(400, { error: 'invalid_request' }), { verdict: 'error', reason: 'request_invalid', code: 'invalid_request' }],
		['unsupported_grant_type', token(400, { error: 'unsupported_grant_type' }), { verdict: 'error', reason: 'request_invalid' }],
		['unauthorized_client', token(400, { error: 'unauthorized_client' }), { verdict: 'error', reason: 'request_invalid' }],
		['invalid_scope', token(400, { error: 'invalid_scope' }), { verdict: 'error', reason: 'request_invalid' }],
		['temporarily_unavailable', token(400, { error: 'temporarily_unavailable' }), { verdict: 'retry', reason: 'token_endpoint_unavailable' }],
		['server_error', token(400, { error: 'server_error' }), { verdict: 'retry', reason: 'token_endpoint_unavailable' }],
		['Notion envelope with invalid_grant', token(400, notion(400, 'invalid_grant', 'Invalid grant.')), { verdict: 'reauthorize', reason: 'grant_revoked', code: 'invalid_grant', requestId: REQUEST_ID }],
		['Notion envelope with validation_error', token(400, notion(400, 'validation_error', 'body.grant_type should be defined.')), { verdict: 'error', reason: 'request_invalid' }],
		['429', token(429, { error: 'rate_limited' }, { headers: { 'retry-after': '3' } }), { verdict: 'retry', reason: 'rate_limited', retryAfterSeconds: 3 }],
		['500', token(500, { error: 'internal' }), { verdict: 'retry', reason: 'token_endpoint_unavailable', httpStatus: 500 }],
		['502 from the edge (HTML)', token(502, CLOUDFLARE_502, { headers: HTML_HEADERS }), { verdict: 'retry', reason: 'token_endpoint_unavailable' }],
		['503', token(503, ''), { verdict: 'retry', reason: 'token_endpoint_unavailable' }],
		['504', token(504), { verdict: 'retry', reason: 'token_endpoint_unavailable' }],
		['ECONNRESET', token(undefined, undefined, { networkCode: 'ECONNRESET' }), { verdict: 'retry', reason: 'token_endpoint_unavailable', networkCode: 'ECONNRESET' }],
		['ETIMEDOUT', token(undefined, undefined, { networkCode: 'ETIMEDOUT' }), { verdict: 'retry', reason: 'token_endpoint_unavailable' }],
		['ENOTFOUND', token(undefined, undefined, { networkCode: 'ENOTFOUND' }), { verdict: 'retry', reason: 'token_endpoint_unavailable' }],
		['socket hang up', token(undefined, undefined, { message: 'socket hang up' }), { verdict: 'retry', reason: 'token_endpoint_unavailable' }],
		['a 400 that is not OAuth', token(400, 'Bad Request'), { verdict: 'error', reason: 'unexpected_response' }],
		['a 3xx (client-oauth2 ResponseError)', token(302, ''), { verdict: 'error', reason: 'unexpected_response' }],
	];

	it.each(rows)('%s', (_name, failure, expected) => {
		expect(classify(failure, NOW)).toMatchObject(expected);
	});

	it('reads an OAuth body reported under the api phase as the token endpoint answer', () => {
		expect(classify({ phase: 'api', body: { error: 'invalid_grant', error_description: 'expired' } }, NOW)).toMatchObject({
			verdict: 'reauthorize',
			reason: 'grant_revoked',
		});
	});
});

describe('classify: messages from n8n core without a status', () => {
	const RFC_INVALID_GRANT =
		'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.';

	it.each([
		['n8n 2.41 reconnect', 'The credential "Notion (Acme)" needs to be reconnected.', 'grant_revoked', undefined],
		['n8n 2.41 reconnect by type', 'The credential of type "notionRotationSafeOAuth2Api" needs to be reconnected.', 'grant_revoked', undefined],
		['n8n 1.x invalid_grant', RFC_INVALID_GRANT, 'grant_revoked', 'invalid_grant'],
		['n8n 1.x invalid_client', 'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).', 'client_invalid', 'invalid_client'],
		['not connected', 'OAuth credentials not connected', 'not_connected', undefined],
	])('%s', (_name, message, reason, code) => {
		for (const phase of ['api', 'token'] as const) {
			const outcome = classify({ phase, message }, NOW);
			expect(outcome).toMatchObject({ verdict: 'reauthorize', reason, message });
			expect(outcome.code).toBe(code);
		}
	});

	it('maps the other client-oauth2 descriptions back to their OAuth errors', () => {
		expect(classify({ phase: 'api', message: 'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.' }, NOW)).toMatchObject({
			verdict: 'error',
			reason: 'request_invalid',
			code: 'invalid_request',
		});
		expect(classify({ phase: 'api', message: 'The authorization server is currently unable to handle the request due to a temporary overloading or maintenance of the server.' }, NOW)).toMatchObject({
			verdict: 'retry',
			reason: 'token_endpoint_unavailable',
		});
	});

	it('does not read "reconnected" loosely', () => {
		expect(classify({ phase: 'api', message: 'We reconnected to Notion.' }, NOW)).toMatchObject({ verdict: 'error', reason: 'unexpected_response' });
	});
});

describe('the transport\'s rate-limit hold (issue 20)', () => {
	it('an item not sent because a workspace-limit hold passes its Max Wait is workspace_rate_limited, with the reason', () => {
		const held = { phase: 'api' as const, networkCode: RATE_LIMIT_HOLD_CODE, headers: { 'retry-after': '90' }, body: { additional_data: { rate_limit_reason: 'public_api_space_request_rate_limit' } } };
		expect(classify(held)).toMatchObject({ verdict: 'retry', reason: 'workspace_rate_limited', retryAfterSeconds: 90, rateLimitReason: 'public_api_space_request_rate_limit' });
		expect(classify({ ...held, body: undefined })).toMatchObject({ verdict: 'retry', reason: 'rate_limited', retryAfterSeconds: 90 });
	});
});

describe('classify: a credential with no refresh token (issue 17.2)', () => {
	// The exact messages, read from the published packages that n8n-core calls to refresh
	// (ClientOAuth2Token.refresh, called from n8n-core's refresh):
	// - n8n 2.41.1: @n8n/client-oauth2 1.23.1 dist/client-oauth2-token.js:39, called from n8n-core 2.41.1
	//   dist/execution-engine/node-execution-context/utils/request-helpers/oauth.js:126 and rethrown as is (:133);
	// - n8n 1.123.81: @n8n/client-oauth2 0.33.6 dist/client-oauth2-token.js:71 (`a.ok(this.refreshToken,
	//   'refreshToken is required')`), called from n8n-core 1.122.48
	//   dist/execution-engine/node-execution-context/utils/request-helper-functions.js:576.
	const LINE_2X = 'OAuth access token expired and no refresh token is available. Please reconnect the credentials.';
	const LINE_1X = 'refreshToken is required';

	it.each([
		['n8n 2.41', LINE_2X],
		['n8n 1.123', LINE_1X],
	])('17.2 %s: the no-refresh-token error is Reauthorize no_refresh_token, on either endpoint', (_line, message) => {
		for (const phase of ['api', 'token'] as const) {
			// 1.x's AssertionError carries code ERR_ASSERTION, which describeFailure keeps as a network code.
			for (const networkCode of [undefined, 'ERR_ASSERTION']) {
				const failure: Failure = networkCode ? { phase, message, networkCode } : { phase, message };
				expect(classify(failure, NOW)).toMatchObject({ verdict: 'reauthorize', reason: 'no_refresh_token', message });
			}
		}
	});

	it('17.2 reads the messages exactly: a sentence that merely mentions a refresh token is not Reauthorize', () => {
		for (const message of ['refreshToken is required for this call to the proxy', 'no refresh token is available in the cache']) {
			expect(classify({ phase: 'api', message }, NOW)).toMatchObject({ verdict: 'error', reason: 'unexpected_response' });
		}
	});
});
