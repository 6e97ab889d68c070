// Notion's OAuth endpoints for public integrations (https://developers.notion.com/docs/authorization):
// authorize, token (authorization_code and refresh_token), introspect, revoke.
import { randomUUID } from 'node:crypto';
import { authorization, header, sendJson, send, sleep } from './http';
import type { Ctx } from './http';
import type { Grant, State } from './state';
import type { IntegrationSeed } from './world';

interface Reply {
	status: number;
	body: unknown;
}

const oauthError = (status: number, error: string, description: string): Reply => ({
	status,
	body: { error, error_description: description },
});

const notionError = (ctx: Ctx, status: number, code: string, message: string): Reply => ({
	status,
	body: { object: 'error', status, code, message, request_id: ctx.requestId },
});

/** GET /v1/oauth/authorize: the consent screen, answered at once by `modes.authorize`. */
export function authorize(state: State, ctx: Ctx): void {
	const q = ctx.query;
	const integration = state.world.byClientId(q.get('client_id') ?? '');
	const redirectUri = q.get('redirect_uri');
	// RFC 6749 4.1.2.1: with an unknown client or a bad redirect_uri, never redirect.
	if (!integration) return sendJson(ctx, 400, { error: 'invalid_client', error_description: 'Unknown client_id.' });
	if (!redirectUri || !isAllowedRedirect(integration, redirectUri)) {
		return sendJson(ctx, 400, { error: 'invalid_request', error_description: 'Invalid redirect_uri.' });
	}
	const target = new URL(redirectUri);
	const stateParam = q.get('state');
	if (q.get('response_type') !== 'code') {
		target.searchParams.set('error', 'unsupported_response_type');
	} else if (state.modes.authorize === 'deny') {
		// The user clicked Cancel: `?error=access_denied&state=...` (https://developers.notion.com/docs/authorization).
		target.searchParams.set('error', 'access_denied');
	} else {
		const code = randomUUID();
		state.codes.set(code, { integration, redirectUri, used: false });
		target.searchParams.set('code', code);
	}
	if (stateParam !== null) target.searchParams.set('state', stateParam);
	send(ctx, 302, '', { location: target.toString() });
}

function isAllowedRedirect(integration: IntegrationSeed, uri: string): boolean {
	try {
		new URL(uri);
	} catch {
		return false;
	}
	return !integration.redirectUris?.length || integration.redirectUris.includes(uri);
}

type Params = Record<string, string>;

/**
 * Notion documents a JSON body (https://developers.notion.com/reference/create-a-token); n8n's
 * client-oauth2 always sends a form. Lenient mode reads either.
 */
function parseParams(ctx: Ctx): Params | undefined {
	const text = ctx.body.toString('utf8');
	const type = (header(ctx, 'content-type') ?? '').toLowerCase();
	if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
	if (text.trim() === '') return {};
	try {
		const parsed: unknown = JSON.parse(text);
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
		return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
	} catch {
		return undefined;
	}
}

/** Strict mode: what Notion's API gateway says when the request is not what the docs ask for. */
function strictRefusal(state: State, ctx: Ctx): Reply | undefined {
	if (state.modes.tokenBody !== 'strict') return undefined;
	if (header(ctx, 'notion-version') === undefined) {
		return notionError(ctx, 400, 'missing_version', MISSING_VERSION_MESSAGE);
	}
	if (!(header(ctx, 'content-type') ?? '').toLowerCase().includes('application/json')) {
		return notionError(ctx, 400, 'invalid_json', 'Error parsing JSON body.');
	}
	return undefined;
}

export const MISSING_VERSION_MESSAGE =
	'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.';

/** Client authentication is HTTP Basic only: a secret in the body is not accepted. */
function client(state: State, ctx: Ctx): IntegrationSeed | Reply {
	const auth = authorization(ctx.req);
	if (auth.kind !== 'basic') {
		return oauthError(401, 'invalid_client', 'Client authentication required: use HTTP Basic with client_id:client_secret.');
	}
	const integration = state.world.byClientId(auth.user);
	if (!integration || integration.clientSecret !== auth.password) {
		return oauthError(401, 'invalid_client', 'Invalid client credentials.');
	}
	ctx.entry.integrationId = integration.id;
	return integration;
}

const isReply = (value: unknown): value is Reply =>
	typeof value === 'object' && value !== null && 'status' in value && 'body' in value;

/** POST /v1/oauth/token */
export async function token(state: State, ctx: Ctx): Promise<void> {
	const reply = await tokenReply(state, ctx);
	if (state.modes.tokenDelayMs > 0) await sleep(state.modes.tokenDelayMs);
	sendJson(ctx, reply.status, reply.body);
}

async function tokenReply(state: State, ctx: Ctx): Promise<Reply> {
	const refusal = strictRefusal(state, ctx);
	if (refusal) return refusal;
	const params = parseParams(ctx);
	if (!params) return oauthError(400, 'invalid_request', 'The request body could not be parsed.');
	ctx.entry.grantType = params.grant_type;
	const integration = client(state, ctx);
	if (isReply(integration)) return integration;
	switch (params.grant_type) {
		case undefined:
		case '':
			return oauthError(400, 'invalid_request', 'grant_type is required.');
		case 'authorization_code':
			return exchangeCode(state, ctx, integration, params);
		case 'refresh_token':
			await passBarrier(state);
			return refresh(state, ctx, integration, params.refresh_token);
		default:
			return oauthError(400, 'unsupported_grant_type', `Unsupported grant_type: ${params.grant_type}.`);
	}
}

function exchangeCode(state: State, ctx: Ctx, integration: IntegrationSeed, params: Params): Reply {
	if (!params.code) return oauthError(400, 'invalid_request', 'code is required.');
	const pending = state.codes.get(params.code);
	if (!pending || pending.integration.id !== integration.id) return oauthError(400, 'invalid_grant', 'Invalid code.');
	// Status codes page, invalid_grant example: "Invalid code: this code has been revoked."
	if (pending.used) return oauthError(400, 'invalid_grant', 'Invalid code: this code has been revoked.');
	if (params.redirect_uri !== pending.redirectUri) {
		return oauthError(400, 'invalid_grant', 'redirect_uri does not match the one used in the authorization request.');
	}
	pending.used = true;
	const grant = state.createGrant(integration);
	ctx.entry.grantId = grant.id;
	return { status: 200, body: tokenBody(state, ctx, grant) };
}

function refresh(state: State, ctx: Ctx, integration: IntegrationSeed, refreshToken: string | undefined): Reply {
	if (!refreshToken) return oauthError(400, 'invalid_request', 'refresh_token is required.');
	const record = state.refreshRecord(refreshToken);
	const grant = record && state.grants.get(record.grantId);
	const invalid = oauthError(400, 'invalid_grant', 'Invalid refresh token.');
	if (!record || !grant || grant.integration.id !== integration.id) return invalid;
	ctx.entry.grantId = grant.id;
	if (grant.revoked || grant.refreshRevoked) return invalid;
	if (refreshToken !== grant.refreshToken) {
		// An already-rotated token. Notion documents only that each refresh "generates a new access
		// token and new refresh token" (https://developers.notion.com/reference/refresh-a-token);
		// what the old one does afterwards is unknown, hence the modes.
		const mode = state.modes.rotation;
		if (mode === 'replay_revokes') state.revoke(grant);
		const inGrace = mode === 'grace' && Date.now() - (record.rotatedAt ?? 0) <= state.modes.graceMs;
		if (!inGrace) return invalid;
	}
	state.issueTokens(grant);
	grant.rotations += 1;
	return { status: 200, body: tokenBody(state, ctx, grant) };
}

/** Hold refresh requests until enough have arrived (or time is up), then let them go in arrival order. */
function passBarrier(state: State): Promise<void> {
	const mode = state.modes.tokenBarrier;
	if (!mode) return Promise.resolve();
	if (!state.barrier) {
		state.barrier = { waiters: [], timer: setTimeout(() => releaseBarrier(state), mode.timeoutMs).unref() };
	}
	const barrier = state.barrier;
	const passed = new Promise<void>((resolve) => barrier.waiters.push(resolve));
	if (barrier.waiters.length >= mode.count) releaseBarrier(state);
	return passed;
}

export function releaseBarrier(state: State): void {
	const barrier = state.barrier;
	if (!barrier) return;
	clearTimeout(barrier.timer);
	state.barrier = undefined;
	state.modes.tokenBarrier = null;
	// Resolved in arrival order, so their continuations run (and rotate) in arrival order too.
	for (const resolve of barrier.waiters) resolve();
}

/** https://developers.notion.com/reference/create-a-token: no expires_in, both tokens every time. */
function tokenBody(state: State, ctx: Ctx, grant: Grant): Record<string, unknown> {
	const { workspace, user } = state.world.seed;
	return {
		access_token: grant.accessToken,
		token_type: 'bearer',
		refresh_token: grant.refreshToken,
		bot_id: grant.botId,
		workspace_name: workspace.name,
		workspace_icon: workspace.icon,
		workspace_id: workspace.id,
		owner: {
			type: 'user',
			user: { object: 'user', id: user.id, name: user.name, avatar_url: null, type: 'person', person: { email: user.email } },
		},
		duplicated_template_id: null,
		request_id: ctx.requestId,
	};
}

/** POST /v1/oauth/introspect {token} (https://developers.notion.com/reference/introspect-token). */
export function introspect(state: State, ctx: Ctx): void {
	const reply = tokenInfo(state, ctx, (integration, token) => {
		const { active, iat } = state.tokenActive(token);
		if (!active || ownerOf(state, token)?.integration.id !== integration.id) return { active: false, request_id: ctx.requestId };
		const scope = integration.readContent ? 'read_content update_content insert_content' : 'update_content insert_content';
		return { active: true, scope, iat, request_id: ctx.requestId };
	});
	sendJson(ctx, reply.status, reply.body);
}

/** POST /v1/oauth/revoke {token} (https://developers.notion.com/reference/revoke-token): the whole grant dies. */
export function revoke(state: State, ctx: Ctx): void {
	const reply = tokenInfo(state, ctx, (integration, token) => {
		const grant = ownerOf(state, token);
		if (grant && grant.integration.id === integration.id) {
			ctx.entry.grantId = grant.id;
			state.revoke(grant);
		}
		return { request_id: ctx.requestId };
	});
	sendJson(ctx, reply.status, reply.body);
}

function tokenInfo(state: State, ctx: Ctx, answer: (integration: IntegrationSeed, token: string) => unknown): Reply {
	const refusal = strictRefusal(state, ctx);
	if (refusal) return refusal;
	const params = parseParams(ctx);
	if (!params) return oauthError(400, 'invalid_request', 'The request body could not be parsed.');
	const integration = client(state, ctx);
	if (isReply(integration)) return integration;
	if (!params.token) return oauthError(400, 'invalid_request', 'token is required.');
	return { status: 200, body: answer(integration, params.token) };
}

function ownerOf(state: State, token: string): Grant | undefined {
	const grantId = state.accessTokens.get(token)?.grantId ?? state.refreshTokens.get(token)?.grantId;
	return grantId ? state.grants.get(grantId) : undefined;
}
