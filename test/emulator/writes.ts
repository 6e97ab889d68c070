// Notion's write and list endpoints that the Notion Request node's presets use: create and update
// pages, query a data source, list and append block children. Shapes and errors from
// https://developers.notion.com/reference/post-page, /patch-page, /query-a-data-source,
// /get-block-children, /patch-block-children and /status-codes. Search belongs to search.ts.
import { createHash, randomUUID } from 'node:crypto';

import { notionError, sendJson } from './http';
import type { Ctx } from './http';
import { markdownToBlocks } from './content';
import { compileFilter, compileSorts, isObject, Refusal, richTextElement, schemaOf, checkRichText, validateProperties, validation, plainText } from './properties';
import type { RowView } from './properties';
import { betasOf, blockJson, CREATED_TIME, EDITED_TIME, pageJson, propertyFilter, rowValue, sourceOf, toMinute } from './rest';
import type { Principal, State, World } from './state';
import type { LogEntry } from './types';
import { canonicalId, defaultSeed, stableId, WORLD } from './world';
import type { ObjectSeed, WorldSeed } from './world';

/** One write as the tests count it: every POST, PATCH or DELETE that reached the REST API. */
export interface WriteEntry {
	seq: number;
	method: string;
	path: string;
	status: number;
	/** Answered 429: Notion did not process it, so sending it again is no duplicate. */
	rateLimited: boolean;
	/** sha1 of the request body: the same write sent twice has the same method, path and digest. */
	bodyDigest: string;
}

export function bodyDigest(body: Buffer): string {
	return createHash('sha1').update(body).digest('hex');
}

export function writesOf(log: LogEntry[]): WriteEntry[] {
	return log
		.filter((entry) => entry.method !== 'GET' && entry.path.startsWith('/v1/') && !entry.path.startsWith('/v1/oauth/'))
		.map(({ seq, method, path, status, bodyDigest: digest }) => ({ seq, method, path, status, rateLimited: status === 429, bodyDigest: digest ?? '' }));
}

/** "Can't edit block that is archived" is Notion's wording for any edit of something in the trash. */

/** "Can't edit block that is archived" is Notion's wording for any edit of something in the trash. */
export const ARCHIVED_MESSAGE = "Can't edit block that is archived. You must unarchive the block before editing.";
const MAX_PAGE_SIZE = 100;
const MAX_CHILDREN = 100;
/** The version that replaced append's `after` with `position` (https://developers.notion.com/docs/upgrade-guide-2026-03-11). */
const POSITION_VERSION = '2026-03-11';

export type Json = Record<string, unknown>;

/**
 * Answers the routes of this file and returns true, or returns false for any other route (the
 * read endpoints in rest.ts take it). Called after the token, rate limit and version checks.
 */
export function handleWrites(state: State, ctx: Ctx, principal: Principal, version: string): boolean {
	const route = `${ctx.method} ${ctx.path.replace(/^\/v1\/(pages|blocks|data_sources)\/[^/]+/, '/v1/$1/:id').replace(/\/$/, '')}`;
	const rawId = /^\/v1\/\w+\/([^/]+)/.exec(ctx.path)?.[1];
	const modern = version >= '2025-09-03';
	switch (route) {
		case 'POST /v1/pages':
			return answer(ctx, () => createPage(state.world, ctx, principal, version));
		case 'PATCH /v1/pages/:id':
			return answer(ctx, () => withObject(state.world, ctx, principal, 'page', rawId!, (page) => updatePage(state.world, ctx, page, version)));
		case 'POST /v1/data_sources/:id/query':
			if (!modern) return false; // older versions have no data source routes: invalid_request_url
			return answer(ctx, () => withObject(state.world, ctx, principal, 'data_source', rawId!, (source) => queryDataSource(state.world, ctx, principal, source, version)));
		case 'GET /v1/blocks/:id/children':
			return answer(ctx, () => withObject(state.world, ctx, principal, 'block', rawId!, (block) => listChildren(state.world, ctx, block, modern)));
		case 'PATCH /v1/blocks/:id/children':
			return answer(ctx, () => withObject(state.world, ctx, principal, 'block', rawId!, (block) => appendChildren(state.world, ctx, block, version)));
		default:
			return false;
	}
}

export function answer(ctx: Ctx, handler: () => Json): true {
	try {
		sendJson(ctx, 200, { ...handler(), request_id: ctx.requestId });
	} catch (error) {
		if (!(error instanceof Refusal)) throw error;
		notionError(ctx, error.status, error.code, error.message, error.additionalData ? { additionalData: error.additionalData } : {});
	}
	return true;
}

export function readJson(ctx: Ctx): Json {
	if (ctx.body.length === 0) return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(ctx.body.toString('utf8'));
	} catch {
		throw new Refusal(400, 'invalid_json', 'Error parsing JSON body.');
	}
	if (!isObject(parsed)) throw validation(`body failed validation: body should be an object, instead was \`${JSON.stringify(parsed)}\`.`);
	return parsed;
}

const PATH_PARAM = { page: 'page_id', block: 'block_id', data_source: 'data_source_id' } as const;

/** The object a path names, after Notion's checks: a uuid, the read capability, shared with the caller. */
export function withObject(
	world: World,
	ctx: Ctx,
	principal: Principal,
	noun: keyof typeof PATH_PARAM,
	rawId: string,
	then: (object: ObjectSeed) => Json,
): Json {
	const decoded = decodeURIComponent(rawId);
	const id = canonicalId(decoded);
	if (!id) {
		throw validation(`path failed validation: path.${PATH_PARAM[noun]} should be a valid uuid, instead was \`${JSON.stringify(decoded)}\`.`);
	}
	const object = reachable(world, principal, id, noun);
	const fits = noun === 'block' ? object.kind !== 'data_source' : object.kind === noun;
	if (!fits) {
		if (noun === 'page' && (object.kind === 'database' || object.kind === 'block')) {
			throw validation(`Provided ID ${id} is a ${object.kind}, not a page. Use the retrieve ${object.kind} API instead.`);
		}
		throw notFound(principal, noun, id);
	}
	return then(object);
}

function reachable(world: World, principal: Principal, id: string, noun: string): ObjectSeed {
	if (!principal.integration.readContent) throw new Refusal(403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
	const object = world.get(id);
	if (!object || !world.isShared(id, principal.sharedWith)) throw notFound(principal, noun, id);
	return object;
}

export function notFound(principal: Principal, noun: string, id: string): Refusal {
	return new Refusal(
		404,
		'object_not_found',
		`Could not find ${noun} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${principal.integration.name}".`,
		{ integration_id: principal.integration.id },
	);
}

// ---- pages

/**
 * POST /v1/pages: under a page or in a data source, with `properties`, and content as `children`
 * (blocks) or `markdown` (https://developers.notion.com/guides/data-apis/working-with-markdown-content:
 * mutually exclusive with children; without a title, the first `# h1` becomes it).
 */
function createPage(world: World, ctx: Ctx, principal: Principal, version: string): Json {
	const body = readJson(ctx);
	const parent = body.parent;
	if (!isObject(parent)) throw validation(`body failed validation: body.parent should be defined, instead was \`${JSON.stringify(parent)}\`.`);
	const key = ['page_id', 'data_source_id', 'database_id'].find((name) => typeof parent[name] === 'string');
	if (!key) throw validation('body failed validation: body.parent.page_id should be defined, instead was `undefined`.');
	const parentId = canonicalId(String(parent[key]));
	if (!parentId) throw validation(`body failed validation: body.parent.${key} should be a valid uuid, instead was \`${JSON.stringify(parent[key])}\`.`);
	const noun = key === 'page_id' ? 'page' : key === 'database_id' ? 'database' : 'data_source';
	let container = reachable(world, principal, parentId, noun);
	// Before 2025-09-03 a database parent means its (only) data source.
	if (noun === 'database' && container.kind === 'database') container = dataSourcesOf(world, container.id)[0] ?? container;
	if (container.kind !== (noun === 'database' ? 'data_source' : noun)) throw notFound(principal, noun, parentId);
	if (container.inTrash) throw validation(ARCHIVED_MESSAGE);
	const content = ['children', 'content', 'markdown'].filter((name) => body[name] !== undefined);
	if (content.length > 1) {
		// The guide says markdown "is mutually exclusive with children and content"; the wording is chosen.
		throw validation(`body failed validation: body.${content[1]} should be not present when body.${content[0]} is given.`);
	}
	const markdown = body.markdown;
	if (markdown !== undefined && typeof markdown !== 'string') throw validation(`body failed validation: body.markdown should be a string, instead was \`${JSON.stringify(markdown)}\`.`);
	checkMarkdownVersion(body.markdown_version, version, markdown !== undefined, 'body');
	const schema = container.kind === 'data_source' ? schemaOf(container) : PAGE_SCHEMA;
	const properties = validateProperties(body.properties ?? {}, schema);
	const blocks = markdown !== undefined ? markdownToBlocks(markdown) : validateChildren(body.children ?? body.content ?? [], 'body.children', 0);
	let title = titleOf(properties);
	if (title === undefined && markdown !== undefined && blocks[0]?.type === 'heading_1') {
		title = plainText((blocks.shift()!.heading_1 as Json).rich_text);
	}
	const now = new Date().toISOString();
	const page: ObjectSeed = { id: randomUUID(), kind: 'page', title: title ?? '', parentId: container.id, properties, createdTime: now, lastEditedTime: now };
	world.objects.set(page.id, page);
	insertBlocks(world, page.id, blocks, undefined);
	return pageJson(world, page, version >= '2025-09-03');
}

/** A page that is no row has one property, its title. */
const PAGE_SCHEMA = { title: { id: 'title', name: 'title', type: 'title', title: {} } };

function updatePage(world: World, ctx: Ctx, page: ObjectSeed, version: string): Json {
	const body = readJson(ctx);
	const trash = body.in_trash ?? body.archived;
	if (trash !== undefined && typeof trash !== 'boolean') {
		throw validation(`body failed validation: body.in_trash should be a boolean, instead was \`${JSON.stringify(trash)}\`.`);
	}
	// Restoring is the one edit a page in the trash takes (with or without other changes).
	if (page.inTrash && trash !== false) throw validation(ARCHIVED_MESSAGE);
	const source = sourceOf(world, page);
	const properties = body.properties === undefined ? {} : validateProperties(body.properties, source ? schemaOf(source) : PAGE_SCHEMA);
	if (trash !== undefined) page.inTrash = trash;
	const title = titleOf(properties);
	if (title !== undefined) page.title = title;
	page.properties = { ...page.properties, ...properties };
	page.lastEditedTime = new Date().toISOString();
	return pageJson(world, page, version >= '2025-09-03', propertyFilter(ctx, version, false));
}

function titleOf(properties: Json): string | undefined {
	const title = Object.values(properties).find((value) => isObject(value) && value.type === 'title') as Json | undefined;
	return title ? plainText(title.title) : undefined;
}

/**
 * `markdown_version`: "v1" (enhanced markdown, the default before 2026-12-01) or "v2"
 * (Notion-flavored Markdown, the default from 2026-12-01, where "v1" is an error); only beside
 * markdown (https://developers.notion.com/guides/data-apis/migrate-to-notion-flavored-markdown).
 * The emulator reads and writes the subset both share, so the version changes nothing else.
 */
export function checkMarkdownVersion(value: unknown, version: string, withMarkdown: boolean, where: 'body' | 'query'): void {
	if (value === undefined || value === null) return;
	if (!withMarkdown) throw validation(`${where} failed validation: ${where}.markdown_version should be not present, instead was \`${JSON.stringify(value)}\`.`);
	if (value !== 'v1' && value !== 'v2') throw validation(`${where} failed validation: ${where}.markdown_version should be \`"v1"\` or \`"v2"\`, instead was \`${JSON.stringify(value)}\`.`);
	// Chosen wording: the guide says "v1" returns an error from 2026-12-01.
	if (value === 'v1' && version >= '2026-12-01') throw validation(`${where} failed validation: ${where}.markdown_version \`"v1"\` is no longer supported from Notion-Version 2026-12-01; use \`"v2"\`.`);
}

// ---- data source query

function queryDataSource(world: World, ctx: Ctx, principal: Principal, source: ObjectSeed, version: string): Json {
	const body = readJson(ctx);
	if (source.inTrash) throw notFound(principal, 'data_source', source.id);
	const schema = schemaOf(source);
	const view = (page: ObjectSeed): RowView => ({
		value: (property) => rowValue(world, page, property, source) ?? null,
		createdTime: page.createdTime ?? CREATED_TIME,
		lastEditedTime: page.lastEditedTime ?? EDITED_TIME,
		createdBy: world.seed.user.id,
		lastEditedBy: world.seed.user.id,
	});
	const matches =
		body.filter === undefined || body.filter === null
			? () => true
			: compileFilter(body.filter, { schema, version, betas: betasOf(ctx), me: principal.botId, now: new Date() });
	const sorts = compileSorts(body.sorts, schema);
	// `in_trash: true` asks for the pages in the trash (an assumption: Notion documents the flag, not
	// whether live pages come too; the Notion Trigger reads each page's own in_trash either way).
	const inTrash = body.in_trash === true || body.archived === true;
	const rows = [...world.objects.values()]
		.filter((object) => object.kind === 'page' && !!object.inTrash === inTrash && canonicalId(object.parentId ?? '') === source.id)
		.map((page) => ({ page, view: view(page) }))
		.filter(({ view: row }) => matches(row));
	// Timestamps compare to the minute, as Notion rounds them; ties by id keep pages stable.
	const minute = (row: RowView): RowView => ({ ...row, createdTime: toMinute(row.createdTime), lastEditedTime: toMinute(row.lastEditedTime) });
	rows.sort((a, b) => {
		for (const compare of sorts) {
			const order = compare(minute(a.view), minute(b.view));
			if (order !== 0) return order;
		}
		return a.page.id < b.page.id ? -1 : a.page.id > b.page.id ? 1 : 0;
	});
	const only = propertyFilter(ctx, version, true);
	const pages = rows.map(({ page }) => page);
	return { ...listPage(pages, body.start_cursor, body.page_size, 'body', (row) => pageJson(world, row, true, only)), type: 'page_or_data_source', page_or_data_source: {} };
}

/**
 * One page of a list: `page_size` (default and most 100) results from `start_cursor` on. The
 * cursor is the id of the first result of the next page, as Notion's are.
 */
export function listPage<T extends ObjectSeed>(all: T[], cursor: unknown, size: unknown, where: 'body' | 'query', toJson: (object: T) => Json): Json {
	const pageSize = size === undefined ? MAX_PAGE_SIZE : Number(size);
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
		throw validation(`${where} failed validation: ${where}.page_size should be a number between 1 and ${MAX_PAGE_SIZE}, instead was \`${JSON.stringify(size)}\`.`);
	}
	let start = 0;
	if (cursor !== undefined && cursor !== null) {
		const id = typeof cursor === 'string' ? canonicalId(cursor) : undefined;
		start = id === undefined ? -1 : all.findIndex((object) => object.id === id);
		if (start < 0) throw validation(`${where} failed validation: ${where}.start_cursor should be a valid cursor, instead was \`${JSON.stringify(cursor)}\`.`);
	}
	const slice = all.slice(start, start + pageSize);
	const next = all[start + pageSize];
	return { object: 'list', results: slice.map(toJson), next_cursor: next?.id ?? null, has_more: next !== undefined };
}

// ---- block children

export function childrenOf(world: World, id: string): ObjectSeed[] {
	return [...world.objects.values()].filter((object) => object.kind !== 'data_source' && canonicalId(object.parentId ?? '') === id);
}

function dataSourcesOf(world: World, databaseId: string): ObjectSeed[] {
	return [...world.objects.values()].filter((object) => object.kind === 'data_source' && canonicalId(object.parentId ?? '') === databaseId);
}

function listChildren(world: World, ctx: Ctx, block: ObjectSeed, modern: boolean): Json {
	const cursor = ctx.query.get('start_cursor') ?? undefined;
	const size = ctx.query.get('page_size') ?? undefined;
	const children = childrenOf(world, block.id).filter((child) => !child.inTrash);
	return { ...listPage(children, cursor, size, 'query', (child) => blockJson(world, child, modern)), type: 'block', block: {} };
}

/**
 * PATCH /v1/blocks/{id}/children: at most 100 children, nested at most two levels. Where they go:
 * `position: {type: 'after_block', after_block: {id}} | {type: 'start'} | {type: 'end'}` (the
 * default), or before 2026-03-11 also `after: <block id>`, which 2026-03-11 refuses
 * (https://developers.notion.com/docs/upgrade-guide-2026-03-11). The answer lists the new top-level blocks.
 */
function appendChildren(world: World, ctx: Ctx, parent: ObjectSeed, version: string): Json {
	const body = readJson(ctx);
	if (parent.kind === 'database') throw validation(`Block type child_database does not support children.`);
	if (parent.inTrash) throw validation(ARCHIVED_MESSAGE);
	for (const key of Object.keys(body)) {
		// `position` is an addition (Notion versions only breaking changes), so every version takes it; `after` ends at 2026-03-11.
		const known = version >= POSITION_VERSION ? ['children', 'position'] : ['children', 'position', 'after'];
		// Notion's words for a stray field (https://github.com/eval-sys/mcpmark/issues/269).
		if (!known.includes(key)) throw validation(`body failed validation: body.${key} should be not present, instead was \`${JSON.stringify(body[key])}\`.`);
	}
	if (body.children === undefined) throw validation('body failed validation: body.children should be defined, instead was `undefined`.');
	const blocks = validateChildren(body.children, 'body.children', 0);
	const anchor = placement(world, parent, body);
	const added = insertBlocks(world, parent.id, blocks, anchor);
	return { object: 'list', results: added.map((block) => blockJson(world, block, version >= '2025-09-03')), next_cursor: null, has_more: false, type: 'block', block: {} };
}

/** Where new children go: after the block with this id, 'start', or undefined (the end). */
type Anchor = string | 'start' | undefined;

function placement(world: World, parent: ObjectSeed, body: Json): Anchor {
	const children = childrenOf(world, parent.id);
	const childAfter = (raw: unknown, at: string) => {
		const id = typeof raw === 'string' ? canonicalId(raw) : undefined;
		if (!id) throw validation(`body failed validation: ${at} should be a valid uuid, instead was \`${JSON.stringify(raw)}\`.`);
		// Chosen wording: Notion's answer to an anchor that is not a child is not quoted anywhere we found.
		if (!children.some((child) => child.id === id)) throw validation(`Block ${id} is not a child of ${parent.id}.`);
		return id;
	};
	if (body.after !== undefined && body.position !== undefined) throw validation('body failed validation: body.after should be not present when body.position is given.');
	if (body.after !== undefined) return childAfter(body.after, 'body.after');
	const position = body.position;
	if (position === undefined) return undefined;
	if (!isObject(position)) throw validation(`body failed validation: body.position should be an object, instead was \`${JSON.stringify(position)}\`.`);
	if (position.type === 'start') return 'start';
	if (position.type === 'end') return undefined;
	if (position.type === 'after_block' && isObject(position.after_block)) return childAfter(position.after_block.id, 'body.position.after_block.id');
	throw validation(`body failed validation: body.position.type should be \`"after_block"\`, \`"start"\` or \`"end"\`, instead was \`${JSON.stringify(position.type)}\`.`);
}

/** Block types the emulator stores, with what each needs. Text blocks need `rich_text`; the others their own fields. */
const TEXT_BLOCKS = ['paragraph', 'heading_1', 'heading_2', 'heading_3', 'bulleted_list_item', 'numbered_list_item', 'to_do', 'quote', 'callout', 'toggle', 'code'];
const MEDIA_BLOCKS = ['image', 'video', 'file', 'pdf', 'bookmark', 'embed'];
const OTHER_BLOCKS = ['divider', 'table_of_contents', 'breadcrumb', 'equation'];
const BLOCK_TYPES = [...TEXT_BLOCKS, ...MEDIA_BLOCKS, ...OTHER_BLOCKS];

/** A request block checked and turned into its stored form `{type, [type]: content, children?}`. */
export function validateChildren(children: unknown, at: string, depth: number): Json[] {
	if (!Array.isArray(children)) throw validation(`body failed validation: ${at} should be an array, instead was \`${JSON.stringify(children)}\`.`);
	// Notion's words (https://github.com/Suntory-N-Water/kindle-highlight-syncer/issues/2).
	if (children.length > MAX_CHILDREN) throw validation(`body failed validation: ${at}.length should be ≤ \`${MAX_CHILDREN}\`, instead was \`${children.length}\`.`);
	return children.map((child, i) => {
		const where = `${at}[${i}]`;
		const type = isObject(child) ? (child.type ?? Object.keys(child).find((key) => BLOCK_TYPES.includes(key))) : undefined;
		if (!isObject(child) || typeof type !== 'string' || !BLOCK_TYPES.includes(type)) {
			throw validation(`body failed validation: ${where} should be a block object with a supported type, instead was \`${JSON.stringify(child)}\`.`);
		}
		const given = child[type];
		if (!isObject(given)) throw validation(`body failed validation: ${where}.${type} should be defined, instead was \`undefined\`.`);
		const content: Json = { ...given };
		delete content.children;
		if (TEXT_BLOCKS.includes(type)) {
			if (given.rich_text === undefined) throw validation(`body failed validation: ${where}.${type}.rich_text should be defined, instead was \`undefined\`.`);
			content.rich_text = checkRichText(given.rich_text, `${where}.${type}.rich_text`);
			content.color = typeof given.color === 'string' ? given.color : 'default';
			if (type === 'to_do') content.checked = given.checked === true;
			if (type === 'code') content.language = typeof given.language === 'string' ? given.language : 'plain text';
			if (type === 'code') content.caption = [];
		}
		if (MEDIA_BLOCKS.includes(type)) {
			const url = type === 'bookmark' || type === 'embed' ? given.url : isObject(given.external) ? given.external.url : undefined;
			if (typeof url !== 'string') {
				const field = type === 'bookmark' || type === 'embed' ? 'url' : 'external.url';
				throw validation(`body failed validation: ${where}.${type}.${field} should be defined, instead was \`undefined\`.`);
			}
			content.caption = Array.isArray(given.caption) ? checkRichText(given.caption, `${where}.${type}.caption`) : [];
			if (type !== 'bookmark' && type !== 'embed') content.type = 'external';
		}
		const nested = isObject(given) ? (given.children ?? child.children) : undefined;
		const block: Json = { type, [type]: content };
		if (nested !== undefined) {
			// Two levels of nesting in one request; the third level's children "should be not present"
			// (https://github.com/tryfabric/martian/issues/15).
			if (depth >= 2) {
				throw validation(`body failed validation: ${where}.${type}.children should be not present, instead was \`${JSON.stringify(nested).slice(0, 60)}\`.`);
			}
			block.children = validateChildren(nested, `${where}.${type}.children`, depth + 1);
		}
		return block;
	});
}

/** Stores blocks (and their children) under `parentId`, placed by `anchor`; answers the top-level ones. */
export function insertBlocks(world: World, parentId: string, blocks: Json[], anchor: Anchor): ObjectSeed[] {
	const made: ObjectSeed[] = [];
	const store = (block: Json, parent: string, top: boolean): void => {
		const type = block.type as string;
		const content = block[type] as Json;
		const text = Array.isArray(content.rich_text) ? plainText(content.rich_text) : '';
		const object: ObjectSeed = { id: randomUUID(), kind: 'block', title: '', text, parentId: parent, blockType: type, content };
		if (top) made.push(object);
		else world.objects.set(object.id, object);
		for (const child of (block.children as Json[] | undefined) ?? []) store(child, object.id, false);
	};
	const nested: ObjectSeed[] = [];
	for (const block of blocks) {
		const before = new Set(world.objects.keys());
		store(block, parentId, true);
		for (const key of world.objects.keys()) if (!before.has(key)) nested.push(world.objects.get(key)!);
	}
	for (const object of nested) world.objects.delete(object.id);
	// Map order is children order: rebuild it with the new blocks at their place.
	const entries = [...world.objects.entries()];
	const siblings = entries.filter(([, object]) => canonicalId(object.parentId ?? '') === parentId);
	let index = entries.length;
	if (anchor === 'start' && siblings.length) index = entries.findIndex(([key]) => key === siblings[0][0]);
	else if (anchor && anchor !== 'start') index = entries.findIndex(([key]) => key === anchor) + 1;
	const inserted: Array<[string, ObjectSeed]> = [...made, ...nested].map((object) => [object.id, object]);
	entries.splice(index, 0, ...inserted);
	world.objects.clear();
	for (const [key, object] of entries) world.objects.set(key, object);
	return made;
}

/** A rich text element from plain text, for blocks the markdown reader makes. */
export function textElement(content: string): Json {
	return richTextElement({ text: { content } });
}

// ---- seeds

/** Deterministic id of the i-th row that `rowsSeed` adds. */
export function rowId(i: number): string {
	return stableId(`row:${i}`);
}

/** The default world with `count` more rows in WORLD.dataSource ("Row 1" … "Row N", all Active): for pagination. */
export function rowsSeed(count: number, seed: WorldSeed = defaultSeed()): WorldSeed {
	for (let i = 0; i < count; i++) {
		seed.objects.push({ id: rowId(i), kind: 'page', title: `Row ${i + 1}`, parentId: WORLD.dataSource.id });
	}
	return seed;
}
