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
