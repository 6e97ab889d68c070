// Notion's write and list endpoints that the Notion Request node's presets use: create and update
// pages, query a data source, list and append block children. Shapes and errors from
// https://developers.notion.com/reference/post-page, /patch-page, /query-a-data-source,
// /get-block-children, /patch-block-children and /status-codes. Search belongs to search.ts.
import { createHash, randomUUID } from 'node:crypto';

import { notionError, sendJson } from './http';
import type { Ctx } from './http';
import { blockJson, CREATED_TIME, EDITED_TIME, pageJson, PROPERTY_SCHEMA, toMinute } from './rest';
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
const ARCHIVED_MESSAGE = "Can't edit block that is archived. You must unarchive the block before editing.";
const MAX_PAGE_SIZE = 100;
const MAX_CHILDREN = 100;

type Json = Record<string, unknown>;

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
			return answer(ctx, () => createPage(state.world, ctx, principal, modern));
		case 'PATCH /v1/pages/:id':
			return answer(ctx, () => withObject(state.world, ctx, principal, 'page', rawId!, (page) => updatePage(state.world, ctx, page, modern)));
		case 'POST /v1/data_sources/:id/query':
			if (!modern) return false; // older versions have no data source routes: invalid_request_url
			return answer(ctx, () => withObject(state.world, ctx, principal, 'data_source', rawId!, (source) => queryDataSource(state.world, ctx, principal, source)));
		case 'GET /v1/blocks/:id/children':
			return answer(ctx, () => withObject(state.world, ctx, principal, 'block', rawId!, (block) => listChildren(state.world, ctx, block, modern)));
		case 'PATCH /v1/blocks/:id/children':
			return answer(ctx, () => withObject(state.world, ctx, principal, 'block', rawId!, (block) => appendChildren(state.world, ctx, block, modern)));
		default:
			return false;
	}
}

/** A refusal in Notion's envelope, thrown from deep inside a handler. */
class Refusal extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly additionalData?: Json,
	) {
		super(message);
	}
}

const validation = (message: string) => new Refusal(400, 'validation_error', message);

function answer(ctx: Ctx, handler: () => Json): true {
	try {
		sendJson(ctx, 200, { ...handler(), request_id: ctx.requestId });
	} catch (error) {
		if (!(error instanceof Refusal)) throw error;
		notionError(ctx, error.status, error.code, error.message, error.additionalData ? { additionalData: error.additionalData } : {});
	}
	return true;
}

function readJson(ctx: Ctx): Json {
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
function withObject(
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

function notFound(principal: Principal, noun: string, id: string): Refusal {
	return new Refusal(
		404,
		'object_not_found',
		`Could not find ${noun} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${principal.integration.name}".`,
		{ integration_id: principal.integration.id },
	);
}

// ---- pages

function createPage(world: World, ctx: Ctx, principal: Principal, modern: boolean): Json {
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
	const isRow = container.kind === 'data_source';
	const properties = validateProperties(body.properties ?? {}, isRow);
	const page: ObjectSeed = {
		id: randomUUID(),
		kind: 'page',
		title: titleOf(properties) ?? '',
		parentId: container.id,
		properties: withoutTitle(properties),
		createdTime: new Date().toISOString(),
		lastEditedTime: new Date().toISOString(),
	};
	world.objects.set(page.id, page);
	if (Array.isArray(body.children)) for (const child of validateChildren(body.children)) addBlock(world, page.id, child);
	return pageJson(world, page, modern);
}

function updatePage(world: World, ctx: Ctx, page: ObjectSeed, modern: boolean): Json {
	const body = readJson(ctx);
	const trash = body.in_trash ?? body.archived;
	if (trash !== undefined && typeof trash !== 'boolean') {
		throw validation(`body failed validation: body.in_trash should be a boolean, instead was \`${JSON.stringify(trash)}\`.`);
	}
	// Restoring is the one edit a page in the trash takes (with or without other changes).
	if (page.inTrash && trash !== false) throw validation(ARCHIVED_MESSAGE);
	const isRow = world.get(canonicalId(page.parentId ?? '') ?? '')?.kind === 'data_source';
	const properties = body.properties === undefined ? {} : validateProperties(body.properties, isRow);
	if (trash !== undefined) page.inTrash = trash;
	const title = titleOf(properties);
	if (title !== undefined) page.title = title;
	page.properties = { ...page.properties, ...withoutTitle(properties) };
	page.lastEditedTime = new Date().toISOString();
	return pageJson(world, page, modern);
}

/**
 * Property values as Notion validates them: a name that is not in the schema, or a value of the
 * wrong type, is a 400 validation_error naming the property. A row's schema is the data source's
 * (Name: title, Status: select); any other page has only `title`.
 */
function validateProperties(input: unknown, isRow: boolean): Json {
	if (!isObject(input)) throw validation(`body failed validation: body.properties should be an object, instead was \`${JSON.stringify(input)}\`.`);
	const schema: Record<string, string> = isRow
		? Object.fromEntries(Object.values(PROPERTY_SCHEMA).map((property) => [property.name, property.type]))
		: { title: 'title' };
	const result: Json = {};
	for (const [name, value] of Object.entries(input)) {
		const type = schema[name] ?? (isRow && name === 'title' ? 'title' : undefined);
		if (!type) throw validation(`${name} is not a property that exists.`);
		if (!isObject(value) || !(type in value)) throw validation(`${name} is expected to be ${type}.`);
		const content = value[type];
		if (type === 'title' && !isRichText(content)) {
			throw validation(`body failed validation: body.properties.${name}.title should be an array of rich text, instead was \`${JSON.stringify(content)}\`.`);
		}
		if (type === 'select' && content !== null && !(isObject(content) && typeof content.name === 'string')) {
			throw validation(`body failed validation: body.properties.${name}.select.name should be a string, instead was \`${JSON.stringify(isObject(content) ? content.name : content)}\`.`);
		}
		result[type === 'title' ? 'title' : name] = { type, [type]: content };
	}
	return result;
}

function isRichText(value: unknown): value is Array<{ text: { content: string } }> {
	return Array.isArray(value) && value.every((part) => isObject(part) && isObject(part.text) && typeof part.text.content === 'string');
}

function titleOf(properties: Json): string | undefined {
	const title = properties.title as { title: Array<{ text: { content: string } }> } | undefined;
	return title?.title.map((part) => part.text.content).join('');
}

function withoutTitle(properties: Json): Json {
	const { title: _title, ...rest } = properties;
	return rest;
}

// ---- data source query

function queryDataSource(world: World, ctx: Ctx, principal: Principal, source: ObjectSeed): Json {
	const body = readJson(ctx);
	if (source.inTrash) throw notFound(principal, 'data_source', source.id);
	const matches = body.filter === undefined ? () => true : compileFilter(body.filter, 'body.filter');
	// `in_trash: true` asks for the pages in the trash (an assumption: Notion documents the flag, not
	// whether live pages come too; the Notion Trigger reads each page's own in_trash either way).
	const inTrash = body.in_trash === true || body.archived === true;
	const rows = [...world.objects.values()].filter(
		(object) => object.kind === 'page' && !!object.inTrash === inTrash && canonicalId(object.parentId ?? '') === source.id && matches(rowValues(object), object),
	);
	sortRows(rows, body.sorts);
	return { ...listPage(rows, body.start_cursor, body.page_size, 'body', (row) => pageJson(world, row, true)), type: 'page_or_data_source', page_or_data_source: {} };
}

type RowValues = Record<string, string | null>;

const TIMESTAMPS = ['created_time', 'last_edited_time'] as const;

function timestampOf(page: ObjectSeed, timestamp: (typeof TIMESTAMPS)[number]): string {
	const stamped = timestamp === 'created_time' ? page.createdTime : page.lastEditedTime;
	return stamped ? toMinute(stamped) : timestamp === 'created_time' ? CREATED_TIME : EDITED_TIME;
}

/** `sorts` by created_time or last_edited_time (minute-rounded, as Notion compares them), ties by id. */
function sortRows(rows: ObjectSeed[], sorts: unknown): void {
	if (sorts === undefined) return;
	if (!Array.isArray(sorts)) throw validation(`body failed validation: body.sorts should be an array, instead was \`${JSON.stringify(sorts)}\`.`);
	const keys = sorts.map((sort, i) => {
		if (!isObject(sort) || !TIMESTAMPS.includes(sort.timestamp as (typeof TIMESTAMPS)[number]) || !['ascending', 'descending'].includes(String(sort.direction))) {
			throw validation(`body failed validation: body.sorts[${i}] should be a timestamp sort (created_time or last_edited_time, ascending or descending), instead was \`${JSON.stringify(sort)}\`.`);
		}
		return { timestamp: sort.timestamp as (typeof TIMESTAMPS)[number], sign: sort.direction === 'descending' ? -1 : 1 };
	});
	rows.sort((a, b) => {
		for (const { timestamp, sign } of keys) {
			const x = timestampOf(a, timestamp);
			const y = timestampOf(b, timestamp);
			if (x !== y) return x < y ? -sign : sign;
		}
		return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
	});
}

/** A timestamp filter: `{timestamp, <timestamp>: {on_or_after|after|on_or_before|before|equals: ISO}}`, compared to the minute. */
function timestampFilter(filter: Json, at: string): (page: ObjectSeed) => boolean {
	const timestamp = filter.timestamp as (typeof TIMESTAMPS)[number];
	if (!TIMESTAMPS.includes(timestamp)) throw validation(`body failed validation: ${at}.timestamp should be \`"created_time"\` or \`"last_edited_time"\`, instead was \`${JSON.stringify(timestamp)}\`.`);
	const condition = filter[timestamp];
	const [operator, operand] = isObject(condition) ? (Object.entries(condition)[0] ?? []) : [];
	const when = typeof operand === 'string' ? Date.parse(operand) : NaN;
	if (Number.isNaN(when)) throw validation(`body failed validation: ${at}.${timestamp} should be a date condition with an ISO 8601 date, instead was \`${JSON.stringify(condition)}\`.`);
	const value = (page: ObjectSeed) => Date.parse(timestampOf(page, timestamp));
	switch (operator) {
		case 'on_or_after':
			return (page) => value(page) >= when;
		case 'after':
			return (page) => value(page) > when;
		case 'on_or_before':
			return (page) => value(page) <= when;
		case 'before':
			return (page) => value(page) < when;
		case 'equals':
			return (page) => value(page) === when;
		default:
			throw validation(`body failed validation: ${at}.${timestamp} has an unknown condition \`${JSON.stringify(operator)}\`.`);
	}
}

function rowValues(page: ObjectSeed): RowValues {
	const status = (page.properties?.Status as { select?: { name?: string } | null } | undefined)?.select;
	return { Name: page.title, Status: status === undefined ? 'Active' : (status?.name ?? null) };
}

/**
 * Property filters on the schema's two properties (`title` and `select`, with equals,
 * does_not_equal, contains, is_empty, is_not_empty) and `and` / `or` compounds. Notion refuses an
 * unknown property, and a condition that does not fit the property's type, with a validation_error.
 */
function compileFilter(filter: unknown, at: string): (row: RowValues, page?: ObjectSeed) => boolean {
	if (!isObject(filter)) throw validation(`body failed validation: ${at} should be an object, instead was \`${JSON.stringify(filter)}\`.`);
	if ('timestamp' in filter) {
		const test = timestampFilter(filter, at);
		return (_row, page) => page !== undefined && test(page);
	}
	for (const compound of ['and', 'or'] as const) {
		if (compound in filter) {
			const parts = filter[compound];
			if (!Array.isArray(parts)) throw validation(`body failed validation: ${at}.${compound} should be an array, instead was \`${JSON.stringify(parts)}\`.`);
			const tests = parts.map((part, i) => compileFilter(part, `${at}.${compound}[${i}]`));
			return compound === 'and' ? (row, page) => tests.every((test) => test(row, page)) : (row, page) => tests.some((test) => test(row, page));
		}
	}
	const name = filter.property;
	if (typeof name !== 'string') throw validation(`body failed validation: ${at}.property should be defined, instead was \`${JSON.stringify(name)}\`.`);
	const property = Object.values(PROPERTY_SCHEMA).find((each) => each.name === name || each.id === name);
	if (!property) throw validation(`Could not find property with name or id: ${name}`);
	const condition = filter[property.type];
	const given = Object.keys(filter).find((key) => key !== 'property');
	if (!isObject(condition)) {
		throw validation(`body failed validation: ${at}.${property.type} should be defined, instead was \`undefined\`. The property "${name}" is a ${property.type} property${given ? `, not ${given}` : ''}.`);
	}
	const [operator, operand] = Object.entries(condition)[0] ?? [];
	const value = (row: RowValues) => row[property.name];
	switch (operator) {
		case 'equals':
			return (row) => value(row) === operand;
		case 'does_not_equal':
			return (row) => value(row) !== operand;
		case 'contains':
			return (row) => typeof operand === 'string' && (value(row) ?? '').includes(operand);
		case 'is_empty':
			return (row) => !value(row);
		case 'is_not_empty':
			return (row) => !!value(row);
		default:
			throw validation(`body failed validation: ${at}.${property.type} has an unknown condition \`${JSON.stringify(operator)}\`.`);
	}
}

/**
 * One page of a list: `page_size` (default and most 100) results from `start_cursor` on. The
 * cursor is the id of the first result of the next page, as Notion's are.
 */
function listPage<T extends ObjectSeed>(all: T[], cursor: unknown, size: unknown, where: 'body' | 'query', toJson: (object: T) => Json): Json {
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

function childrenOf(world: World, id: string): ObjectSeed[] {
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

function appendChildren(world: World, ctx: Ctx, parent: ObjectSeed, modern: boolean): Json {
	const body = readJson(ctx);
	if (parent.kind === 'database') throw validation(`Block type child_database does not support children.`);
	if (parent.inTrash) throw validation(ARCHIVED_MESSAGE);
	const added = validateChildren(body.children).map((child) => addBlock(world, parent.id, child));
	return { object: 'list', results: added.map((block) => blockJson(world, block, modern)), next_cursor: null, has_more: false, type: 'block', block: {} };
}

const TEXT_BLOCKS = ['paragraph', 'heading_1', 'heading_2', 'heading_3', 'bulleted_list_item', 'numbered_list_item', 'to_do', 'quote', 'callout', 'toggle'];

function validateChildren(children: unknown): Json[] {
	if (!Array.isArray(children)) throw validation(`body failed validation: body.children should be an array, instead was \`${JSON.stringify(children)}\`.`);
	if (children.length > MAX_CHILDREN) {
		throw validation(`body failed validation: body.children.length should be ≤ \`${MAX_CHILDREN}\`, instead was \`${children.length}\`.`);
	}
	return children.map((child, i) => {
		const type = isObject(child) ? child.type ?? Object.keys(child).find((key) => TEXT_BLOCKS.includes(key)) : undefined;
		if (!isObject(child) || typeof type !== 'string' || !TEXT_BLOCKS.includes(type)) {
			throw validation(`body failed validation: body.children[${i}] should be a block object with a supported type, instead was \`${JSON.stringify(child)}\`.`);
		}
		const content = child[type];
		if (!isObject(content) || !isRichText(content.rich_text)) {
			throw validation(`body failed validation: body.children[${i}].${type}.rich_text should be defined, instead was \`undefined\`.`);
		}
		return { type, [type]: content };
	});
}

function addBlock(world: World, parentId: string, block: Json): ObjectSeed {
	const type = block.type as string;
	const text = ((block[type] as Json).rich_text as Array<{ text: { content: string } }>).map((part) => part.text.content).join('');
	const object: ObjectSeed = { id: randomUUID(), kind: 'block', title: '', text, parentId, blockType: type };
	world.objects.set(object.id, object);
	return object;
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

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
