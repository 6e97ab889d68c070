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

	constructor(private intervalMs: number) {}

	setRate(requestsPerSecond: number) {
		this.intervalMs = 1000 / requestsPerSecond;
	}

	/** Resolves when this request may be sent. Requests go in call order. */
	async take(): Promise<void> {
		const turn = this.queue.then(async () => await this.waitForRelease());
		this.queue = turn;
		await turn;
	}

	/** After a 429 every request must honour Retry-After, including those already waiting. */
	holdUntil(time: number) {
		this.heldUntil = Math.max(this.heldUntil, time);
	}

	private async waitForRelease() {
		for (;;) {
			const wait = Math.max(this.nextReleaseAt, this.heldUntil) - Date.now();
			if (wait <= 0) break;
			await sleep(wait);
		}
		// A release that comes late may catch up by one interval, never more: no bursts.
		this.nextReleaseAt = Math.max(this.nextReleaseAt, Date.now() - this.intervalMs) + this.intervalMs;
	}
}

const pacers = new Map<string, Pacer>();

export function pacerFor(credentialKey: string, requestsPerSecond: number): Pacer {
	let pacer = pacers.get(credentialKey);
	if (!pacer) {
		pacer = new Pacer(1000 / requestsPerSecond);
		pacers.set(credentialKey, pacer);
	} else {
		pacer.setRate(requestsPerSecond);
	}
	return pacer;
}
