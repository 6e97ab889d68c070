/**
 * The pure part of "upsert into a data source": find the page whose key property equals the item's
 * value; update it, or create a page when there is none.
 *
 *   UPSERT_KEY_TYPES                    property types that can be a key (filterable by equals and writable)
 *   upsertKey(name, type, value)        Built<{key, filter}>: the grouping key and the query filter
 *                                       ({property, [type]: {equals}}) that finds matching pages
 *   UPSERT_QUERY_PAGE_SIZE              how many matches one lookup asks for (enough to name duplicates)
 *   planUpsert(keys)                    per item: look up (first item with its key), follow an earlier
 *                                       item with the same key, or skip (its key was a problem)
 *   decideUpsert(name, value, matches, hasMore)
 *                                       0 matches → create; 1 → update it; several → refuse, naming
 *                                       the pages, and nothing is written
 *   followerDecision(leader)            what an item that follows an earlier item with the same key
 *                                       does: update the page the leader created or updated, or
 *                                       refuse when the leader wrote nothing
 *
 * Why followers: Notion's query may not yet list a page created a moment ago, so two items with the
 * same key in one execution must not both look up. The first looks up and creates or updates; the
 * later ones update the page it wrote. One key, one page.
 */
import { built, problem, shown, type Built } from './limits';
import { isBlank, parseNumber } from './scalars';
import { typeLabel } from './schema';

export const UPSERT_KEY_TYPES: readonly string[] = ['title', 'rich_text', 'email', 'url', 'phone_number', 'number', 'select'];

export const UPSERT_QUERY_PAGE_SIZE = 10;

export interface UpsertKey {
	/** Items with equal keys are the same record. Emails compare without case. */
	key: string;
	/** For POST /v1/data_sources/{id}/query: `{filter, page_size}`. */
	query: { filter: Record<string, unknown>; page_size: number };
}

export type UpsertStep =
	{ index: number; role: 'lookup' } | { index: number; role: 'follow'; leader: number } | { index: number; role: 'skip' };

export type UpsertDecision = { action: 'create' } | { action: 'update'; pageId: string } | { action: 'refuse'; problem: string };

export function upsertKey(name: string, type: string, value: unknown): Built<UpsertKey> {
	if (!UPSERT_KEY_TYPES.includes(type)) {
		return problem(
			`The key property "${name}" is a ${typeLabel(type)} property; an upsert key must be one of: ${UPSERT_KEY_TYPES.join(', ')}.`,
		);
	}
	if (isBlank(value))
		return problem(`The key property "${name}" has no value for this item; the upsert needs one to find the page.`);
	let equals: string | number;
	if (type === 'number') {
		const number = parseNumber(value);
		if (!number.ok) return problem(`The key property "${name}" needs a number, but ${number.problem}.`);
		equals = number.value;
	} else {
		if (typeof value !== 'string' && typeof value !== 'number')
			return problem(`The key property "${name}" needs text, but got ${shown(value)}.`);
		equals = String(value).trim();
	}
	const key = type === 'email' ? String(equals).toLowerCase() : String(equals);
	return built({ key, query: { filter: { property: name, [type]: { equals } }, page_size: UPSERT_QUERY_PAGE_SIZE } });
}

/** `keys[i]` is item i's key, or undefined when building it was a problem (that item is skipped). */
export function planUpsert(keys: ReadonlyArray<string | undefined>): UpsertStep[] {
	const leaders = new Map<string, number>();
	return keys.map((key, index) => {
		if (key === undefined) return { index, role: 'skip' };
		const leader = leaders.get(key);
		if (leader !== undefined) return { index, role: 'follow', leader };
		leaders.set(key, index);
		return { index, role: 'lookup' };
	});
}

/** `matches` are the query's results; `hasMore` its has_more. */
export function decideUpsert(name: string, value: unknown, matches: readonly unknown[], hasMore = false): UpsertDecision {
	const ids = matches.map((page) => (isObject(page) && typeof page.id === 'string' ? page.id : '(no id)'));
	if (ids.length === 0 && !hasMore) return { action: 'create' };
	if (ids.length === 1 && !hasMore) return { action: 'update', pageId: ids[0] };
	return {
		action: 'refuse',
		problem:
			`${hasMore ? `More than ${ids.length}` : ids.length} pages have "${name}" equal to ${shown(value)}: ` +
			`${ids.join(', ')}${hasMore ? ' and more' : ''}. Nothing was written: make the key unique, then run the item again.`,
	};
}

/** `leader` is the outcome of the first item with the same key. */
export function followerDecision(leader: { index: number; pageId?: string }): UpsertDecision {
	return leader.pageId
		? { action: 'update', pageId: leader.pageId }
		: {
				action: 'refuse',
				problem: `Item ${leader.index + 1} has the same key and wrote no page, so this item was not written either (that avoids a duplicate page).`,
			};
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
