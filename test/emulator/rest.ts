// Notion's REST API, the read endpoints an access check uses: users/me, pages, databases,
// data_sources and blocks, with Notion's checks in Notion's order.
import { DEFAULT_RATE_LIMIT_REASON, RATE_LIMITED_MESSAGE, WORKSPACE_RATE_LIMIT_REASON } from './faults';
import { authorization, header, notionError, sendJson } from './http';
import type { Ctx } from './http';
import { MISSING_VERSION_MESSAGE } from './oauth';
import { defaultRowValues, findProperty, plainText, propertyForPage, richText, schemaOf, STATUS_GROUP_BETA } from './properties';
import type { PropertySchema } from './properties';
import { search } from './search';
import { handleContent } from './content';
import type { Principal, State, World } from './state';
import { canonicalId } from './world';
import { handleWrites } from './writes';
import type { ObjectKind, ObjectSeed } from './world';

/**
 * Every version Notion publishes, oldest first: the list its own refusal of an unknown version
 * enumerates (the message format is quoted in public code, e.g. "Notion-Version header should be
 * `"2021-05-11"`, ..., or `"2022-06-28"`"; 2025-09-03 and 2026-03-11 added since,
 * https://developers.notion.com/reference/versioning).
 */
export const NOTION_VERSIONS = ['2021-05-11', '2021-05-13', '2021-08-16', '2022-02-22', '2022-06-28', '2025-09-03', '2026-03-11', '2026-12-01'];
/** Betas a request may opt into with the Notion-Beta header (https://developers.notion.com/guides/get-started/upgrade-guide-2026-12-01). */
export const NOTION_BETAS = [STATUS_GROUP_BETA];
/** The version that split databases into data sources (https://developers.notion.com/docs/upgrade-guide-2025-09-03). */
const DATA_SOURCES_VERSION = '2025-09-03';

export const CREATED_TIME = '2025-01-15T09:30:00.000Z';
export const EDITED_TIME = '2025-06-02T14:05:00.000Z';

export function handleRest(state: State, ctx: Ctx): void {
	// The credential is checked before the version: an invalid token hears 401 even without a
	// Notion-Version header (third-party measurement quoted in public code, 2026-09).
	const auth = authorization(ctx.req);
	const principal = auth.kind === 'bearer' ? state.principal(auth.token) : undefined;
	if (!principal) return notionError(ctx, 401, 'unauthorized', 'API token is invalid.');
	ctx.entry.integrationId = principal.integration.id;
	ctx.entry.grantId = principal.grantId;

	const limited = rateLimited(state, principal);
	if (limited) {
		// 429 rate_limited with Retry-After in whole seconds (https://developers.notion.com/reference/request-limits).
		return notionError(ctx, 429, 'rate_limited', RATE_LIMITED_MESSAGE, {
			headers: { 'retry-after': String(limited.wait) },
			additionalData: { rate_limit_reason: limited.reason },
		});
	}

	const version = header(ctx, 'notion-version');
	if (version === undefined) return notionError(ctx, 400, 'missing_version', MISSING_VERSION_MESSAGE);
	if (!NOTION_VERSIONS.includes(version)) {
		const listed = NOTION_VERSIONS.slice(0, -1).map((v) => `\`"${v}"\``).join(', ');
		const message = `Notion-Version header failed validation: Notion-Version header should be ${listed}, or \`"${NOTION_VERSIONS[NOTION_VERSIONS.length - 1]}"\`, instead was \`${JSON.stringify(version)}\`.`;
		return notionError(ctx, 400, state.modes.unknownVersion, message);
	}

	// Chosen: an unknown beta is refused with invalid_beta (a code Notion's error list has; its wording is not quoted anywhere we found).
	const unknownBeta = betasOf(ctx).find((beta) => !NOTION_BETAS.includes(beta));
	if (unknownBeta !== undefined) return notionError(ctx, 400, 'invalid_beta', `Notion-Beta header value \`${JSON.stringify(unknownBeta)}\` is not a beta this API offers.`);

	if (ctx.path === '/v1/search') return ctx.method === 'POST' ? search(state, ctx, principal, version) : invalidUrl(ctx);
	if (handleContent(state, ctx, principal, version)) return;
	if (handleWrites(state, ctx, principal, version)) return;
	const route = /^\/v1\/(users\/me|pages|databases|data_sources|blocks)(?:\/([^/]+))?\/?$/.exec(ctx.path);
	if (ctx.method !== 'GET' || !route) return invalidUrl(ctx);
	if (route[1] === 'users/me') return route[2] === undefined ? sendJson(ctx, 200, botUser(state, principal, ctx)) : invalidUrl(ctx);
	if (route[2] === undefined) return invalidUrl(ctx);
	const endpoint = route[1] as 'pages' | 'databases' | 'data_sources' | 'blocks';
	retrieve(state, ctx, principal, endpoint, decodeURIComponent(route[2]), version);
}

/**
 * The per-connection limit (a fixed window when `rateWindow` is set, else the token bucket) and
 * the per-workspace limit. A request refused by either spends nothing of the other.
 */
function rateLimited(state: State, principal: Principal): { wait: number; reason: string } | undefined {
	const { rateWindow, workspaceLimit, rateLimit } = state.modes;
	const connection = rateWindow ? state.window(`connection:${principal.integration.id}`, rateWindow) : undefined;
	const workspace = workspaceLimit ? state.window('workspace', workspaceLimit) : undefined;
	const connectionWait = connection?.wait() ?? 0;
	if (connectionWait > 0) return { wait: connectionWait, reason: rateWindow?.reason ?? DEFAULT_RATE_LIMIT_REASON };
	const workspaceWait = workspace?.wait() ?? 0;
	if (workspaceWait > 0) return { wait: workspaceWait, reason: workspaceLimit?.reason ?? WORKSPACE_RATE_LIMIT_REASON };
	if (!connection) {
		const bucketWait = state.bucket(principal.integration.id)?.take() ?? 0;
		if (bucketWait > 0) return { wait: bucketWait, reason: rateLimit?.reason ?? DEFAULT_RATE_LIMIT_REASON };
	}
	connection?.spend();
	workspace?.spend();
	return undefined;
}

/** The betas a request opted into: `Notion-Beta: a, b`. */
export function betasOf(ctx: Ctx): string[] {
	return (header(ctx, 'notion-beta') ?? '')
		.split(',')
		.map((beta) => beta.trim())
		.filter(Boolean);
}

function invalidUrl(ctx: Ctx): void {
	notionError(ctx, 400, 'invalid_request_url', 'Invalid request URL.');
}

const PATH_PARAM = { pages: 'page_id', databases: 'database_id', data_sources: 'data_source_id', blocks: 'block_id' };
const NOUN = { pages: 'page', databases: 'database', data_sources: 'data_source', blocks: 'block' };

function retrieve(
	state: State,
	ctx: Ctx,
	principal: Principal,
	endpoint: keyof typeof PATH_PARAM,
	rawId: string,
	version: string,
): void {
	const modern = version >= DATA_SOURCES_VERSION;
	// Older versions mount no data source routes at all (third-party measurement, 2026-09).
	if (endpoint === 'data_sources' && !modern) return invalidUrl(ctx);
	const id = canonicalId(rawId);
	if (!id) {
		// Real wording: `path failed validation: path.page_id should be a valid uuid, instead was `"PAGE_ID"`.`
		return notionError(
			ctx,
			400,
			'validation_error',
			`path failed validation: path.${PATH_PARAM[endpoint]} should be a valid uuid, instead was \`${JSON.stringify(rawId)}\`.`,
		);
	}
	// A missing capability is 403 restricted_resource (https://developers.notion.com/reference/capabilities).
	if (!principal.integration.readContent) {
		return notionError(ctx, 403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
	}
	const world = state.world;
	const object = world.get(id);
	// Unshared and missing answer the same 404: Notion discloses an object's kind only to a
	// connection that may read it (https://developers.notion.com/reference/status-codes).
	const notFound = () =>
		notionError(
			ctx,
			404,
			'object_not_found',
			`Could not find ${NOUN[endpoint]} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${principal.integration.name}".`,
			{ additionalData: { integration_id: principal.integration.id } },
		);
	if (!object || !world.isShared(id, principal.sharedWith)) return notFound();

	const kind = object.kind;
	const ok = (body: Record<string, unknown>) => sendJson(ctx, 200, { ...body, request_id: ctx.requestId });
	switch (endpoint) {
		case 'pages':
			if (kind === 'page') return ok(pageJson(world, object, modern, propertyFilter(ctx, version, false)));
			// Wording as measured on the live API and quoted by many clients that fall back on it.
			if (kind === 'database') {
				return notionError(ctx, 400, 'validation_error', `Provided ID ${id} is a database, not a page. Use the retrieve database API instead.`);
			}
			if (kind === 'block') {
				return notionError(ctx, 400, 'validation_error', `Provided ID ${id} is a block, not a page. Use the retrieve block API instead.`);
			}
			return notFound();
		case 'databases':
			if (kind === 'database') return ok(databaseJson(world, object, modern));
			if (kind === 'page') {
				// 2026-03-11 measured with the newer wording; older clients quote the older one.
				const message = modern
					? `Provided database_id ${id} is a page, not a database. Use the pages API instead, or pass the ID of the database itself.`
					: `Provided ID ${id} is a page, not a database. Use the retrieve page API instead.`;
				return notionError(ctx, 400, 'validation_error', message);
			}
			return notFound();
		case 'data_sources':
			return kind === 'data_source' ? ok(dataSourceJson(world, object)) : notFound();
		case 'blocks':
			// Pages and databases are blocks too (child_page / child_database); data sources are not.
			return kind === 'data_source' ? notFound() : ok(blockJson(world, object, modern));
	}
}

// ---- object shapes (https://developers.notion.com/reference/page, /database, /data-source, /block)

function hex(id: string): string {
	return id.replace(/-/g, '');
}

/** `https://www.notion.so/<Title-slug>-<32hex>` for pages; databases are just the id. */
function notionUrl(object: ObjectSeed): string {
	const slug = object.title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
	return object.kind === 'page' && slug ? `https://www.notion.so/${slug}-${hex(object.id)}` : `https://www.notion.so/${hex(object.id)}`;
}

function stamps(world: World, object?: ObjectSeed): Record<string, unknown> {
	const user = { object: 'user', id: world.seed.user.id };
	return {
		created_time: object?.createdTime ? toMinute(object.createdTime) : CREATED_TIME,
		last_edited_time: object?.lastEditedTime ? toMinute(object.lastEditedTime) : EDITED_TIME,
		created_by: user,
		last_edited_by: user,
	};
}

/** Notion's created_time and last_edited_time are rounded down to the minute. */
export function toMinute(iso: string): string {
	const ms = Date.parse(iso);
	return new Date(ms - (ms % 60_000)).toISOString();
}

function parentOf(world: World, object: ObjectSeed, modern: boolean): Record<string, unknown> {
	const parent = object.parentId ? world.get(canonicalId(object.parentId) ?? object.parentId) : undefined;
	if (!parent) return { type: 'workspace', workspace: true };
	const byKind: Record<ObjectKind, () => Record<string, unknown>> = {
		page: () => ({ type: 'page_id', page_id: parent.id }),
		block: () => ({ type: 'block_id', block_id: parent.id }),
		database: () => ({ type: 'database_id', database_id: parent.id }),
		data_source: () => {
			const databaseId = parent.parentId ? canonicalId(parent.parentId) : undefined;
			return modern
				? { type: 'data_source_id', data_source_id: parent.id, database_id: databaseId }
				: { type: 'database_id', database_id: databaseId };
		},
	};
	return byKind[parent.kind]();
}

/** The data source a page is a row of, if it is one. */
export function sourceOf(world: World, page: ObjectSeed): ObjectSeed | undefined {
	const parent = page.parentId ? world.get(canonicalId(page.parentId) ?? page.parentId) : undefined;
	return parent?.kind === 'data_source' ? parent : undefined;
}

/**
 * Which properties a page object lists: all, or those `filter_properties` names (ids or names). From
 * 2026-12-01, lists (search, data source queries) without `filter_properties` carry only the title
 * (https://developers.notion.com/guides/get-started/upgrade-guide-2026-12-01).
 */
export type PropertyFilter = Set<string> | 'title' | undefined;

export function propertyFilter(ctx: Ctx, version: string, isList: boolean): PropertyFilter {
	const named = [...ctx.query.getAll('filter_properties'), ...ctx.query.getAll('filter_properties[]')].flatMap((each) => each.split(','));
	if (named.length) return new Set(named.flatMap((each) => [each, safeDecode(each)]));
	return isList && version >= '2026-12-01' ? 'title' : undefined;
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/** The full stored value of one property of a row (a computed one computed), before a page object truncates it. */
export function rowValue(world: World, page: ObjectSeed, property: PropertySchema, source: ObjectSeed | undefined): unknown {
	const user = { object: 'user', id: world.seed.user.id };
	switch (property.type) {
		case 'title': {
			const stored = (page.properties?.[property.name] as Record<string, unknown> | undefined)?.title;
			return Array.isArray(stored) && plainText(stored) === page.title ? stored : richText(page.title);
		}
		case 'created_time':
			return page.createdTime ? toMinute(page.createdTime) : CREATED_TIME;
		case 'last_edited_time':
			return page.lastEditedTime ? toMinute(page.lastEditedTime) : EDITED_TIME;
		case 'created_by':
		case 'last_edited_by':
			return user;
		case 'unique_id': {
			// Numbered in order of creation within the data source (chosen: Notion numbers them as rows are made).
			const rows = [...world.objects.values()].filter((o) => o.kind === 'page' && source && canonicalId(o.parentId ?? '') === source.id);
			rows.sort((a, b) => (a.createdTime ?? '').localeCompare(b.createdTime ?? '') || a.id.localeCompare(b.id));
			return { prefix: (property.unique_id as { prefix?: string } | undefined)?.prefix ?? null, number: rows.findIndex((row) => row.id === page.id) + 1 };
		}
		case 'formula': {
			// The emulator evaluates one shape of formula, prop("X") * n; any other reads as an empty string (chosen).
			const match = /^prop\("(.+)"\) \* (\d+(?:\.\d+)?)$/.exec(String((property.formula as { expression?: string } | undefined)?.expression ?? ''));
			const operand = match && source ? findProperty(schemaOf(source), match[1]) : undefined;
			const base = operand ? rowValue(world, page, operand, source) : null;
			return typeof base === 'number' ? { type: 'number', number: base * Number(match![2]) } : { type: 'string', string: null };
		}
		case 'rollup': {
			// Count of the related pages: the one rollup function the emulator plays (chosen).
			const config = property.rollup as { relation_property_name?: string; function?: string } | undefined;
			const relation = config?.relation_property_name && source ? findProperty(schemaOf(source), config.relation_property_name) : undefined;
			const related = relation ? (rowValue(world, page, relation, source) as unknown[]) : [];
			return { type: 'number', number: Array.isArray(related) ? related.length : 0, function: config?.function ?? 'count' };
		}
		default: {
			const stored = (page.properties?.[property.name] ?? (source?.schema ? undefined : defaultRowValues()[property.name])) as Record<string, unknown> | undefined;
			return stored && property.type in stored ? withOptionDetails(property, stored[property.type]) : undefined;
		}
	}
}

/** A seeded or control-stored option given by name alone reads with the schema's id and color, as Notion answers it. */
function withOptionDetails(property: PropertySchema, value: unknown): unknown {
	const options = ((property[property.type] as { options?: Array<{ id: string; name: string; color: string }> } | undefined)?.options ?? []);
	const detail = (option: unknown) => {
		const found = option && typeof option === 'object' ? options.find((each) => each.name === (option as { name?: unknown }).name) : undefined;
		return found ? { id: found.id, name: found.name, color: found.color } : option;
	};
	if (property.type === 'select' || property.type === 'status') return value === null ? null : detail(value);
	if (property.type === 'multi_select' && Array.isArray(value)) return value.map(detail);
	return value;
}

export function pageJson(world: World, page: ObjectSeed, modern: boolean, only?: PropertyFilter): Record<string, unknown> {
	const source = sourceOf(world, page);
	let properties: Record<string, unknown>;
	if (source) {
		properties = {};
		for (const property of Object.values(schemaOf(source))) {
			const listed = only === undefined || (only === 'title' ? property.type === 'title' : only.has(property.id) || only.has(safeDecode(property.id)) || only.has(property.name) || property.type === 'title' && only.has('title'));
			if (!listed) continue;
			const value = rowValue(world, page, property, source);
			properties[property.name] = propertyForPage(property, value === undefined ? undefined : { [property.type]: value });
		}
	} else {
		properties = { title: { id: 'title', type: 'title', title: richText(page.title) } };
	}
	return {
		object: 'page',
		id: page.id,
		...stamps(world, page),
		cover: null,
		icon: null,
		parent: parentOf(world, page, modern),
		archived: !!page.inTrash,
		in_trash: !!page.inTrash,
		is_locked: false,
		properties,
		url: notionUrl(page),
		public_url: null,
	};
}

export function databaseJson(world: World, database: ObjectSeed, modern: boolean): Record<string, unknown> {
	const common = {
		object: 'database',
		id: database.id,
		...stamps(world),
		title: richText(database.title),
		description: [],
		icon: null,
		cover: null,
		parent: parentOf(world, database, modern),
		is_inline: true,
		archived: !!database.inTrash,
		in_trash: !!database.inTrash,
		url: notionUrl(database),
		public_url: null,
	};
	// From 2025-09-03 a database is a container of data sources; before, it has its first source's schema.
	const sources = [...world.objects.values()].filter((o) => o.kind === 'data_source' && o.parentId && canonicalId(o.parentId) === database.id);
	if (!modern) return { ...common, properties: schemaOf(sources[0]) };
	return { ...common, is_locked: false, data_sources: sources.map((s) => ({ id: s.id, name: s.title })) };
}

export function dataSourceJson(world: World, source: ObjectSeed): Record<string, unknown> {
	const database = source.parentId ? world.get(canonicalId(source.parentId) ?? source.parentId) : undefined;
	return {
		object: 'data_source',
		id: source.id,
		...stamps(world),
		properties: schemaOf(source),
		parent: { type: 'database_id', database_id: database?.id },
		database_parent: database ? parentOf(world, database, true) : { type: 'workspace', workspace: true },
		archived: !!source.inTrash,
		in_trash: !!source.inTrash,
		is_inline: true,
		title: richText(source.title),
		description: [],
		icon: null,
	};
}

export function blockJson(world: World, object: ObjectSeed, modern: boolean): Record<string, unknown> {
	const typed: Record<string, unknown> =
		object.kind === 'page'
			? { type: 'child_page', child_page: { title: object.title } }
			: object.kind === 'database'
				? { type: 'child_database', child_database: { title: object.title } }
				: { type: object.blockType ?? 'paragraph', [object.blockType ?? 'paragraph']: object.content ?? { rich_text: richText(object.text ?? object.title), color: 'default' } };
	return {
		object: 'block',
		id: object.id,
		parent: parentOf(world, object, modern),
		...stamps(world),
		has_children: [...world.objects.values()].some((o) => o.parentId && canonicalId(o.parentId) === object.id),
		archived: !!object.inTrash,
		in_trash: !!object.inTrash,
		...typed,
	};
}

/** GET /v1/users/me: the bot user (https://developers.notion.com/reference/get-self). */
function botUser(state: State, principal: Principal, ctx: Ctx): Record<string, unknown> {
	const { workspace, user } = state.world.seed;
	const owner =
		principal.integration.kind === 'internal'
			? { type: 'workspace', workspace: true }
			: {
					type: 'user',
					user: { object: 'user', id: user.id, name: user.name, avatar_url: null, type: 'person', person: { email: user.email } },
				};
	return {
		object: 'user',
		id: principal.botId,
		name: principal.integration.name,
		avatar_url: null,
		type: 'bot',
		bot: { owner, workspace_name: workspace.name, workspace_id: workspace.id },
		request_id: ctx.requestId,
	};
}
