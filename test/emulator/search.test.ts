import { pagesSeed, WORLD } from './index';
import { api, controlCall, useEmulator } from './testing';

const emulator = useEmulator();

/** POST /v1/search as a client sends it: JSON body, bearer token, Notion-Version. */
async function search(body: unknown, opts: { token?: string; version?: string } = {}) {
	const response = await fetch(`${emulator().url}/v1/search`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${opts.token ?? WORLD.internalIntegration.secret}`,
			'notion-version': opts.version ?? '2025-09-03',
			'content-type': 'application/json',
		},
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: response.status, json: (await response.json()) as any }; // any: the tests read Notion's shapes
}

const ids = (results: Array<{ id: string }>) => results.map((result) => result.id).sort();

describe('POST /v1/search', () => {
	it('lists the shared pages and data sources, child pages and database rows included, trashed pages left out', async () => {
		const { status, json } = await search({});
		expect(status).toBe(200);
		expect(json).toMatchObject({ object: 'list', next_cursor: null, has_more: false, type: 'page_or_data_source', page_or_data_source: {} });
		expect(ids(json.results)).toEqual(
			[WORLD.pages.sharedRoot.id, WORLD.pages.sharedChild.id, WORLD.pages.databaseRow.id, WORLD.dataSource.id].sort(),
		);
		expect(json.results.find((r: { id: string }) => r.id === WORLD.dataSource.id).object).toBe('data_source');
		expect(typeof json.request_id).toBe('string');
	});

	it('filters by object, matches the query against titles, and lists databases before 2025-09-03', async () => {
		expect(ids((await search({ filter: { property: 'object', value: 'data_source' } })).json.results)).toEqual([WORLD.dataSource.id]);
		expect(ids((await search({ query: 'onboarding' })).json.results)).toEqual([WORLD.pages.sharedChild.id]);
		const old = await search({ filter: { property: 'object', value: 'database' } }, { version: '2022-06-28' });
		expect(old.json).toMatchObject({ type: 'page_or_database' });
		expect(ids(old.json.results)).toEqual([WORLD.database.id]);
	});

	it('pages with start_cursor and next_cursor, at most 100 results a page, in both sort directions', async () => {
		const { seed, shared } = pagesSeed({ shared: 250 });
		emulator().control.reset(seed);
		emulator().control.setModes({ rateLimit: null });
		const seen: string[] = [];
		let cursor: string | undefined;
		let pages = 0;
		do {
			const { json } = await search({ filter: { property: 'object', value: 'page' }, page_size: 100, start_cursor: cursor });
			expect(json.results.length).toBeLessThanOrEqual(100);
			seen.push(...json.results.map((r: { id: string }) => r.id));
			cursor = json.has_more ? json.next_cursor : undefined;
			pages++;
		} while (cursor);
		expect(pages).toBe(3);
		expect(new Set(seen).size).toBe(seen.length);
		expect(seen).toEqual(expect.arrayContaining(shared));
		const ascending = (await search({ sort: { direction: 'ascending', timestamp: 'last_edited_time' }, page_size: 5 })).json.results;
		const descending = (await search({ sort: { direction: 'descending', timestamp: 'last_edited_time' }, page_size: 5 })).json.results;
		expect(ascending[0].id).not.toBe(descending[0].id);
	});

	it('refuses what Notion refuses: page_size over 100, a bad filter or cursor, a body that is not JSON, no read capability', async () => {
		expect((await search({ page_size: 101 })).json).toMatchObject({
			status: 400,
			code: 'validation_error',
			message: 'body failed validation: body.page_size should be ≤ `100`, instead was `101`.',
		});
		expect((await search({ filter: { property: 'object', value: 'database' } })).json.code).toBe('validation_error');
		expect((await search({ start_cursor: WORLD.missingId })).json.code).toBe('validation_error');
		expect((await search('{"query":')).json.code).toBe('invalid_json');
		emulator().control.setCapabilities(WORLD.internalIntegration.id, { readContent: false });
		expect((await search({})).json).toMatchObject({ status: 403, code: 'restricted_resource' });
	});

	it('indexes a new share only after searchIndexDelayMs, while GET sees it at once', async () => {
		emulator().control.setModes({ searchIndexDelayMs: 3_600_000 });
		await controlCall(emulator().url, 'POST', `/objects/${WORLD.pages.unshared.id}/share`, { integrationId: WORLD.internalIntegration.id });
		expect(ids((await search({})).json.results)).not.toContain(WORLD.pages.unshared.id);
		expect((await api(emulator().url, `/v1/pages/${WORLD.pages.unshared.id}`)).status).toBe(200);
		emulator().control.setModes({ searchIndexDelayMs: 0 }); // the index catches up
		expect(ids((await search({})).json.results)).toContain(WORLD.pages.unshared.id);
	});
});

describe('control calls for the watch', () => {
	it('unshares and reshares an object for one grant; search and GET follow', async () => {
		const grant = emulator().control.createGrant();
		const page = WORLD.pages.sharedRoot.id;
		expect((await controlCall(emulator().url, 'POST', `/objects/${page}/unshare`, { grantId: grant.grantId })).status).toBe(200);
		expect((await api(emulator().url, `/v1/pages/${page}`, { token: grant.accessToken })).json.code).toBe('object_not_found');
		expect((await search({}, { token: grant.accessToken })).json.results).toEqual([]);
		// other connections keep it
		expect((await api(emulator().url, `/v1/pages/${page}`)).status).toBe(200);
		await controlCall(emulator().url, 'POST', `/objects/${page}/share`, { grantId: grant.grantId });
		expect((await api(emulator().url, `/v1/pages/${page}`, { token: grant.accessToken })).status).toBe(200);
		expect((await search({}, { token: grant.accessToken })).json.results.length).toBe(4);
	});

	it('trashes and restores a page: GET says in_trash, search leaves it out until restored', async () => {
		const page = WORLD.pages.sharedChild.id;
		await controlCall(emulator().url, 'POST', `/objects/${page}/trash`);
		expect((await api(emulator().url, `/v1/pages/${page}`)).json).toMatchObject({ in_trash: true });
		expect(ids((await search({})).json.results)).not.toContain(page);
		await controlCall(emulator().url, 'POST', `/objects/${page}/restore`);
		expect((await api(emulator().url, `/v1/pages/${page}`)).json).toMatchObject({ in_trash: false });
		expect(ids((await search({})).json.results)).toContain(page);
	});

	it('removes the read capability over HTTP: content endpoints answer 403, users/me still 200', async () => {
		const res = await controlCall(emulator().url, 'POST', `/integrations/${WORLD.internalIntegration.id}/capabilities`, { readContent: false });
		expect(res.status).toBe(200);
		expect((await api(emulator().url, `/v1/pages/${WORLD.pages.sharedRoot.id}`)).json.code).toBe('restricted_resource');
		expect((await api(emulator().url, '/v1/users/me')).status).toBe(200);
	});

	it('answers 404 for an unknown object or integration', async () => {
		expect((await controlCall(emulator().url, 'POST', `/objects/${WORLD.missingId}/trash`)).status).toBe(404);
		expect((await controlCall(emulator().url, 'POST', '/integrations/nope/capabilities', { readContent: false })).status).toBe(404);
	});
});
