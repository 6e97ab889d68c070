import fc from 'fast-check';

import { diff, idsToCheck, isOutage, readState } from '../../nodes/NotionAccessWatch/state';
import type { Observation, Observed, WatchEvent, WatchState } from '../../nodes/NotionAccessWatch/state';

const OK: Observed = { verdict: 'access_ok', reason: 'accessible' };
const TOKEN_OK: Observed = { verdict: 'access_ok', reason: 'token_valid' };
const UNSHARED: Observed = { verdict: 'share_page', reason: 'not_shared_or_missing' };
const RETRY: Observed = { verdict: 'retry', reason: 'service_unavailable' };
const REVOKED: Observed = { verdict: 'reauthorize', reason: 'grant_revoked' };

let clock = 0;
const at = () => new Date(Date.UTC(2026, 11, 1) + ++clock * 60_000).toISOString();

/** One poll of listed resources: the token check plus one GET each. */
function poll(token: Observed, resources: Record<string, Observed>, search?: Observation['search']): Observation {
	const checked = token.verdict === 'access_ok' ? Object.entries(resources).map(([id, seen]) => ({ id, listed: true, ...seen })) : [];
	const answers = [token, ...checked];
	const retries = answers.filter((answer) => answer.verdict === 'retry');
	return { at: at(), token, checked, search, requests: answers.length, retries: retries.length, retryReason: retries[0]?.reason };
}

const kinds = (events: WatchEvent[]) => events.map((event) => (event.id ? `${event.event}:${event.id}` : event.event)).sort();

describe('the watch state: examples', () => {
	it('the first poll is a baseline: nothing is reported, even a resource it cannot read', () => {
		const { events, next } = diff(undefined, poll(TOKEN_OK, { a: OK, b: UNSHARED }));
		expect(events).toEqual([]);
		expect(next.resources.a.verdict).toBe('access_ok');
		expect(next.resources.b.verdict).toBe('share_page');
	});

	it('reports a lost page once, with what was known before and since when; the next poll says nothing', () => {
		const first = diff(undefined, poll(TOKEN_OK, { a: OK }));
		const lost = diff(first.next, poll(TOKEN_OK, { a: UNSHARED }));
		expect(lost.events).toEqual([{ event: 'access_lost', id: 'a', previous: { verdict: 'access_ok', reason: 'accessible', since: first.next.resources.a.since } }]);
		expect(diff(lost.next, poll(TOKEN_OK, { a: UNSHARED })).events).toEqual([]);
		expect(kinds(diff(lost.next, poll(TOKEN_OK, { a: OK })).events)).toEqual(['access_restored:a']);
	});

	it('a Retry is not lost access: the last known verdict stays', () => {
		const first = diff(undefined, poll(TOKEN_OK, { a: OK, b: OK, c: OK }));
		const flaky = diff(first.next, poll(TOKEN_OK, { a: RETRY, b: OK, c: OK }));
		expect(flaky.events).toEqual([]);
		expect(flaky.next).toEqual(first.next);
	});

	it('an outage is one event when it starts and one when it ends, and no resource is reported lost', () => {
		const ids = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`r${i}`, OK]));
		const retrying = Object.fromEntries(Object.keys(ids).map((id) => [id, RETRY]));
		let state = diff(undefined, poll(TOKEN_OK, ids)).next;
		const seen: string[] = [];
		for (const observation of [poll(RETRY, {}), poll(TOKEN_OK, retrying), poll(RETRY, {}), poll(TOKEN_OK, ids), poll(TOKEN_OK, ids)]) {
			const result = diff(state, observation);
			seen.push(...kinds(result.events));
			state = result.next;
		}
		expect(seen).toEqual(['outage_started', 'outage_ended']);
	});

	it('a lost token is one token_lost and no per-resource events; resources are judged again once it is back', () => {
		const first = diff(undefined, poll(TOKEN_OK, { a: OK, b: OK }));
		const lost = diff(first.next, poll(REVOKED, { a: OK, b: OK }));
		expect(kinds(lost.events)).toEqual(['token_lost']);
		expect(diff(lost.next, poll(REVOKED, {})).events).toEqual([]);
		const back = diff(lost.next, poll(TOKEN_OK, { a: OK, b: UNSHARED }));
		expect(kinds(back.events)).toEqual(['access_lost:b', 'token_restored']);
	});

	it('discovery: the first complete search is a baseline; a new object is newly visible; a vanished one is checked, then reported', () => {
		const first = diff(undefined, poll(TOKEN_OK, {}, { ids: ['x', 'y'], complete: true }));
		expect(first.events).toEqual([]);
		const added = diff(first.next, poll(TOKEN_OK, {}, { ids: ['x', 'y', 'z'], complete: true }));
		expect(kinds(added.events)).toEqual(['newly_visible:z']);

		const search = { ids: ['x', 'z'], complete: true };
		expect(idsToCheck(added.next, [], search)).toEqual(['y']);
		// search lags: the GET still reads it, so nothing is reported
		const lagging = { ...poll(TOKEN_OK, {}, search), checked: [{ id: 'y', listed: false, ...OK }] };
		expect(diff(added.next, lagging).events).toEqual([]);
		const gone = { ...poll(TOKEN_OK, {}, search), checked: [{ id: 'y', listed: false, ...UNSHARED }] };
		const removed = diff(added.next, gone);
		expect(removed.events).toEqual([{ event: 'no_longer_visible', id: 'y', previous: expect.objectContaining({ verdict: 'access_ok' }) }]);
		expect(idsToCheck(removed.next, [], search)).toEqual([]);
		expect(diff(removed.next, poll(TOKEN_OK, {}, search)).events).toEqual([]);
	});

	it('an incomplete search (page cap reached) reports additions but no removals', () => {
		const first = diff(undefined, poll(TOKEN_OK, {}, { ids: ['x', 'y'], complete: true }));
		expect(idsToCheck(first.next, [], { ids: ['x'], complete: false })).toEqual([]);
		expect(kinds(diff(first.next, poll(TOKEN_OK, {}, { ids: ['q'], complete: false })).events)).toEqual(['newly_visible:q']);
	});

	it('a resource both listed and found by search is reported once', () => {
		const first = diff(undefined, poll(TOKEN_OK, { a: OK }, { ids: ['a'], complete: true }));
		const lost = diff(first.next, poll(TOKEN_OK, { a: UNSHARED }, { ids: [], complete: true }));
		expect(kinds(lost.events)).toEqual(['access_lost:a']);
	});

	it('reads back only state it wrote', () => {
		expect(readState(undefined)).toBeUndefined();
		expect(readState({ version: 2, resources: {} })).toBeUndefined();
		expect(readState({ version: 1, resources: {} })).toEqual({ version: 1, resources: {} });
	});
});

// ---- properties over random histories of a few listed resources

const IDS = ['a', 'b', 'c', 'd', 'e'];
const resourceSeen = fc.oneof({ weight: 4, arbitrary: fc.constant(OK) }, { weight: 3, arbitrary: fc.constant(UNSHARED) }, { weight: 2, arbitrary: fc.constant(RETRY) });
const tokenSeen = fc.oneof({ weight: 6, arbitrary: fc.constant(TOKEN_OK) }, { weight: 1, arbitrary: fc.constant(REVOKED) }, { weight: 1, arbitrary: fc.constant(RETRY) });
const pollArb = (count: number) =>
	fc.record({ token: tokenSeen, resources: fc.tuple(...Array.from({ length: count }, () => resourceSeen)), restart: fc.boolean() });
const history = fc.integer({ min: 1, max: IDS.length }).chain((count) => fc.array(pollArb(count), { minLength: 1, maxLength: 25 }));

const observe = (step: { token: Observed; resources: Observed[] }) =>
	poll(step.token, Object.fromEntries(step.resources.map((seen, i) => [IDS[i], seen])));

describe('the watch state: properties', () => {
	it('no event when nothing changed', () => {
		fc.assert(
			fc.property(history, (steps) => {
				let state: WatchState | undefined;
				for (const step of steps) {
					state = diff(state, observe(step)).next;
					expect(diff(state, observe(step)).events).toEqual([]);
				}
			}),
		);
	});

	it('each change is reported exactly once, outages are one event each way, and events stay within the bound', () => {
		fc.assert(
			fc.property(history, (steps) => {
				let state: WatchState | undefined;
				const announced = new Map<string, boolean>();
				let token: 'ok' | 'lost' | undefined;
				let outage = false;
				steps.forEach((step, index) => {
					const observation = observe(step);
					const { events, next } = diff(state, observation);
					state = next;
					expect(events.length).toBeLessThanOrEqual(observation.checked.length + 2);
					const expected: string[] = [];
					const settle = (report: boolean) => {
						for (const check of observation.checked) {
							if (check.verdict === 'retry') continue;
							const ok = check.verdict === 'access_ok';
							const before = announced.get(check.id);
							if (report && before !== ok && (before !== undefined || !ok)) expected.push(`${ok ? 'access_restored' : 'access_lost'}:${check.id}`);
							announced.set(check.id, ok);
						}
					};
					if (index === 0) {
						outage = isOutage(observation);
						if (!outage) {
							token = observation.token.verdict === 'access_ok' ? 'ok' : 'lost';
							settle(false);
						}
					} else if (isOutage(observation)) {
						if (!outage) expected.push('outage_started');
						outage = true;
					} else {
						if (outage) expected.push('outage_ended');
						outage = false;
						if (observation.token.verdict !== 'access_ok') {
							if (token !== 'lost') expected.push('token_lost');
							token = 'lost';
						} else {
							if (token === 'lost') expected.push('token_restored');
							token = 'ok';
							settle(true);
						}
					}
					expect(kinds(events)).toEqual(expected.sort());
				});
			}),
		);
	});

	it('with n8n restarting at random (static data saved only on activation and on emit), nothing is reported twice and nothing is lost', () => {
		fc.assert(
			fc.property(history, (steps) => {
				let memory: WatchState | undefined;
				let saved: WatchState | undefined;
				let activation = true;
				const timeline = new Map<string, string[]>();
				const run = (observation: Observation) => {
					const { events, next } = diff(memory, observation);
					memory = next;
					if (activation || events.length > 0) saved = structuredClone(next);
					activation = false;
					for (const event of events) timeline.set(event.id ?? 'watch', [...(timeline.get(event.id ?? 'watch') ?? []), event.event]);
				};
				for (const step of steps) {
					run(observe(step));
					if (step.restart) {
						memory = saved === undefined ? undefined : structuredClone(saved);
						activation = true;
					}
				}
				const count = steps[0].resources.length;
				const final = Object.fromEntries(IDS.slice(0, count).map((id, i) => [id, i % 2 ? UNSHARED : OK]));
				run(poll(TOKEN_OK, final));
				run(poll(TOKEN_OK, final));

				for (const [id, kinds] of timeline) {
					// lost/restored, started/ended and token lost/restored alternate: never the same news twice in a row
					const pairs = kinds.map((kind) => kind.replace(/_(lost|restored|started|ended)$/, ''));
					kinds.forEach((kind, i) => {
						if (i > 0 && pairs[i] === pairs[i - 1]) expect(`${id}: ${kind}`).not.toBe(`${id}: ${kinds[i - 1]}`);
					});
				}
				// What was announced is saved; what was not (a resource first seen accessible) may be
				// only in memory, which is harmless: it is found again after a restart.
				for (const [id, seen] of Object.entries(final)) {
					expect(`${id}: ${memory?.resources[id]?.verdict}`).toBe(`${id}: ${seen.verdict}`);
					if (seen.verdict !== 'access_ok') expect(`${id}: ${saved?.resources[id]?.verdict}`).toBe(`${id}: ${seen.verdict}`);
					else expect([undefined, 'access_ok']).toContain(saved?.resources[id]?.verdict);
				}
				memory = saved === undefined ? undefined : structuredClone(saved);
				activation = true;
				run(poll(TOKEN_OK, final));
				for (const [id, seen] of Object.entries(final)) expect(`${id}: ${saved?.resources[id]?.verdict}`).toBe(`${id}: ${seen.verdict}`);
				expect(saved?.outage).toBeUndefined();
				expect(saved?.token?.verdict).toBe('access_ok');
			}),
			{ numRuns: 500 },
		);
	});
});
