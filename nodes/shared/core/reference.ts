import { compactId, KIND_OF_COLLECTION } from './notion';
import { ownValue } from './ownValue';
import type { ReferenceResult, ResourceType } from './types';

// A Notion id is 32 hex digits, bare or dashed 8-4-4-4-12. Only ASCII hex counts: the id ends up
// in a request path, so nothing that merely looks like hex (fullwidth digits, Cyrillic letters)
// and nothing that could change the path (/, ?, #, %, dots) may pass.
const HEX_ID = '[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const EXACT_ID = new RegExp(`^(?:${HEX_ID})$`, 'i');
const ANY_ID = new RegExp(`(?<![0-9a-f])(?:${HEX_ID})(?![0-9a-f])`, 'gi');
/** A path segment that is an id or ends in one: `<id>` or `<Title-slug>-<id>`. */
const ID_ENDING_SEGMENT = new RegExp(`(?:^|-)(${HEX_ID})$`, 'i');
/** The trailing run of hex digits of a segment, to tell a wrong-length id from no id at all. */
const TRAILING_HEX = /(?:^|-)([0-9a-f]{16,})$/i;
/** A block link, from Notion's "Copy link to block": `#<id>`; older links say `#block-<id>`. */
const BLOCK_FRAGMENT = new RegExp(`^#(?:block-)?(${HEX_ID})$`, 'i');
/** A fragment that starts like a block id; other fragments (headings, text anchors) are ignored. */
const MEANT_AS_BLOCK_FRAGMENT = /^#(?:block-)?[0-9a-f]{16,}/i;

const NOTION_DOMAINS = ['notion.so', 'notion.site', 'notion.com'];
const URL_SCHEMES = ['http:', 'https:', 'notion:'];

// Notion links never hold these. Refusing them outright, rather than relying on URL
// normalisation, keeps `notion.so/<id>/../x` or `%2e%2e` from being quietly "fixed" into something.
const DOT_SEGMENT = /\.\./;
const ENCODED_SEPARATOR = /%(?:2e|2f|5c|3f|23|25|0[0-9a-f]|1[0-9a-f]|7f)/i;
const INNER_SPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/;

/**
 * Reduces a Notion id or link to a dashed, lower-case id that is safe in a request path.
 *
 * Forms it accepts (and the hint the form itself gives):
 * - `<32 hex>` or a dashed UUID, any case, surrounded by whitespace or not;
 * - a link on notion.so, notion.site or notion.com (or a subdomain), with or without scheme or
 *   `www.`: `/<workspace>/<Title-slug>-<id>`, `/<id>`, `/p/<id>`, a dashed UUID in place of the id;
 * - `?v=<view id>`: the path id is the view's database (`database`);
 * - `?p=<id>&pm=s|c`: the page open in peek; the id is the `p` value (no hint: it may be any page);
 * - `#<id>` or `#block-<id>`: a link to one block of the page, from Notion's "Copy link to block".
 *   Its id is the block's (hint `block`), because that is what the user pointed at. Public
 *   evidence: Notion's copied block links are `…/<Page-slug>-<page id>#<block id>` (e.g.
 *   tangly1024/NotionNext#1030, notion-enhancer#294) and @notionhq/client's own
 *   `extractBlockId` reads `#<id>` / `#block-<id>` the same way;
 * - `https://api.notion.com/v1/pages|databases|data_sources|blocks/<id>` (hint from the path).
 */
export function parseReference(input: unknown): ReferenceResult {
	if (typeof input !== 'string') {
		return fail(`The Notion reference must be text (a Notion link or ID), but it is ${describeType(input)}.`);
	}
	const text = input.trim();
	if (text === '') return fail('The Notion reference is empty: give a Notion link or a 32-character Notion ID.');

	if (INNER_SPACE_OR_CONTROL.test(text)) {
		return distinctIds(text).length > 1
			? fail(`The Notion reference ${quote(text)} holds several different Notion IDs: give one reference per item.`)
			: fail(`The Notion reference ${quote(text)} contains spaces, line breaks or invisible characters.`);
	}
	if (EXACT_ID.test(text)) return found(text, text);
	const unsafe = pathChangingPart(text);
	if (unsafe) return fail(`The Notion reference ${quote(text)} contains ${unsafe}, which Notion IDs and links never do.`);
	if (/^[0-9a-f-]+$/i.test(text)) return fail(wrongIdShape(text, quote(text)));
	if (/[/.:]/.test(text)) return parseUrl(text);
	if (distinctIds(text).length > 1) {
		return fail(`The Notion reference ${quote(text)} holds several different Notion IDs: give one reference per item.`);
	}
	if (/[^\x20-\x7e]/.test(text)) {
		return fail(
			`The Notion reference ${quote(text)} contains characters outside plain ASCII (look-alike letters or digits?); a Notion ID uses only 0-9 and a-f.`,
		);
	}
	return fail(
		`The Notion reference ${quote(text)} is neither a Notion ID (32 characters 0-9 and a-f) nor a notion.so, notion.site or notion.com link.`,
	);
}

function parseUrl(text: string): ReferenceResult {
	const shown = quote(text);
	const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
	if (!hasScheme && /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^:/]+\.[^:/]+:\d/.test(text)) {
		return fail(`The link ${shown} is not a web link: only http, https and notion:// links are accepted.`);
	}
	let url: URL;
	try {
		url = new URL(hasScheme ? text : `https://${text}`);
	} catch {
		return fail(`The Notion reference ${shown} is neither a Notion ID nor a valid link.`);
	}
	if (!URL_SCHEMES.includes(url.protocol)) {
		return fail(`The link ${shown} is not a web link: only http, https and notion:// links are accepted.`);
	}
	if (url.username !== '' || url.password !== '') return fail(`The link ${shown} contains a user name or password.`);
	if (url.port !== '') return fail(`The link ${shown} names a port, which Notion links never do.`);
	const host = url.hostname.toLowerCase();
	if (!NOTION_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`))) {
		return fail(`The link points to ${quote(host)}, not to Notion (notion.so, notion.site or notion.com).`);
	}

	const segments = url.pathname.split('/').filter((segment) => segment !== '');
	const pathIds = segments.flatMap((segment) => {
		const match = ID_ENDING_SEGMENT.exec(segment);
		return match ? [normalize(match[1])] : [];
	});
	if (new Set(pathIds).size > 1) return fail(`The link ${shown} holds several different Notion IDs in its path.`);
	const lastSegment = segments[segments.length - 1] ?? '';
	const lastMatch = ID_ENDING_SEGMENT.exec(lastSegment);
	const pathId = lastMatch ? lastMatch[1] : undefined;

	const blockMatch = BLOCK_FRAGMENT.exec(url.hash);
	if (blockMatch) return found(text, blockMatch[1], 'block');
	if (MEANT_AS_BLOCK_FRAGMENT.test(url.hash)) {
		return fail(`The link ${shown} ends in "#" and something that is not a Notion block ID.`);
	}

	const peekIds = url.searchParams.getAll('p');
	if (peekIds.length > 0) {
		if (!peekIds.every((id) => EXACT_ID.test(id))) {
			return fail(`The link ${shown} has a "p=" (peek) value that is not a Notion ID.`);
		}
		if (new Set(peekIds.map(normalize)).size > 1) {
			return fail(`The link ${shown} has several different "p=" (peek) Notion IDs.`);
		}
		return found(text, peekIds[0]);
	}

	if (pathId === undefined) {
		const trailing = TRAILING_HEX.exec(lastSegment);
		if (trailing) return fail(wrongIdShape(trailing[1], shown, 'at the end of the link'));
		if (pathIds.length > 0) return fail(`The link ${shown} has its Notion ID in the middle of the path, not at its end.`);
		return fail(`The link ${shown} holds no Notion ID: copy the link of the page, database or block itself.`);
	}
	if (url.searchParams.has('v')) return found(text, pathId, 'database');
	if (host === 'api.notion.com') return found(text, pathId, ownValue(KIND_OF_COLLECTION, segments[segments.length - 2]));
	return found(text, pathId);
}

/** A Notion id exactly, bare or dashed: what may stand in a request path as it is. */
export function isNotionId(text: unknown): text is string {
	return typeof text === 'string' && EXACT_ID.test(text);
}

function pathChangingPart(text: string): string | undefined {
	if (DOT_SEGMENT.test(text)) return '".."';
	if (text.includes('\\')) return 'a backslash';
	if (ENCODED_SEPARATOR.test(text)) return 'an encoded ".", "/", "\\", "?", "#", "%" or control character';
	return undefined;
}

function found(input: string, id: string, typeHint?: ResourceType): ReferenceResult {
	const reference = { input, id: normalize(id) };
	return { ok: true, reference: typeHint === undefined ? reference : { ...reference, typeHint } };
}

function fail(problem: string): ReferenceResult {
	return { ok: false, problem };
}

/** Dashed and lower-case, the form Notion itself answers with. */
function normalize(id: string): string {
	const hex = compactId(id);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function distinctIds(text: string): string[] {
	return [...new Set((text.match(ANY_ID) ?? []).map(normalize))];
}

function wrongIdShape(candidate: string, shown: string, where = ''): string {
	const digits = compactId(candidate).length;
	const place = where === '' ? '' : ` ${where}`;
	if (digits !== 32) {
		return `The Notion ID${place} in ${shown} has ${digits} hex digits; a Notion ID has exactly 32.`;
	}
	return `The Notion ID${place} in ${shown} has its dashes in the wrong places; a dashed Notion ID looks like 8-4-4-4-12.`;
}

/** At most about 60 characters of what the user gave, with control characters made visible. */
function quote(text: string): string {
	const limit = 60;
	const shortened = text.length > limit ? `${text.slice(0, limit)}…` : text;
	return JSON.stringify(shortened);
}

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'undefined') return 'missing';
	return `a ${typeof value}`;
}
