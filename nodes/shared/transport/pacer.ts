import { sleep } from 'n8n-workflow';

/**
 * Spaces requests through one credential so that a burst stays under Notion's rate limit.
 * One pacer per credential per process, shared by every execution that uses the credential:
 * Notion counts requests per integration, not per execution.
 *
 * Waiters are released one at a time, each one interval after the previous release. Handing out
 * send times up front would not do: while the event loop is busy (n8n evaluating a thousand items'
 * expressions, say) send times fall due unseen and then fire together, as one burst.
 */
export class Pacer {
	private nextReleaseAt = 0;

	private heldUntil = 0;

	private queue: Promise<void> = Promise.resolve();

	private waiting = 0;

	constructor(private intervalMs: number) {}

	setRate(requestsPerSecond: number) {
		this.intervalMs = 1000 / requestsPerSecond;
	}

	/** Resolves when this request may be sent. Requests go in call order. */
	async take(): Promise<void> {
		this.waiting++;
		const turn = this.queue.then(async () => await this.waitForRelease());
		this.queue = turn;
		try {
			await turn;
		} finally {
			this.waiting--;
		}
	}

	/** Nobody waits and every release and hold lies in the past: forgetting this pacer changes nothing. */
	isIdle(now = Date.now()): boolean {
		return this.waiting === 0 && this.nextReleaseAt <= now && this.heldUntil <= now;
	}

	/** After a 429 every request must honour Retry-After, including those already waiting. */
	holdUntil(time: number) {
		this.heldUntil = Math.max(this.heldUntil, time);
	}

	private async waitForRelease() {
		for (;;) {
			const wait = Math.max(this.nextReleaseAt, this.heldUntil) - Date.now();
			if (wait <= 0) break;
			// Whole milliseconds: a timer rounds a fraction down, and a wait of 0 ms would spin.
			await sleep(Math.ceil(wait));
		}
		// A release that comes late may catch up by one interval, never more: no bursts.
		this.nextReleaseAt = Math.max(this.nextReleaseAt, Date.now() - this.intervalMs) + this.intervalMs;
	}
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

/** How many pacers this process keeps (for the test that they stay bounded). */
export function pacerCount(): number {
	return pacers.size;
}
