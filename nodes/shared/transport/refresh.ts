import { sleep } from 'n8n-workflow';

/**
 * Refreshes in flight, one per credential per process. Every request that meets the expired token
 * while a refresh runs waits for that refresh instead of starting its own: Notion rotates the
 * refresh token on every refresh, so a second refresh with the same token would fail.
 */
const flights = new Map<string, Promise<unknown>>();

/** Runs `refresh` unless one is already running for the credential; every caller gets its result. */
export async function refreshOnce<T>(credentialKey: string, refresh: () => Promise<T>): Promise<T> {
	let flight = flights.get(credentialKey) as Promise<T> | undefined;
	if (!flight) {
		flight = refresh().finally(() => flights.delete(credentialKey));
		flights.set(credentialKey, flight);
	}
	return await flight;
}

/** What this process saw of refreshes through one credential, since it started. */
export interface RefreshCounts {
	/** refreshes started (one per single flight) */
	refreshes: number;
	/** ended with a working token: core refreshed, or another process had stored a newer one */
	succeeded: number;
	/** the token endpoint said invalid_grant (recovered or not) */
	invalidGrant: number;
	/** invalid_grant, then a newer token found in the store: a race lost to another process, recovered */
	racesRecovered: number;
	/** ended without a working token */
	failed: number;
}

/** Credentials whose counts are kept at most; the oldest are forgotten beyond it. */
const KEPT_COUNTS = 256;
const counts = new Map<string, RefreshCounts>();

export function countRefresh(credentialKey: string, ...fields: Array<keyof RefreshCounts>): void {
	let entry = counts.get(credentialKey);
	if (!entry) {
		entry = { refreshes: 0, succeeded: 0, invalidGrant: 0, racesRecovered: 0, failed: 0 };
		counts.set(credentialKey, entry);
		if (counts.size > KEPT_COUNTS) counts.delete(counts.keys().next().value as string);
	}
	for (const field of fields) entry[field]++;
}

export function refreshCounts(credentialKey: string): RefreshCounts {
	return { refreshes: 0, succeeded: 0, invalidGrant: 0, racesRecovered: 0, failed: 0, ...counts.get(credentialKey) };
}

/** How many refreshes are in flight in this process (for the test that they stay bounded). */
export function refreshesInFlight(): number {
	return flights.size;
}

/**
 * After `invalid_grant`, another process may have won the race and be about to store the newer
 * token: its token response and its database write are milliseconds apart. Re-read the stored
 * credential a few times before calling the grant revoked.
 */
const REREAD_DELAYS_MS = [0, 100, 250, 500, 1000, 1500];

export async function waitForNewerStoredToken(
	readStoredAccessToken: () => Promise<string | undefined>,
	staleAccessToken: string | undefined,
): Promise<boolean> {
	for (const delay of REREAD_DELAYS_MS) {
		if (delay > 0) await sleep(delay);
		const stored = await readStoredAccessToken();
		if (stored && stored !== staleAccessToken) return true;
	}
	return false;
}
