/**
 * The adaptive pacer, on a fake clock: deterministic, so every figure here is a count (requests,
 * 429s, simulated milliseconds), never a wall-clock timing. Notion's limit is the emulator's own
 * token bucket (test/emulator/rateLimit.ts), fed the fake time.
 */
import { holdWorkspace, Pacer, pacerFor, type PacerClient, type Turn, WINDOW_REASON } from '../../nodes/shared/transport/pacer';
import { FixedWindow, TokenBucket } from '../emulator/rateLimit';
import { runOnFakeClock } from '../support/fakeClock';

/** Timers that fire only when run() advances the fake time to them, in order. */
class FakeClock {
	time = 1_000_000;

	private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];

	private seq = 0;

	now = () => this.time;

	sleep = async (ms: number) => await new Promise<void>((resolve) => {
		this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve });
	});

	/** Runs until `work` settles; between timers every microtask has run (setImmediate comes after them). */
	async run<T>(work: Promise<T>): Promise<T> {
		let settled = false;
		const result = work.finally(() => (settled = true));
		for (;;) {
			await new Promise((resolve) => setImmediate(resolve));
			if (settled) return await result;
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift();
			if (!next) throw new Error('nothing left to run, but the work has not settled');
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
	}
}

interface Simulation {
	processes: number;
	/** executions, pulled by the processes as queue-mode workers pull jobs */
	executions: number;
	/** requests per execution, all in flight at once (n8n's items run concurrently) */
	requestsPerExecution: number;
	/** executions at once per process (N8N_CONCURRENCY_PRODUCTION_LIMIT) */
	slots: number;
	configuredRate: number;
	limit: { ratePerSecond: number; burst: number };
	latencyMs?: number;
	/** the transport gives up waiting on 429s after this many seconds per request (maxWaitSeconds) */
	maxWaitSeconds?: number;
}

/**
 * Processes that share Notion's per-integration limit and nothing else, each with its own pacer,
 * doing what the transport does: take a turn, send; on a 429 hold the pacer until Retry-After,
 * sleep it out and send again, up to maxWaitSeconds in all.
 */
async function simulate(s: Simulation) {
	const clock = new FakeClock();
	const bucket = new TokenBucket(s.limit.ratePerSecond, s.limit.burst);
	clock.time = Date.now(); // the bucket starts full at its construction time
	const start = clock.time;
	const latency = s.latencyMs ?? 20;
	let sent = 0;
	let rateLimited = 0;
	let gaveUp = 0;
	let executionsLeft = s.executions;
	const pacers = Array.from({ length: s.processes }, () => new Pacer(1000 / s.configuredRate, clock));

	async function request(pacer: Pacer) {
		let waited = 0;
		for (;;) {
			await pacer.take();
			sent++;
			await clock.sleep(latency / 2);
			const retryAfter = bucket.take(clock.now());
			await clock.sleep(latency / 2);
			if (retryAfter === 0) return;
			rateLimited++;
			if (waited + retryAfter > (s.maxWaitSeconds ?? 60)) {
				gaveUp++;
				return;
			}
			waited += retryAfter;
			pacer.holdUntil(clock.now() + retryAfter * 1000);
			await clock.sleep(retryAfter * 1000);
		}
	}

	async function worker(pacer: Pacer) {
		await Promise.all(Array.from({ length: s.slots }, async () => {
			while (executionsLeft > 0) {
				executionsLeft--;
				await Promise.all(Array.from({ length: s.requestsPerExecution }, async () => await request(pacer)));
			}
		}));
	}

	await clock.run(Promise.all(pacers.map(worker)));
	const wallMs = clock.time - start;
	const limitMs = (s.executions * s.requestsPerExecution * 1000) / s.limit.ratePerSecond;
	return { sent, rateLimited, share: rateLimited / sent, gaveUp, wallRatio: wallMs / limitMs, rates: pacers.map((p) => p.rate) };
}

describe('Pacer: one process', () => {
	it('releases at the configured rate and stays there when Notion never says 429', async () => {
		const clock = new FakeClock();
		const pacer = new Pacer(1000 / 3, clock);
		const start = clock.time;
		await clock.run(Promise.all(Array.from({ length: 31 }, async () => await pacer.take())));
		// 31 releases: the first at once, then 30 intervals of 1/3 s, each wait rounded up to a whole millisecond
		expect(clock.time - start).toBeGreaterThanOrEqual((30 * 1000) / 3);
		expect(clock.time - start).toBeLessThanOrEqual((30 * 1000) / 3 + 30);
		expect(pacer.rate).toBe(3);
	});

	it('at the configured rate under the limit: 0 429s, and the wall time of the limit', async () => {
		const result = await simulate({
			processes: 1, executions: 6, requestsPerExecution: 100, slots: 10, configuredRate: 3, limit: { ratePerSecond: 3, burst: 3 },
		});
		expect(result).toMatchObject({ rateLimited: 0, gaveUp: 0, rates: [3] });
		expect(result.wallRatio).toBeLessThanOrEqual(1.01);
	});
});

describe('Pacer: one request at a time, in turn (issue 17)', () => {
	/** Takes `count` turns for `client` at once; records when each was given and what it was. */
	function takeMany(pacer: Pacer, clock: FakeClock, count: number, client: PacerClient, log: Array<{ at: number; turn: Turn }>) {
		return Array.from({ length: count }, async () => {
			const turn = await pacer.take(client);
			log.push({ at: clock.now(), turn });
		});
	}

	it('17 (smaller) the pacer never releases two requests together: not at start, not after an idle spell, not after a hold', async () => {
		const clock = new FakeClock();
		const pacer = new Pacer(100, clock);
		const log: Array<{ at: number; turn: Turn }> = [];
		const client = { holdLimit: Infinity };
		const start = clock.time;
		await clock.run(Promise.all(takeMany(pacer, clock, 3, client, log)));
		await clock.run(clock.sleep(5000)); // idle
		await clock.run(Promise.all(takeMany(pacer, clock, 2, client, log)));
		pacer.holdUntil(clock.now() + 1000); // the rate halves: 200 ms
		await clock.run(Promise.all(takeMany(pacer, clock, 2, client, log)));
		expect(log.map((entry) => entry.at - start)).toEqual([0, 100, 200, 5200, 5300, 6300, 6500]);
	});

	it('17.1 a cancelled execution releases its turns in the shared pacer: the next one waits at most one interval after the last request sent', async () => {
		const clock = new FakeClock();
		const pacer = new Pacer(10, clock); // 100 requests/s
		const cancelledLog: Array<{ at: number; turn: Turn }> = [];
		const cancelledClient = { holdLimit: Infinity };
		const start = clock.time;
		const cancelledTurns = Promise.all(takeMany(pacer, clock, 1000, cancelledClient, cancelledLog));
		await clock.run(clock.sleep(25)); // three turns given: at 0, 10 and 20 ms
		pacer.leave(cancelledClient);
		await clock.run(cancelledTurns);
		expect(cancelledLog.filter((entry) => entry.turn.go)).toHaveLength(3);
		expect(cancelledLog.filter((entry) => !entry.turn.go && entry.turn.cancelled)).toHaveLength(997);
		const next: Array<{ at: number; turn: Turn }> = [];
		await clock.run(Promise.all(takeMany(pacer, clock, 1, { holdLimit: Infinity }, next)));
		expect(next[0].turn.go).toBe(true);
		expect(next[0].at - start).toBe(30); // one interval after the last turn given (20 ms), not 10 s
		expect(pacer.isIdle(clock.now() + 10)).toBe(false); // four requests are still in flight
		for (let answered = 0; answered < 4; answered++) pacer.answered();
		expect(pacer.isIdle(clock.now() + 10)).toBe(true);
	});

	it('17.5 a hold is waited only by those it fits: a caller that may not wait for it is answered at once, even one already queued', async () => {
		const clock = new FakeClock();
		const pacer = new Pacer(10, clock);
		const patient = { holdLimit: Infinity };
		const brief = { holdLimit: clock.now() + 2000 }; // Maximum Wait 2 s
		const never = { holdLimit: -Infinity }; // Wait on Rate Limit off
		const log: Array<{ at: number; turn: Turn; who: string }> = [];
		const start = clock.time;
		const take = (client: PacerClient, who: string) => pacer.take(client).then((turn) => log.push({ at: clock.now() - start, turn, who }));
		const queued = [take(patient, 'patient'), take(never, 'never'), take(never, 'never'), take(brief, 'brief')];
		pacer.holdUntil(clock.now() + 5000); // another execution got 429 with Retry-After 5
		const later = [take(never, 'never'), take(brief, 'brief'), take(patient, 'patient')];
		await clock.run(Promise.all([...queued, ...later]));
		// the first was released before the hold; every other caller that may not wait 5 s is answered at once
		expect(log.filter((entry) => entry.at === 0).map((entry) => entry.who).sort()).toEqual(['brief', 'brief', 'never', 'never', 'never', 'patient']);
		for (const entry of log.filter((each) => each.who !== 'patient')) expect(entry.turn).toEqual({ go: false, cancelled: false, heldUntil: start + 5000 });
		expect(log.filter((entry) => entry.who === 'patient').map((entry) => [entry.at, entry.turn.go])).toEqual([[0, true], [5000, true]]);
	});

	it("20 a caller held past its limit is told which of Notion's limits set the hold (the latest, longest hold's reason)", async () => {
		const clock = new FakeClock();
		const pacer = new Pacer(10, clock);
		pacer.holdUntil(clock.now() + 5000, 'public_api_request_rate_limit');
		pacer.holdUntil(clock.now() + 120_000, 'public_api_space_request_rate_limit');
		pacer.holdUntil(clock.now() + 1000, 'public_api_request_rate_limit'); // shorter: the hold and its reason stay
		expect(await pacer.take({ holdLimit: -Infinity })).toEqual({ go: false, cancelled: false, heldUntil: clock.now() + 120_000, reason: 'public_api_space_request_rate_limit' });
	});
});

describe('Pacer: decrease and increase', () => {
	it('a 429 halves the rate once per hold, however many 429s arrive while the hold lasts', async () => {
		const clock = new FakeClock();
		const pacer = new Pacer(1000 / 8, clock);
		pacer.holdUntil(clock.now() + 1000);
		expect(pacer.rate).toBe(4);
		pacer.holdUntil(clock.now() + 1000);
		pacer.holdUntil(clock.now() + 2000);
		expect(pacer.rate).toBe(4);
		clock.time += 2000;
		pacer.holdUntil(clock.now() + 1000);
		expect(pacer.rate).toBe(2);
	});

	it('never goes below the floor', () => {
		const clock = new FakeClock();
		const pacer = new Pacer(1000 / 10, clock);
		for (let i = 0; i < 20; i++) {
			pacer.holdUntil(clock.now());
			clock.time += 1;
		}
		expect(pacer.rate).toBe(10 / Pacer.FLOOR_DIVISOR);
	});

	it('right after a 429 each release adds configured/current × configured/CLIMB_RELEASES: the same climb per second at every rate', async () => {
		for (const decreases of [1, 3]) {
			const clock = new FakeClock();
			const pacer = new Pacer(1000 / 10, clock);
			for (let i = 0; i < decreases; i++) {
				pacer.holdUntil(clock.now());
				clock.time += 1;
			}
			clock.time -= decreases; // the release below comes at the moment of the last decrease
			const before = pacer.rate;
			await clock.run(pacer.take());
			expect(pacer.rate - before).toBeCloseTo(((10 / before) * 10) / Pacer.CLIMB_RELEASES, 9);
		}
	});

	it('without 429s the climb speeds up, reaches the configured rate and stops there', async () => {
		const clock = new FakeClock();
		const pacer = new Pacer(1000 / 10, clock);
		pacer.holdUntil(clock.now());
		const start = clock.time;
		let releases = 0;
		while (pacer.rate < 10) {
			await clock.run(pacer.take());
			releases++;
		}
		// at a constant climb of configured²/CLIMB_RELEASES per second, 5 → 10/s would take CLIMB_RELEASES/20 s
		expect(clock.time - start).toBeLessThan((Pacer.CLIMB_RELEASES / 20) * 1000);
		expect(releases).toBeGreaterThan(50);
		await clock.run(pacer.take());
		expect(pacer.rate).toBe(10);
	});

	it('the configured rate is a ceiling: lowering it lowers the rate, raising it keeps the rate learnt from 429s', () => {
		const pacer = new Pacer(1000 / 10, new FakeClock());
		pacer.setRate(6);
		expect(pacer.rate).toBe(6);
		pacer.holdUntil(Number.MAX_SAFE_INTEGER);
		pacer.setRate(10);
		expect(pacer.rate).toBe(3);
	});
});

describe('Pacer: uncoordinated processes on one limit converge on it', () => {
	it.each([
		[2, 3],
		[4, 3],
		[2, 20],
		[4, 20],
	])('%i processes, each configured at the limit of %i/s: 429s at most 6%%, none given up, wall at most 1.3 × the limit', async (processes, limit) => {
		const result = await simulate({
			processes, executions: 10, requestsPerExecution: 100, slots: Math.ceil(10 / processes), configuredRate: limit,
			limit: { ratePerSecond: limit, burst: limit },
		});
		expect(result.gaveUp).toBe(0);
		expect(result.rateLimited).toBeGreaterThan(0); // they did have to learn the limit
		// 6%: each process now starts with one request, not two at once, so the first 429s reach the
		// four processes one at a time instead of all together (4 × 3/s: 5.4% where it was 4.5%).
		expect(result.share).toBeLessThanOrEqual(0.06);
		expect(result.wallRatio).toBeLessThanOrEqual(1.3);
	});
});


/**
 * Notion's newer limit (issue 20): a budget per connection per window, spendable in one burst, whose
 * 429 (reason WINDOW_REASON) asks to wait until the window resets. `processes` pacers share one
 * window and each does what the transport does: take a turn, send; on a 429 hold its pacer until
 * Retry-After (a window's 429 holds the pacer whether or not its caller waits), sleep it out, send
 * again. Counts the 429s of each window by the window's opening time.
 */
async function simulateWindow(s: { budget: number; windowMs: number; requests: number; processes?: number; configuredRate?: number; latencyMs?: number; split?: number[] }) {
	const clock = new FakeClock();
	const window = new FixedWindow(s.budget, s.windowMs);
	const start = clock.time;
	const latency = s.latencyMs ?? 20;
	const pacers = Array.from({ length: s.processes ?? 1 }, () => new Pacer(1000 / (s.configuredRate ?? 3), clock));
	let sent = 0;
	let done = 0;
	/** 429s per window, by the time the window opened (FixedWindow keeps it private: read for the count only). */
	const refusedPerWindow = new Map<number, number>();
	let firstRefused: number | undefined;
	const openedAt = () => (window as unknown as { openedAt: number }).openedAt;

	async function request(pacer: Pacer) {
		for (;;) {
			const turn = await pacer.take();
			if (!turn.go) throw new Error('a patient caller was not given a turn');
			sent++;
			await clock.sleep(latency / 2);
			const retryAfter = window.wait(clock.now());
			if (retryAfter === 0) window.spend(clock.now());
			await clock.sleep(latency / 2);
			if (retryAfter === 0) {
				done++;
				pacer.answered();
				return;
			}
			refusedPerWindow.set(openedAt(), (refusedPerWindow.get(openedAt()) ?? 0) + 1);
			if (firstRefused === undefined) firstRefused = openedAt();
			pacer.holdUntil(clock.now() + retryAfter * 1000, WINDOW_REASON);
			pacer.answered();
			await clock.sleep(retryAfter * 1000);
		}
	}

	const perProcess = Math.ceil(s.requests / pacers.length);
	const share = (p: number) => s.split?.[p] ?? Math.min(perProcess, s.requests - p * perProcess);
	await clock.run(Promise.all(pacers.flatMap((pacer, p) => Array.from({ length: share(p) }, async () => await request(pacer)))));
	// The physical minimum: the last window opens (ceil(N / budget) - 1) windows after the first request.
	const minimumMs = (Math.ceil(s.requests / s.budget) - 1) * s.windowMs;
	const later = [...refusedPerWindow].filter(([opened]) => opened !== firstRefused).map(([, refused]) => refused);
	return {
		sent, done, elapsedMs: clock.time - start, minimumMs, pacers,
		mostRefusedInAWindow: Math.max(0, ...refusedPerWindow.values()),
		firstWindowRefused: firstRefused === undefined ? 0 : refusedPerWindow.get(firstRefused) ?? 0,
		mostRefusedAfterTheFirst: Math.max(0, ...later),
	};
}

describe('Pacer: a budget per window (issue 20)', () => {
	it.each([
		[101, 90],
		[1000, 90],
		[1000, 250],
	])('%i requests under a budget of %i per 60 s, at 3/s: done within 1.1 × the physical minimum, one 429 per window, no rate lowered', async (requests, budget) => {
		const result = await simulateWindow({ budget, windowMs: 60_000, requests });
		expect(result.done).toBe(requests);
		expect(result.mostRefusedInAWindow).toBeLessThanOrEqual(1);
		expect(result.pacers[0].rate).toBe(3);
		// A budget above 3/s × 60 s is never met at 3/s: nothing to learn, and the configured rate is the pace.
		const paced = ((requests - 1) * 1000) / 3;
		expect(result.elapsedMs).toBeLessThanOrEqual(1.1 * Math.max(result.minimumMs, budget > 180 ? paced : 0) + 1000);
		// Each request is sent once, plus at most the one refused per window.
		expect(result.sent).toBeLessThanOrEqual(requests + Math.ceil(requests / budget));
	});

	it('the budget is spent at the rate after each reset: 1,000 requests under 90 per 10 s at 30/s take 11 windows, with one 429 each', async () => {
		const result = await simulateWindow({ budget: 90, windowMs: 10_000, requests: 1000, configuredRate: 30 });
		expect(result.done).toBe(1000);
		// Learnt at the first reset, from the first window (its count began less than 60 s before the reset).
		// At 3/s above, spending a window's budget takes about as long as a window, and nothing is learnt.
		expect(result.pacers[0].budget).toBe(90);
		expect(result.mostRefusedInAWindow).toBeLessThanOrEqual(1);
		expect(result.elapsedMs).toBeLessThanOrEqual(1.1 * result.minimumMs);
	});

	it.each([50, 150, 400])('answers that take %i ms (several in flight at 30/s): the first window that refuses meets what was in flight; every later one a single 429; the budget is learnt at the first reset', async (latencyMs) => {
		const result = await simulateWindow({ budget: 90, windowMs: 10_000, requests: 1000, configuredRate: 30, latencyMs });
		expect(result.done).toBe(1000);
		expect(result.pacers[0].budget).toBe(90);
		// What was in flight when the first 429 came: released in the answer time of that 429, at 30/s.
		expect(result.firstWindowRefused).toBeLessThanOrEqual(Math.ceil((latencyMs * 30) / 1000) + 1);
		expect(result.mostRefusedAfterTheFirst).toBeLessThanOrEqual(1);
		expect(result.elapsedMs).toBeLessThanOrEqual(1.1 * result.minimumMs);
	});

	it.each([20, 150])('4 processes on one credential share the window, answers in %i ms: within 1.2 × the minimum; after the first window, each process meets at most what it has in flight', async (latencyMs) => {
		const result = await simulateWindow({ budget: 90, windowMs: 10_000, requests: 1000, configuredRate: 30, processes: 4, latencyMs });
		expect(result.done).toBe(1000);
		// Past its learnt share a process sends one at a time; within it, at the rate, so a window that
		// another process emptied first meets what it has in flight: the rate × the answer time, plus one.
		expect(result.mostRefusedAfterTheFirst).toBeLessThanOrEqual(4 * (Math.ceil((30 * latencyMs) / 1000) + 1));
		expect(result.elapsedMs).toBeLessThanOrEqual(1.2 * result.minimumMs);
	});

	it('a process whose share of the window was small goes at the rate once the other process is done (1 of 2 processes sends 60, the other 940)', async () => {
		// The small process learns a small budget; once the other is done, Notion takes more than it, and
		// it must not creep along one request a second: it goes at the rate, one request at a time.
		const result = await simulateWindow({ budget: 90, windowMs: 10_000, requests: 1000, configuredRate: 30, processes: 2, split: [60, 940] });
		expect(result.done).toBe(1000);
		expect(result.elapsedMs).toBeLessThanOrEqual(1.2 * result.minimumMs);
	});

	it("a token bucket's 429 (Retry-After 1) is not a window: it halves the rate, as before", () => {
		const clock = new FakeClock();
		const pacer = new Pacer(1000 / 8, clock);
		pacer.holdUntil(clock.now() + 1000, WINDOW_REASON);
		expect(pacer.rate).toBe(4);
		clock.time += 2000;
		pacer.holdUntil(clock.now() + 30_000, WINDOW_REASON);
		expect(pacer.rate).toBe(4);
	});
});

describe("Pacer: Notion's per-workspace limit holds every credential of the workspace (issue 20)", () => {
	it('a workspace hold answers at once, with its reason and end, the callers of every credential of that workspace that may not wait so long; patient ones wait; another workspace goes on', async () => {
		const run = await runOnFakeClock(async () => {
			const [first, second, other] = ['cred:ws-a1', 'cred:ws-a2', 'cred:ws-b'].map((key) => pacerFor(key, 3));
			first.workspaceKey = 'workspace:A';
			second.workspaceKey = 'workspace:A';
			other.workspaceKey = 'workspace:B';
			const start = Date.now();
			const queued = first.take({ holdLimit: Infinity }); // released at once, before the hold
			const released = second.take({ holdLimit: Infinity }); // released at once too
			const waiting = second.take({ holdLimit: start + 60_000 }); // queued one interval behind it
			holdWorkspace('workspace:A', start + 120_000, 'public_api_space_request_rate_limit');
			const brief = { holdLimit: start + 60_000 };
			const turns = await Promise.all([queued, released, waiting, first.take(brief), second.take(brief), other.take(brief)]);
			const patient = await second.take({ holdLimit: Infinity }).then((turn) => ({ turn, at: Date.now() - start }));
			return { turns, patient, start };
		});
		if (!('value' in run)) throw run.error;
		const { turns, patient, start } = run.value;
		const held = { go: false, cancelled: false, heldUntil: start + 120_000, reason: 'public_api_space_request_rate_limit' };
		expect(turns).toEqual([{ go: true }, { go: true }, held, held, held, { go: true }]);
		expect(patient).toEqual({ turn: { go: true }, at: 120_000 });
	});
});
