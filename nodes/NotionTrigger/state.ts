// What the Notion Trigger remembers between polls, and the pure rules that turn the pages one poll
// saw into events exactly once. No n8n imports: the exactly-once rules are tested here alone and,
// through the real poll, against a model of Notion (test/unit/trigger.property.test.ts).
//
// Notion rounds created_time and last_edited_time down to the minute, so a timestamp alone cannot
// say whether a page seen again in the same minute changed. The trigger therefore queries from a
// cursor minute (on_or_after) and keeps, for every page seen at or after that minute, a fingerprint
// of what it last saw (properties, trash flag, last_edited_time). A page whose fingerprint is the
// one remembered is no news; any other is one change. The cursor moves only to a minute before
// which every version has certainly been seen.
import type { Reason, Verdict } from '../shared/core/types';

/** The two queries a poll makes: pages that are live, and pages in the trash (for trash and restore events). */
export type QueryKind = 'live' | 'trash';

export const PAGE_SIZE = 100;
/** Default and bounds of "Max Pages per Poll": per query, 100 pages of results each. */
export const DEFAULT_MAX_PAGES_PER_POLL = 10;
export const MAX_PAGES_PER_POLL_LIMIT = 100;
/**
 * How far behind the poll's own clock the cursor stays. An edit made just before a poll can show
 * in a query a little later (Notion's index, or a clock between n8n and Notion that is off), and
 * it must still fall at or after the cursor. A minute of margin costs only a few fingerprints.
 */
export const SETTLE_MS = 60_000;
/**
 * Pages remembered beyond those the cursor needs (for "restored" and "changed properties"), the
 * least recently edited forgotten first. The ones at or after a cursor are never forgotten below
 * HARD_MEMORY_LIMIT: forgetting one could emit it twice.
 */
export const MEMORY_LIMIT = 1_000;
export const HARD_MEMORY_LIMIT = 5_000;

export type PageEvent = 'page_added' | 'page_updated' | 'page_trashed' | 'page_restored';
export type AccessEvent = 'access_lost' | 'access_restored' | 'outage_started' | 'outage_ended';

/** One page as a query returned it, reduced to what the rules need. */
export interface SeenPage {
	id: string;
	createdTime: string;
	lastEditedTime: string;
	inTrash: boolean;
	/** Digest of each property's value, by property name. */
	properties: Record<string, string>;
}

/** What the trigger keeps of a page: `t` last_edited_time, `f` fingerprint, `x` in the trash, `p` property digests. */
export interface Remembered {
	t: string;
	f: string;
	x?: 1;
	p: Record<string, string>;
}

export interface QueryCursor {
	/** ISO minute: every version of a page in this query's set edited before it has been seen. */
	from: string;
	/** A capped query stopped here; the next poll continues it with the same filter. */
	resume?: { cursor: string; startedAt: string };
}

export interface Problem {
	verdict: Exclude<Verdict, 'access_ok' | 'retry'>;
	reason: Reason;
	since: string;
}

/** Kept in `getWorkflowStaticData('node').trigger`: plain JSON. */
export interface TriggerState {
	version: 1;
	/** The data source the locator pointed at, once resolved (a database id resolves to its one data source). */
	source: { given: string; dataSourceId: string };
	cursors: Partial<Record<QueryKind, QueryCursor>>;
	pages: Record<string, Remembered>;
	lost?: Problem;
	outage?: { since: string; reason: Reason };
	/**
	 * The minute the baseline started watching from. A page created since then that the trigger has
	 * never seen is added, whenever it is first seen: it may have been created and trashed during an
	 * outage and restored after the cursor moved past its creation. (Older states have none: the cursor.)
	 */
	since?: string;
}

export function readState(stored: unknown, given: string): TriggerState | undefined {
	const state = stored as Partial<TriggerState> | undefined;
	if (!state || state.version !== 1 || typeof state.pages !== 'object' || state.pages === null || typeof state.cursors !== 'object') return undefined;
	// Another data source picked in the node: what was remembered is about something else.
	if (state.source?.given !== given) return undefined;
	return state as TriggerState;
}

export function floorToMinute(ms: number): string {
	return new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
}

/** The minute a query should start from when it has no cursor yet: a minute before the poll. */
export function startingCursor(now: number): string {
	return floorToMinute(now - SETTLE_MS);
}

/**
 * Where a query's cursor goes after this poll. A query that reached its end moves to a minute
 * before its first request (less the margin): every version before that was in its answers. One
 * that stopped at the cap keeps its cursor and remembers where it stopped.
 */
export function advanceCursor(cursor: QueryCursor, run: { startedAt: number; complete: boolean; nextCursor?: string }): QueryCursor {
	if (!run.complete) {
		if (run.nextCursor === undefined) return { from: cursor.from };
		return { from: cursor.from, resume: { cursor: run.nextCursor, startedAt: cursor.resume?.startedAt ?? new Date(run.startedAt).toISOString() } };
	}
	const started = cursor.resume ? Date.parse(cursor.resume.startedAt) : run.startedAt;
	const candidate = floorToMinute(started - SETTLE_MS);
	return { from: candidate > cursor.from ? candidate : cursor.from };
}

export interface PageChange {
	event: PageEvent;
	id: string;
	/** Names of the properties whose value differs from the last seen; null when the page was not remembered. */
	changedProperties: string[] | null;
}

/**
 * The event one observation of a page brings, if any, and updates `pages`. A page never seen that was
 * created at or after `watchingSince` (the minute the trigger started watching) is added.
 */
export function judgePage(pages: Record<string, Remembered>, page: SeenPage, fingerprint: string, watchingSince: string): PageChange | undefined {
	const known = pages[page.id];
	// A stale answer (an index that lags) shows an older version than one already seen: nothing new.
	if (known && page.lastEditedTime < known.t) return undefined;
	if (known && known.f === fingerprint) return undefined;
	pages[page.id] = { t: page.lastEditedTime, f: fingerprint, p: page.properties, ...(page.inTrash ? { x: 1 as const } : {}) };
	const changedProperties = known ? changedNames(known.p, page.properties) : null;
	// Notion refuses edits in the trash: a trashed page that looks different was restored and trashed again.
	if (page.inTrash) return { event: 'page_trashed', id: page.id, changedProperties };
	if (known?.x) return { event: 'page_restored', id: page.id, changedProperties };
	if (!known && page.createdTime >= watchingSince) return { event: 'page_added', id: page.id, changedProperties };
	return { event: 'page_updated', id: page.id, changedProperties };
}

function changedNames(before: Record<string, string>, after: Record<string, string>): string[] {
	const names = new Set([...Object.keys(before), ...Object.keys(after)]);
	return [...names].filter((name) => before[name] !== after[name]).sort();
}

/**
 * Forgets pages, the least recently edited first: freely those edited before every cursor
 * (they can never be returned again without a new edit) beyond MEMORY_LIMIT, and all of them
 * beyond HARD_MEMORY_LIMIT (then a page seen again may be reported twice: the README says so).
 */
export function forget(state: TriggerState): void {
	const entries = Object.entries(state.pages);
	if (entries.length <= MEMORY_LIMIT) return;
	const froms = Object.values(state.cursors).map((cursor) => cursor!.from);
	const oldestCursor = froms.length > 0 ? froms.sort()[0] : '';
	entries.sort(([, a], [, b]) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
	let excess = entries.length - MEMORY_LIMIT;
	let hardExcess = entries.length - HARD_MEMORY_LIMIT;
	for (const [id, page] of entries) {
		if (excess <= 0) break;
		if (page.t >= oldestCursor && hardExcess <= 0) continue;
		delete state.pages[id];
		excess--;
		hardExcess--;
	}
}

/**
 * The Watch's rules for access, for the one thing the trigger reads: a Retry is never lost
 * access; an outage is one event at its start and one at its end; a lost token or data source
 * is one event until it works again (a change between two problem reasons is no event).
 */
export function judgeAccess(state: TriggerState, outcome: { verdict: Verdict; reason: Reason }, at: string): AccessEvent[] {
	const events: AccessEvent[] = [];
	if (outcome.verdict === 'retry') {
		if (!state.outage) {
			state.outage = { since: at, reason: outcome.reason };
			events.push('outage_started');
		}
		return events;
	}
	if (state.outage) {
		delete state.outage;
		events.push('outage_ended');
	}
	if (outcome.verdict === 'access_ok') {
		if (state.lost) {
			delete state.lost;
			events.push('access_restored');
		}
		return events;
	}
	if (!state.lost) events.push('access_lost');
	state.lost = { verdict: outcome.verdict, reason: outcome.reason, since: state.lost?.since ?? at };
	return events;
}

/**
 * A short digest of any JSON value (FNV-1a, 32 bits, twice with different seeds: 16 hex digits).
 * Keys are sorted, so the same value always has the same digest whatever order Notion sends.
 */
export function digest(value: unknown, hexDigits: 8 | 16 = 16): string {
	const text = stableJson(value);
	const a = fnv1a(text, 0x811c9dc5);
	return hexDigits === 8 ? a : a + fnv1a(text, 0x050c5d1f);
}

/** What makes two observations of a page the same: its properties, its trash flag and its timestamp. */
export function fingerprint(page: SeenPage): string {
	return digest([page.lastEditedTime, page.inTrash, page.properties]);
}

function fnv1a(text: string, seed: number): string {
	let hash = seed;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(16).padStart(8, '0');
}

function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
		entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}
