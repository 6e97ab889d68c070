import { sleep } from 'n8n-workflow';

/**
 * Spaces requests through one credential so that a burst stays under Notion's rate limit.
 * One pacer per credential per process, shared by every execution that uses the credential:
 * Notion counts requests per integration, not per execution.
 */
class Pacer {
	private nextSlotAt = 0;

	constructor(private intervalMs: number) {}

	setRate(requestsPerSecond: number) {
		this.intervalMs = 1000 / requestsPerSecond;
	}

	/** Waits for this request's slot. Slots are handed out in call order. */
	async take(): Promise<void> {
		const now = Date.now();
		const slot = Math.max(now, this.nextSlotAt);
		this.nextSlotAt = slot + this.intervalMs;
		if (slot > now) await sleep(slot - now);
	}

	/** After a 429 every waiting request must honour Retry-After, not just the one that got it. */
	holdUntil(time: number) {
		this.nextSlotAt = Math.max(this.nextSlotAt, time);
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

export type { Pacer };
