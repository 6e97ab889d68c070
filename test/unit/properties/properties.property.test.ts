// Property tests for the pure builders: splitting never loses, adds or tears text; chunking keeps
// order and bounds; append progress counts only what Notion confirmed; values and lookups round-trip.
import fc from 'fast-check';
import {
	appendChunks,
	appendProgress,
	BLOCK_TYPES,
	buildBlock,
	chunk,
	utf8Length,
	type ChunkOutcome,
} from '../../../nodes/shared/properties/blocks';
import { buildCondition, buildSorts, FILTER_CONDITIONS } from '../../../nodes/shared/properties/filters';
import { splitText } from '../../../nodes/shared/properties/richText';
import { findProperty, propertyKey, readSchema } from '../../../nodes/shared/properties/schema';
import { parseNumber } from '../../../nodes/shared/properties/scalars';
import { planUpsert, upsertKey, UPSERT_KEY_TYPES } from '../../../nodes/shared/properties/upsert';
import { buildPropertyValue, WRITABLE_TYPES } from '../../../nodes/shared/properties/values';

const RUNS = { numRuns: 300 };
// Text with astral characters (emoji) and long runs, so boundaries land inside surrogate pairs.
const anyText = fc.oneof(
	fc.string({ unit: 'grapheme', maxLength: 3000 }),
	fc.string({ unit: 'binary', maxLength: 300 }),
	fc.tuple(fc.integer({ min: 0, max: 6500 }), fc.constantFrom('a', '😀', 'é')).map(([n, c]) => c.repeat(n)),
);
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

describe('property: rich text splitting', () => {
	it('pieces are 1..max long, join to the input, and never tear a surrogate pair', () => {
		fc.assert(
			fc.property(anyText, fc.integer({ min: 2, max: 2000 }), (text, max) => {
				const pieces = splitText(text, max);
				expect(pieces.join('')).toBe(text);
				for (const [i, piece] of pieces.entries()) {
					expect(piece.length).toBeGreaterThan(0);
					expect(piece.length).toBeLessThanOrEqual(max);
					const next = pieces[i + 1];
					if (next !== undefined) expect(isHigh(piece.charCodeAt(piece.length - 1)) && isLow(next.charCodeAt(0))).toBe(false);
				}
			}),
			RUNS,
		);
	});

	it('a rich_text value holds the whole text in elements of at most 2,000 characters', () => {
		fc.assert(
			fc.property(anyText, (text) => {
				const result = buildPropertyValue('Notes', 'rich_text', text);
				if (text.trim() === '') return expect(result).toEqual({ ok: true, value: { rich_text: [] } });
				if (!result.ok) throw new Error(result.problem);
				const elements = result.value.rich_text as Array<{ text: { content: string } }>;
				expect(elements.map((element) => element.text.content).join('')).toBe(text);
				for (const element of elements) expect(element.text.content.length).toBeLessThanOrEqual(2000);
			}),
			RUNS,
		);
	});
});

describe('property: chunked appends', () => {
	it('chunks keep every block in order, each chunk 1..size long', () => {
		fc.assert(
			fc.property(fc.array(fc.nat(), { maxLength: 450 }), fc.integer({ min: 1, max: 150 }), (blocks, size) => {
				const chunks = chunk(blocks, size);
				expect(chunks.flat()).toEqual(blocks);
				expect(chunks).toHaveLength(Math.ceil(blocks.length / size));
				for (const part of chunks) {
					expect(part.length).toBeGreaterThan(0);
					expect(part.length).toBeLessThanOrEqual(size);
				}
			}),
			RUNS,
		);
	});

	it('append requests keep every block in order, at most 100 blocks and 500 KB each (or one block alone)', () => {
		const size = fc.oneof({ weight: 5, arbitrary: fc.nat({ max: 300 }) }, { weight: 1, arbitrary: fc.nat({ max: 130_000 }) });
		const blockText = fc.tuple(size, fc.constantFrom('x', 'é', '😀')).map(([n, c]) => c.repeat(n));
		fc.assert(
			fc.property(fc.array(blockText, { maxLength: 260 }), (texts) => {
				const blocks = texts.map((text) => ({ object: 'block', type: 'paragraph', paragraph: { text } }));
				const requests = appendChunks(blocks);
				expect(requests.flat()).toEqual(blocks);
				for (const request of requests) {
					expect(request.length).toBeGreaterThan(0);
					expect(request.length).toBeLessThanOrEqual(100);
					const bytes = utf8Length(JSON.stringify({ children: request }));
					if (request.length > 1) expect(bytes).toBeLessThanOrEqual(500_000);
				}
			}),
			{ numRuns: 100 },
		);
	});

	it('progress counts exactly the blocks of the leading confirmed chunks', () => {
		const outcome = fc.constantFrom<ChunkOutcome['status']>('written', 'not_written', 'unknown');
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 450 }), fc.array(outcome, { maxLength: 6 }), (count, statuses) => {
				const chunks = chunk(Array.from({ length: count }, (_, i) => `b${i}`));
				const outcomes: ChunkOutcome[] = statuses.map((status, i) =>
					status === 'written' ? { status, ids: chunks[i] ?? [] } : { status },
				);
				const progress = appendProgress(chunks, outcomes);
				const leading = statuses.findIndex((status) => status !== 'written');
				const confirmed = Math.min(leading === -1 ? statuses.length : leading, chunks.length);
				const expected = chunks.slice(0, confirmed).flat();
				expect(progress.writtenIds).toEqual(expected);
				expect(progress.blocksWritten).toBe(expected.length);
				expect(progress.complete).toBe(confirmed === chunks.length);
				expect(progress.failedChunk).toBe(progress.complete ? undefined : confirmed + 1);
				expect(progress.summary).toContain(`${expected.length}`);
			}),
			RUNS,
		);
	});
});

describe('property: round trips', () => {
	it('any finite number survives being given as text', () => {
		fc.assert(
			fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (number) => {
				// String(-0) is "0", so -0 comes back as 0.
				const expected = Object.is(number, -0) ? 0 : number;
				expect(parseNumber(String(number))).toEqual({ ok: true, value: expected });
				expect(buildPropertyValue('N', 'number', String(number))).toEqual({ ok: true, value: { number: expected } });
			}),
			RUNS,
		);
	});

	it('multi-select names come back as given, whether a list or comma-separated text', () => {
		const name = fc
			.string({ minLength: 1, maxLength: 20 })
			.map((s) => s.replace(/,/g, '').trim())
			.filter((s) => s !== '');
		fc.assert(
			fc.property(fc.array(name, { maxLength: 100 }), (names) => {
				const expected = { ok: true, value: { multi_select: names.map((n) => ({ name: n })) } };
				expect(buildPropertyValue('Tags', 'multi_select', names)).toEqual(expected);
				expect(buildPropertyValue('Tags', 'multi_select', names.join(', '))).toEqual(expected);
			}),
			RUNS,
		);
	});

	it('any property name, prototype names included, is found by its name|type key', () => {
		const name = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...PROTOTYPE_NAMES, 'a|b', '|'));
		const type = fc.constantFrom('title', 'number', 'select', 'status', 'formula');
		fc.assert(
			fc.property(fc.uniqueArray(fc.tuple(name, type), { selector: ([n]) => n, maxLength: 12 }), (entries) => {
				const properties = Object.fromEntries(entries.map(([n, t]) => [n, { id: n, type: t, [t]: {} }]));
				const schema = readSchema(JSON.parse(JSON.stringify(properties)));
				expect(schema.size).toBe(entries.length);
				for (const [n, t] of entries) expect(findProperty(schema, propertyKey(n, t))).toMatchObject({ name: n, type: t });
				// A name the schema lacks finds nothing, even one every object inherits.
				for (const absent of PROTOTYPE_NAMES.filter((n) => !entries.some(([present]) => present === n))) {
					expect(findProperty(schema, absent)).toBeUndefined();
					expect(findProperty(schema, propertyKey(absent, 'title'))).toBeUndefined();
				}
			}),
			RUNS,
		);
	});

	it('upsert plans one lookup per distinct key, and followers follow an earlier lookup of the same key', () => {
		fc.assert(
			fc.property(
				fc.array(fc.option(fc.constantFrom('a', 'b', 'c', '__proto__'), { nil: undefined }), { maxLength: 30 }),
				(keys) => {
					const plan = planUpsert(keys);
					expect(plan.map((step) => step.index)).toEqual(keys.map((_, i) => i));
					expect(plan.filter((step) => step.role === 'lookup')).toHaveLength(new Set(keys.filter((k) => k !== undefined)).size);
					for (const step of plan) {
						if (step.role === 'skip') expect(keys[step.index]).toBeUndefined();
						if (step.role !== 'follow') continue;
						expect(step.leader).toBeLessThan(step.index);
						expect(keys[step.leader]).toBe(keys[step.index]);
						expect(plan[step.leader].role).toBe('lookup');
					}
				},
			),
			RUNS,
		);
	});
});

describe('property: bad input is a problem, never a throw', () => {
	// Whatever an expression hands over: objects without a prototype, BigInts, Dates, Maps, sparse arrays.
	const anyValue = fc.anything({
		withNullPrototype: true,
		withBigInt: true,
		withDate: true,
		withMap: true,
		withSet: true,
		withSparseArray: true,
		withBoxedValues: true,
		withObjectString: true,
	});
	const someType = (types: readonly string[]) =>
		fc.oneof(
			fc.constantFrom(...types),
			fc.constantFrom('formula', 'rollup', '__proto__', 'constructor'),
			fc.string(),
			anyValue.map((value) => value as string),
		);
	const isAnswer = (result: { ok: boolean; problem?: string }) =>
		expect(result.ok === true || (typeof result.problem === 'string' && result.problem.length > 0)).toBe(true);

	it('values, filters, sorts, blocks and upsert keys answer ok or a problem for any input', () => {
		fc.assert(
			fc.property(someType(WRITABLE_TYPES), anyValue, (type, value) => isAnswer(buildPropertyValue('P', type, value))),
			RUNS,
		);
		fc.assert(
			fc.property(
				someType(Object.keys(FILTER_CONDITIONS)),
				fc.oneof(fc.constantFrom(...new Set(Object.values(FILTER_CONDITIONS).flat())), fc.string()),
				anyValue,
				anyValue,
				(type, condition, value, formulaType) =>
					isAnswer(buildCondition({ property: 'P', type, condition, value, formulaType: formulaType as string })),
			),
			RUNS,
		);
		fc.assert(
			fc.property(anyValue, anyValue, (property, direction) =>
				isAnswer(
					buildSorts([{ property: property as string, direction: direction as string, timestamp: property === 'created_time' }]),
				),
			),
			RUNS,
		);
		fc.assert(
			fc.property(someType(Object.keys(BLOCK_TYPES)), anyValue, anyValue, (type, text, other) =>
				isAnswer(buildBlock({ type, text, checked: other, language: other, icon: other, url: other ?? text })),
			),
			RUNS,
		);
		fc.assert(
			fc.property(someType(UPSERT_KEY_TYPES), anyValue, (type, value) => isAnswer(upsertKey('K', type, value))),
			RUNS,
		);
	});
});
