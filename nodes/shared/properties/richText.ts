/**
 * Text → Notion rich text, split so that no element is over Notion's 2,000 characters.
 *
 *   splitText(text, max?)  the pieces, in order; joined they are exactly `text`
 *   richText(text)         `[{type:'text', text:{content}}...]` for those pieces ([] for '')
 *
 * Splitting never drops or cuts anything: it only moves the boundary back by one when it would fall
 * inside a surrogate pair, so an emoji is never torn in two. Notion counts `content.length`, which
 * is what JavaScript's length measures.
 */
import { NOTION_LIMITS } from './limits';

export interface RichTextElement {
	type: 'text';
	text: { content: string };
}

export function splitText(text: string, max: number = NOTION_LIMITS.richTextChars): string[] {
	const pieces: string[] = [];
	let start = 0;
	while (start < text.length) {
		let end = Math.min(start + max, text.length);
		if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1)) && end - 1 > start) end -= 1;
		pieces.push(text.slice(start, end));
		start = end;
	}
	return pieces;
}

export function richText(text: string): RichTextElement[] {
	return splitText(text).map((content) => ({ type: 'text', text: { content } }));
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}
