/**
 * Values as n8n hands them over (a field, an expression's result, a previous node's JSON) → the
 * plain number, boolean or list a builder needs. Shared by values, filters and upsert so that "12",
 * "true" and "a, b" mean the same thing everywhere.
 *
 *   parseNumber(value)   finite number from a number or decimal text ("1.5", "-2e3", " 7 ")
 *   parseBoolean(value)  true/false from a boolean or the text "true"/"false" (any case)
 *   parseList(value)     strings from an array or a comma-separated text, trimmed, empties dropped.
 *                        Array entries are split on commas too: Notion allows no comma in an option
 *                        name, and ids have none, so "a,b" inside an array still means two.
 *   isBlank(value)       undefined, null or only whitespace: "leave empty" in n8n's fields
 */
import { built, problem, shown, type Built } from './limits';

// Decimal only: Number() would also take "0x1F", "0b1" and "" (as 0), which no builder means.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export function parseNumber(value: unknown): Built<number> {
	const parsed =
		typeof value === 'number' ? value : typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value.trim()) : NaN;
	return Number.isFinite(parsed) ? built(parsed) : problem(`${shown(value)} is not a number`);
}

export function parseBoolean(value: unknown): Built<boolean> {
	if (typeof value === 'boolean') return built(value);
	const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (text === 'true') return built(true);
	if (text === 'false') return built(false);
	return problem(`${shown(value)} is not true or false`);
}

export function parseList(value: unknown): Built<string[]> {
	if (isBlank(value)) return built([]);
	const list: string[] = [];
	for (const entry of Array.isArray(value) ? value : [value]) {
		if (isBlank(entry)) continue;
		if (typeof entry !== 'string' && typeof entry !== 'number') return problem(`${shown(entry)} is not text`);
		for (const part of String(entry).split(',')) if (part.trim() !== '') list.push(part.trim());
	}
	return built(list);
}
