// One poll of the Notion Trigger: what it asks Notion, and the items it makes of the answers.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { classify, observed } from '../shared/core/classify';
import { FIRST_TITLE_ONLY_QUERY_VERSION, filterPropertiesQuery } from '../shared/core/notion';
import type { NotionReference, Outcome } from '../shared/core/types';
import { simplifyPage } from '../shared/properties/simplify';
import { buildReport, type Subject } from '../shared/report';
import type { NotionTransport } from '../shared/transport';
import {
	type AccessEvent,
	advanceCursor,
	digest,
	fingerprint,
	forget,
	judgeAccess,
	judgePage,
	MAX_PAGES_PER_POLL_LIMIT,
	PAGE_SIZE,
	type PageChange,
	type PageEvent,
	type QueryCursor,
	type QueryKind,
	type SeenPage,
	startingCursor,
	type TriggerState,
} from './state';

export interface TriggerConfig {
	reference: NotionReference;
	events: PageEvent[];
	/** Page updates are reported only when one of these changed (all updates when empty). */
	watchedProperties: string[];
	simplify: boolean;
	/** Result pages (of PAGE_SIZE) per query per poll. */
	maxPages: number;
}

/** A poll that could not do its work: thrown so that n8n shows it (at activation, or in "Fetch Test Event"). */
export class PollFailure extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
	}
}

export interface PollResult {
	items: INodeExecutionData[];
	next: TriggerState;
	/** Requests sent, for the log line and the benchmark. */
	requests: number;
}

type Json = Record<string, unknown>;

/**
 * One poll. Without a previous state it is the baseline: it finds the data source, reads the
 * pages edited in the last minute or so to know them, and reports nothing (and throws if Notion
 * refuses, so that activation fails with the reason). After that, each query reads from its cursor
 * and every page change is judged once (state.ts); access problems become events, with the Watch's rules.
 */
export async function runPoll(transport: NotionTransport, config: TriggerConfig, previous: TriggerState | undefined, now: number): Promise<PollResult> {
	const at = new Date(now).toISOString();
	let requests = 0;
	const baseline = previous === undefined;
	let state: TriggerState;
	let schema: unknown;
	if (previous) {
		state = JSON.parse(JSON.stringify(previous)) as TriggerState;
	} else {
		const resolved = await resolveDataSource(transport, config.reference);
		requests += resolved.requests;
		if ('failure' in resolved) throw pollFailure(transport, resolved.failure, config.reference);
		schema = resolved.schema;
		state = { version: 1, source: { given: config.reference.id, dataSourceId: resolved.dataSourceId }, cursors: {}, pages: {}, since: startingCursor(now) };
	}

	const wantsTrash = config.events.includes('page_trashed') || config.events.includes('page_restored');
	const queries: QueryKind[] = wantsTrash ? ['live', 'trash'] : ['live'];
	const pageItems: INodeExecutionData[] = [];
	// From 2026-12-01 the schema is read first: when that fails, no query is sent and the failure is this poll's.
	const target = await queryPath(transport, state.source.dataSourceId, schema);
	requests += target.requests;
	let failure: Outcome | undefined = 'failure' in target ? target.failure : undefined;
	if ('path' in target) {
		for (const kind of queries) {
			// The baseline reads what changed in the last minute or so to know it, up to the highest cap
			// (10,000 pages per query): read it all, or what it missed is reported as news next poll.
			const limits = baseline ? { ...config, maxPages: MAX_PAGES_PER_POLL_LIMIT } : config;
			const run = await runQuery(transport, target.path, state, kind, limits, now, (page, change) => {
				if (!baseline && reported(change, config)) pageItems.push(pageItem(page, change, state.source.dataSourceId, config.simplify));
			});
			requests += run.requests;
			if (run.failure) {
				failure = run.failure;
				break;
			}
		}
	}
	forget(state);

	if (baseline) {
		if (failure) throw pollFailure(transport, failure, config.reference);
		return { items: [], next: state, requests };
	}
	// A request this node could not make sense of says nothing about access: like Retry, it keeps what was known.
	const seen = failure === undefined ? ({ verdict: 'access_ok', reason: 'accessible' } as const) : observed(failure);
	const accessEvents = judgeAccess(state, { verdict: seen.verdict, reason: seen.reason }, at);
	const subject: Subject = { reference: { input: config.reference.input, id: state.source.dataSourceId }, type: 'data_source' };
	const accessItems = accessEvents.map((event) => accessItem(transport, event, failure, subject, now));
	// What ended comes before the pages this poll read; what started, after them.
	const items = failure ? [...pageItems, ...accessItems] : [...accessItems, ...pageItems];
	return { items, next: state, requests };
}

function reported(change: PageChange, config: TriggerConfig): boolean {
	if (!config.events.includes(change.event)) return false;
	if (change.event !== 'page_updated' || config.watchedProperties.length === 0 || change.changedProperties === null) return true;
	return change.changedProperties.some((name) => config.watchedProperties.includes(name));
}

interface QueryRun {
	requests: number;
	failure?: Outcome;
}

/**
 * Reads one query from its cursor, at most `maxPages` result pages, and hands each page to
 * `judgePage`. A query that stopped at the cap keeps its place for the next poll; one whose saved
 * place Notion no longer takes (a 400) starts again from its cursor minute, once.
 */
async function runQuery(
	transport: NotionTransport,
	path: string,
	state: TriggerState,
	kind: QueryKind,
	config: TriggerConfig,
	now: number,
	onChange: (page: Json, change: PageChange) => void,
): Promise<QueryRun> {
	const cursor = state.cursors[kind] ?? { from: startingCursor(now) };
	const first = await readFrom(transport, path, state, kind, cursor, config, onChange);
	if (first.outcome?.reason !== 'request_invalid' || !cursor.resume) return first;
	// Notion no longer takes the place a capped query stopped at: start again from its minute.
	const again = await readFrom(transport, path, state, kind, { from: cursor.from }, config, onChange);
	return { requests: first.requests + again.requests, failure: again.outcome };
}

async function readFrom(
	transport: NotionTransport,
	path: string,
	state: TriggerState,
	kind: QueryKind,
	cursor: QueryCursor,
	config: TriggerConfig,
	onChange: (page: Json, change: PageChange) => void,
): Promise<QueryRun & { outcome?: Outcome }> {
	const startedAt = Date.now();
	let start = cursor.resume?.cursor;
	for (let page = 1; ; page++) {
		const result = await transport.request({
			method: 'POST',
			path,
			body: {
				filter: { timestamp: 'last_edited_time', last_edited_time: { on_or_after: cursor.from } },
				sorts: [{ timestamp: 'last_edited_time', direction: 'ascending' }],
				page_size: PAGE_SIZE,
				...(kind === 'trash' ? { in_trash: true } : {}),
				...(start ? { start_cursor: start } : {}),
			},
			expect: 'list',
		});
		if (!result.ok) {
			// The cursor stays: the pages already judged are remembered, the rest are read next poll.
			state.cursors[kind] = cursor;
			const outcome = classify(result.failure);
			return { requests: page, failure: outcome, outcome };
		}
		const list = result.response.body as { results?: unknown; has_more?: unknown; next_cursor?: unknown };
		for (const object of Array.isArray(list.results) ? list.results : []) {
			const seen = toSeenPage(object);
			if (!seen) continue;
			const change = judgePage(state.pages, seen, fingerprint(seen), state.since ?? cursor.from);
			if (change) onChange(object as Json, change);
		}
		const next = typeof list.next_cursor === 'string' ? list.next_cursor : undefined;
		if (list.has_more !== true) {
			state.cursors[kind] = advanceCursor(cursor, { startedAt, complete: true });
			return { requests: page };
		}
		if (next === undefined || page >= config.maxPages) {
			// At the cap, or "more" with no way to get it: nothing after this point counts as seen.
			state.cursors[kind] = advanceCursor(cursor, { startedAt, complete: false, nextCursor: next });
			return { requests: page };
		}
		start = next;
	}
}

function toSeenPage(object: unknown): SeenPage | undefined {
	const page = object as Json | null;
	if (!page || page.object !== 'page' || typeof page.id !== 'string' || typeof page.last_edited_time !== 'string') return undefined;
	const properties: Record<string, string> = {};
	if (typeof page.properties === 'object' && page.properties !== null) {
		for (const [name, value] of Object.entries(page.properties as Json)) properties[name] = digest(value, 8);
	}
	return {
		id: page.id,
		createdTime: typeof page.created_time === 'string' ? page.created_time : '',
		lastEditedTime: page.last_edited_time,
		inTrash: page.in_trash === true || page.archived === true,
		properties,
	};
}

function pageItem(page: Json, change: PageChange, dataSourceId: string, simplify: boolean): INodeExecutionData {
	const head = { event: change.event, changedProperties: change.changedProperties, dataSourceId };
	return { json: (simplify ? { ...head, ...simplifyPage(page) } : { ...head, ...page }) as IDataObject };
}

function accessItem(transport: NotionTransport, event: AccessEvent, failure: Outcome | undefined, subject: Subject, now: number): INodeExecutionData {
	const outcome = observed(failure ?? { verdict: 'access_ok', reason: 'accessible' });
	return { json: { event, ...buildReport(transport, outcome, {}, subject, new Date(now)) } };
}

function pollFailure(transport: NotionTransport, outcome: Outcome, reference: NotionReference): PollFailure {
	const report = buildReport(transport, observed(outcome), {}, { reference, type: 'data_source' });
	const detail = [outcome.code, outcome.httpStatus === undefined ? undefined : `HTTP ${outcome.httpStatus}`].filter(Boolean).join(', ');
	return new PollFailure(transport.redact(`Notion Trigger could not read the data source${detail ? ` (${detail})` : ''}: ${outcome.message ?? outcome.reason}`), String(report.remediation));
}

/** `schema`: the data source object, when resolving already read it (a data source id given as is). */
type Resolved = { dataSourceId: string; requests: number; schema?: unknown } | { failure: Outcome; requests: number };

/**
 * The data source a reference means. A data source id is used as is; a database id (what a link
 * to a database usually holds) is its one data source. A database with several data sources must
 * be told which: the error lists them.
 */
export async function resolveDataSource(transport: NotionTransport, reference: NotionReference): Promise<Resolved> {
	const source = await transport.get(`/v1/data_sources/${reference.id}`, 'data_source');
	if (source.ok) return { dataSourceId: reference.id, requests: 1, schema: source.response.body };
	const sourceOutcome = classify(source.failure);
	if (sourceOutcome.reason !== 'not_shared_or_missing') return { failure: sourceOutcome, requests: 1 };
	const database = await transport.get(`/v1/databases/${reference.id}`, 'database');
	if (!database.ok) {
		const outcome = classify(database.failure);
		// Not a database either: Notion's first answer (not shared, or missing) is the one to act on.
		return { failure: outcome.reason === 'not_shared_or_missing' || outcome.verdict === 'error' ? sourceOutcome : outcome, requests: 2 };
	}
	const sources = ((database.response.body as { data_sources?: unknown }).data_sources ?? []) as Array<{ id?: unknown; name?: unknown }>;
	const ids = sources.filter((entry) => typeof entry?.id === 'string');
	if (ids.length === 1) return { dataSourceId: ids[0].id as string, requests: 2 };
	throw new PollFailure(
		ids.length === 0 ? 'This database has no data source the integration can read.' : `This database has ${ids.length} data sources: pick one of them.`,
		ids.length === 0
			? 'Pick a data source from the list, or share the database with the integration.'
			: `Pick the data source from the list, or give its ID: ${ids.map((entry) => `${transport.redact(String(entry.name ?? 'untitled'))} (${String(entry.id)})`).join(', ')}.`,
	);
}

/**
 * "Fetch Test Event": the page edited last, as one item of the first event chosen, like n8n's own
 * Notion Trigger. It remembers nothing (n8n does not save a manual poll's static data).
 */
export async function testEvent(transport: NotionTransport, config: TriggerConfig): Promise<INodeExecutionData[] | null> {
	const resolved = await resolveDataSource(transport, config.reference);
	if ('failure' in resolved) throw pollFailure(transport, resolved.failure, config.reference);
	const target = await queryPath(transport, resolved.dataSourceId, resolved.schema);
	if ('failure' in target) throw pollFailure(transport, target.failure, config.reference);
	const event = config.events[0] ?? 'page_added';
	const result = await transport.request({
		method: 'POST',
		path: target.path,
		body: {
			sorts: [{ timestamp: event === 'page_added' ? 'created_time' : 'last_edited_time', direction: 'descending' }],
			page_size: 1,
			...(event === 'page_trashed' ? { in_trash: true } : {}),
		},
		expect: 'list',
	});
	if (!result.ok) throw pollFailure(transport, classify(result.failure), config.reference);
	const [page] = ((result.response.body as { results?: unknown }).results ?? []) as Json[];
	if (!page || typeof page !== 'object') return null;
	return [pageItem(page, { event, id: String(page.id), changedProperties: null }, resolved.dataSourceId, config.simplify)];
}

// From Notion-Version 2026-12-01 a data source query answers only the title property unless
// `filter_properties` names others (https://developers.notion.com/guides/get-started/upgrade-guide-2026-12-01).
// The trigger fingerprints, compares and outputs every property, so from that version each poll
// reads the schema once (GET /v1/data_sources/{id}) and names every property id. A fresh read, not
// a cached list: a property added since would be missing from a cached list, and nothing in a
// query's answer would say so. Older versions answer every property: nothing more is asked.

type QueryPath = { path: string; requests: number } | { failure: Outcome; requests: number };

/** The query's path, with `filter_properties` where the version needs it; `schema` is a data source object already read this poll. */
async function queryPath(transport: NotionTransport, dataSourceId: string, schema?: unknown): Promise<QueryPath> {
	const path = `/v1/data_sources/${dataSourceId}/query`;
	if (transport.notionVersion < FIRST_TITLE_ONLY_QUERY_VERSION) return { path, requests: 0 };
	let requests = 0;
	if (schema === undefined) {
		const source = await transport.get(`/v1/data_sources/${dataSourceId}`, 'data_source');
		requests = 1;
		if (!source.ok) return { failure: classify(source.failure), requests };
		schema = source.response.body;
	}
	const ids = Object.entries(schemaProperties(schema)).map(([name, property]) => (typeof property.id === 'string' ? property.id : name));
	return { path: ids.length > 0 ? `${path}?${filterPropertiesQuery(ids)}` : path, requests };
}

function schemaProperties(schema: unknown): Record<string, { id?: unknown }> {
	const properties = (schema as { properties?: unknown } | null)?.properties;
	return typeof properties === 'object' && properties !== null ? (properties as Record<string, { id?: unknown }>) : {};
}

/** The names of the data source's properties, for "Only When These Properties Change". */
export async function propertyNames(transport: NotionTransport, reference: NotionReference): Promise<string[]> {
	const resolved = await resolveDataSource(transport, reference);
	if ('failure' in resolved) throw pollFailure(transport, resolved.failure, reference);
	let schema = resolved.schema;
	if (schema === undefined) {
		const source = await transport.get(`/v1/data_sources/${resolved.dataSourceId}`, 'data_source');
		if (!source.ok) throw pollFailure(transport, classify(source.failure), reference);
		schema = source.response.body;
	}
	return Object.keys(schemaProperties(schema)).sort();
}
