import { extractBlockId, extractNotionId } from '@notionhq/client';

import { isNotionId, parseReference } from '../../nodes/shared/core/reference';
import type { ResourceType } from '../../nodes/shared/core/types';

// Ids from Notion's own documentation examples, plus a view id and a block id.
const PAGE = '1429989fe8ac4effbc8f57f56486db54';
const PAGE_ID = '1429989f-e8ac-4eff-bc8f-57f56486db54';
const PEEK = 'b55c9c91384d452b81dbd1ef79372b75';
const PEEK_ID = 'b55c9c91-384d-452b-81db-d1ef79372b75';
const DATABASE = 'd9824bdc84454327be8b5b47500af6ce';
const DATABASE_ID = 'd9824bdc-8445-4327-be8b-5b47500af6ce';
const VIEW = '8f1a2b3c4d5e4f6a8b7c9d0e1f2a3b4c';
const BLOCK = '5f1b3c2a9e8d4c7b6a5f4e3d2c1b0a99';
const BLOCK_ID = '5f1b3c2a-9e8d-4c7b-6a5f-4e3d2c1b0a99';

const SAFE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Row {
	name: string;
	input: unknown;
	/** Our answer: an id (and hint), or a pattern the problem sentence must match. */
	expected: { id: string; typeHint?: ResourceType } | { problem: RegExp };
	/** What @notionhq/client's extractNotionId really returns for it. */
	sdk: string | null;
	/** Why the SDK's answer differs from ours; required exactly when it does. */
	disagreement?: string;
}

const corpus: Row[] = [
	// Bare ids
	{ name: '32 hex, lower case', input: PAGE, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: '32 hex, upper case', input: PAGE.toUpperCase(), expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'dashed UUID', input: PAGE_ID, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'dashed UUID, upper case', input: PAGE_ID.toUpperCase(), expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'id with surrounding spaces and newline', input: `  ${PAGE}\n`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'dashed id with surrounding tabs', input: `\t${PAGE_ID}\t`, expected: { id: PAGE_ID }, sdk: PAGE_ID },

	// Page links
	{ name: 'notion.so workspace page', input: `https://www.notion.so/acme/Project-Roadmap-${PAGE}`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'notion.so without www', input: `https://notion.so/acme/Project-Roadmap-${PAGE}`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'no scheme, with www', input: `www.notion.so/acme/Project-Roadmap-${PAGE}`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'no scheme, bare id path', input: `notion.so/${PAGE}`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'http scheme', input: `http://www.notion.so/${PAGE}`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'upper-case scheme and host', input: `HTTPS://WWW.NOTION.SO/acme/Roadmap-${PAGE}`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'upper-case hex in link', input: `https://www.notion.so/acme/Roadmap-${PAGE.toUpperCase()}`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'trailing slash', input: `https://www.notion.so/acme/Roadmap-${PAGE}/`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'share tracking query', input: `https://www.notion.so/acme/Roadmap-${PAGE}?pvs=4`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'copy_link source query', input: `https://www.notion.so/acme/Roadmap-${PAGE}?source=copy_link`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'link with surrounding whitespace', input: `\n https://www.notion.so/acme/Roadmap-${PAGE} \n`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'public notion.site page', input: `https://acme.notion.site/Public-Page-${PAGE}`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'notion.site bare id with pvs', input: `https://acme.notion.site/${PAGE}?pvs=4`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'app.notion.com /p/ id', input: `https://app.notion.com/p/${PAGE}`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'app.notion.com /p/ slug-id', input: `https://app.notion.com/p/Roadmap-${PAGE}`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'percent-encoded non-ASCII title', input: `https://www.notion.so/hkob/%E3%83%96%E3%83%AD%E3%82%B0-${PAGE}`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'raw non-ASCII title', input: `https://www.notion.so/acme/Café-Plans-${PAGE}`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'heading fragment (not a block id)', input: `https://www.notion.so/acme/Roadmap-${PAGE}#intro`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{ name: 'notion:// desktop deep link', input: `notion://www.notion.so/acme/Roadmap-${PAGE}`, expected: { id: PAGE_ID }, sdk: PAGE_ID },
	{
		name: 'dashed UUID inside a link',
		input: `https://www.notion.so/acme/Project-Roadmap-${PAGE_ID}`,
		expected: { id: PAGE_ID },
		sdk: null,
		disagreement: 'the SDK only looks for 32 contiguous hex digits inside a URL',
	},
	{
		name: 'dashed UUID as the whole path',
		input: `https://www.notion.so/${PAGE_ID}`,
		expected: { id: PAGE_ID },
		sdk: null,
		disagreement: 'the SDK only looks for 32 contiguous hex digits inside a URL',
	},

	// Databases, views and peeks
	{ name: 'database view ?v=', input: `https://www.notion.so/acme/${DATABASE}?v=${VIEW}`, expected: { id: DATABASE_ID, typeHint: 'database' }, sdk: DATABASE_ID },
	{ name: 'titled database view ?v=', input: `https://www.notion.so/acme/Tasks-${DATABASE}?v=${VIEW}`, expected: { id: DATABASE_ID, typeHint: 'database' }, sdk: DATABASE_ID },
	{ name: 'view link without workspace', input: `notion.so/${DATABASE}?v=${VIEW}`, expected: { id: DATABASE_ID, typeHint: 'database' }, sdk: DATABASE_ID },
	{ name: 'side peek in a database view', input: `https://www.notion.so/acme/${DATABASE}?v=${VIEW}&p=${PEEK}&pm=s`, expected: { id: PEEK_ID }, sdk: PEEK_ID },
	{ name: 'side peek over a page (/ws/<id>?p=)', input: `https://www.notion.so/acme/${PAGE}?p=${PEEK}&pm=s`, expected: { id: PEEK_ID }, sdk: PEEK_ID },
	{ name: 'peek without a path id', input: `https://www.notion.so/acme?p=${PEEK}&pm=s`, expected: { id: PEEK_ID }, sdk: PEEK_ID },
	{ name: 'peek given as a dashed UUID', input: `https://www.notion.so/acme/${DATABASE}?p=${PEEK_ID}&pm=s`, expected: { id: PEEK_ID }, sdk: DATABASE_ID, disagreement: 'the SDK does not read a dashed p= value, and falls back to the path id' },
	{
		name: 'side peek over a titled database view',
		input: `https://www.notion.so/acme/Tasks-${DATABASE}?v=${VIEW}&p=${PEEK}&pm=s`,
		expected: { id: PEEK_ID },
		sdk: DATABASE_ID,
		disagreement: 'the SDK prefers a "-<id>" path id to p=, so it names the database behind the open page',
	},
	{
		name: 'centre peek over a titled page',
		input: `https://www.notion.so/acme/Roadmap-${PAGE}?p=${PEEK}&pm=c`,
		expected: { id: PEEK_ID },
		sdk: PAGE_ID,
		disagreement: 'the SDK prefers a "-<id>" path id to p=, so it names the page behind the open one',
	},

	// Blocks
	{
		name: 'block link from "Copy link to block"',
		input: `https://www.notion.so/acme/Roadmap-${PAGE}#${BLOCK}`,
		expected: { id: BLOCK_ID, typeHint: 'block' },
		sdk: PAGE_ID,
		disagreement: 'extractNotionId names the page; the SDK has a separate extractBlockId for the block',
	},
	{
		name: 'older #block- anchor on notion.site',
		input: `https://acme.notion.site/Roadmap-${PAGE}#block-${BLOCK}`,
		expected: { id: BLOCK_ID, typeHint: 'block' },
		sdk: PAGE_ID,
		disagreement: 'extractNotionId names the page; the SDK has a separate extractBlockId for the block',
	},

	// API links
	{
		name: 'API page URL with a dashed id',
		input: `https://api.notion.com/v1/pages/${PAGE_ID}`,
		expected: { id: PAGE_ID, typeHint: 'page' },
		sdk: null,
		disagreement: 'the SDK only looks for 32 contiguous hex digits inside a URL',
	},
	{ name: 'API database URL', input: `https://api.notion.com/v1/databases/${DATABASE}`, expected: { id: DATABASE_ID, typeHint: 'database' }, sdk: DATABASE_ID },
	{ name: 'API data source URL', input: `https://api.notion.com/v1/data_sources/${DATABASE}`, expected: { id: DATABASE_ID, typeHint: 'data_source' }, sdk: DATABASE_ID },
	{ name: 'API block URL', input: `https://api.notion.com/v1/blocks/${BLOCK}`, expected: { id: BLOCK_ID, typeHint: 'block' }, sdk: BLOCK_ID },

	// Empty, non-text and garbage
	{ name: 'empty text', input: '', expected: { problem: /is empty/ }, sdk: null },
	{ name: 'only whitespace', input: ' \n\t ', expected: { problem: /is empty/ }, sdk: null },
	{ name: 'undefined', input: undefined, expected: { problem: /must be text.*missing/ }, sdk: null },
	{ name: 'null', input: null, expected: { problem: /must be text.*null/ }, sdk: null },
	{ name: 'a number', input: 1429989, expected: { problem: /must be text.*a number/ }, sdk: null },
	{ name: 'an object', input: { id: PAGE }, expected: { problem: /must be text.*an object/ }, sdk: null },
	{ name: 'a list', input: [PAGE], expected: { problem: /must be text.*a list/ }, sdk: null },
	{ name: 'a word', input: 'roadmap', expected: { problem: /neither a Notion ID/ }, sdk: null },
	{ name: 'a sentence', input: 'my roadmap page', expected: { problem: /spaces, line breaks/ }, sdk: null },
	{ name: 'notion.so without any id', input: 'https://www.notion.so/acme', expected: { problem: /holds no Notion ID/ }, sdk: null },
	{ name: 'slug without id', input: 'https://www.notion.so/acme/Roadmap', expected: { problem: /holds no Notion ID/ }, sdk: null },

	// Wrong length or shape
	{ name: '31 hex digits', input: PAGE.slice(1), expected: { problem: /has 31 hex digits; a Notion ID has exactly 32/ }, sdk: null },
	{
		name: '33 hex digits',
		input: `${PAGE}0`,
		expected: { problem: /has 33 hex digits/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK takes the first 32 of any longer run of hex digits',
	},
	{
		name: 'two ids glued together (64 hex)',
		input: `${PAGE}${PEEK}`,
		expected: { problem: /has 64 hex digits/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK takes the first 32 of any longer run of hex digits',
	},
	{ name: 'dashes in the wrong places', input: `${PAGE.slice(0, 4)}-${PAGE.slice(4)}`, expected: { problem: /dashes in the wrong places/ }, sdk: null },
	{ name: 'short id at the end of a link', input: `https://www.notion.so/acme/Roadmap-${PAGE.slice(2)}`, expected: { problem: /at the end of the link.*has 30 hex digits/ }, sdk: null },
	{
		name: 'long id at the end of a link',
		input: `https://www.notion.so/acme/Roadmap-${PAGE}ab`,
		expected: { problem: /has 34 hex digits/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK takes the first 32 of any longer run of hex digits',
	},
	{
		name: 'block anchor of the wrong length',
		input: `https://www.notion.so/acme/Roadmap-${PAGE}#${BLOCK.slice(1)}`,
		expected: { problem: /not a Notion block ID/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK ignores the fragment',
	},

	// Several ids
	{
		name: 'two ids separated by a space',
		input: `${PAGE} ${PEEK}`,
		expected: { problem: /several different Notion IDs/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK silently takes the first id',
	},
	{
		name: 'two ids separated by a comma',
		input: `${PAGE},${PEEK}`,
		expected: { problem: /several different Notion IDs/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK silently takes the first id',
	},
	{
		name: 'two links on two lines',
		input: `https://www.notion.so/${PAGE}\nhttps://www.notion.so/${PEEK}`,
		expected: { problem: /several different Notion IDs/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK silently takes the first id',
	},
	{
		name: 'the same id twice',
		input: `${PAGE} ${PAGE}`,
		expected: { problem: /spaces, line breaks/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK accepts any text that contains an id',
	},
	{
		name: 'two different ids in the path',
		input: `https://www.notion.so/${PAGE}/${PEEK}`,
		expected: { problem: /several different Notion IDs in its path/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK silently takes the first id',
	},
	{
		name: 'id in the middle of the path',
		input: `https://www.notion.so/${PAGE}/edit`,
		expected: { problem: /in the middle of the path/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK accepts an id anywhere in the text',
	},
	{
		name: 'two different peek ids',
		input: `https://www.notion.so/acme/${DATABASE}?p=${PEEK}&p=${PAGE}`,
		expected: { problem: /several different "p=" \(peek\) Notion IDs/ },
		sdk: PEEK_ID,
		disagreement: 'the SDK silently takes the first p= value',
	},

	// Attempts to change the request path or query
	{
		name: 'path traversal after a bare id',
		input: `${PAGE}/../../v1/users/me`,
		expected: { problem: /contains "\.\."/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK accepts any text that contains an id',
	},
	{
		name: 'encoded slash and dots after a bare id',
		input: `${PAGE}%2F%2e%2e%2Fusers`,
		expected: { problem: /contains an encoded/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK accepts any text that contains an id',
	},
	{
		name: 'encoded dots only',
		input: `https://www.notion.so/acme/%2e%2e/${PAGE}`,
		expected: { problem: /contains an encoded/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK accepts any text that contains an id',
	},
	{
		name: 'traversal inside a link',
		input: `https://www.notion.so/acme/../v1/users/${PAGE}`,
		expected: { problem: /contains "\.\."/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK accepts any text that contains an id',
	},
	{
		name: 'encoded slash after the id in a link',
		input: `https://www.notion.so/acme/Roadmap-${PAGE}%2Fusers`,
		expected: { problem: /contains an encoded/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK accepts any text that contains an id',
	},
	{
		name: 'question mark after a bare id',
		input: `${PAGE}?filter=all`,
		expected: { problem: /neither a Notion ID/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK accepts any text that contains an id',
	},
	{
		name: 'backslash path',
		input: `https://www.notion.so\\..\\${PAGE}`,
		expected: { problem: /contains "\.\."|backslash/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK accepts any text that contains an id',
	},
	{
		name: 'newline injection',
		input: `${PAGE}\nGET /v1/users`,
		expected: { problem: /spaces, line breaks/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK accepts any text that contains an id',
	},
	{
		name: 'encoded newline in a peek value',
		input: `https://www.notion.so/acme/${DATABASE}?p=${PEEK}%0A`,
		expected: { problem: /contains an encoded/ },
		sdk: PEEK_ID,
		disagreement: 'the SDK accepts any text that contains an id',
	},
	{
		name: 'query injection through p=',
		input: `https://www.notion.so/acme/${DATABASE}?p=${PEEK}%26filter%3Dall`,
		expected: { problem: /"p=" \(peek\) value that is not a Notion ID/ },
		sdk: PEEK_ID,
		disagreement: 'the SDK reads the first 32 hex digits of p= and ignores the rest',
	},
	{
		name: 'p= that is not hex',
		input: `https://www.notion.so/acme/${DATABASE}?p=users&pm=s`,
		expected: { problem: /"p=" \(peek\) value that is not a Notion ID/ },
		sdk: DATABASE_ID,
		disagreement: 'the SDK falls back to any id in the text',
	},
	{ name: 'full-width digit look-alike', input: `１${PAGE.slice(1)}`, expected: { problem: /outside plain ASCII/ }, sdk: null },
	{ name: 'Cyrillic look-alike letter', input: PAGE.replace('e', '\u0435'), expected: { problem: /outside plain ASCII/ }, sdk: null },
	{ name: 'zero-width space inside the id', input: `${PAGE.slice(0, 10)}\u200b${PAGE.slice(10)}`, expected: { problem: /invisible characters/ }, sdk: null },

	// Hosts and schemes that are not Notion
	{
		name: 'another host',
		input: `https://evil.example.com/Roadmap-${PAGE}`,
		expected: { problem: /points to "evil\.example\.com", not to Notion/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK does not look at the host',
	},
	{
		name: 'notion.so as a subdomain of another host',
		input: `https://notion.so.evil.example/${PAGE}`,
		expected: { problem: /not to Notion/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK does not look at the host',
	},
	{
		name: 'a host that merely ends in "notion.so"',
		input: `https://evilnotion.so/${PAGE}`,
		expected: { problem: /not to Notion/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK does not look at the host',
	},
	{
		name: 'Cyrillic look-alike in the host',
		input: `https://www.n\u043etion.so/${PAGE}`,
		expected: { problem: /points to "www\.xn--/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK does not look at the host',
	},
	{
		name: 'notion.so as a user name in front of another host',
		input: `https://www.notion.so@evil.example/${PAGE}`,
		expected: { problem: /user name or password/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK does not look at the host',
	},
	{
		name: 'a port',
		input: `https://www.notion.so:8443/${PAGE}`,
		expected: { problem: /names a port/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK does not look at the host',
	},
	{
		name: 'javascript: scheme',
		input: `javascript:alert('${PAGE}')`,
		expected: { problem: /only http, https and notion:\/\/ links/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK accepts any text that contains an id',
	},
	{
		name: 'ftp scheme',
		input: `ftp://www.notion.so/${PAGE}`,
		expected: { problem: /only http, https and notion:\/\/ links/ },
		sdk: PAGE_ID,
		disagreement: 'the SDK accepts any text that contains an id',
	},
];

describe('parseReference corpus', () => {
	it('has at least 40 real forms, accepted and rejected', () => {
		expect(corpus.length).toBeGreaterThanOrEqual(40);
		expect(corpus.filter((row) => 'id' in row.expected).length).toBeGreaterThanOrEqual(20);
		expect(corpus.filter((row) => 'problem' in row.expected).length).toBeGreaterThanOrEqual(20);
	});

	it.each(corpus.map((row) => [row.name, row] as const))('%s', (_name, row) => {
		const result = parseReference(row.input);
		if ('id' in row.expected) {
			expect(result).toEqual({
				ok: true,
				reference: {
					input: (row.input as string).trim(),
					id: row.expected.id,
					...(row.expected.typeHint ? { typeHint: row.expected.typeHint } : {}),
				},
			});
		} else {
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.problem).toMatch(row.expected.problem);
		}
	});

	it.each(corpus.map((row) => [row.name, row] as const))('%s: agreement with @notionhq/client is recorded', (_name, row) => {
		const sdkAnswer = extractNotionId(row.input as string);
		expect(sdkAnswer).toBe(row.sdk);
		const ours = 'id' in row.expected ? row.expected.id : null;
		if (row.disagreement === undefined) expect(sdkAnswer).toBe(ours);
		else expect(sdkAnswer).not.toBe(ours);
	});

	it("agrees with the SDK's extractBlockId on block links", () => {
		for (const input of [`https://www.notion.so/acme/Roadmap-${PAGE}#${BLOCK}`, `https://acme.notion.site/Roadmap-${PAGE}#block-${BLOCK}`]) {
			const result = parseReference(input);
			expect(result.ok && result.reference.id).toBe(extractBlockId(input));
		}
	});
});

describe('parseReference safety guarantees', () => {
	it('returns only ids that cannot change a request path', () => {
		for (const row of corpus) {
			const result = parseReference(row.input);
			if (result.ok) expect(result.reference.id).toMatch(SAFE_ID);
		}
	});

	it('never echoes more than 80 characters of the input in a problem', () => {
		const long = [
			`https://evil.example.com/${'a'.repeat(200)}-${PAGE}`,
			'x'.repeat(500),
			`${PAGE}${'0'.repeat(300)}`,
			`https://www.notion.so/${'Long-Title-'.repeat(40)}`,
			...corpus.map((row) => row.input).filter((input): input is string => typeof input === 'string'),
		];
		for (const input of long) {
			const result = parseReference(input);
			if (result.ok) continue;
			for (let start = 0; start + 81 <= input.length; start++) {
				expect(result.problem).not.toContain(input.slice(start, start + 81));
			}
		}
	});

	it('states every problem as a sentence', () => {
		for (const row of corpus) {
			const result = parseReference(row.input);
			if (!result.ok) expect(result.problem).toMatch(/^The .*\.$/s);
		}
	});

	it('keeps its guarantee on thousands of generated hostile inputs', () => {
		// A deterministic generator (a linear congruential one) so that a failure can be replayed.
		let seed = 20240611;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed / 2147483648;
		};
		const pieces = [
			PAGE, PAGE_ID, PEEK, 'https://', 'www.', 'notion.so', '.notion.site', 'notion.com', '/', '?', '#', '&', '=',
			'p=', 'v=', '..', '%2e', '%2F', '%0A', '\n', ' ', '\\', '-', 'Title', '@', ':', 'ａ', '\u0435', '\u200b', '0', 'f',
		];
		for (let run = 0; run < 5000; run++) {
			const length = 1 + Math.floor(random() * 8);
			const input = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join('');
			const result = parseReference(input);
			if (result.ok) {
				expect(result.reference.id).toMatch(SAFE_ID);
			} else {
				expect(result.problem.length).toBeLessThan(300);
			}
		}
	});
});

describe('parseReference: path segments that name what every object inherits (issue 17.10)', () => {
	const ID = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
	it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'])(
		'17.10 an api.notion.com link under /v1/%s gives the id and no type hint',
		(segment) => {
			expect(parseReference(`https://api.notion.com/v1/${segment}/${ID}`)).toEqual({ ok: true, reference: { input: `https://api.notion.com/v1/${segment}/${ID}`, id: ID } });
		},
	);

	it('17.10 isNotionId takes an id exactly, nothing else', () => {
		expect([ID, ID.replace(/-/g, ''), ID.toUpperCase()].every(isNotionId)).toBe(true);
		expect(['__proto__', 'toString', `${ID}/..`, ` ${ID}`, `https://www.notion.so/${ID}`, 42, undefined].some(isNotionId)).toBe(false);
	});
});
