/**
 * The transport against the core-faithful fake (test/support/fakeN8nCore.ts) on a fake clock:
 * Retry-After in every form, the write rule, the refresh single flight and the lost-race re-read,
 * pacing per credential, cancellation, and the module-level maps staying bounded. Counts, never
 * timings.
 */
import { classify } from '../../nodes/shared/core/classify';
import { NotionTransport, type NotionCall, type TransportOptions } from '../../nodes/shared/transport';
import { pacerCount, Pacer } from '../../nodes/shared/transport/pacer';
import { refreshesInFlight } from '../../nodes/shared/transport/refresh';
import { runOnFakeClock } from '../support/fakeClock';
import { type ApiAnswer, type CoreScript, FAKE_ACCESS_TOKEN, FakeN8nCore, type SentRequest, type TokenAnswer } from '../support/fakeN8nCore';

const OPTIONS: TransportOptions = { notionVersion: '2025-09-03', requestsPerSecond: 1000, waitOnRateLimit: true, maxWaitSeconds: 60, timeoutSeconds: 30 };
const USER = { object: 'user', id: 'b0b0b0b0-0000-4000-8000-000000000001', type: 'bot', name: 'Acme Sync' };
const PAGE = { object: 'page', id: '1429989f-e8ac-4eff-bc8f-57f56486db54', in_trash: false };
const ok = (body: object = USER): ApiAnswer => ({ kind: 'http', status: 200, body });
const notion = (status: number, code: string, headers: Record<string, string> = {}): ApiAnswer => ({
	kind: 'http',
	status,
	body: { object: 'error', status, code, message: `Notion says ${code}.` },
	headers,
});

let credentials = 0;
function setUp(api: (n: number, request: SentRequest) => ApiAnswer, extra: Partial<CoreScript> & { credentialType?: string; options?: Partial<TransportOptions>; cancelAfterRequests?: number } = {}) {
	const core = new FakeN8nCore({
		items: [],
		credentialType: extra.credentialType,
		credentialId: `transport-test-${++credentials}`,
		cancelAfterRequests: extra.cancelAfterRequests,
		script: { api: (request, n) => api(n, request), token: extra.token, credentialRead: extra.credentialRead },
	});
	const transport = new NotionTransport(core.context(), core.credentialType as never, { ...OPTIONS, ...extra.options });
	return { core, transport };
}

async function call(transport: NotionTransport, request: NotionCall = { method: 'GET', path: '/v1/users/me', expect: 'user' }) {
	const run = await runOnFakeClock(async () => await transport.request(request));
	if ('error' in run) throw run.error;
	return run.value;
}

describe('transport: Retry-After in every form ends within the bounds', () => {
	it.each(['0', '-5', 'soon', 'Thu, 01 Jan 1970 00:00:00 GMT', '1.5'])('a 429 with Retry-After %p forever is sent 4 times, then Retry', async (retryAfter) => {
		const { core, transport } = setUp(() => notion(429, 'rate_limited', { 'retry-after': retryAfter }), { options: { maxWaitSeconds: 3600 } });
		const result = await call(transport);
		expect(result.ok).toBe(false);
		expect(core.requests).toHaveLength(4);
		if (!result.ok) expect(classify(result.failure)).toMatchObject({ verdict: 'retry', reason: 'rate_limited' });
	});

	it('a Retry-After beyond the maximum wait is not waited: one request, and retryAfterSeconds says how long (at most a day)', async () => {
		const { core, transport } = setUp(() => notion(429, 'rate_limited', { 'retry-after': '99999999999' }));
		const result = await call(transport);
		expect(core.requests).toHaveLength(1);
		if (!result.ok) expect(classify(result.failure).retryAfterSeconds).toBe(86_400);
	});

	it('all waits of one transport end by one deadline: a second call after a long wait is not waited', async () => {
		const { core, transport } = setUp((n) => (n < 3 ? notion(429, 'rate_limited', { 'retry-after': '25' }) : ok()), { options: { maxWaitSeconds: 60 } });
		const first = await call(transport); // 429, 25 s, 429, 25 s, 429: the next 25 s would pass 60 s
		expect(first.ok).toBe(false);
		expect(core.requests).toHaveLength(3);
	});

	it('with waiting off a 429 is sent once', async () => {
		const { core, transport } = setUp(() => notion(429, 'rate_limited', { 'retry-after': '1' }), { options: { waitOnRateLimit: false } });
		await call(transport);
		expect(core.requests).toHaveLength(1);
	});
});

describe('transport: a write is sent again only when Notion did not process it (429)', () => {
	const post: NotionCall = { method: 'POST', path: '/v1/pages', body: { parent: { page_id: PAGE.id } }, expect: 'page' };
	it.each([
		['500', notion(500, 'internal_server_error')],
		['502 from the edge', { kind: 'http', status: 502, body: '<html>502</html>' } as ApiAnswer],
		['503', notion(503, 'service_unavailable')],
		['529', notion(529, 'service_overload', { 'retry-after': '1' })],
		['409 conflict', notion(409, 'conflict_error')],
		['a reset connection', { kind: 'throw', error: () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) } as ApiAnswer],
		['a timeout', { kind: 'http', status: 200, body: PAGE, delayMs: 600_000 } as ApiAnswer],
	])('a POST answered %s is sent once', async (_name, answer) => {
		const { core, transport } = setUp(() => answer);
		const result = await call(transport, post);
		expect(result.ok).toBe(false);
		expect(core.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	it.each(['POST', 'PATCH', 'DELETE'] as const)('a %s answered 429 and then 200 is sent twice and succeeds', async (method) => {
		const { core, transport } = setUp((n) => (n === 0 ? notion(429, 'rate_limited', { 'retry-after': '1' }) : ok(PAGE)));
		const result = await call(transport, { ...post, method });
		expect(result.ok).toBe(true);
		expect(core.requests.map((request) => request.method)).toEqual([method, method]);
	});

	it('a GET answered 529 is waited out and asked again', async () => {
		const { core, transport } = setUp((n) => (n === 0 ? notion(529, 'service_overload', { 'retry-after': '1' }) : ok()));
		expect((await call(transport)).ok).toBe(true);
		expect(core.requests).toHaveLength(2);
	});

	it('a 2xx that is not the object asked for is not success', async () => {
		const { transport } = setUp(() => ok({ object: 'list', results: [] }));
		const result = await call(transport, { method: 'GET', path: `/v1/pages/${PAGE.id}`, expect: 'page' });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(classify(result.failure)).toMatchObject({ verdict: 'retry', reason: 'bad_response' });
	});
});

describe('transport: refresh', () => {
	/** Notion answers 401 to the first token, and accepts any rotated one. */
	const expiredThenOk = (_n: number, request: SentRequest) => (request.accessToken === FAKE_ACCESS_TOKEN ? notion(401, 'unauthorized') : ok());

	it('five calls that meet the expired token at once make one refresh, and all succeed', async () => {
		const setup = setUp(expiredThenOk);
		const { core } = setup;
		const run = await runOnFakeClock(async () => await Promise.all(Array.from({ length: 5 }, async () => await setup.transport.get('/v1/users/me', 'user'))));
		if ('error' in run) throw run.error;
		expect(run.value.every((result) => result.ok)).toBe(true);
		expect(core.tokenRequests).toHaveLength(1);
		expect(refreshesInFlight()).toBe(0);
	});

	it('a call met by 401 and 429 in turn is refreshed once, not once per round (property-test counterexample)', async () => {
		// Before, each round of 401, refresh, 429 counted as one send: 8 sends of one PATCH.
		const patch: NotionCall = { method: 'PATCH', path: `/v1/pages/${PAGE.id}`, body: { properties: {} }, expect: 'page' };
		let sends = 0;
		const { core, transport } = setUp((_n, request) => {
			if (request.path === '/v1/users/me') return ok();
			return sends++ % 2 === 0 ? notion(401, 'unauthorized') : notion(429, 'rate_limited', { 'retry-after': '1' });
		});
		const result = await call(transport, patch);
		// 401, refresh, 429, wait, 401 again with the refreshed token: that token is what Notion refuses.
		expect(core.requests.filter((request) => request.method === 'PATCH').map((request) => request.status)).toEqual([401, 429, 401]);
		expect(!result.ok && classify(result.failure)).toMatchObject({ verdict: 'reauthorize', reason: 'token_invalid' });
	});

	it('a token that expires while rate limits are waited out is refreshed on the last send, not sent to Reauthorize', async () => {
		const patch: NotionCall = { method: 'PATCH', path: `/v1/pages/${PAGE.id}`, body: { properties: {} }, expect: 'page' };
		const answers = [notion(429, 'rate_limited', { 'retry-after': '1' }), notion(429, 'rate_limited', { 'retry-after': '1' }), notion(429, 'rate_limited', { 'retry-after': '1' }), notion(401, 'unauthorized')];
		const { core, transport } = setUp((_n, request) => (request.path === '/v1/users/me' ? ok() : (answers.shift() ?? ok(PAGE))));
		const result = await call(transport, patch);
		expect(result.ok).toBe(true);
		// MAX_SENDS_PER_CALL sends for the rate limits, and one more after the refresh
		expect(core.requests.filter((request) => request.method === 'PATCH').map((request) => request.status)).toEqual([429, 429, 429, 401, 200]);
		expect(transport.refreshCounts()).toMatchObject({ refreshes: 1, succeeded: 1 });
	});

	it('a refresh that fails with invalid_grant, with no newer token stored, is Reauthorize for every waiting call; a call after it starts a new refresh', async () => {
		const { core, transport } = setUp(() => notion(401, 'unauthorized'), { token: () => ({ kind: 'http', status: 400, body: { error: 'invalid_grant' } }) });
		const run = await runOnFakeClock(async () => await Promise.all([transport.get('/v1/users/me'), transport.get('/v1/users/me')]));
		if ('error' in run) throw run.error;
		for (const result of run.value) {
			expect(result.ok).toBe(false);
			if (!result.ok) expect(classify(result.failure)).toMatchObject({ verdict: 'reauthorize', reason: 'grant_revoked' });
		}
		expect(core.tokenRequests).toHaveLength(1);
		await call(transport);
		expect(core.tokenRequests).toHaveLength(2);
		expect(transport.refreshCounts()).toEqual({ refreshes: 2, succeeded: 0, invalidGrant: 2, racesRecovered: 0, failed: 2 });
	});

	it('a race lost to another process (invalid_grant, then a newer token in the store) is recovered by re-reading', async () => {
		let core!: FakeN8nCore;
		const token = (): TokenAnswer => {
			// The other process's write lands while this one hears invalid_grant.
			core.stored = { ...core.stored, oauthTokenData: { access_token: 'fake-access-token-not-a-secret-other', refresh_token: 'fake-refresh-token-not-a-secret-other' } };
			return { kind: 'http', status: 400, body: { error: 'invalid_grant' } };
		};
		const setup = setUp(expiredThenOk, { token });
		core = setup.core;
		const result = await call(setup.transport);
		expect(result.ok).toBe(true);
		expect(core.requests.at(-1)?.accessToken).toBe('fake-access-token-not-a-secret-other');
		// what the Access Watch's health report shows
		expect(setup.transport.refreshCounts()).toEqual({ refreshes: 1, succeeded: 1, invalidGrant: 1, racesRecovered: 1, failed: 0 });
	});

	it.each([
		['down (503)', { kind: 'http', status: 503, body: '<html>down</html>' } as TokenAnswer, 'token_endpoint_unavailable'],
		['unreachable', { kind: 'throw', code: 'ECONNRESET' } as TokenAnswer, 'token_endpoint_unavailable'],
		['refusing the client', { kind: 'http', status: 401, body: { error: 'invalid_client' } } as TokenAnswer, 'client_invalid'],
	])('a token endpoint %s gives %s', async (_name, answer, reason) => {
		const { transport } = setUp(() => notion(401, 'unauthorized'), { token: () => answer });
		const result = await call(transport);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(classify(result.failure).reason).toBe(reason);
	});

	it('a credential that cannot be read during the refresh is a failure, not a throw', async () => {
		const { transport } = setUp(() => notion(401, 'unauthorized'), { credentialRead: (n) => (n === 1 ? new Error('database connection lost') : undefined) });
		const result = await call(transport);
		expect(result.ok).toBe(false);
		expect(refreshesInFlight()).toBe(0);
	});

	it('an internal integration secret is never refreshed', async () => {
		const { core, transport } = setUp(() => notion(401, 'unauthorized'), { credentialType: 'notionApi' });
		await call(transport);
		expect(core.tokenRequests).toHaveLength(0);
		expect(core.requests).toHaveLength(1);
	});
});

describe('transport: cancellation', () => {
	it('a cancelled execution sends nothing more, even while it waits out a Retry-After', async () => {
		const { core, transport } = setUp(() => notion(429, 'rate_limited', { 'retry-after': '30' }), { cancelAfterRequests: 1 });
		const result = await call(transport);
		expect(result.ok).toBe(false);
		expect(core.requests).toHaveLength(1);
	});
});

describe('transport: executions that share one credential (issue 17)', () => {
	/** Two executions on one credential: each its own fake core (own cancel signal and options), one pacer and one refresh flight. */
	type Execution = { api: (n: number) => ApiAnswer; options?: Partial<TransportOptions>; cancelAfterRequests?: number; token?: CoreScript['token'] };
	function onOneCredential(first: Execution, second: Execution) {
		const credentialId = `transport-shared-${++credentials}`;
		return [first, second].map((each) => {
			const core = new FakeN8nCore({
				items: [],
				credentialId,
				cancelAfterRequests: each.cancelAfterRequests,
				script: { api: (_request, n) => each.api(n), token: each.token },
			});
			return { core, transport: new NotionTransport(core.context(), core.credentialType as never, { ...OPTIONS, ...each.options }) };
		});
	}

	it('17.1 a cancelled execution releases its turns in the shared pacer: the next execution on the credential is not kept waiting', async () => {
		const [cancelled, next] = onOneCredential({ api: () => ok(), options: { requestsPerSecond: 100 }, cancelAfterRequests: 3 }, { api: () => ok(), options: { requestsPerSecond: 100 } });
		let nextTookMs = -1;
		const run = await runOnFakeClock(async () => {
			const thousand = Promise.all(Array.from({ length: 1000 }, async () => await cancelled.transport.get('/v1/users/me', 'user')));
			await new Promise((resolve) => setTimeout(resolve, 50)); // cancelled after 3 requests, at 20 ms
			const start = Date.now();
			await next.transport.get('/v1/users/me', 'user');
			nextTookMs = Date.now() - start;
			await thousand;
		});
		expect('error' in run).toBe(false);
		expect(cancelled.core.requests.filter((request) => !request.afterCancel)).toHaveLength(3);
		expect(cancelled.core.requests.some((request) => request.afterCancel)).toBe(false);
		expect(next.core.requests).toHaveLength(1);
		expect(nextTookMs).toBe(0); // its last request left at 20 ms: by 50 ms the pacer is free (it was 10 s)
	});

	it("17.5 another execution's Retry-After hold does not override this execution's Max Wait or Wait on Rate Limit: the call goes to Retry at once, with when to retry", async () => {
		for (const options of [{ maxWaitSeconds: 0 }, { waitOnRateLimit: false }, { maxWaitSeconds: 3 }]) {
			const [limited, other] = onOneCredential(
				{ api: (n) => (n === 0 ? notion(429, 'rate_limited', { 'retry-after': '5' }) : ok()) },
				{ api: () => ok(), options },
			);
			let otherTookMs = -1;
			let otherResult: Awaited<ReturnType<NotionTransport['request']>> | undefined;
			const run = await runOnFakeClock(async () => {
				const waiting = limited.transport.get('/v1/users/me', 'user');
				await new Promise((resolve) => setTimeout(resolve, 300)); // A holds the credential until 5 s
				const start = Date.now();
				otherResult = await other.transport.get('/v1/users/me', 'user');
				otherTookMs = Date.now() - start;
				expect((await waiting).ok).toBe(true); // A itself waits its Retry-After out and succeeds
			});
			expect('error' in run).toBe(false);
			expect(otherTookMs).toBe(0);
			expect(other.core.requests).toHaveLength(0);
			expect(otherResult?.ok).toBe(false);
			if (otherResult && !otherResult.ok) {
				expect(classify(otherResult.failure)).toMatchObject({ verdict: 'retry', reason: 'rate_limited', retryAfterSeconds: 5 });
			}
		}
	});

	it('17.5 an execution whose Max Wait covers the hold waits for it, and sends once', async () => {
		const [limited, other] = onOneCredential({ api: (n) => (n === 0 ? notion(429, 'rate_limited', { 'retry-after': '5' }) : ok()) }, { api: () => ok(), options: { maxWaitSeconds: 10 } });
		let otherSentAt = -1;
		const run = await runOnFakeClock(async () => {
			const start = Date.now();
			const waiting = limited.transport.get('/v1/users/me', 'user');
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect((await other.transport.get('/v1/users/me', 'user')).ok).toBe(true);
			otherSentAt = (other.core.requests[0].at ?? 0) - start;
			await waiting;
		});
		expect('error' in run).toBe(false);
		expect(otherSentAt).toBeGreaterThanOrEqual(5000);
		expect(other.core.requests).toHaveLength(1);
	});

	it("17.5 an execution that joined another's refresh does not wait for a hold past its own Max Wait: it goes to Retry at once", async () => {
		// At 1,000/s: C's request (0 ms) is answered 429 Retry-After 5 at 150 ms: the credential is held
		// until 5.15 s. A's (1 ms) is answered 401 at 201 ms: A (Max Wait 60) starts the refresh, which
		// waits for the hold. B's (2 ms, Wait on Rate Limit off) is answered 401 at 252 ms: B joins it.
		const credentialId = `transport-shared-${++credentials}`;
		const make = (api: (n: number) => ApiAnswer, options: Partial<TransportOptions>) => {
			const core = new FakeN8nCore({ items: [], credentialId, script: { api: (_request, n) => api(n) } });
			return { core, transport: new NotionTransport(core.context(), core.credentialType as never, { ...OPTIONS, ...options }) };
		};
		const limited = make((n) => (n === 0 ? { ...notion(429, 'rate_limited', { 'retry-after': '5' }), delayMs: 150 } : ok()), {});
		const starter = make((n) => (n === 0 ? { ...notion(401, 'unauthorized'), delayMs: 200 } : ok()), { maxWaitSeconds: 60 });
		const joiner = make((n) => (n === 0 ? { ...notion(401, 'unauthorized'), delayMs: 250 } : ok()), { waitOnRateLimit: false });
		let joinerEndedAt = -1;
		const run = await runOnFakeClock(async () => {
			const start = Date.now();
			return await Promise.all([
				limited.transport.get('/v1/users/me', 'user'),
				starter.transport.get('/v1/users/me', 'user'),
				joiner.transport.get('/v1/users/me', 'user').then((result) => {
					joinerEndedAt = Date.now() - start;
					return result;
				}),
			]);
		});
		if ('error' in run) throw run.error;
		const [, started, joined] = run.value;
		expect(started.ok).toBe(true); // A waited the hold out, refreshed, and sent again
		expect(joined.ok).toBe(false);
		if (!joined.ok) expect(classify(joined.failure)).toMatchObject({ verdict: 'retry', reason: 'rate_limited' });
		expect(joinerEndedAt).toBeLessThan(300); // not 5 s
	});

	it('17.6 a refresh started by an execution that is then cancelled does not cancel the executions that joined it', async () => {
		// At 1 request/s: A meets the expired token at 0 s and starts the refresh, whose request waits
		// for its turn at 2 s; B meets it at 1 s and joins. A is cancelled at 1.5 s, while the refresh
		// still waits: the refresh ends cancelled for A. B was never cancelled.
		const expiredThenOk = (n: number) => (n === 0 ? notion(401, 'unauthorized') : ok());
		const slow = { requestsPerSecond: 1 };
		const [starter, joiner] = onOneCredential({ api: expiredThenOk, options: slow }, { api: expiredThenOk, options: slow });
		const run = await runOnFakeClock(async () => {
			setTimeout(() => starter.core.cancelNow(), 1500);
			const [first, second] = await Promise.all([starter.transport.get('/v1/users/me', 'user'), joiner.transport.get('/v1/users/me', 'user')]);
			return { first, second };
		});
		if ('error' in run) throw run.error;
		const { first, second } = run.value;
		expect(first.ok).toBe(false);
		if (!first.ok) expect(classify(first.failure).reason).toBe('cancelled');
		expect(starter.core.requests.some((request) => request.afterCancel)).toBe(false);
		expect(second.ok).toBe(true); // it was cancelled, as retry/cancelled, before the fix
		// its own refresh request (through its own core, which found the token good), then the call again
		expect(joiner.core.requests.map((request) => request.status)).toEqual([401, 200, 200]);
	});
});

describe('pacer', () => {
	it('at 3 requests per second (a fractional interval) releases on a fake clock without spinning (property-test counterexample)', async () => {
		const pacer = new Pacer(1000 / 3);
		const run = await runOnFakeClock(async () => {
			for (let n = 0; n < 10; n++) await pacer.take();
		});
		expect('error' in run).toBe(false);
	});

	it('spaces requests by the rate, honours a hold, and follows a rate change', async () => {
		const pacer = new Pacer(100);
		const times: number[] = [];
		const run = await runOnFakeClock(async () => {
			const start = Date.now();
			for (let n = 0; n < 3; n++) {
				await pacer.take();
				times.push(Date.now() - start);
			}
			pacer.holdUntil(Date.now() + 5000);
			await pacer.take();
			times.push(Date.now() - start);
			pacer.setRate(1);
			for (let n = 0; n < 2; n++) {
				await pacer.take();
				times.push(Date.now() - start);
			}
		});
		expect('error' in run).toBe(false);
		// Fake milliseconds, exact by construction: one interval apart from the start, never two at
		// once; the hold halves the rate (200 ms), then the rate set to 1/s applies from the next release.
		expect(times).toEqual([0, 100, 200, 5200, 5400, 6400]);
	});

	it('paces each credential on its own: a 429 hold on one does not hold another', async () => {
		const held = setUp((n) => (n === 0 ? notion(429, 'rate_limited', { 'retry-after': '30' }) : ok()));
		const free = setUp(() => ok());
		const order: string[] = [];
		const run = await runOnFakeClock(async () => {
			await Promise.all([
				held.transport.get('/v1/users/me', 'user').then(() => order.push('held')),
				(async () => {
					// starts once the first credential is holding for 30 s
					await new Promise((resolve) => setTimeout(resolve, 10));
					await free.transport.get('/v1/users/me', 'user');
					order.push('free');
				})(),
			]);
		});
		expect('error' in run).toBe(false);
		expect(order).toEqual(['free', 'held']);
	});

	it('keeps one pacer per credential, and forgets idle ones: the map stays bounded however many credentials a process sees', async () => {
		const run = await runOnFakeClock(async () => {
			for (let n = 0; n < 500; n++) {
				const { transport } = setUp(() => ok());
				await transport.get('/v1/users/me', 'user');
				// a pacer is idle one interval after its last release (1 ms at 1,000/s)
				await new Promise((resolve) => setTimeout(resolve, 1));
			}
		});
		expect('error' in run).toBe(false);
		expect(pacerCount()).toBeLessThanOrEqual(64);
	});
});
