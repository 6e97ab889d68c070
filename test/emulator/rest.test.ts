import { canonicalId, pagesSeed, WORLD } from './index';
import { api, controlCall, useEmulator } from './testing';

const emulator = useEmulator();

const hex = (id: string) => id.replace(/-/g, '');
const shared = (name: string) => `Make sure the relevant pages and databases are shared with your integration "${name}".`;

describe('authentication and version', () => {
	it('answers 401 unauthorized for an unknown, missing or Basic token', async () => {
		for (const token of ['ntn_nope', null]) {
			const res = await api(emulator().url, '/v1/users/me', { token });
			expect(res.status).toBe(401);
			expect(res.json).toEqual({ object: 'error', status: 401, code: 'unauthorized', message: 'API token is invalid.', request_id: res.headers.get('x-notion-request-id') });
		}
		const basicAuth = await api(emulator().url, '/v1/users/me', { token: null, headers: { authorization: 'Basic Zm9vOmJhcg==' } });
		expect(basicAuth.status).toBe(401);
	});

	it('checks the token before the version', async () => {
		expect((await api(emulator().url, '/v1/users/me', { token: 'bad', version: null })).json.code).toBe('unauthorized');
	});

	it('answers 400 missing_version without Notion-Version', async () => {
		const res = await api(emulator().url, '/v1/users/me', { version: null });
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({
			code: 'missing_version',
			message: 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
		});
	});

	it('refuses an unpublished version, listing the published ones; the code is a mode', async () => {
		const res = await api(emulator().url, '/v1/users/me', { version: '2024-01-01' });
		expect(res.status).toBe(400);
		expect(res.json.code).toBe('missing_version');
		expect(res.json.message).toContain('`"2022-06-28"`, `"2025-09-03"`, `"2026-03-11"`, or `"2026-12-01"`, instead was `"2024-01-01"`.');
		emulator().control.setModes({ unknownVersion: 'validation_error' });
		expect((await api(emulator().url, '/v1/users/me', { version: 'banana' })).json.code).toBe('validation_error');
	});

	it('accepts 2022-06-28, 2025-09-03 and 2026-03-11', async () => {
		for (const version of ['2022-06-28', '2025-09-03', '2026-03-11']) {
			expect((await api(emulator().url, '/v1/users/me', { version })).status).toBe(200);
		}
	});
});

describe('users/me', () => {
	it('returns the internal bot owned by the workspace', async () => {
		const res = await api(emulator().url, '/v1/users/me');
		expect(res.json).toMatchObject({
			object: 'user',
			id: WORLD.internalIntegration.botId,
			type: 'bot',
			name: WORLD.internalIntegration.name,
			bot: { owner: { type: 'workspace', workspace: true }, workspace_name: WORLD.workspace.name },
		});
	});

	it('answers 200 for an integration without read content', async () => {
		const { accessToken } = emulator().control.createGrant({ integrationId: WORLD.noReadIntegration.id });
		const res = await api(emulator().url, '/v1/users/me', { token: accessToken });
		expect(res.json).toMatchObject({ type: 'bot', name: WORLD.noReadIntegration.name, bot: { owner: { type: 'user' } } });
	});
});

describe('retrieving objects', () => {
	it('returns a shared page, dashed or as 32 hex, with real-shaped fields', async () => {
		const { id, title } = WORLD.pages.sharedRoot;
		for (const form of [id, hex(id), id.toUpperCase()]) {
			const res = await api(emulator().url, `/v1/pages/${form}`);
			expect(res.status).toBe(200);
			expect(res.json).toMatchObject({
				object: 'page',
				id,
				url: `https://www.notion.so/Team-Handbook-${hex(id)}`,
				parent: { type: 'workspace', workspace: true },
				in_trash: false,
				properties: { title: { type: 'title', title: [{ plain_text: title }] } },
			});
		}
	});

	it('sharing a page shares its descendants; the trashed page is returned with in_trash', async () => {
		const child = await api(emulator().url, `/v1/pages/${WORLD.pages.sharedChild.id}`);
		expect(child.json.parent).toEqual({ type: 'page_id', page_id: WORLD.pages.sharedRoot.id });
		const trashed = await api(emulator().url, `/v1/pages/${WORLD.pages.trashed.id}`);
		expect(trashed.json).toMatchObject({ in_trash: true, archived: true });
	});

	it('answers an unshared page exactly like a missing one: 404 naming the integration', async () => {
		for (const id of [WORLD.pages.unshared.id, WORLD.missingId]) {
			const res = await api(emulator().url, `/v1/pages/${hex(id)}`);
			expect(res.status).toBe(404);
			expect(res.json).toEqual({
				object: 'error',
				status: 404,
				code: 'object_not_found',
				message: `Could not find page with ID: ${id}. ${shared('Acme Internal')}`,
				additional_data: { integration_id: WORLD.internalIntegration.id },
				request_id: expect.any(String),
			});
		}
		const db = await api(emulator().url, `/v1/databases/${WORLD.unsharedDatabase.id}`);
		expect(db.json.message).toBe(`Could not find database with ID: ${WORLD.unsharedDatabase.id}. ${shared('Acme Internal')}`);
	});

	it('names the OAuth integration in its 404s', async () => {
		const { accessToken } = emulator().control.createGrant();
		const res = await api(emulator().url, `/v1/blocks/${WORLD.missingId}`, { token: accessToken });
		expect(res.json.message).toBe(`Could not find block with ID: ${WORLD.missingId}. ${shared('Acme Sync')}`);
	});

	it('answers the wrong-type messages with 400 validation_error', async () => {
		const cases: Array<[string, string, string]> = [
			['/v1/pages/', WORLD.database.id, `Provided ID ${WORLD.database.id} is a database, not a page. Use the retrieve database API instead.`],
			['/v1/pages/', WORLD.block.id, `Provided ID ${WORLD.block.id} is a block, not a page. Use the retrieve block API instead.`],
			['/v1/databases/', WORLD.pages.sharedRoot.id, `Provided ID ${WORLD.pages.sharedRoot.id} is a page, not a database. Use the retrieve page API instead.`],
		];
		for (const [path, id, message] of cases) {
			const res = await api(emulator().url, `${path}${hex(id)}`);
			expect(res).toMatchObject({ status: 400, json: { code: 'validation_error', message } });
		}
		const modern = await api(emulator().url, `/v1/databases/${WORLD.pages.sharedRoot.id}`, { version: '2026-03-11' });
		expect(modern.json.message).toBe(
			`Provided database_id ${WORLD.pages.sharedRoot.id} is a page, not a database. Use the pages API instead, or pass the ID of the database itself.`,
		);
	});

	it('answers a non-UUID path segment with validation_error naming the path parameter', async () => {
		const res = await api(emulator().url, '/v1/pages/not-an-id');
		expect(res.json).toMatchObject({
			code: 'validation_error',
			message: 'path failed validation: path.page_id should be a valid uuid, instead was `"not-an-id"`.',
		});
		expect((await api(emulator().url, '/v1/blocks/xyz')).json.message).toContain('path.block_id should be a valid uuid');
	});

	it('serves the classic database at 2022-06-28 and the container with data_sources from 2025-09-03', async () => {
		const classic = await api(emulator().url, `/v1/databases/${WORLD.database.id}`);
		expect(classic.json).toMatchObject({ object: 'database', title: [{ plain_text: 'Projects' }], properties: { Name: { type: 'title' } } });
		expect(classic.json).not.toHaveProperty('data_sources');
		const modern = await api(emulator().url, `/v1/databases/${WORLD.database.id}`, { version: '2025-09-03' });
		expect(modern.json).toMatchObject({ object: 'database', data_sources: [{ id: WORLD.dataSource.id, name: 'Projects' }] });
		expect(modern.json).not.toHaveProperty('properties');
	});

	it('serves data sources only from 2025-09-03; database ids are not data source ids', async () => {
		const old = await api(emulator().url, `/v1/data_sources/${WORLD.dataSource.id}`);
		expect(old).toMatchObject({ status: 400, json: { code: 'invalid_request_url' } });
		const source = await api(emulator().url, `/v1/data_sources/${WORLD.dataSource.id}`, { version: '2025-09-03' });
		expect(source.json).toMatchObject({ object: 'data_source', id: WORLD.dataSource.id, parent: { type: 'database_id', database_id: WORLD.database.id } });
		const wrong = await api(emulator().url, `/v1/data_sources/${WORLD.database.id}`, { version: '2025-09-03' });
		expect(wrong).toMatchObject({ status: 404, json: { message: expect.stringContaining('Could not find data_source with ID') } });
	});

	it('a database row has the data source (or database, before 2025-09-03) as parent', async () => {
		const row = WORLD.pages.databaseRow.id;
		expect((await api(emulator().url, `/v1/pages/${row}`)).json.parent).toEqual({ type: 'database_id', database_id: WORLD.database.id });
		expect((await api(emulator().url, `/v1/pages/${row}`, { version: '2025-09-03' })).json.parent).toEqual({
			type: 'data_source_id',
			data_source_id: WORLD.dataSource.id,
			database_id: WORLD.database.id,
		});
	});

	it('serves blocks, and pages and databases as child_page / child_database blocks', async () => {
		expect((await api(emulator().url, `/v1/blocks/${WORLD.block.id}`)).json).toMatchObject({
			object: 'block',
			type: 'paragraph',
			parent: { type: 'page_id', page_id: WORLD.pages.sharedRoot.id },
			paragraph: { rich_text: [{ plain_text: WORLD.block.text }] },
		});
		expect((await api(emulator().url, `/v1/blocks/${WORLD.pages.sharedRoot.id}`)).json).toMatchObject({ type: 'child_page', has_children: true });
		expect((await api(emulator().url, `/v1/blocks/${WORLD.database.id}`)).json).toMatchObject({ type: 'child_database' });
	});

	it('gives an integration without read content 403 restricted_resource on content endpoints', async () => {
		const { accessToken } = emulator().control.createGrant({ integrationId: WORLD.noReadIntegration.id });
		for (const path of [`/v1/pages/${WORLD.pages.sharedRoot.id}`, `/v1/databases/${WORLD.database.id}`, `/v1/blocks/${WORLD.missingId}`]) {
			const res = await api(emulator().url, path, { token: accessToken });
			expect(res).toMatchObject({ status: 403, json: { object: 'error', code: 'restricted_resource', message: 'Insufficient permissions for this endpoint.' } });
		}
	});

	it('answers unknown routes with invalid_request_url', async () => {
		expect((await api(emulator().url, '/v1/nothing')).json).toMatchObject({ status: 400, code: 'invalid_request_url', message: 'Invalid request URL.' });
		expect((await api(emulator().url, `/v1/pages/${WORLD.pages.sharedRoot.id}`, { method: 'DELETE' })).json.code).toBe('invalid_request_url');
	});
});

describe('rate limit', () => {
	it('answers 429 rate_limited with Retry-After and rate_limit_reason after the burst, per integration', async () => {
		emulator().control.setModes({ rateLimit: { ratePerSecond: 3, burst: 3 } });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await api(emulator().url, '/v1/users/me')).status);
		expect(statuses).toEqual([200, 200, 200, 429]);
		const limited = await api(emulator().url, '/v1/users/me');
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(limited.json).toMatchObject({
			code: 'rate_limited',
			message: 'You have been rate limited. Please try again in a few minutes.',
			additional_data: { rate_limit_reason: expect.any(String) },
		});
		const { accessToken } = emulator().control.createGrant();
		expect((await api(emulator().url, '/v1/users/me', { token: accessToken })).status).toBe(200);
	});

	it('refills at ratePerSecond', async () => {
		emulator().control.setModes({ rateLimit: { ratePerSecond: 20, burst: 1 } });
		expect((await api(emulator().url, '/v1/users/me')).status).toBe(200);
		expect((await api(emulator().url, '/v1/users/me')).status).toBe(429);
		await new Promise((r) => setTimeout(r, 60));
		expect((await api(emulator().url, '/v1/users/me')).status).toBe(200);
	});

	it('rateWindow: a budget per connection per window, spent in one burst; Retry-After is the time until the window resets', async () => {
		emulator().control.setModes({ rateLimit: null, rateWindow: { budget: 5, windowMs: 60_000 } });
		const statuses = await Promise.all(Array.from({ length: 6 }, async () => (await api(emulator().url, '/v1/users/me')).status));
		expect(statuses.filter((status) => status === 200)).toHaveLength(5);
		const limited = await api(emulator().url, '/v1/users/me');
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
		expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
		expect(limited.json).toMatchObject({ code: 'rate_limited', additional_data: { rate_limit_reason: 'public_api_request_rate_limit' } });
		// Per connection: another integration has its own budget.
		const { accessToken } = emulator().control.createGrant();
		expect((await api(emulator().url, '/v1/users/me', { token: accessToken })).status).toBe(200);
	});

	it('rateWindow: the budget comes back when the window resets', async () => {
		emulator().control.setModes({ rateLimit: null, rateWindow: { budget: 2, windowMs: 150 } });
		expect((await api(emulator().url, '/v1/users/me')).status).toBe(200);
		expect((await api(emulator().url, '/v1/users/me')).status).toBe(200);
		const limited = await api(emulator().url, '/v1/users/me');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
		await new Promise((r) => setTimeout(r, 200));
		expect((await api(emulator().url, '/v1/users/me')).status).toBe(200);
	});

	it('workspaceLimit: one budget shared by every connection, with its own reason and a Retry-After past a minute', async () => {
		emulator().control.setModes({ rateLimit: null, workspaceLimit: { budget: 3, windowMs: 120_000 } });
		const { accessToken } = emulator().control.createGrant();
		expect((await api(emulator().url, '/v1/users/me')).status).toBe(200);
		expect((await api(emulator().url, '/v1/users/me', { token: accessToken })).status).toBe(200);
		expect((await api(emulator().url, '/v1/users/me')).status).toBe(200);
		const limited = await api(emulator().url, '/v1/users/me', { token: accessToken });
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(60);
		expect(limited.json).toMatchObject({ code: 'rate_limited', additional_data: { rate_limit_reason: 'public_api_space_request_rate_limit' } });
	});

	it('a request the connection limit refuses spends nothing of the workspace budget', async () => {
		emulator().control.setModes({ rateLimit: null, rateWindow: { budget: 1, windowMs: 60_000 }, workspaceLimit: { budget: 2, windowMs: 60_000 } });
		expect((await api(emulator().url, '/v1/users/me')).status).toBe(200);
		for (let i = 0; i < 3; i++) expect((await api(emulator().url, '/v1/users/me')).json.additional_data.rate_limit_reason).toBe('public_api_request_rate_limit');
		const { accessToken } = emulator().control.createGrant();
		expect((await api(emulator().url, '/v1/users/me', { token: accessToken })).status).toBe(200);
		expect((await api(emulator().url, '/v1/users/me', { token: accessToken })).json.additional_data.rate_limit_reason).toBe('public_api_request_rate_limit');
	});

	it('is on by default at 3 requests/s with a burst of 3', () => {
		emulator().control.reset();
		expect(emulator().control.getModes().rateLimit).toEqual({ ratePerSecond: 3, burst: 3 });
		expect(emulator().control.getModes()).toMatchObject({ rateWindow: null, workspaceLimit: null });
	});
});

describe('log', () => {
	it('records each request with its auth, token, grant, integration, version and content type', async () => {
		emulator().control.clearLog();
		const grant = emulator().control.createGrant();
		await api(emulator().url, '/v1/users/me', { token: grant.accessToken, version: '2025-09-03' });
		await fetch(`${emulator().url}/v1/oauth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic eDp5' },
			body: 'grant_type=refresh_token&refresh_token=x',
		});
		const [me, tokenCall] = emulator().control.getLog();
		expect(me).toEqual({
			seq: expect.any(Number),
			time: expect.any(Number),
			method: 'GET',
			path: '/v1/users/me',
			status: 200,
			auth: 'bearer',
			token: grant.accessToken,
			grantId: grant.grantId,
			integrationId: WORLD.publicIntegration.id,
			notionVersion: '2025-09-03',
		});
		expect(tokenCall).toMatchObject({ path: '/v1/oauth/token', auth: 'basic', grantType: 'refresh_token', status: 401, contentType: 'application/x-www-form-urlencoded' });
		expect(tokenCall.seq).toBeGreaterThan(me.seq);
		expect((await controlCall(emulator().url, 'GET', '/log')).json).toHaveLength(2);
		await controlCall(emulator().url, 'DELETE', '/log');
		expect(emulator().control.getLog()).toEqual([]);
	});
});

describe('seeds', () => {
	it('pagesSeed builds distinct shared, unshared and missing pages', async () => {
		const world = pagesSeed({ shared: 100, unshared: 3, missing: 2 });
		expect(new Set(world.shared).size).toBe(100);
		emulator().control.reset(world.seed);
		emulator().control.setModes({ rateLimit: null });
		expect((await api(emulator().url, `/v1/pages/${world.shared[99]}`)).json.properties.title.title[0].plain_text).toBe('Bench Page 100');
		expect((await api(emulator().url, `/v1/pages/${world.unshared[0]}`)).status).toBe(404);
		expect((await api(emulator().url, `/v1/pages/${world.missing[1]}`)).status).toBe(404);
	});

	it('a seed travels over the control API', async () => {
		const world = pagesSeed({ shared: 2 });
		await controlCall(emulator().url, 'POST', '/reset', { seed: world.seed });
		emulator().control.setModes({ rateLimit: null });
		expect((await api(emulator().url, `/v1/pages/${world.shared[1]}`)).status).toBe(200);
	});

	it('canonicalId accepts dashed and 32-hex ids only', () => {
		expect(canonicalId(hex(WORLD.block.id))).toBe(WORLD.block.id);
		expect(canonicalId('1234')).toBeUndefined();
		expect(canonicalId('1234567-81234-1234-1234-123456789012')).toBeUndefined();
	});
});
