/**
 * Runs async work on jest's fake clock, jumping from one timer to the next, so that Retry-After
 * waits, pacing and timeouts take no real time while `Date.now()` moves as if they did.
 */
export type ClockRun<T> = ({ value: T } | { error: unknown }) & { elapsedMs: number };

/** A clock that passes this much without the work ending is a hang, not a bound. */
const GIVE_UP_AFTER_MS = 7 * 24 * 3600 * 1000;

export async function runOnFakeClock<T>(work: () => Promise<T>): Promise<ClockRun<T>> {
	jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
	const start = Date.now();
	try {
		let outcome: { value: T } | { error: unknown } | undefined;
		const settled = work().then(
			(value) => (outcome = { value }),
			(error: unknown) => (outcome = { error }),
		);
		let idleTurns = 0;
		let jumps = 0;
		while (outcome === undefined) {
			if (++jumps > 200_000) throw new Error(`the work set more than 200,000 timers in ${Date.now() - start} ms of fake time: a loop`);
			await new Promise((resolve) => setImmediate(resolve));
			if (outcome !== undefined) break;
			if (jest.getTimerCount() > 0) {
				idleTurns = 0;
				jest.advanceTimersToNextTimer();
			} else if (++idleTurns > 1000) {
				throw new Error('the work neither ended nor set a timer: it hangs');
			}
			if (Date.now() - start > GIVE_UP_AFTER_MS) throw new Error('the work did not end within a week of fake time');
		}
		await settled;
		return { ...outcome, elapsedMs: Date.now() - start };
	} finally {
		jest.useRealTimers();
	}
}
