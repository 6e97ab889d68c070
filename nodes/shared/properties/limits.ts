/**
 * Notion's size limits that builders hit, and the result type every builder in this folder returns.
 *
 * The limits are Notion's documented request limits (FACTS.md "Size limits that builders hit"). The
 * builders split what Notion lets them split (text into several rich text elements, blocks into
 * appends of 100) and turn everything else into a problem the caller can name the item with.
 */
export const NOTION_LIMITS = {
	/** Characters in one rich text element's `text.content`. */
	richTextChars: 2000,
	/** Elements of one array: rich text, multi-select options, relations, people, files, filters. */
	arrayItems: 100,
	/** Blocks in one append (PATCH /v1/blocks/{id}/children). */
	blocksPerAppend: 100,
	/** Bytes of one request body. Notion says 500 KB; a little is kept back for the envelope. */
	requestBytes: 500_000,
	urlChars: 2000,
	emailChars: 200,
	phoneChars: 200,
} as const;

/**
 * A builder's answer. Bad input is a value, never a throw: the caller knows the item and the field,
 * and sends the item to n8n's error handling with `problem` in its message.
 */
export type Built<T> = { ok: true; value: T } | { ok: false; problem: string };

export function built<T>(value: T): Built<T> {
	return { ok: true, value };
}

export function problem<T>(text: string): Built<T> {
	return { ok: false, problem: text };
}

/** Quotes a value for a problem text, shortened so that a 10,000-character value stays readable. */
export function shown(value: unknown): string {
	let text: string;
	try {
		text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
	} catch {
		// A BigInt, a circular object or an object without a prototype: still say what it was.
		text = Object.prototype.toString.call(value);
	}
	return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
