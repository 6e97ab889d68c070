import { sleep } from 'n8n-workflow';

/** What a turn gives its caller: send now, the caller was cancelled, or a hold longer than the caller may wait. */
export type Turn = { go: true } | NotGiven;
export type NotGiven = { go: false; cancelled: true } | Held;
/** `reason`: Notion's `rate_limit_reason` of the 429 that set the hold, so that items not sent say which limit it was. */
type Held = { go: false; cancelled: false; heldUntil: number; reason?: string };

/**
 * One caller of a shared pacer: an execution or a poll. Each caller keeps its own limits whatever
 * the others allow themselves: a Retry-After hold that ends after `holdLimit` is not waited for.
 */
export interface PacerClient {
	/** The latest time (ms) a hold may end for this caller to wait for it; -Infinity: never wait for a hold. */
	readonly holdLimit: number;
}

interface Waiter {
	client: PacerClient;
	arrivedAt: number;
	settle(turn: Turn): void;
}

interface Watcher {
	client: PacerClient;
	settle(held: Held): void;
}

/**
 * Notion's reason for its per-connection budget per 60-second window (request-limits page, 2026):
 * the Retry-After of its 429 is the time until the window resets.
 */
export const WINDOW_REASON = 'public_api_request_rate_limit';

/** A hold that every credential of one workspace respects: Notion's per-workspace limit. */
interface SharedHold {
	until: number;
	reason?: string;
}

const GO: Turn = { go: true };
const CANCELLED: Turn = { go: false, cancelled: true };

/**
 * Spaces requests through one credential so that a burst stays under Notion's rate limit.
 * One pacer per credential per process, shared by every execution that uses the credential:
 * Notion counts requests per integration, not per execution.
 *
 * Waiters queue in call order and are released one at a time, each one interval after the
 * previous release. Handing out send times up front would not do: while the event loop is busy
 * (n8n evaluating a thousand items' expressions, say) send times fall due unseen and then fire
 * together, as one burst. The queue is explicit so that a caller can leave it: a cancelled
 * execution's turns go with it (`leave`), and a caller that may not wait for a hold is answered at
 * once instead of queueing behind it.
 *
 * Several processes (queue-mode workers) on one credential share Notion's limit but not a pacer.
 * They converge on the shared limit the way TCP flows share a link, without talking to each other:
 * a 429 halves this process's rate (multiplicative decrease), and each release adds back a little,
 * a constant amount per second whatever the rate (additive increase), up to the configured rate.
 * AIMD is what makes uncoordinated senders end with equal shares that add up to the limit. A
 * process alone at or under Notion's limit never sees a 429 and stays at the configured rate.
 *
 * Notion now also counts a budget per connection per 60-second window, spendable in one burst; its
 * 429 (reason WINDOW_REASON) waits until the window resets. Such a 429 is not a sign of sending too
 * fast, so it does not lower the rate: the pacer holds until the reset, learns the budget (what
 * Notion took in the window that ended), and from then on releases that many at the rate after
 * each reset, then one request at a time (the caller says when each is answered: `answered`), so
 * that a window's end costs one 429, not one for each request left in flight. Not in one burst,
 * though Notion would take one: the rate is the user's ceiling, and several processes on one
 * credential each learn their share of the window, resume at different moments (Retry-After is
 * whole seconds), and one that resumed first takes part of the others' shares: their bursts would
 * meet 429s by the dozen, where paced releases meet what is in flight. The first window that
 * refuses a pacer is met at the rate, with whatever is in flight then (the rate times the answer
 * time): going one at a time before the budget is known would cap every pacer at one request per
 * answer time, below the rate for answers slower than an interval, and would never meet, so never
 * learn, a budget larger than a window of those.
 * A token bucket's 429 asks for about a second: that one keeps the behaviour above. The
 * per-workspace limit is a hold shared by every credential of the workspace (holdWorkspace).
 */
export class Pacer {
	/** Releases it takes, at the configured rate, to climb from nothing back to the configured rate. */
	static readonly CLIMB_RELEASES = 2000;

	/** On a 429 the rate is multiplied by this. */
	static readonly DECREASE = 0.5;

	/** The rate never falls below the configured rate divided by this. */
	static readonly FLOOR_DIVISOR = 32;

	/** The climb speeds up by its own size every this many seconds without a 429. */
	static readonly ACCELERATION_SECONDS = 7;

	/**
	 * A release that comes late (a busy event loop) starts the next interval up to this share of an
	 * interval early: the average rate holds under small delays, and two requests never leave together.
	 */
	static readonly CATCH_UP = 0.5;

	/**
	 * A 429 with WINDOW_REASON that asks for at least this long is a window's reset; a token bucket
	 * asks for about one token's time (Retry-After 1).
	 */
	static readonly WINDOW_MIN_WAIT_MS = 2000;

	/** Notion's window: a pacer that released nothing for this long counts a new window from its next release. */
	static readonly WINDOW_MS = 60_000;

	/** The workspace whose shared hold this pacer respects (holdWorkspace); its own credential's until it is known. */
	workspaceKey?: string;

	/** Requests Notion took in a window, learnt at the reset after a window's 429; undefined until then. */
	private windowBudget?: number;

	/** When the window that refused us resets (the latest window 429 said so). */
	private windowResetAt = -Infinity;

	/** Counting of the current window: since when, how many released, how many refused with a window 429. */
	private windowCountedFrom = -Infinity;

	/** The count began at a reset Notion told us of, so it counts one whole window: only such a count teaches the budget. */
	private countedFromReset = false;

	/** No 429 came during the count that could have been an unseen reset (see holdUntil). */
	private countTrusted = true;

	private releasedInWindow = 0;

	private refusedInWindow = 0;

	private lastReleaseAt = -Infinity;

	/** Requests released and not answered yet (`answered`). */
	private inFlight = 0;

	/** A window's 429 came: Notion counts in windows here. Until a budget is learnt, one request at a time (atWindowEdge). */
	private windowSeen = false;

	/** The longest wait a window's 429 asked for: a window lasts at least this long, less a second (Retry-After is whole seconds). */
	private longestResetWaitMs = 0;

	private nextReleaseAt = 0;

	private heldUntil = 0;

	private holdReason?: string;

	private readonly waiters: Waiter[] = [];

	/** Callers waiting on something that waits for this pacer (a refresh another execution runs): see unlessHeld. */
	private readonly watchers = new Set<Watcher>();

	/** A release loop runs while anyone waits; at most one. */
	private releasing = false;

	/** requests per second now, between the floor and the configured rate */
	private current: number;

	private lastDecreaseAt: number;

	/** requests per second configured: the ceiling */
	private configured: number;

	constructor(
		intervalMs: number,
		// Date.now looked up at each call: jest's fake timers replace Date after this module loads.
		private readonly clock: { now(): number; sleep(ms: number): Promise<void> } = { now: () => Date.now(), sleep },
	) {
		this.configured = 1000 / intervalMs;
		this.current = this.configured;
		this.lastDecreaseAt = clock.now();
	}

	get rate(): number {
		return this.current;
	}

	/** The window budget learnt from Notion's answers, if a window's 429 was seen: past it, one request at a time. */
	get budget(): number | undefined {
		return this.windowBudget;
	}

	/** The configured rate (the node's option): the ceiling. The rate learnt from 429s is kept. */
	setRate(requestsPerSecond: number) {
		this.configured = requestsPerSecond;
		this.current = Math.min(this.current, requestsPerSecond);
	}

	/**
	 * Resolves when this request may be sent (requests go in call order), or at once when a hold is
	 * in force that ends after the client's hold limit, or when the client leaves (`leave`).
	 */
	async take(client: PacerClient = { holdLimit: Infinity }): Promise<Turn> {
		const held = this.heldFor(client);
		if (held) return held;
		return await new Promise<Turn>((resolve) => {
			this.waiters.push({ client, arrivedAt: this.clock.now(), settle: resolve });
			void this.releaseInTurn();
		});
	}

	/**
	 * Waits for `work` (a refresh another execution started, whose request waits for this pacer
	 * with that execution's limits), unless a hold is or comes in force that ends after this
	 * client's hold limit: then it resolves at once with that hold, and `work` goes on for the others.
	 */
	async unlessHeld<T>(client: PacerClient, work: Promise<T>): Promise<{ done: T } | { held: Held }> {
		const held = this.heldFor(client);
		if (held) return { held };
		let watcher: Watcher | undefined;
		const hold = new Promise<Held>((resolve) => {
			watcher = { client, settle: resolve };
			this.watchers.add(watcher);
		});
		try {
			return await Promise.race([work.then((done) => ({ done })), hold.then((turn) => ({ held: turn }))]);
		} finally {
			if (watcher) this.watchers.delete(watcher);
		}
	}

	/**
	 * A request this pacer released was answered, or failed: call once per turn given, after any
	 * hold its answer calls for is set (holdUntil, holdWorkspace), so that the next request, which
	 * may wait for this one, is not sent into a window its answer said is spent.
	 */
	answered() {
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (this.waiters.length > 0) void this.releaseInTurn();
	}

	/** The client is gone (its execution was cancelled): its waiting turns are dropped, so nobody waits behind them. */
	leave(client: PacerClient) {
		this.settleWhere((waiter) => (waiter.client === client ? CANCELLED : undefined));
	}

	/** Nobody waits and every release and hold lies in the past: forgetting this pacer changes nothing. */
	isIdle(now = this.clock.now()): boolean {
		return this.waiters.length === 0 && this.watchers.size === 0 && this.inFlight === 0 && this.nextReleaseAt <= now && this.holdEnd().until <= now;
	}

	/**
	 * Notion said "too many requests" (429, or 529): every request must honour Retry-After,
	 * including those already waiting, and this process slows down. Waiters whose client may not
	 * wait that long are answered at once. Only the first 429 of a hold lowers the rate: those that
	 * arrive while it lasts were sent before it, at the old rate. A window's 429 lowers nothing: it
	 * says the window's budget is spent, and when it comes back.
	 */
	holdUntil(time: number, reason?: string) {
		const now = this.clock.now();
		if (reason === WINDOW_REASON) this.countRefused();
		// Once a window has refused this pacer, a per-connection 429 that asks for a second is that window's end, not a token bucket's.
		if (Pacer.isWindowReset(reason, time - now) || (reason === WINDOW_REASON && this.windowSeen)) {
			this.windowSeen = true;
			this.windowResetAt = Math.max(this.windowResetAt, time);
			this.longestResetWaitMs = Math.min(Pacer.WINDOW_MS, Math.max(this.longestResetWaitMs, time - now));
		} else {
			// A reset may have passed unseen: the window counted now may be two, and teaches nothing.
			this.countTrusted = false;
			if (now >= this.heldUntil) {
				this.current = Math.max(this.configured / Pacer.FLOOR_DIVISOR, this.current * Pacer.DECREASE);
				this.lastDecreaseAt = now;
			}
		}
		if (time > this.heldUntil) {
			this.heldUntil = time;
			this.holdReason = reason;
		}
		this.settleHeld();
	}

	/** A request this pacer released was refused (429): Notion did not take it, so it is no part of the budget learnt. */
	countRefused() {
		this.refusedInWindow++;
	}

	/** A 429 of the per-connection window (not a token bucket's): it waits until the window resets. */
	static isWindowReset(reason: string | undefined, waitMs: number): boolean {
		return reason === WINDOW_REASON && waitMs >= Pacer.WINDOW_MIN_WAIT_MS;
	}

	/** Waiters and watchers that may not wait for the hold now in force are answered at once. */
	settleHeld() {
		this.settleWhere((waiter) => this.heldFor(waiter.client));
		for (const watcher of this.watchers) {
			const held = this.heldFor(watcher.client);
			if (held) watcher.settle(held);
		}
	}

	/** The hold in force: this credential's own or its workspace's, whichever ends later. */
	private holdEnd(): SharedHold {
		const shared = this.workspaceKey === undefined ? undefined : workspaceHolds.get(this.workspaceKey);
		return shared && shared.until > this.heldUntil ? shared : { until: this.heldUntil, reason: this.holdReason };
	}

	private heldFor(client: PacerClient): Held | undefined {
		const { until, reason } = this.holdEnd();
		const held = until > this.clock.now() && until > client.holdLimit;
		return held ? { go: false, cancelled: false, heldUntil: until, reason } : undefined;
	}

	private settleWhere(turnOf: (waiter: Waiter) => Turn | undefined) {
		for (let index = this.waiters.length - 1; index >= 0; index--) {
			const waiter = this.waiters[index];
			const turn = turnOf(waiter);
			if (turn) {
				this.waiters.splice(index, 1);
				waiter.settle(turn);
			}
		}
	}

	/** Releases the waiters one at a time, one interval apart and after any hold, until none is left. */
	private async releaseInTurn() {
		if (this.releasing) return;
		this.releasing = true;
		try {
			while (this.waiters.length > 0) {
				this.countWindow(this.clock.now());
				const hold = this.holdEnd().until;
				const due = Math.max(this.nextReleaseAt, hold);
				const wait = due - this.clock.now();
				// A workspace hold set through another credential reaches this pacer at once when the
				// pacer is in the process's list; a pacer dropped from the list while in use learns it here.
				if (hold > this.clock.now()) this.settleHeld();
				if (wait > 0) {
					// Whole milliseconds: a timer rounds a fraction down, and a wait of 0 ms would spin.
					await this.clock.sleep(Math.ceil(wait));
					continue;
				}
				// At a window's edge one request goes at a time: the answer of the one in flight releases the next (answered).
				if (this.inFlight > 0 && this.atWindowEdge()) return;
				const waiter = this.waiters.shift() as Waiter;
				this.release(Math.max(due, waiter.arrivedAt));
				waiter.settle(GO);
			}
		} finally {
			this.releasing = false;
		}
	}

	/** Books a release that was due at `due` (nothing to catch up for a waiter that found the pacer free). */
	private release(due: number) {
		const now = this.clock.now();
		// A release past the shortest a window can be may fall in a window Notion did not tell of (after a quiet spell): the count teaches nothing.
		if (now - this.windowCountedFrom >= this.longestResetWaitMs - 1000) this.countedFromReset = false;
		this.releasedInWindow++;
		this.inFlight++;
		this.lastReleaseAt = now;
		const intervalMs = 1000 / this.current;
		this.nextReleaseAt = now - Math.min(now - due, intervalMs * Pacer.CATCH_UP) + intervalMs;
		// configured/current per release is configured²/CLIMB_RELEASES per second: the same climb
		// in time at every rate, which is what makes the increase additive (and the shares fair).
		// It speeds up the longer no 429 came: capacity another process left (its executions
		// ended) is taken up within seconds, while near the shared limit the climb stays slow.
		const quiet = (now - this.lastDecreaseAt) / 1000 / Pacer.ACCELERATION_SECONDS;
		const step = ((this.configured * (this.configured / this.current)) / Pacer.CLIMB_RELEASES) * (1 + quiet);
		this.current = Math.min(this.configured, this.current + step);
	}

	/**
	 * Whether the next request may meet the end of a window's budget: the learnt budget is spent in
	 * this window, or a window refused this pacer before its budget could be learnt.
	 */
	private atWindowEdge(): boolean {
		if (this.windowBudget !== undefined) return this.releasedInWindow >= this.windowBudget;
		return this.windowSeen;
	}

	/**
	 * Starts counting a new window once the one that refused us has reset, or after a quiet spell
	 * longer than a window. A count that lies inside the window that refused us teaches the budget:
	 * what Notion took in it. That is a count from one reset to the next, or one begun less than a
	 * window (Notion's 60 s) before the reset, such as a pacer's first. A count from anywhere else may
	 * span several windows, and a budget learnt from it would be too large: the requests sent at the
	 * rate up to it would meet 429s where one at a time should have begun.
	 */
	private countWindow(now: number) {
		const reset = this.windowResetAt > this.windowCountedFrom && now >= this.windowResetAt;
		if (!reset && now - this.lastReleaseAt < Pacer.WINDOW_MS) return;
		const insideRefusingWindow = this.countedFromReset || this.windowCountedFrom >= this.windowResetAt - Pacer.WINDOW_MS;
		if (reset && insideRefusingWindow && this.countTrusted) this.windowBudget = Math.max(1, this.releasedInWindow - this.refusedInWindow);
		this.countedFromReset = reset;
		this.countTrusted = true;
		this.windowCountedFrom = now;
		this.releasedInWindow = 0;
		this.refusedInWindow = 0;
	}
}

/** Workspace holds by workspace key: a hold past its end is forgotten when another is set. */
const workspaceHolds = new Map<string, SharedHold>();

/**
 * Notion's per-workspace limit said wait until `time`: every pacer of the workspace in this process
 * holds, whatever its credential, and its waiters that may not wait that long are answered at once.
 */
export function holdWorkspace(workspaceKey: string, time: number, reason?: string, now = Date.now()) {
	for (const [key, hold] of workspaceHolds) if (hold.until <= now) workspaceHolds.delete(key);
	const hold = workspaceHolds.get(workspaceKey);
	if (hold && hold.until >= time) return;
	workspaceHolds.set(workspaceKey, { until: time, reason });
	for (const pacer of pacers.values()) if (pacer.workspaceKey === workspaceKey) pacer.settleHeld();
}
/** A long-running n8n sees many credentials: idle pacers beyond this many are forgotten. */
const KEPT_PACERS = 64;

const pacers = new Map<string, Pacer>();

export function pacerFor(credentialKey: string, requestsPerSecond: number): Pacer {
	let pacer = pacers.get(credentialKey);
	if (pacer) {
		pacer.setRate(requestsPerSecond);
		return pacer;
	}
	pacer = new Pacer(1000 / requestsPerSecond);
	pacers.set(credentialKey, pacer);
	for (const [key, candidate] of pacers) {
		if (pacers.size <= KEPT_PACERS) break;
		if (candidate !== pacer && candidate.isIdle()) pacers.delete(key);
	}
	return pacer;
}

/** Whether the process still keeps this pacer for the credential (an idle one may have been forgotten). */
export function isKept(credentialKey: string, pacer: Pacer): boolean {
	return pacers.get(credentialKey) === pacer;
}

/** How many pacers this process keeps (for the test that they stay bounded). */
export function pacerCount(): number {
	return pacers.size;
}
