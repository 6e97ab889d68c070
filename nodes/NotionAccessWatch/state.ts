// What the watch remembers between polls, and the pure diff of that memory against what one poll
// saw. No n8n imports: the rules that keep alerts from storming are tested here alone.
import { isResourceType } from '../shared/checks';
import { isNotionId } from '../shared/core/reference';
import type { Reason, ResourceType, Verdict } from '../shared/core/types';

/** A verdict that says something about access: Retry says only "ask again later". */
export type Settled = Exclude<Verdict, 'retry'>;

export interface Known {
	verdict: Settled;
	reason: Reason;
	/** ISO time of the poll that first saw this verdict. */
	since: string;
}

export interface ResourceState extends Known {
	/** In the search results of the last poll that looked (discovery only). */
	visible?: boolean;
	/** What Notion said the object is, so later polls ask its own endpoint once. */
	type?: ResourceType;
	/**
	 * Kind unknown, and found at no endpoint (404 at /pages and at /data_sources): the one endpoint
	 * the next poll asks, in turn. Kept only while the verdict is `not_shared_or_missing`, so a
	 * probe at the wrong endpoint can only leave that verdict as it is, never report access lost.
	 */
	probe?: ResourceType;
}

/** Kept in `getWorkflowStaticData('node').watch`: plain JSON, one entry per resource. */
export interface WatchState {
	version: 1;
	token?: Known;
	resources: Record<string, ResourceState>;
	/** Discovery has had one complete pass: objects that appear after it are news. */
	discoveryBaselined?: boolean;
	outage?: { since: string; reason: Reason };
}

export interface Observed {
	verdict: Verdict;
	reason: Reason;
}

export interface Observation {
	/** ISO time of this poll. */
	at: string;
	token: Observed;
	/** Resources asked with a GET this poll (empty when the token check failed). */
	checked: Array<Observed & { id: string; listed: boolean }>;
	/** What search returned, when discovery ran; `complete` when every page was read. */
	search?: { ids: string[]; complete: boolean };
	/** Requests this poll sent, how many of them answered Retry, and the first Retry's reason. */
	requests: number;
	retries: number;
	retryReason?: Reason;
}

export type EventKind =
	| 'access_lost'
	| 'access_restored'
	| 'token_lost'
	| 'token_restored'
	| 'newly_visible'
	| 'no_longer_visible'
	| 'outage_started'
	| 'outage_ended';

export interface WatchEvent {
	event: EventKind;
	/** The resource; absent for token and outage events. */
	id?: string;
	/** What was known before, or null when nothing was. */
	previous: { verdict: Verdict; reason: Reason; since: string } | null;
}

export interface Diff {
	events: WatchEvent[];
	next: WatchState;
}

export const EMPTY_STATE: WatchState = { version: 1, resources: {} };

/**
 * Reads static data written by any version of this node; anything unreadable counts as no state.
 * Ids and kinds become request paths: an entry whose key is not a Notion id is dropped, and a kind
 * that is not one of Notion's four is forgotten (it only costs a request to learn again).
 */
export function readState(stored: unknown): WatchState | undefined {
	const state = stored as Partial<WatchState> | undefined;
	if (!state || state.version !== 1 || typeof state.resources !== 'object' || state.resources === null) return undefined;
	const resources: Record<string, ResourceState> = {};
	for (const [id, resource] of Object.entries(state.resources as Record<string, ResourceState>)) {
		if (!isNotionId(id) || typeof resource !== 'object' || resource === null) continue;
		const { type, probe, ...rest } = resource;
		resources[id] = { ...rest, ...(isResourceType(type) ? { type } : {}), ...(isResourceType(probe) ? { probe } : {}) };
	}
	return { ...(state as WatchState), resources };
}

/**
 * More than half of this poll's requests answered Retry, or the token check did (nothing else
 * was asked then): Notion itself is in trouble, and that is one event for the watch, not one per
 * resource.
 */
export function isOutage(observation: Observation): boolean {
	return observation.token.verdict === 'retry' || observation.retries * 2 > observation.requests;
}

/**
 * Which resources to GET this poll: every listed one, and each one search showed last time but no
 * longer shows. A page missing from search may only be lagging in Notion's index, so it is
 * confirmed before it is reported; a search that stopped early proves nothing missing.
 */
export function idsToCheck(state: WatchState | undefined, listed: string[], search: Observation['search']): string[] {
	const ids = new Set(listed);
	if (state && search?.complete) {
		const found = new Set(search.ids);
		for (const [id, resource] of Object.entries(state.resources)) {
			if (resource.visible && !found.has(id)) ids.add(id);
		}
	}
	return [...ids];
}

/**
 * The events one poll brings, and the state to keep. The rules:
 * - the first poll (no state) is the baseline: it records and reports nothing;
 * - Retry is never lost access: a resource that answered Retry keeps its last known verdict;
 * - an outage is one `outage_started` and, when it ends, one `outage_ended`; nothing else is
 *   judged while it lasts;
 * - a token that stops working is one `token_lost`; resources are not judged without a token;
 * - at most one event per resource per poll.
 *
 * `next` differs from `previous` only where an event says so, or where losing the difference is
 * harmless (a resource first seen accessible, discovery's first pass, forgotten resources). That
 * matters because n8n saves static data only when a poll emits: after a restart the last emitted
 * state comes back, and every change not yet reported is found again.
 */
export function diff(previous: WatchState | undefined, observation: Observation): Diff {
	const { at } = observation;
	if (!previous) return { events: [], next: baseline(observation) };

	if (isOutage(observation)) {
		if (previous.outage) return { events: [], next: previous };
		const reason = observation.retryReason ?? observation.token.reason;
		return { events: [{ event: 'outage_started', previous: previous.token ?? null }], next: { ...previous, outage: { since: at, reason } } };
	}

	const events: WatchEvent[] = [];
	const next: WatchState = { ...previous, resources: { ...previous.resources } };
	if (previous.outage) {
		events.push({ event: 'outage_ended', previous: { verdict: 'retry', ...previous.outage } });
		delete next.outage;
	}

	const token = observation.token as Observed & { verdict: Settled };
	const known = previous.token;
	if (token.verdict !== 'access_ok') {
		if (!known || known.verdict === 'access_ok') {
			events.push({ event: 'token_lost', previous: known ?? null });
			next.token = { verdict: token.verdict, reason: token.reason, since: at };
		}
		return { events, next };
	}
	if (!known || known.verdict !== 'access_ok') {
		if (known) events.push({ event: 'token_restored', previous: known });
		next.token = { verdict: 'access_ok', reason: token.reason, since: at };
	}

	const reported = new Set<string>();
	const report = (event: EventKind, id: string, before: ResourceState | undefined, now: ResourceState) => {
		next.resources[id] = now;
		if (reported.has(id)) return;
		reported.add(id);
		events.push({ event, id, previous: before ? { verdict: before.verdict, reason: before.reason, since: before.since } : null });
	};

	const listed = new Set<string>();
	for (const check of observation.checked) {
		if (check.listed) listed.add(check.id);
		if (check.verdict === 'retry' || reported.has(check.id)) continue;
		const before = previous.resources[check.id];
		const now: ResourceState = { verdict: check.verdict, reason: check.reason, since: at, visible: before?.visible };
		const ok = check.verdict === 'access_ok';
		if (!check.listed) {
			// Gone from search: confirmed only when the GET agrees.
			if (!ok) report('no_longer_visible', check.id, before, { ...now, visible: false });
		} else if (!before) {
			if (ok) next.resources[check.id] = now;
			else report('access_lost', check.id, undefined, now);
		} else if ((before.verdict === 'access_ok') !== ok) {
			report(ok ? 'access_restored' : 'access_lost', check.id, before, now);
		}
	}

	const search = observation.search;
	if (search) {
		for (const id of new Set(search.ids)) {
			const before = next.resources[id];
			if (before?.visible) continue;
			const now: ResourceState = before && listed.has(id) ? { ...before, visible: true } : { verdict: 'access_ok', reason: 'accessible', since: at, visible: true };
			if (previous.discoveryBaselined && !listed.has(id)) report('newly_visible', id, before, now);
			else next.resources[id] = now;
		}
		if (search.complete) next.discoveryBaselined = true;
	}

	// Forget what is neither listed nor visible any more, once its last event is out.
	for (const [id, resource] of Object.entries(next.resources)) {
		if (!listed.has(id) && !resource.visible && !reported.has(id)) delete next.resources[id];
	}
	return { events, next };
}

function baseline(observation: Observation): WatchState {
	const { at, token } = observation;
	const state: WatchState = { version: 1, resources: {} };
	if (isOutage(observation)) return { ...state, outage: { since: at, reason: observation.retryReason ?? token.reason } };
	state.token = { verdict: token.verdict as Settled, reason: token.reason, since: at };
	for (const check of observation.checked) {
		if (check.verdict !== 'retry') state.resources[check.id] = { verdict: check.verdict, reason: check.reason, since: at };
	}
	if (observation.search) {
		for (const id of observation.search.ids) {
			state.resources[id] = { ...(state.resources[id] ?? { verdict: 'access_ok', reason: 'accessible', since: at }), visible: true };
		}
		if (observation.search.complete) state.discoveryBaselined = true;
	}
	return state;
}
