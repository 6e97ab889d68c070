import * as assert from 'node:assert';

import { APIResponseError } from '@notionhq/client';
import { NodeApiError, NodeOperationError, UserError, type INode, type JsonObject } from 'n8n-workflow';

import { classify } from '../../nodes/shared/core/classify';
import { describeFailure } from '../../nodes/shared/core/failure';

import { AuthError, AxiosError, FakeAxiosHeaders, ResponseError } from '../support/errorShapes';

const node: INode = {
	id: 'b2c3',
	name: 'Notion Access Check',
	type: 'n8n-nodes-notion-access.notionAccessCheck',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	credentials: { notionRotationSafeOAuth2Api: { id: '7', name: 'Notion (Acme)' } },
};

const ACCESS_TOKEN = 'fake-access-token-not-a-secret-0001';
const REFRESH_TOKEN = 'fake-refresh-token-not-a-secret-0001';
const CLIENT_SECRET = 'fake-client-secret-not-real-0001';
const REQUEST_ID = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const NOT_SHARED =
	'Could not find page with ID: 1429989f-e8ac-4eff-bc8f-57f56486db54. Make sure the relevant pages and databases are shared with your integration "Acme Sync".';
const INVALID_GRANT_DESCRIPTION =
	'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.';

/** The request config axios attaches to every error: it carries the secrets that must never leak. */
function notionRequestConfig() {
	return {
		url: 'https://api.notion.com/v1/pages/1429989f-e8ac-4eff-bc8f-57f56486db54',
		method: 'get',
		headers: { Authorization: `Bearer ${ACCESS_TOKEN}`, 'Notion-Version': '2025-09-03' },
	};
}

function tokenRequestConfig() {
	return {
		url: 'https://api.notion.com/v1/oauth/token',
		method: 'POST',
		headers: { Authorization: `Basic ${Buffer.from(`client-id:${CLIENT_SECRET}`).toString('base64')}` },
		data: `refresh_token=${REFRESH_TOKEN}&grant_type=refresh_token`,
	};
}

function notionAxiosError(status: number, data: unknown, headers: unknown) {
	return new AxiosError(`Request failed with status code ${status}`, status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST', notionRequestConfig(), {}, {
		status,
		data,
		headers,
		config: notionRequestConfig(),
	});
}

/** n8n-workflow 2.41 keeps `cause` (a native, non-enumerable Error property); 2.11 and 1.x lose it. */
function asIn241(wrapper: Error, cause: unknown): Error {
	Object.defineProperty(wrapper, 'cause', { value: cause, enumerable: false, configurable: true, writable: true });
	return wrapper;
}

function expectNoSecrets(value: unknown) {
	const text = JSON.stringify(value);
	for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET, 'Bearer', 'Basic', 'Authorization']) {
		expect(text).not.toContain(secret);
	}
}

describe('describeFailure: NodeApiError from n8n-workflow around axios errors', () => {
	it('keeps status and body of a 404 though this n8n-workflow drops the cause', () => {
		const wrapped = new NodeApiError(
			node,
			notionAxiosError(404, { object: 'error', status: 404, code: 'object_not_found', message: NOT_SHARED, request_id: REQUEST_ID }, { 'x-notion-request-id': REQUEST_ID }) as unknown as JsonObject,
		);
		expect(wrapped.cause).toBeUndefined(); // the 2.11.1 behaviour this reduction has to live with
		const failure = describeFailure(wrapped, 'api');
		expect(failure).toEqual({
			phase: 'api',
			status: 404,
			body: { object: 'error', status: 404, code: 'object_not_found', message: NOT_SHARED, request_id: REQUEST_ID },
			message: 'Request failed with status code 404',
		});
		expect(classify(failure)).toMatchObject({
			verdict: 'share_page',
			reason: 'not_shared_or_missing',
			integrationName: 'Acme Sync',
			requestId: REQUEST_ID,
		});
		expectNoSecrets(failure);
	});

	it('reads response headers through the cause when n8n keeps it (2.41)', () => {
		const axiosError = notionAxiosError(
			429,
			{ object: 'error', status: 429, code: 'rate_limited', message: 'You have been rate limited.' },
			new FakeAxiosHeaders({ 'Retry-After': '9', 'X-Notion-Request-Id': REQUEST_ID, 'Set-Cookie': 'session=abc' }),
		);
		const wrapped = asIn241(new NodeApiError(node, axiosError as unknown as JsonObject), axiosError);
		const failure = describeFailure(wrapped, 'api');
		expect(failure.headers).toEqual({ 'retry-after': '9', 'x-notion-request-id': REQUEST_ID });
		expect(classify(failure)).toMatchObject({ verdict: 'retry', reason: 'rate_limited', retryAfterSeconds: 9, requestId: REQUEST_ID });
		expectNoSecrets(failure);
	});

	it('falls back to the suggested back-off when the wrapper lost the headers (1.x, 2.11)', () => {
		const wrapped = new NodeApiError(
			node,
			notionAxiosError(429, { object: 'error', status: 429, code: 'rate_limited', message: 'x' }, { 'retry-after': '9' }) as unknown as JsonObject,
		);
		expect(classify(describeFailure(wrapped, 'api'))).toMatchObject({ verdict: 'retry', reason: 'rate_limited', retryAfterSeconds: 60 });
	});

	it('classifies a 502 HTML page from the edge without copying it', () => {
		const html = '<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>';
		const axiosError = notionAxiosError(502, html, { 'content-type': 'text/html', 'cf-ray': '8f3a1b2c4d5e6f70-FRA' });
		for (const wrapped of [new NodeApiError(node, axiosError as unknown as JsonObject), asIn241(new NodeApiError(node, axiosError as unknown as JsonObject), axiosError)]) {
			const outcome = classify(describeFailure(wrapped, 'api'));
			expect(outcome).toMatchObject({ verdict: 'retry', reason: 'bad_gateway', httpStatus: 502 });
			expect(outcome.message).not.toContain('<');
		}
	});

	it.each([
		['ECONNREFUSED', 'connect ECONNREFUSED 208.103.161.1:443', 'connection_failed'],
		['ECONNRESET', 'socket hang up', 'connection_failed'],
		['ENOTFOUND', 'getaddrinfo ENOTFOUND api.notion.com', 'connection_failed'],
		['EAI_AGAIN', 'getaddrinfo EAI_AGAIN api.notion.com', 'connection_failed'],
		['ECONNABORTED', 'timeout of 300000ms exceeded', 'timeout'],
		['ETIMEDOUT', 'connect ETIMEDOUT 208.103.161.1:443', 'timeout'],
	])('reduces a wrapped %s network error', (code, message, reason) => {
		const axiosError = new AxiosError(message, code, notionRequestConfig(), {});
		const wrapped = new NodeApiError(node, axiosError as unknown as JsonObject);
		// NodeApiError replaces the message with its own wording; the original stays in messages[0].
		expect(wrapped.httpCode).toBe(code);
		const failure = describeFailure(wrapped, 'api');
		expect(failure).toEqual({ phase: 'api', networkCode: code, message });
		expect(classify(failure)).toMatchObject({ verdict: 'retry', reason, networkCode: code });
		expect(describeFailure(asIn241(wrapped, axiosError), 'api')).toEqual(failure);
	});
});

describe('describeFailure: OAuth refresh failures', () => {
	it('reads a 1.x invalid_grant (NodeApiError around AuthError, body lost)', () => {
		const authError = new AuthError(INVALID_GRANT_DESCRIPTION, { error: 'invalid_grant', error_description: 'Invalid refresh token.' });
		const wrapped = new NodeApiError(node, authError as unknown as JsonObject);
		expect(wrapped.httpCode).toBe('EAUTH');
		const failure = describeFailure(wrapped, 'api');
		expect(failure).toEqual({ phase: 'token', message: INVALID_GRANT_DESCRIPTION });
		expect(classify(failure)).toMatchObject({ verdict: 'reauthorize', reason: 'grant_revoked', code: 'invalid_grant' });
	});

	it('reads the AuthError body when the cause is kept', () => {
		const authError = new AuthError('Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).', {
			error: 'invalid_client',
			error_description: 'Client secret is wrong.',
		});
		const failure = describeFailure(asIn241(new NodeApiError(node, authError as unknown as JsonObject), authError), 'api');
		expect(failure).toMatchObject({ phase: 'token', body: { error: 'invalid_client', error_description: 'Client secret is wrong.' } });
		expect(classify(failure)).toMatchObject({ verdict: 'reauthorize', reason: 'client_invalid', code: 'invalid_client', message: 'Client secret is wrong.' });
	});

	it('reads a bare AuthError', () => {
		const failure = describeFailure(new AuthError(INVALID_GRANT_DESCRIPTION, { error: 'invalid_grant' }), 'token');
		expect(failure).toEqual({ phase: 'token', body: { error: 'invalid_grant' }, message: INVALID_GRANT_DESCRIPTION });
		expect(classify(failure).reason).toBe('grant_revoked');
	});

	it("reads a ResponseError with Notion's own envelope, which client-oauth2 does not recognise", () => {
		const raw = JSON.stringify({ object: 'error', status: 400, code: 'invalid_grant', message: 'Invalid refresh token.', request_id: REQUEST_ID });
		const failure = describeFailure(new ResponseError(400, raw), 'api');
		expect(failure).toEqual({
			phase: 'token',
			status: 400,
			body: { object: 'error', status: 400, code: 'invalid_grant', message: 'Invalid refresh token.', request_id: REQUEST_ID },
			message: 'HTTP status 400',
		});
		expect(classify(failure)).toMatchObject({ verdict: 'reauthorize', reason: 'grant_revoked', requestId: REQUEST_ID });
	});

	it('reads a 503 from the token endpoint without copying the request', () => {
		const axiosError = new AxiosError('Request failed with status code 503', 'ERR_BAD_RESPONSE', tokenRequestConfig(), {}, {
			status: 503,
			data: '<html>Service Unavailable</html>',
			headers: { 'content-type': 'text/html', 'retry-after': '4' },
			config: tokenRequestConfig(),
		});
		const failure = describeFailure(asIn241(new NodeApiError(node, axiosError as unknown as JsonObject), axiosError), 'api');
		expect(failure).toMatchObject({ phase: 'token', status: 503, headers: { 'content-type': 'text/html', 'retry-after': '4' } });
		expect(classify(failure)).toMatchObject({ verdict: 'retry', reason: 'token_endpoint_unavailable', retryAfterSeconds: 4 });
		expectNoSecrets(failure);
	});

	it('reads a network failure of the token endpoint', () => {
		const axiosError = new AxiosError('read ECONNRESET', 'ECONNRESET', tokenRequestConfig(), {});
		const failure = describeFailure(axiosError, 'api');
		expect(failure).toEqual({ phase: 'token', networkCode: 'ECONNRESET', message: 'read ECONNRESET' });
		expect(classify(failure)).toMatchObject({ verdict: 'retry', reason: 'token_endpoint_unavailable' });
		expectNoSecrets(failure);
	});

	it("reads n8n 2.41's reconnect NodeOperationError, bare and wrapped by httpRequestWithAuthentication", () => {
		const reconnect = new NodeOperationError(node, 'The credential "Notion (Acme)" needs to be reconnected.', {
			description: 'Access could not be refreshed because the connected account has revoked access.',
			level: 'warning',
		});
		for (const error of [reconnect, new NodeApiError(node, reconnect as unknown as JsonObject), asIn241(new NodeApiError(node, reconnect as unknown as JsonObject), reconnect)]) {
			const failure = describeFailure(error, 'api');
			expect(failure).toEqual({ phase: 'api', message: 'The credential "Notion (Acme)" needs to be reconnected.' });
			expect(classify(failure)).toMatchObject({ verdict: 'reauthorize', reason: 'grant_revoked' });
		}
	});

	it("reads core's 'OAuth credentials not connected', bare and wrapped", () => {
		const notConnected = new UserError('OAuth credentials not connected');
		for (const error of [notConnected, new NodeApiError(node, notConnected as unknown as JsonObject)]) {
			const failure = describeFailure(error, 'api');
			expect(failure).toEqual({ phase: 'api', message: 'OAuth credentials not connected' });
			expect(classify(failure)).toMatchObject({ verdict: 'reauthorize', reason: 'not_connected' });
		}
	});
});

describe('describeFailure: a credential with no refresh token (issue 17.2)', () => {
	it("17.2 reads both lines' no-refresh-token errors, bare and wrapped by httpRequestWithAuthentication, as Reauthorize", () => {
		// n8n 2.41.1: @n8n/client-oauth2 1.23.1 dist/client-oauth2-token.js:39 throws a plain Error;
		// n8n 1.123.81: @n8n/client-oauth2 0.33.6 dist/client-oauth2-token.js:71 fails node:assert's ok().
		const line2x = new Error('OAuth access token expired and no refresh token is available. Please reconnect the credentials.');
		let line1x: unknown;
		try {
			assert.ok(undefined, 'refreshToken is required');
		} catch (error) {
			line1x = error;
		}
		for (const raw of [line2x, line1x as Error]) {
			for (const error of [raw, new NodeApiError(node, raw as unknown as JsonObject), asIn241(new NodeApiError(node, raw as unknown as JsonObject), raw)]) {
				for (const phase of ['api', 'token'] as const) {
					expect(classify(describeFailure(error, phase))).toMatchObject({ verdict: 'reauthorize', reason: 'no_refresh_token', message: raw.message });
				}
			}
		}
	});
});

describe('describeFailure: other shapes', () => {
	it("reads n8n's legacy request error without its request options", () => {
		const legacy = Object.assign(new AxiosError('404 - {"object":"error"}', 'ERR_BAD_REQUEST'), {
			options: { url: 'https://api.notion.com/v1/blocks/x', headers: { Authorization: `Bearer ${ACCESS_TOKEN}` } },
			statusCode: 404,
			error: { object: 'error', status: 404, code: 'object_not_found', message: NOT_SHARED },
			response: { headers: { 'x-notion-request-id': REQUEST_ID }, status: 404, statusText: 'Not Found' },
		});
		const failure = describeFailure(legacy, 'api');
		expect(failure).toMatchObject({ status: 404, body: { code: 'object_not_found' }, headers: { 'x-notion-request-id': REQUEST_ID } });
		expect(classify(failure).reason).toBe('not_shared_or_missing');
		expectNoSecrets(failure);
	});

	it('reads a NodeApiError around a plain Notion envelope', () => {
		const envelope = { object: 'error', status: 403, code: 'restricted_resource', message: 'Insufficient permissions for this endpoint.' };
		const failure = describeFailure(new NodeApiError(node, envelope), 'api');
		expect(failure).toMatchObject({ status: 403, body: envelope });
		expect(classify(failure)).toMatchObject({ verdict: 'share_page', reason: 'missing_capability' });
	});

	it("reads @notionhq/client's APIResponseError", () => {
		const body = { object: 'error', status: 404, code: 'object_not_found', message: NOT_SHARED, request_id: REQUEST_ID };
		const error = new APIResponseError({
			code: 'object_not_found' as never,
			status: 404,
			message: NOT_SHARED,
			headers: new Headers({ 'x-notion-request-id': REQUEST_ID, 'content-type': 'application/json' }),
			rawBodyText: JSON.stringify(body),
			additional_data: undefined,
			request_id: REQUEST_ID,
		});
		const failure = describeFailure(error, 'api');
		expect(failure).toEqual({
			phase: 'api',
			status: 404,
			body,
			headers: { 'x-notion-request-id': REQUEST_ID, 'content-type': 'application/json' },
			message: NOT_SHARED,
		});
	});

	it("walks undici's cause chain to the code", () => {
		const error = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }) });
		const failure = describeFailure(error, 'api');
		expect(failure).toEqual({ phase: 'api', networkCode: 'UND_ERR_CONNECT_TIMEOUT', message: 'Connect Timeout Error' });
		expect(classify(failure).reason).toBe('timeout');
	});

	it('reads a plain Error with a code', () => {
		const failure = describeFailure(Object.assign(new Error('getaddrinfo EAI_AGAIN api.notion.com'), { code: 'EAI_AGAIN' }), 'api');
		expect(classify(failure)).toMatchObject({ verdict: 'retry', reason: 'connection_failed' });
	});

	it('parses a Buffer body', () => {
		const axiosError = notionAxiosError(404, Buffer.from(JSON.stringify({ object: 'error', status: 404, code: 'object_not_found', message: 'x' })), {});
		expect(describeFailure(axiosError, 'api').body).toEqual({ object: 'error', status: 404, code: 'object_not_found', message: 'x' });
	});

	it('keeps a body that only looks like JSON as text', () => {
		expect(describeFailure(notionAxiosError(500, '{not json', {}), 'api').body).toBe('{not json');
	});

	it('shortens a huge text body and message', () => {
		const failure = describeFailure(Object.assign(notionAxiosError(500, 'x'.repeat(100_000), {}), { message: 'm'.repeat(10_000) }), 'api');
		expect((failure.body as string).length).toBeLessThanOrEqual(4000);
		expect(failure.message!.length).toBeLessThanOrEqual(301);
	});

	it('survives a cause cycle', () => {
		const first = new Error('first') as Error & { cause?: unknown };
		const second = Object.assign(new Error('second'), { cause: first });
		first.cause = second;
		expect(describeFailure(first, 'api')).toEqual({ phase: 'api', message: 'second' });
	});

	it.each([
		['a string', 'boom', { phase: 'api', message: 'boom' }],
		['null', null, { phase: 'api', message: 'null' }],
		['undefined', undefined, { phase: 'api', message: 'undefined' }],
		['a number', 42, { phase: 'api', message: '42' }],
	])('reduces %s', (_name, thrown, expected) => {
		expect(describeFailure(thrown, 'api')).toEqual(expected);
		expect(classify(describeFailure(thrown, 'api')).verdict).toBe('error');
	});

	it('keeps the phase the caller gives when nothing says otherwise', () => {
		expect(describeFailure(new Error('x'), 'token').phase).toBe('token');
		expect(describeFailure(new Error('x'), 'api').phase).toBe('api');
	});
});
