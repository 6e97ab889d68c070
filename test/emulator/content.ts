// The endpoints the Notion Request's newer operations read and write beside pages and blocks:
// a page as markdown (GET and PATCH /v1/pages/{id}/markdown), a page's property item
// (GET /v1/pages/{id}/properties/{property_id}) and the workspace's users (GET /v1/users,
// /v1/users/{id}). Shapes from @notionhq/client 5.26 (src/api-endpoints/pages.ts, users.ts) and
// https://developers.notion.com/reference/retrieve-page-markdown, /update-page-markdown,
// /retrieve-a-page-property, /get-users, /get-user.
import type { Ctx } from './http';
import { findProperty, isObject, LIMITS, plainText, richTextElement, schemaOf, validation, Refusal } from './properties';
import { rowValue, sourceOf } from './rest';
import type { Principal, State, World } from './state';
import { canonicalId } from './world';
import type { ObjectSeed } from './world';
import { answer, ARCHIVED_MESSAGE, checkMarkdownVersion, childrenOf, insertBlocks, readJson, withObject } from './writes';
import type { Json } from './writes';

/** Answers this file's routes and returns true, or false for any other route. */
export function handleContent(state: State, ctx: Ctx, principal: Principal, version: string): boolean {
	const world = state.world;
	const markdown = /^\/v1\/pages\/([^/]+)\/markdown\/?$/.exec(ctx.path);
	if (markdown && ctx.method === 'GET') return answer(ctx, () => withObject(world, ctx, principal, 'block', markdown[1], (page) => readMarkdown(world, ctx, page, version)));
	if (markdown && ctx.method === 'PATCH') return answer(ctx, () => withObject(world, ctx, principal, 'page', markdown[1], (page) => updateMarkdown(world, ctx, page, version)));
	const item = /^\/v1\/pages\/([^/]+)\/properties\/([^/]+)\/?$/.exec(ctx.path);
	if (item && ctx.method === 'GET') return answer(ctx, () => withObject(world, ctx, principal, 'page', item[1], (page) => propertyItem(world, ctx, page, decodeURIComponent(item[2]))));
	const users = /^\/v1\/users(?:\/([^/]+))?\/?$/.exec(ctx.path);
	if (users && ctx.method === 'GET' && users[1] !== 'me') return answer(ctx, () => (users[1] === undefined ? listUsers(state, ctx, principal, version) : getUser(state, principal, users[1], version)));
	return false;
}

// ---- markdown

/**
 * The subset of Notion's markdown the emulator reads and writes, one block per line (a fenced code
 * block spans lines): `#`/`##`/`###` headings, `- ` bullets, `1. ` numbered items, `- [ ]`/`- [x]`
 * to-dos, `> ` quotes, fenced code with a language, `---` dividers, `![caption](url)` images, and
 * paragraphs. Text is plain (no inline formatting is parsed: chosen).
 */
export function markdownToBlocks(markdown: string): Json[] {
	const blocks: Json[] = [];
	const lines = markdown.replace(/\r\n/g, '\n').split('\n');
	const text = (content: string) => splitText(content);
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		if (line.trim() === '') continue;
		const fence = /^```(.*)$/.exec(line);
		if (fence) {
			const body: string[] = [];
			for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
			blocks.push({ type: 'code', code: { rich_text: text(body.join('\n')), language: fence[1].trim() || 'plain text', caption: [], color: 'default' } });
			continue;
		}
		const heading = /^(#{1,3}) (.*)$/.exec(line);
		const todo = /^[-*] \[( |x)\] (.*)$/i.exec(line);
		const bullet = /^[-*] (.*)$/.exec(line);
		const numbered = /^\d+\. (.*)$/.exec(line);
		const quote = /^> ?(.*)$/.exec(line);
		const image = /^!\[(.*)\]\((.+)\)$/.exec(line);
		if (heading) blocks.push(textBlock(`heading_${heading[1].length}`, heading[2]));
		else if (todo) blocks.push({ type: 'to_do', to_do: { rich_text: text(todo[2]), checked: todo[1].toLowerCase() === 'x', color: 'default' } });
		else if (bullet) blocks.push(textBlock('bulleted_list_item', bullet[1]));
		else if (numbered) blocks.push(textBlock('numbered_list_item', numbered[1]));
		else if (quote) blocks.push(textBlock('quote', quote[1]));
		else if (/^---+$/.test(line.trim())) blocks.push({ type: 'divider', divider: {} });
		else if (image) blocks.push({ type: 'image', image: { type: 'external', external: { url: image[2] }, caption: text(image[1]) } });
		else blocks.push(textBlock('paragraph', line));
	}
	return blocks;
}

function textBlock(type: string, content: string): Json {
	return { type, [type]: { rich_text: splitText(content), color: 'default' } };
}

/** Long text becomes several elements of at most 2,000 characters, as Notion stores it. */
function splitText(content: string): Json[] {
	const parts: Json[] = [];
	for (let at = 0; at < content.length; at += LIMITS.richTextContent) parts.push(richTextElement({ text: { content: content.slice(at, at + LIMITS.richTextContent) } }));
	return parts;
}

/** One stored block as a markdown line (nested children indented by a tab, as Notion's markdown does for lists). */
function blockToMarkdown(world: World, block: ObjectSeed, indent: string): string[] {
	const type = block.blockType ?? 'paragraph';
	const content = (block.content ?? {}) as Json;
	const text = block.text ?? plainText(content.rich_text);
	const line = (() => {
		switch (type) {
			case 'heading_1':
				return `# ${text}`;
			case 'heading_2':
				return `## ${text}`;
			case 'heading_3':
				return `### ${text}`;
			case 'bulleted_list_item':
				return `- ${text}`;
			case 'numbered_list_item':
				return `1. ${text}`;
			case 'to_do':
				return `- [${content.checked ? 'x' : ' '}] ${text}`;
			case 'quote':
				return `> ${text}`;
			case 'code':
				return `\`\`\`${String(content.language ?? '')}\n${text}\n\`\`\``;
			case 'divider':
				return '---';
			case 'image':
				return `![${plainText(content.caption)}](${String((content.external as Json | undefined)?.url ?? '')})`;
			case 'bookmark':
			case 'embed':
				return String(content.url ?? '');
			default:
				return text;
		}
	})();
	const nested = childrenOf(world, block.id).filter((child) => child.kind === 'block' && !child.inTrash);
	return [indent + line, ...nested.flatMap((child) => blockToMarkdown(world, child, `${indent}\t`))];
}

/** The page's content blocks as markdown. Child pages and databases are not rendered (chosen), so markdown edits never touch them. */
function pageMarkdown(world: World, page: ObjectSeed, version: string, markdownVersion: unknown): string {
	const blocks = childrenOf(world, page.id).filter((child) => child.kind === 'block' && !child.inTrash);
	// v2 (the default from 2026-12-01) separates blocks with a blank line; v1 with a newline.
	const v2 = markdownVersion === 'v2' || (markdownVersion === undefined && version >= '2026-12-01');
	return blocks.flatMap((block) => blockToMarkdown(world, block, '')).join(v2 ? '\n\n' : '\n');
}

function markdownAnswer(world: World, page: ObjectSeed, version: string, markdownVersion: unknown): Json {
	return { object: 'page_markdown', id: page.id, markdown: pageMarkdown(world, page, version, markdownVersion), truncated: false, unknown_block_ids: [] };
}

/** GET /v1/pages/{id}/markdown (a page, or a block id for its subtree). */
function readMarkdown(world: World, ctx: Ctx, page: ObjectSeed, version: string): Json {
	const markdownVersion = ctx.query.get('markdown_version') ?? undefined;
	checkMarkdownVersion(markdownVersion, version, true, 'query');
	if (page.kind === 'data_source' || page.kind === 'database') throw validation(`Provided ID ${page.id} is a ${page.kind}, not a page.`);
	return markdownAnswer(world, page, version, markdownVersion);
}

/**
 * PATCH /v1/pages/{id}/markdown with `type` one of `update_content` (search and replace),
 * `replace_content` (all), `insert_content` (at the start, the end, after a selection) and
 * `replace_content_range` (a selection). From 2026-12-01 `replace_content_range` is an error and an
 * insert's `after` must match the start of one block; `position: {type: 'after_content', anchor}`
 * does that on every version (https://developers.notion.com/guides/get-started/upgrade-guide-2026-12-01).
 * Wordings of the refusals are chosen: none are quoted publicly.
 */
function updateMarkdown(world: World, ctx: Ctx, page: ObjectSeed, version: string): Json {
	const body = readJson(ctx);
	if (page.inTrash) throw validation(ARCHIVED_MESSAGE);
	checkMarkdownVersion(body.markdown_version, version, true, 'body');
	const type = body.type;
	const TYPES = ['insert_content', 'replace_content_range', 'update_content', 'replace_content'];
	if (typeof type !== 'string' || !TYPES.includes(type)) {
		throw validation(`body failed validation: body.type should be one of ${TYPES.map((each) => `\`"${each}"\``).join(', ')}, instead was \`${JSON.stringify(type)}\`.`);
	}
	const command = body[type];
	if (!isObject(command)) throw validation(`body failed validation: body.${type} should be defined, instead was \`undefined\`.`);
	const lines = () => childrenOf(world, page.id).filter((child) => child.kind === 'block' && !child.inTrash);
	const text = (block: ObjectSeed) => blockToMarkdown(world, block, '').join('\n');
	const string = (key: string) => {
		if (typeof command[key] !== 'string') throw validation(`body failed validation: body.${type}.${key} should be a string, instead was \`${JSON.stringify(command[key])}\`.`);
		return command[key] as string;
	};
	const replaceAll = (markdown: string) => {
		for (const block of lines()) removeTree(world, block.id);
		insertBlocks(world, page.id, markdownToBlocks(markdown), undefined);
	};
	switch (type) {
		case 'replace_content':
			replaceAll(string('new_str'));
			break;
		case 'update_content': {
			const updates = command.content_updates;
			if (!Array.isArray(updates) || updates.length === 0) throw validation(`body failed validation: body.update_content.content_updates should be a non-empty array, instead was \`${JSON.stringify(updates)}\`.`);
			let markdown = pageMarkdown(world, page, version, 'v1');
			updates.forEach((update, i) => {
				const at = `body.update_content.content_updates[${i}]`;
				if (!isObject(update) || typeof update.old_str !== 'string' || typeof update.new_str !== 'string') throw validation(`body failed validation: ${at} should have old_str and new_str strings.`);
				const count = update.old_str === '' ? 0 : markdown.split(update.old_str).length - 1;
				if (count === 0) throw validation(`${at}.old_str was not found in the page content.`);
				if (count > 1 && update.replace_all_matches !== true) throw validation(`${at}.old_str matches ${count} places in the page content; make it unique or set replace_all_matches.`);
				markdown = update.replace_all_matches === true ? markdown.split(update.old_str).join(update.new_str) : markdown.replace(update.old_str, () => update.new_str as string);
			});
			replaceAll(markdown);
			break;
		}
		case 'replace_content_range': {
			if (version >= '2026-12-01') throw validation('body failed validation: body.type `"replace_content_range"` is no longer supported from Notion-Version 2026-12-01; use `"update_content"`.');
			const [first, last] = selection(lines(), text, string('content_range'));
			const blocks = lines();
			const range = blocks.slice(blocks.indexOf(first), blocks.indexOf(last) + 1);
			const before = blocks[blocks.indexOf(first) - 1];
			for (const block of range) removeTree(world, block.id);
			insertBlocks(world, page.id, markdownToBlocks(string('content')), before ? before.id : 'start');
			break;
		}
		case 'insert_content': {
			const content = markdownToBlocks(string('content'));
			const position = command.position;
			if (command.after !== undefined && position !== undefined) throw validation('body failed validation: body.insert_content.after should be not present when body.insert_content.position is given.');
			let anchor: string | 'start' | undefined;
			if (command.after !== undefined) {
				const after = string('after');
				anchor = version >= '2026-12-01' ? startsOne(lines(), text, after, 'after').id : selection(lines(), text, after)[1].id;
			} else if (isObject(position)) {
				if (position.type === 'start') anchor = 'start';
				else if (position.type === 'after_content' && typeof position.anchor === 'string') anchor = startsOne(lines(), text, position.anchor, 'position.anchor').id;
				else if (position.type !== 'end') throw validation(`body failed validation: body.insert_content.position.type should be \`"start"\`, \`"end"\` or \`"after_content"\`, instead was \`${JSON.stringify(position.type)}\`.`);
			}
			insertBlocks(world, page.id, content, anchor);
			break;
		}
	}
	page.lastEditedTime = new Date().toISOString();
	return markdownAnswer(world, page, version, body.markdown_version);
}

/** An ellipsis selection "start text...end text": the first block that starts it through the block that ends it. */
function selection(blocks: ObjectSeed[], text: (block: ObjectSeed) => string, selector: string): [ObjectSeed, ObjectSeed] {
	const [start, end] = selector.includes('...') ? selector.split('...', 2) : [selector, selector];
	const firstIndex = blocks.findIndex((block) => text(block).includes(start));
	const lastIndex = firstIndex < 0 ? -1 : blocks.findIndex((block, i) => i >= firstIndex && text(block).includes(end));
	if (firstIndex < 0 || lastIndex < 0) throw validation(`The selection "${selector}" does not match the page content.`);
	return [blocks[firstIndex], blocks[lastIndex]];
}

/** The one block whose markdown starts with `anchor` (2026-12-01's rule for an insert's anchor). */
function startsOne(blocks: ObjectSeed[], text: (block: ObjectSeed) => string, anchor: string, field: string): ObjectSeed {
	const found = blocks.filter((block) => anchor !== '' && text(block).startsWith(anchor));
	if (found.length !== 1) throw validation(`body.insert_content.${field} must match the start of exactly one block; it matches ${found.length}.`);
	return found[0];
}

function removeTree(world: World, id: string): void {
	for (const child of childrenOf(world, id)) removeTree(world, child.id);
	world.objects.delete(id);
}

// ---- property items

const PAGINATED = ['title', 'rich_text', 'relation', 'people', 'rollup'];

/**
 * GET /v1/pages/{page_id}/properties/{property_id}: a simple property answers one `property_item`;
 * title, rich_text, relation, people and rollup answer a paginated list of items (page_size at most
 * 100), which is how Notion serves relations past the page object's 25
 * (https://developers.notion.com/reference/retrieve-a-page-property). The cursor is the index of the
 * next item as a string (chosen: Notion's cursors are opaque).
 */
function propertyItem(world: World, ctx: Ctx, page: ObjectSeed, propertyId: string): Json {
	const source = sourceOf(world, page);
	const schema = source ? schemaOf(source) : { title: { id: 'title', name: 'title', type: 'title', title: {} } };
	const property = findProperty(schema, propertyId);
	// Chosen wording.
	if (!property) throw new Refusal(404, 'object_not_found', `Could not find property with ID: ${propertyId}.`);
	const value = rowValue(world, page, property, source) ?? null;
	const item = (type: string, inner: unknown): Json => ({ object: 'property_item', id: property.id, type, [type]: inner });
	if (!PAGINATED.includes(property.type)) return item(property.type, value);
	const sizeParam = ctx.query.get('page_size');
	const size = sizeParam === null ? 100 : Number(sizeParam);
	if (!Number.isInteger(size) || size < 1 || size > 100) {
		// Notion's words for lists (https://github.com/brekkylab/backlot/issues/375).
		throw validation(`query failed validation: query.page_size should be ≤ \`100\` or \`undefined\`, instead was \`${sizeParam}\`.`);
	}
	const cursor = ctx.query.get('start_cursor');
	const start = cursor === null ? 0 : Number(cursor);
	if (!Number.isInteger(start) || start < 0) throw validation(`The start_cursor provided is invalid: ${cursor}`);
	let items: Json[];
	let rollup: Json | undefined;
	if (property.type === 'rollup') {
		// A count rollup is one number: a list of no items, the number in property_item.rollup (as Notion answers number rollups).
		items = [];
		rollup = value as Json;
	} else {
		const all = Array.isArray(value) ? value : [];
		items = all.map((each) => item(property.type, each));
	}
	const slice = items.slice(start, start + size);
	const more = start + size < items.length;
	const pageUrl = `https://api.notion.com/v1/pages/${page.id}/properties/${encodeURIComponent(property.id)}`;
	return {
		object: 'list',
		results: slice,
		next_cursor: more ? String(start + size) : null,
		has_more: more,
		type: 'property_item',
		property_item: { id: property.id, next_url: more ? `${pageUrl}?start_cursor=${start + size}` : null, type: property.type, [property.type]: rollup ?? {} },
	};
}

// ---- users

type Person = { id: string; name: string | null; email: string };

function people(state: State): Person[] {
	return [state.world.seed.user, ...(state.world.seed.people ?? [])];
}

/**
 * A person. The 2026-12-01 guide says to treat a person's `name` as optional ("Handle a null person
 * name"): a seeded person without a name answers `name: null` from 2026-12-01 and `""` before it
 * (chosen: the older answer for a nameless person is not documented).
 */
function personJson(person: Person, version: string): Json {
	const name = person.name ?? (version >= '2026-12-01' ? null : '');
	return { object: 'user', id: person.id, name, avatar_url: null, type: 'person', person: { email: person.email } };
}

/** Bots in the workspace: every integration's bot (internal ones by their fixed id, the caller's own by its grant's bot id). */
function bots(state: State, principal: Principal): Json[] {
	const { workspace } = state.world.seed;
	const bot = (id: string, name: string) => ({ object: 'user', id, name, avatar_url: null, type: 'bot', bot: { workspace_name: workspace.name } });
	const list = [...state.world.integrations.values()].filter((each) => each.kind === 'internal' && each.botId).map((each) => bot(each.botId!, each.name));
	if (!list.some((each) => each.id === principal.botId)) list.push(bot(principal.botId, principal.integration.name));
	return list;
}

function needUsers(principal: Principal): void {
	// A missing "read user information" capability is 403 restricted_resource (https://developers.notion.com/reference/capabilities).
	if (principal.integration.readUsers === false) throw new Refusal(403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
}

/** GET /v1/users: people then bots, page_size at most 100; the cursor is the next user's id. */
function listUsers(state: State, ctx: Ctx, principal: Principal, version: string): Json {
	needUsers(principal);
	const all = [...people(state).map((person) => personJson(person, version)), ...bots(state, principal)];
	const sizeParam = ctx.query.get('page_size');
	const size = sizeParam === null ? 100 : Number(sizeParam);
	if (!Number.isInteger(size) || size < 1 || size > 100) throw validation(`query failed validation: query.page_size should be ≤ \`100\` or \`undefined\`, instead was \`${sizeParam}\`.`);
	const cursor = ctx.query.get('start_cursor');
	const start = cursor === null ? 0 : all.findIndex((user) => user.id === (canonicalId(cursor) ?? cursor));
	// Notion's words (https://github.com/brekkylab/backlot/issues/375).
	if (start < 0) throw validation(`The start_cursor provided is invalid: ${cursor}`);
	const slice = all.slice(start, start + size);
	const next = all[start + size] as Json | undefined;
	return { object: 'list', results: slice, next_cursor: (next?.id as string | undefined) ?? null, has_more: next !== undefined, type: 'user', user: {} };
}

function getUser(state: State, principal: Principal, rawId: string, version: string): Json {
	needUsers(principal);
	const decoded = decodeURIComponent(rawId);
	const id = canonicalId(decoded);
	if (!id) throw validation(`path failed validation: path.user_id should be a valid uuid, instead was \`${JSON.stringify(decoded)}\`.`);
	const person = people(state).find((each) => canonicalId(each.id) === id);
	if (person) return personJson(person, version);
	const bot = bots(state, principal).find((each) => canonicalId(each.id as string) === id);
	if (bot) return bot;
	// Chosen wording, in the shape of Notion's other 404s.
	throw new Refusal(404, 'object_not_found', `Could not find user with ID: ${id}.`);
}
