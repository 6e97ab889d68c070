// One poll of the watch: what it asks Notion, and the items it makes of the answers.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { classify, classifySearchResult, isTrashed, observed } from '../shared/core/classify';
import type { NotionReference, Outcome, ResourceType } from '../shared/core/types';
import { buildReport, type Subject, watchEventReport, watchHealthReport } from '../shared/report';
import type { NotionTransport } from '../shared/transport';
import type { RefreshCounts } from '../shared/transport/refresh';
import { checkResource, checkTokenOnce, describeObject, type ResourceCheck, type TokenCheck } from '../shared/checks';
import { ownValue } from '../shared/core/ownValue';
import { isNotionId, parseReference } from '../shared/core/reference';
import { SEARCH_PAGE_SIZE } from './description';
import { idsToCheck, type Observation, type WatchEvent, type WatchState } from './state';

export interface WatchedResource {
	reference: NotionReference;
	type: ResourceType | 'auto';
	/** A database's one data source to check (its name or id); absent: each of them. */
	dataSource?: string;
}

export interface WatchConfig {
	resources: WatchedResource[];
	search: boolean;
	maxSearchPages: number;
}

/** Everything one poll learnt: the observation the state is diffed against, and what the items need. */
export interface PollRun {
	observation: Observation;
	token: TokenCheck;
	/** GETs this poll, by resource id. */
	checks: Map<string, { reference: NotionReference; check: ResourceCheck }>;
	/** Objects search showed, by id. */
	found: Map<string, Subject>;
	/** The first answer that said Retry, for an outage's report. */
	firstRetry?: Outcome;
}

const SEARCH_KINDS: Record<string, ResourceType> = { page: 'page', data_source: 'data_source', database: 'database' };

/**
 * Asks the token once; then, only if it works, search (at most `maxSearchPages` pages) and one
 * check per distinct resource: the listed ones and those search no longer shows. A resource whose
 * kind is known from an earlier poll or from search is asked at its own endpoint only.
 */
export async function runPoll(transport: NotionTransport, config: WatchConfig, previous: WatchState | undefined, now: Date): Promise<PollRun> {
	const run: PollRun = {
		observation: { at: now.toISOString(), token: { verdict: 'retry', reason: 'server_error' }, checked: [], requests: 1, retries: 0 },
		token: await checkTokenOnce(transport),
		checks: new Map(),
		found: new Map(),
	};
	const seen = (outcome: Outcome) => {
		const { verdict, reason } = observed(outcome);
		if (verdict === 'retry') {
			run.observation.retries++;
			run.observation.retryReason ??= reason;
			run.firstRetry ??= outcome;
		}
		return { verdict, reason };
	};
	run.observation.token = seen(run.token.outcome);
	if (run.token.outcome.verdict !== 'access_ok') return run;

	if (config.search) run.observation.search = await search(transport, config.maxSearchPages, run, seen);

	const listed = new Map(config.resources.map((resource) => [resource.reference.id, resource]));
	const ids = idsToCheck(previous, [...listed.keys()], run.observation.search);
	const checks = await Promise.all(
		ids.map(async (id) => {
			const given = listed.get(id);
			const known = previous?.resources[id];
			const reference = given?.reference ?? { input: id, id };
			const type = given && given.type !== 'auto' ? given.type : (known?.type ?? 'auto');
			// Found at no endpoint before: one endpoint a poll, in turn, instead of all of them every poll.
			const probe = type === 'auto' && known?.reason === 'not_shared_or_missing' ? known.probe : undefined;
			return { id, listed: given !== undefined, reference, known, check: await checkResource(transport, reference, type, probe, given?.dataSource) };
		}),
	);
	// In the order the resources were given, whatever order Notion answered in.
	for (const { id, listed: isListed, reference, known, check } of checks) {
		run.checks.set(id, { reference, check });
		run.observation.requests++;
		// A probe that Notion answered "this is a database" leaves the verdict known as it is: it is no Retry.
		const observed = check.kindNamed && known ? { verdict: known.verdict, reason: known.reason } : seen(check.outcome);
		run.observation.checked.push({ id, listed: isListed, ...observed });
	}
	return run;
}

async function search(
	transport: NotionTransport,
	maxPages: number,
	run: PollRun,
	seen: (outcome: Outcome) => unknown,
): Promise<Observation['search']> {
	const ids: string[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < maxPages; page++) {
		const result = await transport.request({
			method: 'POST',
			path: '/v1/search',
			body: { page_size: SEARCH_PAGE_SIZE, ...(cursor ? { start_cursor: cursor } : {}) },
			expect: 'list',
		});
		run.observation.requests++;
		if (!result.ok) {
			seen(classify(result.failure));
			return { ids, complete: false };
		}
		const list = result.response.body as { results?: unknown[]; has_more?: unknown; next_cursor?: unknown };
		for (const object of Array.isArray(list.results) ? list.results : []) {
			const { id: given, object: kind } = object as { id?: unknown; object?: unknown };
			const type = ownValue(SEARCH_KINDS, kind);
			// The id becomes a request path and a key of the state: only a Notion id, in the form listed ids have.
			const parsed = isNotionId(given) ? parseReference(given) : undefined;
			if (!parsed?.ok || !type || isTrashed(object)) continue;
			const { id } = parsed.reference;
			ids.push(id);
			run.found.set(id, { reference: { input: id, id }, type, ...describeObject(object) });
		}
		if (list.has_more !== true || typeof list.next_cursor !== 'string') return { ids, complete: true };
		cursor = list.next_cursor;
	}
	return { ids, complete: false };
}

/**
 * Remembers each resource's kind for the next poll (harmless to lose: it only saves a request).
 * Only a kind Notion proved: the object itself came back, or search showed it, now or before (an
 * id's kind does not change). A check that met a 5xx or a timeout at its first guess (/v1/pages)
 * returns that guess, and remembering it would ask a data source at /v1/pages alone for ever after,
 * and report it not shared. A resource found at no endpoint keeps instead the endpoint to ask next
 * (`probe`), and only while its verdict says so.
 */
export function rememberTypes(state: WatchState, previous: WatchState | undefined, run: PollRun): void {
	for (const [id, resource] of Object.entries(state.resources)) {
		const before = previous?.resources[id];
		const check = run.checks.get(id)?.check;
		const type = (check?.typeProven ? check.type : undefined) ?? run.found.get(id)?.type ?? before?.type;
		const probe = type === undefined && resource.reason === 'not_shared_or_missing' ? (check ? check.nextProbe : before?.probe) : undefined;
		if (type) resource.type = type;
		if (probe) resource.probe = probe;
		else delete resource.probe;
	}
}

/** The Access Check's report for one resource, as this poll saw it. */
function resourceReport(transport: NotionTransport, run: PollRun, id: string, now: Date): IDataObject | undefined {
	const checked = run.checks.get(id);
	if (checked) {
		const { outcome, type, title, url, dataSources, failedDataSource } = checked.check;
		if (outcome.verdict === 'error') return undefined;
		return buildReport(transport, { ...outcome, verdict: outcome.verdict }, run.token.integration, { reference: checked.reference, type, title, url, dataSources, failedDataSource }, now);
	}
	const found = run.found.get(id);
	return found ? buildReport(transport, classifySearchResult(), run.token.integration, found, now) : undefined;
}

function tokenReport(transport: NotionTransport, run: PollRun, outcome: Outcome, now: Date): IDataObject {
	return buildReport(transport, observed(outcome), run.token.integration, {}, now);
}

/** One item per event: the report of what this poll saw, with the event and what was known before. */
export function eventItems(transport: NotionTransport, run: PollRun, events: WatchEvent[], now: Date): INodeExecutionData[] {
	return events.map((event) => {
		let report: IDataObject | undefined;
		if (event.id) report = resourceReport(transport, run, event.id, now);
		else if (event.event === 'outage_started') report = tokenReport(transport, run, run.token.outcome.verdict === 'retry' ? run.token.outcome : (run.firstRetry ?? run.token.outcome), now);
		else report = tokenReport(transport, run, run.token.outcome, now);
		return { json: watchEventReport(event.event, report, event.previous) };
	});
}

/** Manual mode ("Fetch Test Event"): the current state of everything watched, as events would carry it. */
export function currentItems(transport: NotionTransport, run: PollRun, previous: WatchState | undefined, now: Date): INodeExecutionData[] {
	const ids = new Set([...run.checks.keys(), ...run.found.keys()]);
	const items: INodeExecutionData[] = [];
	if (ids.size === 0 || run.token.outcome.verdict !== 'access_ok') {
		items.push({ json: watchEventReport('current_state', tokenReport(transport, run, run.token.outcome, now), previous?.token ?? null) });
	}
	for (const id of ids) {
		const report = resourceReport(transport, run, id, now);
		if (report) items.push({ json: watchEventReport('current_state', report, previous?.resources[id] ?? null) });
	}
	return items;
}

/** Every poll, on request: the token's status, counts by verdict and reason, and each problem with what to do. */
export function healthItem(transport: NotionTransport, run: PollRun, state: WatchState, now: Date, refreshes: RefreshCounts): INodeExecutionData {
	const outcomes: Outcome[] = [];
	const problems: IDataObject[] = [];
	for (const id of new Set([...run.checks.keys(), ...run.found.keys()])) {
		const outcome = run.checks.get(id)?.check.outcome ?? classifySearchResult();
		outcomes.push(outcome);
		if (outcome.verdict !== 'access_ok') {
			const report = resourceReport(transport, run, id, now);
			if (report) problems.push(report);
		}
	}
	const search = run.observation.search ? { found: run.observation.search.ids.length, complete: run.observation.search.complete } : null;
	const token = tokenReport(transport, run, run.token.outcome, now);
	return { json: watchHealthReport({ token, tokenSince: state.token?.since ?? null, outage: state.outage, outcomes, problems, search, refreshes }, now) };
}
