import { startEmulator, WORLD } from './index';
import type { FaultKind } from './index';
import { api, controlCall, oauthPost, useEmulator } from './testing';

const emulator = useEmulator();

const PAGE = `/v1/pages/${WORLD.pages.sharedRoot.id}`;

describe('JSON error faults', () => {
	const cases: Array<[FaultKind, number, string]> = [
		['http500', 500, 'internal_server_error'],
		['http503', 503, 'service_unavailable'],
		['http503_db', 503, 'database_connection_unavailable'],
		['http504', 504, 'gateway_timeout'],
		['http529', 529, 'service_overload'],
		['http409', 409, 'conflict_error'],
		['http429', 429, 'rate_limited'],
	];
	it.each(cases)('%s answers %i %s in the error envelope with a request id', async (fault, status, code) => {
		emulator().control.addFault({ path: PAGE, count: 1, fault });
		const res = await api(emulator().url, PAGE);
		expect(res.status).toBe(status);
		expect(res.json).toMatchObject({ object: 'error', status, code, message: expect.any(String), request_id: res.headers.get('x-notion-request-id') });
		expect((await api(emulator().url, PAGE)).status).toBe(200);
	});

	it('429 and 529 carry Retry-After (default 1, or as asked)', async () => {
		emulator().control.addFault({ path: PAGE, count: 1, fault: 'http529', retryAfter: '7' });
		emulator().control.addFault({ path: PAGE, count: 1, fault: 'http429' });
		expect((await api(emulator().url, PAGE)).headers.get('retry-after')).toBe('7');
		const limited = await api(emulator().url, PAGE);
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(limited.json.additional_data).toEqual({ rate_limit_reason: expect.any(String) });
	});
});

describe('edge and transport faults', () => {
	it('http502_html answers HTML with cf-ray and no request id, like the edge proxy', async () => {
		emulator().control.addFault({ path: PAGE, count: 1, fault: 'http502_html' });
		const res = await api(emulator().url, PAGE);
		expect(res.status).toBe(502);
		expect(res.headers.get('content-type')).toBe('text/html');
		expect(res.headers.get('cf-ray')).toMatch(/^[0-9a-f]{16}-\w+$/);
		expect(res.headers.get('x-notion-request-id')).toBeNull();
		expect(res.text).toContain('502 Bad Gateway');
	});

	it('reset destroys the socket', async () => {
		emulator().control.addFault({ path: PAGE, count: 1, fault: 'reset' });
		await expect(api(emulator().url, PAGE)).rejects.toThrow();
		expect(emulator().control.getLog()[0]).toMatchObject({ fault: 'reset', status: 0 });
	});

	it('hang never answers (until the client gives up)', async () => {
		emulator().control.addFault({ path: PAGE, count: 1, fault: 'hang' });
		await expect(api(emulator().url, PAGE, { timeoutMs: 150 })).rejects.toThrow();
		expect(emulator().control.getLog()[0]).toMatchObject({ fault: 'hang', status: 0 });
	});

	it('malformed_json answers 200 with truncated JSON; empty_body answers 200 with nothing', async () => {
		emulator().control.addFault({ path: PAGE, count: 1, fault: 'malformed_json' });
		emulator().control.addFault({ path: PAGE, count: 1, fault: 'empty_body' });
		const malformed = await api(emulator().url, PAGE);
		expect(malformed.status).toBe(200);
		expect(() => JSON.parse(malformed.text)).toThrow();
		const empty = await api(emulator().url, PAGE);
		expect(empty).toMatchObject({ status: 200, text: '' });
	});
});

describe('matching', () => {
	it('matches a prefix ending in *, a method, and only count times', async () => {
		await controlCall(emulator().url, 'POST', '/faults', { path: '/v1/pages/*', method: 'GET', count: 2, fault: 'http503' });
		expect((await api(emulator().url, '/v1/users/me')).status).toBe(200);
		expect((await api(emulator().url, PAGE)).status).toBe(503);
		expect((await api(emulator().url, `/v1/pages/${WORLD.pages.sharedChild.id}`)).status).toBe(503);
		expect((await api(emulator().url, PAGE)).status).toBe(200);
		emulator().control.addFault({ path: PAGE, method: 'POST', count: 1, fault: 'http500' });
		expect((await api(emulator().url, PAGE)).status).toBe(200);
	});

	it('rejects a bad fault and clears faults', async () => {
		expect((await controlCall(emulator().url, 'POST', '/faults', { path: PAGE, count: 1, fault: 'nope' })).status).toBe(400);
		emulator().control.addFault({ path: PAGE, count: 5, fault: 'http500' });
		await controlCall(emulator().url, 'DELETE', '/faults');
		expect((await api(emulator().url, PAGE)).status).toBe(200);
	});

	it('works on the token endpoint too', async () => {
		const grant = emulator().control.createGrant();
		emulator().control.addFault({ path: '/v1/oauth/token', count: 1, fault: 'http503' });
		emulator().control.addFault({ path: '/v1/oauth/token', count: 1, fault: 'reset' });
		const params = { grant_type: 'refresh_token', refresh_token: grant.refreshToken };
		expect((await oauthPost(emulator().url, params)).status).toBe(503);
		await expect(oauthPost(emulator().url, params)).rejects.toThrow();
		expect((await oauthPost(emulator().url, params)).status).toBe(200);
		expect(emulator().control.getGrant(grant.grantId).rotations).toBe(1);
		expect(emulator().control.getLog().map((e) => e.fault)).toEqual(['http503', 'reset', undefined]);
	});
});

it('close() ends hanging requests', async () => {
	const own = await startEmulator();
	own.control.addFault({ path: '*', count: 1, fault: 'hang' });
	const pending = api(own.url, PAGE).catch((error: unknown) => error);
	await new Promise((r) => setTimeout(r, 50));
	await own.close();
	// fetch's TypeError comes from another realm than jest's Error: check its shape.
	expect(await pending).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
});
