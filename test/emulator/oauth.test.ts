import { startEmulator, WORLD } from './index';
import type { RunningEmulator } from './index';
import { api, basic, controlCall, oauthPost } from './testing';

const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset());

async function authorizeUrl(params: Record<string, string>): Promise<{ status: number; location: URL | null; json: unknown }> {
	const query = new URLSearchParams({
		client_id: WORLD.publicIntegration.clientId,
		redirect_uri: REDIRECT,
		response_type: 'code',
		owner: 'user',
		state: 'xyz',
		...params,
	});
	const response = await fetch(`${emu.url}/v1/oauth/authorize?${query}`, { redirect: 'manual' });
	const location = response.headers.get('location');
	const text = await response.text();
	return { status: response.status, location: location ? new URL(location) : null, json: text ? JSON.parse(text) : undefined };
}

async function codeFor(): Promise<string> {
	const { location } = await authorizeUrl({});
	return location!.searchParams.get('code')!;
}

describe('authorize', () => {
	it('redirects with a code and the state when the user approves', async () => {
		const { status, location } = await authorizeUrl({});
		expect(status).toBe(302);
		expect(`${location!.origin}${location!.pathname}`).toBe(REDIRECT);
		expect(location!.searchParams.get('code')).toMatch(/.+/);
		expect(location!.searchParams.get('state')).toBe('xyz');
	});

	it('redirects with error=access_denied when the user denies', async () => {
		emu.control.setModes({ authorize: 'deny' });
		const { location } = await authorizeUrl({});
		expect(location!.searchParams.get('error')).toBe('access_denied');
		expect(location!.searchParams.get('state')).toBe('xyz');
		expect(location!.searchParams.has('code')).toBe(false);
	});

	it('refuses an unknown client without redirecting, and redirects a bad response_type with an error', async () => {
		const unknown = await authorizeUrl({ client_id: 'nobody' });
		expect(unknown.status).toBe(400);
		expect(unknown.json).toMatchObject({ error: 'invalid_client' });
		const token = await authorizeUrl({ response_type: 'token' });
		expect(token.location!.searchParams.get('error')).toBe('unsupported_response_type');
	});
});

describe('code exchange', () => {
	it('answers the documented token shape for a form body with Basic auth (what n8n sends)', async () => {
		const code = await codeFor();
		const res = await oauthPost(emu.url, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
		expect(res.status).toBe(200);
		expect(res.headers.get('x-notion-request-id')).toMatch(/^[0-9a-f-]{36}$/);
		expect(res.json).toEqual({
			access_token: expect.any(String),
			token_type: 'bearer',
			refresh_token: expect.any(String),
			bot_id: expect.any(String),
			workspace_name: WORLD.workspace.name,
			workspace_icon: WORLD.workspace.icon,
			workspace_id: WORLD.workspace.id,
			owner: { type: 'user', user: expect.objectContaining({ object: 'user', id: WORLD.user.id }) },
			duplicated_template_id: null,
			request_id: expect.any(String),
		});
		expect(res.json).not.toHaveProperty('expires_in');
		const me = await api(emu.url, '/v1/users/me', { token: res.json.access_token });
		expect(me.json).toMatchObject({ type: 'bot', id: res.json.bot_id, bot: { owner: { type: 'user' } } });
	});

	it('accepts a JSON body, uses a code once, and checks redirect_uri', async () => {
		const code = await codeFor();
		const wrongRedirect = await oauthPost(emu.url, { grant_type: 'authorization_code', code, redirect_uri: 'http://evil.example/cb' }, { json: true });
		expect(wrongRedirect).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
		const ok = await oauthPost(emu.url, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, { json: true });
		expect(ok.status).toBe(200);
		const again = await oauthPost(emu.url, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, { json: true });
		expect(again).toMatchObject({ status: 400, json: { error: 'invalid_grant', error_description: 'Invalid code: this code has been revoked.' } });
	});

	it('answers invalid_client 401 when the secret is in the body instead of Basic, or wrong', async () => {
		const code = await codeFor();
		const inBody = await oauthPost(
			emu.url,
			{
				grant_type: 'authorization_code',
				code,
				redirect_uri: REDIRECT,
				client_id: WORLD.publicIntegration.clientId,
				client_secret: WORLD.publicIntegration.clientSecret,
			},
			{ authorization: null },
		);
		expect(inBody).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
		const wrong = await oauthPost(emu.url, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, { authorization: basic(WORLD.publicIntegration.clientId, 'nope') });
		expect(wrong).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
	});

	it('answers invalid_request and unsupported_grant_type OAuth-style', async () => {
		expect(await oauthPost(emu.url, {})).toMatchObject({ status: 400, json: { error: 'invalid_request' } });
		expect(await oauthPost(emu.url, { grant_type: 'password' })).toMatchObject({ status: 400, json: { error: 'unsupported_grant_type' } });
		expect(await oauthPost(emu.url, { grant_type: 'refresh_token' })).toMatchObject({ status: 400, json: { error: 'invalid_request' } });
	});

	it('in strict mode demands Notion-Version and a JSON body, as the docs say', async () => {
		emu.control.setModes({ tokenBody: 'strict' });
		const code = await codeFor();
		const params = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT };
		expect(await oauthPost(emu.url, params, { json: true })).toMatchObject({ status: 400, json: { object: 'error', code: 'missing_version' } });
		expect(await oauthPost(emu.url, params, { version: '2022-06-28' })).toMatchObject({ status: 400, json: { object: 'error', code: 'invalid_json' } });
		expect((await oauthPost(emu.url, params, { json: true, version: '2022-06-28' })).status).toBe(200);
	});
});

describe('refresh rotation', () => {
	const refresh = (refreshToken: string) => oauthPost(emu.url, { grant_type: 'refresh_token', refresh_token: refreshToken });

	it('rotates both tokens on every refresh and reports the current pair', async () => {
		const grant = emu.control.createGrant();
		const first = await refresh(grant.refreshToken);
		expect(first.status).toBe(200);
		expect(first.json.access_token).not.toBe(grant.accessToken);
		expect(first.json.refresh_token).not.toBe(grant.refreshToken);
		expect(first.json.bot_id).toBe(grant.botId);
		const second = await refresh(first.json.refresh_token);
		expect(emu.control.getGrant(grant.grantId)).toEqual({
			grantId: grant.grantId,
			accessToken: second.json.access_token,
			refreshToken: second.json.refresh_token,
			rotations: 2,
			revoked: false,
		});
	});

	it("'immediate': the old refresh token dies at once", async () => {
		const grant = emu.control.createGrant();
		const first = await refresh(grant.refreshToken);
		expect(await refresh(grant.refreshToken)).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
		expect((await refresh(first.json.refresh_token)).status).toBe(200);
	});

	it("'grace': the old refresh token works for graceMs, then dies", async () => {
		emu.control.setModes({ rotation: 'grace', graceMs: 300 });
		const grant = emu.control.createGrant();
		const first = await refresh(grant.refreshToken);
		const replay = await refresh(grant.refreshToken);
		expect(replay.status).toBe(200);
		expect(replay.json.refresh_token).not.toBe(first.json.refresh_token);
		await new Promise((r) => setTimeout(r, 350));
		expect(await refresh(grant.refreshToken)).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
	});

	it("'replay_revokes': presenting the old refresh token again revokes the whole grant", async () => {
		emu.control.setModes({ rotation: 'replay_revokes' });
		const grant = emu.control.createGrant();
		const first = await refresh(grant.refreshToken);
		expect(await refresh(grant.refreshToken)).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
		expect(emu.control.getGrant(grant.grantId).revoked).toBe(true);
		expect((await refresh(first.json.refresh_token)).status).toBe(400);
		expect((await api(emu.url, '/v1/users/me', { token: first.json.access_token })).status).toBe(401);
	});

	it('a refresh token of another client is invalid_grant', async () => {
		const grant = emu.control.createGrant();
		const other = await oauthPost(
			emu.url,
			{ grant_type: 'refresh_token', refresh_token: grant.refreshToken },
			{ authorization: basic(WORLD.noReadIntegration.clientId, WORLD.noReadIntegration.clientSecret) },
		);
		expect(other).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
	});

	it("reauthorization 'invalidate_old_refresh': a new authorization kills older refresh tokens, not access tokens", async () => {
		const older = emu.control.createGrant();
		emu.control.createGrant();
		expect((await refresh(older.refreshToken)).status).toBe(200);
		emu.control.setModes({ reauthorization: 'invalidate_old_refresh' });
		const old = emu.control.createGrant();
		const code = await codeFor();
		expect((await oauthPost(emu.url, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT })).status).toBe(200);
		expect(await refresh(old.refreshToken)).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
		expect((await api(emu.url, '/v1/users/me', { token: old.accessToken })).status).toBe(200);
	});

	it('the barrier holds concurrent refreshes and answers them in arrival order: one winner', async () => {
		emu.control.setModes({ tokenBarrier: { count: 2, timeoutMs: 2000 } });
		const grant = emu.control.createGrant();
		const a = refresh(grant.refreshToken);
		await new Promise((r) => setTimeout(r, 30));
		const b = refresh(grant.refreshToken);
		const [first, second] = await Promise.all([a, b]);
		expect(first.status).toBe(200);
		expect(second).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
		const tokenCalls = emu.control.getLog().filter((e) => e.path === '/v1/oauth/token');
		expect(tokenCalls.map((e) => [e.grantType, e.status])).toEqual([['refresh_token', 200], ['refresh_token', 400]]);
		expect(emu.control.getModes().tokenBarrier).toBeNull();
	});

	it('the barrier lets a lone refresh go after timeoutMs', async () => {
		emu.control.setModes({ tokenBarrier: { count: 5, timeoutMs: 100 } });
		const grant = emu.control.createGrant();
		const started = Date.now();
		expect((await refresh(grant.refreshToken)).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(90);
	});

	it('tokenDelayMs delays token responses', async () => {
		emu.control.setModes({ tokenDelayMs: 120 });
		const grant = emu.control.createGrant();
		const started = Date.now();
		expect((await refresh(grant.refreshToken)).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
	});
});

describe('access tokens', () => {
	it('expire: the current access token answers 401, a refresh brings a working one', async () => {
		const grant = emu.control.createGrant();
		expect((await api(emu.url, '/v1/users/me', { token: grant.accessToken })).status).toBe(200);
		emu.control.expireGrant(grant.grantId);
		const expired = await api(emu.url, '/v1/users/me', { token: grant.accessToken });
		expect(expired).toMatchObject({ status: 401, json: { object: 'error', code: 'unauthorized', message: 'API token is invalid.' } });
		const fresh = await oauthPost(emu.url, { grant_type: 'refresh_token', refresh_token: grant.refreshToken });
		expect((await api(emu.url, '/v1/users/me', { token: fresh.json.access_token })).status).toBe(200);
	});

	it('accessTokenTtlMs: access tokens answer 401 once old', async () => {
		emu.control.setModes({ accessTokenTtlMs: 200 });
		const grant = emu.control.createGrant();
		expect((await api(emu.url, '/v1/users/me', { token: grant.accessToken })).status).toBe(200);
		await new Promise((r) => setTimeout(r, 250));
		expect((await api(emu.url, '/v1/users/me', { token: grant.accessToken })).status).toBe(401);
	});

	it('revoke (control): every token dies and refresh answers invalid_grant', async () => {
		const grant = emu.control.createGrant();
		emu.control.revokeGrant(grant.grantId);
		expect((await api(emu.url, '/v1/users/me', { token: grant.accessToken })).status).toBe(401);
		const refreshed = await oauthPost(emu.url, { grant_type: 'refresh_token', refresh_token: grant.refreshToken });
		expect(refreshed).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
	});
});

describe('introspect and revoke endpoints', () => {
	it('introspect reports active tokens with iat, and inactive ones after POST /v1/oauth/revoke', async () => {
		const grant = emu.control.createGrant();
		const active = await oauthPost(emu.url, { token: grant.accessToken }, { path: '/v1/oauth/introspect', json: true });
		expect(active.json).toEqual({ active: true, scope: expect.any(String), iat: expect.any(Number), request_id: expect.any(String) });
		const revoked = await oauthPost(emu.url, { token: grant.refreshToken }, { path: '/v1/oauth/revoke', json: true });
		expect(revoked.status).toBe(200);
		const inactive = await oauthPost(emu.url, { token: grant.accessToken }, { path: '/v1/oauth/introspect', json: true });
		expect(inactive.json).toMatchObject({ active: false });
		expect(emu.control.getGrant(grant.grantId).revoked).toBe(true);
	});

	it('both need Basic client auth', async () => {
		const grant = emu.control.createGrant();
		const res = await oauthPost(emu.url, { token: grant.accessToken }, { path: '/v1/oauth/introspect', authorization: null });
		expect(res).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
	});
});

describe('control API over HTTP', () => {
	it('creates, reads, expires and revokes grants; sets modes; resets', async () => {
		const created = await controlCall(emu.url, 'POST', '/grants', {});
		expect(created.json).toMatchObject({ grantId: expect.any(String), workspaceId: WORLD.workspace.id, workspaceName: WORLD.workspace.name });
		const { grantId, accessToken } = created.json;
		expect((await controlCall(emu.url, 'GET', `/grants/${grantId}`)).json).toMatchObject({ accessToken, rotations: 0, revoked: false });
		await controlCall(emu.url, 'POST', `/grants/${grantId}/expire`);
		expect((await api(emu.url, '/v1/users/me', { token: accessToken })).status).toBe(401);
		expect((await controlCall(emu.url, 'POST', `/grants/${grantId}/revoke`)).json.revoked).toBe(true);
		expect((await controlCall(emu.url, 'POST', '/modes', { rotation: 'grace' })).json.rotation).toBe('grace');
		expect((await controlCall(emu.url, 'POST', '/modes', { bogus: 1 })).status).toBe(400);
		expect((await controlCall(emu.url, 'GET', '/grants/nope')).status).toBe(404);
		expect((await controlCall(emu.url, 'GET', '/health')).status).toBe(200);
		await controlCall(emu.url, 'POST', '/reset', {});
		expect((await controlCall(emu.url, 'GET', '/modes')).json.rotation).toBe('immediate');
		expect((await controlCall(emu.url, 'GET', `/grants/${grantId}`)).status).toBe(404);
	});

	it('grants can be shared with chosen objects only', async () => {
		emu.control.setModes({ rateLimit: null });
		const { accessToken } = emu.control.createGrant({ sharedWith: [WORLD.pages.sharedChild.id] });
		expect((await api(emu.url, `/v1/pages/${WORLD.pages.sharedChild.id}`, { token: accessToken })).status).toBe(200);
		expect((await api(emu.url, `/v1/pages/${WORLD.pages.sharedRoot.id}`, { token: accessToken })).status).toBe(404);
	});
});
