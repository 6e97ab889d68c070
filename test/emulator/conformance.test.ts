// Notion's own SDK pointed at the emulator must see the error classes and codes docs/notion-behaviour.md describes.
// `retry: false` turns off the SDK's retries (build/src/Client.js: maxRetries 0).
import { APIErrorCode, APIResponseError, Client, RequestTimeoutError, UnknownHTTPResponseError } from '@notionhq/client';
import { WORLD } from './index';
import type { FaultKind } from './index';
import { useEmulator } from './testing';

const emulator = useEmulator();

const quiet = () => undefined;
const sdk = (opts: { auth?: string; notionVersion?: string; timeoutMs?: number; fetch?: typeof fetch } = {}) =>
	new Client({ auth: WORLD.internalIntegration.secret, baseUrl: emulator().url, retry: false, logger: quiet, ...opts });

async function failure(call: Promise<unknown>): Promise<unknown> {
	return call.then(
		() => {
			throw new Error('expected the call to fail');
		},
		(error: unknown) => error,
	);
}

async function apiError(call: Promise<unknown>): Promise<APIResponseError> {
	const error = await failure(call);
	expect(APIResponseError.isAPIResponseError(error)).toBe(true);
	return error as APIResponseError;
}

describe('APIResponseError codes', () => {
	it('object_not_found for unshared and missing pages, with request_id and additional_data', async () => {
		for (const page_id of [WORLD.pages.unshared.id, WORLD.missingId]) {
			const error = await apiError(sdk().pages.retrieve({ page_id }));
			expect(error.code).toBe(APIErrorCode.ObjectNotFound);
			expect(error.status).toBe(404);
			expect(error.message).toContain('shared with your integration "Acme Internal"');
			expect(error.request_id).toMatch(/^[0-9a-f-]{36}$/);
			expect(error.additional_data).toEqual({ integration_id: WORLD.internalIntegration.id });
		}
	});

	it('unauthorized for a bad or expired token', async () => {
		expect((await apiError(sdk({ auth: 'ntn_bogus' }).users.me({}))).code).toBe(APIErrorCode.Unauthorized);
		const grant = emulator().control.createGrant();
		emulator().control.expireGrant(grant.grantId);
		expect((await apiError(sdk({ auth: grant.accessToken }).users.me({}))).code).toBe(APIErrorCode.Unauthorized);
	});

	it('restricted_resource for an integration without read content, while users.me works', async () => {
		const { accessToken } = emulator().control.createGrant({ integrationId: WORLD.noReadIntegration.id });
		const client = sdk({ auth: accessToken });
		expect((await apiError(client.pages.retrieve({ page_id: WORLD.pages.sharedRoot.id }))).code).toBe(APIErrorCode.RestrictedResource);
		expect(await client.users.me({})).toMatchObject({ type: 'bot' });
	});

	it('validation_error for a database asked for as a page, and for a malformed id', async () => {
		const wrongType = await apiError(sdk().pages.retrieve({ page_id: WORLD.database.id }));
		expect(wrongType.code).toBe(APIErrorCode.ValidationError);
		expect(wrongType.message).toBe(`Provided ID ${WORLD.database.id} is a database, not a page. Use the retrieve database API instead.`);
		expect((await apiError(sdk().blocks.retrieve({ block_id: 'nope' }))).code).toBe(APIErrorCode.ValidationError);
	});

	it('rate_limited from the token bucket', async () => {
		emulator().control.setModes({ rateLimit: { ratePerSecond: 1, burst: 1 } });
		await sdk().users.me({});
		const error = await apiError(sdk().users.me({}));
		expect(error.code).toBe(APIErrorCode.RateLimited);
		expect(error.additional_data).toEqual({ rate_limit_reason: expect.any(String) });
	});

	it('invalid_request_url for data sources below 2025-09-03', async () => {
		const error = await apiError(sdk({ notionVersion: '2022-06-28' }).dataSources.retrieve({ data_source_id: WORLD.dataSource.id }));
		expect(error.code).toBe(APIErrorCode.InvalidRequestURL);
	});

	const faults: Array<[FaultKind, APIErrorCode]> = [
		['http500', APIErrorCode.InternalServerError],
		['http503', APIErrorCode.ServiceUnavailable],
		['http504', APIErrorCode.GatewayTimeout],
		['http529', APIErrorCode.ServiceOverload],
		['http409', APIErrorCode.ConflictError],
		['http429', APIErrorCode.RateLimited],
	];
	it.each(faults)('fault %s surfaces as %s', async (fault, code) => {
		emulator().control.addFault({ path: '/v1/users/me', count: 1, fault });
		expect((await apiError(sdk().users.me({}))).code).toBe(code);
	});
});

describe('UnknownHTTPResponseError for codes the SDK does not know', () => {
	const unknown = async (call: Promise<unknown>) => {
		const error = await failure(call);
		expect(UnknownHTTPResponseError.isUnknownHTTPResponseError(error)).toBe(true);
		return error as UnknownHTTPResponseError;
	};

	it('the edge 502 HTML page, with its Cloudflare ray id in the message', async () => {
		emulator().control.addFault({ path: '/v1/users/me', count: 1, fault: 'http502_html' });
		const error = await unknown(sdk().users.me({}));
		expect(error.status).toBe(502);
		expect(error.message).toContain("returned by Notion's edge proxy");
		expect(error.message).toContain('Cloudflare Ray ID');
	});

	it('database_connection_unavailable', async () => {
		emulator().control.addFault({ path: '/v1/users/me', count: 1, fault: 'http503_db' });
		const error = await unknown(sdk().users.me({}));
		expect(error.status).toBe(503);
		expect(JSON.parse(error.body)).toMatchObject({ code: 'database_connection_unavailable' });
	});

	it('missing_version (the SDK always sends a version: drop it on the way out)', async () => {
		const withoutVersion: typeof fetch = (input, init) => {
			const headers = new Headers(init?.headers);
			headers.delete('notion-version');
			return fetch(input, { ...init, headers });
		};
		const error = await unknown(sdk({ fetch: withoutVersion }).users.me({}));
		expect(error.status).toBe(400);
		expect(JSON.parse(error.body)).toMatchObject({ code: 'missing_version' });
	});

	it('an OAuth invalid_grant from the token endpoint', async () => {
		const error = await unknown(
			sdk().oauth.token({
				client_id: WORLD.publicIntegration.clientId,
				client_secret: WORLD.publicIntegration.clientSecret,
				grant_type: 'refresh_token',
				refresh_token: 'nrt_unknown',
			}),
		);
		expect(error.status).toBe(400);
		expect(JSON.parse(error.body)).toMatchObject({ error: 'invalid_grant' });
	});
});

describe('happy paths through the SDK', () => {
	it('retrieves each kind of object at the SDK default version (2025-09-03)', async () => {
		const client = sdk();
		expect(await client.pages.retrieve({ page_id: WORLD.pages.sharedRoot.id })).toMatchObject({ object: 'page' });
		expect(await client.databases.retrieve({ database_id: WORLD.database.id })).toMatchObject({ data_sources: [{ id: WORLD.dataSource.id }] });
		expect(await client.dataSources.retrieve({ data_source_id: WORLD.dataSource.id })).toMatchObject({ object: 'data_source' });
		expect(await client.blocks.retrieve({ block_id: WORLD.block.id })).toMatchObject({ type: 'paragraph' });
	});

	it('exchanges a code and refreshes through oauth.token (JSON + Basic + Notion-Version passes strict mode)', async () => {
		emulator().control.setModes({ tokenBody: 'strict' });
		const redirect_uri = 'https://example.test/callback';
		const authorize = await fetch(
			`${emulator().url}/v1/oauth/authorize?${new URLSearchParams({ client_id: WORLD.publicIntegration.clientId, redirect_uri, response_type: 'code', owner: 'user' })}`,
			{ redirect: 'manual' },
		);
		const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
		const credentials = { client_id: WORLD.publicIntegration.clientId, client_secret: WORLD.publicIntegration.clientSecret };
		const issued = await sdk().oauth.token({ ...credentials, grant_type: 'authorization_code', code, redirect_uri });
		expect(issued).toMatchObject({ token_type: 'bearer', workspace_id: WORLD.workspace.id });
		const refreshed = await sdk().oauth.token({ ...credentials, grant_type: 'refresh_token', refresh_token: issued.refresh_token! });
		expect(refreshed.access_token).not.toBe(issued.access_token);
		const introspected = await sdk().oauth.introspect({ ...credentials, token: refreshed.access_token });
		expect(introspected.active).toBe(true);
	});

	it('the SDK retries a 429 honouring Retry-After when its retries are on', async () => {
		emulator().control.addFault({ path: '/v1/users/me', count: 1, fault: 'http429', retryAfter: '0' });
		const client = new Client({ auth: WORLD.internalIntegration.secret, baseUrl: emulator().url, logger: quiet, retry: { maxRetries: 1 } });
		expect(await client.users.me({})).toMatchObject({ type: 'bot' });
		expect(emulator().control.getLog().map((e) => e.status)).toEqual([429, 200]);
	});

	it('a hang surfaces as RequestTimeoutError', async () => {
		emulator().control.addFault({ path: '/v1/users/me', count: 1, fault: 'hang' });
		const error = await failure(sdk({ timeoutMs: 150 }).users.me({}));
		expect(RequestTimeoutError.isRequestTimeoutError(error)).toBe(true);
	});
});
