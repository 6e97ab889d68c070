// POST /v1/search (https://developers.notion.com/reference/post-search): the pages and data sources
// (databases before 2025-09-03) shared with the integration, child pages included, trashed ones
// left out, paged by cursor. New shares reach the index only after `modes.searchIndexDelayMs`.
import { notionError, sendJson } from './http';
import type { Ctx } from './http';
import { dataSourceJson, databaseJson, pageJson, propertyFilter } from './rest';
import type { Principal, State } from './state';
import { canonicalId } from './world';
import type { ObjectSeed } from './world';

const DATA_SOURCES_VERSION = '2025-09-03';
const MAX_PAGE_SIZE = 100;

interface SearchBody {
	query?: unknown;
	filter?: { property?: unknown; value?: unknown };
	sort?: { direction?: unknown; timestamp?: unknown };
	start_cursor?: unknown;
	page_size?: unknown;
}

/** Who a share belongs to: one OAuth grant, or an internal integration. */
export function shareKey(principal: { grantId?: string; integration: { id: string } }, objectId: string): string {
	return `${principal.grantId ?? principal.integration.id}|${objectId}`;
}

export function search(state: State, ctx: Ctx, principal: Principal, version: string): void {
	let body: SearchBody;
	try {
		body = ctx.body.length ? (JSON.parse(ctx.body.toString('utf8')) as SearchBody) : {};
	} catch {
		return notionError(ctx, 400, 'invalid_json', 'Error parsing JSON body.');
	}
	const modern = version >= DATA_SOURCES_VERSION;
	const invalid = validate(body, modern);
	if (invalid) return notionError(ctx, 400, 'validation_error', `body failed validation: ${invalid}`);
	if (!principal.integration.readContent) {
		return notionError(ctx, 403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
	}

	const containerKind = modern ? 'data_source' : 'database';
	const wanted = body.filter?.value as string | undefined;
	const query = typeof body.query === 'string' ? body.query.trim().toLowerCase() : '';
	const matches = [...state.world.objects.values()]
		.filter((object) => object.kind === 'page' || object.kind === containerKind)
		.filter((object) => wanted === undefined || object.kind === wanted)
		.filter((object) => !object.inTrash && indexed(state, principal, object))
		.filter((object) => query === '' || object.title.toLowerCase().includes(query))
		// Every emulated object has the same last_edited_time: the id keeps the order stable.
		.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	if (body.sort?.direction !== 'ascending') matches.reverse();

	let start = 0;
	if (body.start_cursor !== undefined) {
		start = matches.findIndex((object) => object.id === canonicalId(String(body.start_cursor)));
		if (start < 0) return notionError(ctx, 400, 'validation_error', 'body failed validation: body.start_cursor should be a valid cursor.');
	}
	const size = (body.page_size as number | undefined) ?? MAX_PAGE_SIZE;
	const page = matches.slice(start, start + size);
	const next = matches[start + size];
	const world = state.world;
	// From 2026-12-01 pages in the results carry only their title unless filter_properties names more.
	const only = propertyFilter(ctx, version, true);
	const json = (object: ObjectSeed) =>
		object.kind === 'page' ? pageJson(world, object, modern, only) : object.kind === 'data_source' ? dataSourceJson(world, object) : databaseJson(world, object, modern);
	const type = modern ? 'page_or_data_source' : 'page_or_database';
	sendJson(ctx, 200, {
		object: 'list',
		results: page.map(json),
		next_cursor: next ? next.id : null,
		has_more: next !== undefined,
		type,
		[type]: {},
		request_id: ctx.requestId,
	});
}

/** Notion's wording for a body it refuses, e.g. "body.page_size should be ≤ `100`, instead was `101`." */
function validate(body: SearchBody, modern: boolean): string | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body should be an object.';
	if (body.query !== undefined && typeof body.query !== 'string') return `body.query should be a string, instead was \`${JSON.stringify(body.query)}\`.`;
	const size = body.page_size;
	if (size !== undefined) {
		if (typeof size !== 'number' || !Number.isInteger(size)) return `body.page_size should be an integer, instead was \`${JSON.stringify(size)}\`.`;
		if (size > MAX_PAGE_SIZE) return `body.page_size should be ≤ \`${MAX_PAGE_SIZE}\`, instead was \`${size}\`.`;
		if (size < 1) return `body.page_size should be ≥ \`1\`, instead was \`${size}\`.`;
	}
	if (body.start_cursor !== undefined && typeof body.start_cursor !== 'string') {
		return `body.start_cursor should be a string, instead was \`${JSON.stringify(body.start_cursor)}\`.`;
	}
	if (body.filter !== undefined) {
		const values = modern ? ['page', 'data_source'] : ['page', 'database'];
		if (body.filter?.property !== 'object') return `body.filter.property should be \`"object"\`, instead was \`${JSON.stringify(body.filter?.property)}\`.`;
		if (!values.includes(body.filter.value as string)) {
			return `body.filter.value should be \`"${values[0]}"\` or \`"${values[1]}"\`, instead was \`${JSON.stringify(body.filter.value)}\`.`;
		}
	}
	if (body.sort !== undefined) {
		if (body.sort?.timestamp !== 'last_edited_time') return `body.sort.timestamp should be \`"last_edited_time"\`, instead was \`${JSON.stringify(body.sort?.timestamp)}\`.`;
		if (body.sort.direction !== 'ascending' && body.sort.direction !== 'descending') {
			return `body.sort.direction should be \`"ascending"\` or \`"descending"\`, instead was \`${JSON.stringify(body.sort.direction)}\`.`;
		}
	}
	return undefined;
}

/**
 * Shared with the principal (itself or through an ancestor) long enough ago for the index to
 * have caught up. Shares from the seed or the grant's creation count as old.
 */
function indexed(state: State, principal: Principal, object: ObjectSeed): boolean {
	const seen = new Set<string>();
	let current: ObjectSeed | undefined = object;
	while (current && !seen.has(current.id)) {
		const id = canonicalId(current.id) ?? current.id;
		if (principal.sharedWith.has(id)) {
			const sharedAt = state.sharedAt.get(shareKey(principal, id)) ?? 0;
			return Date.now() - sharedAt >= state.modes.searchIndexDelayMs;
		}
		seen.add(current.id);
		current = current.parentId ? state.world.get(canonicalId(current.parentId) ?? current.parentId) : undefined;
	}
	return false;
}
