// Notion's documented limit: "an average of three requests per second ... Some bursts beyond the
// average rate are allowed" (https://developers.notion.com/reference/request-limits). A token
// bucket plays exactly that: `burst` requests at once, then `ratePerSecond` on average.

export class TokenBucket {
	private tokens: number;
	private last = Date.now();

	constructor(
		private readonly ratePerSecond: number,
		private readonly burst: number,
	) {
		this.tokens = burst;
	}

	sameLimit(ratePerSecond: number, burst: number): boolean {
		return this.ratePerSecond === ratePerSecond && this.burst === burst;
	}

	/** Take one token: 0 when allowed, else the whole seconds to wait (for Retry-After, at least 1). */
	take(now = Date.now()): number {
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
		this.last = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return 0;
		}
		return Math.max(1, Math.ceil((1 - this.tokens) / this.ratePerSecond));
	}
}

/**
 * Notion's newer wording (https://developers.notion.com/reference/request-limits, read 2026-12):
 * "Each connection has a fixed budget of requests per 60-second window ... The budget can be spent
 * at any pace within the window — spread out evenly or in a single burst. When a request exceeds
 * this limit, the Retry-After value is the time until the window resets." A window opens with the
 * first request after the previous one closed. The per-workspace limit is the same shape, shared by
 * every connection of the workspace, and its Retry-After "can be longer than a minute".
 */
export class FixedWindow {
	private openedAt = -Infinity;
	private used = 0;

	constructor(
		private readonly budget: number,
		private readonly windowMs: number,
	) {}

	sameLimit(budget: number, windowMs: number): boolean {
		return this.budget === budget && this.windowMs === windowMs;
	}

	/** Whole seconds until the window resets if the budget is spent (at least 1), else 0; takes nothing. */
	wait(now = Date.now()): number {
		if (now - this.openedAt >= this.windowMs) return 0;
		if (this.used < this.budget) return 0;
		return Math.max(1, Math.ceil((this.openedAt + this.windowMs - now) / 1000));
	}

	/** Spends one request of the budget; call only after wait() said 0. */
	spend(now = Date.now()): void {
		if (now - this.openedAt >= this.windowMs) {
			this.openedAt = now;
			this.used = 0;
		}
		this.used++;
	}
}
