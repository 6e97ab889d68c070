/**
 * The Notion Access Watch's properties, on random scenarios of 2-6 polls, through the real `poll`
 * and the core-faithful fake (test/support/fakeN8nCore.ts), on a fake clock. Between polls the world
 * changes (resources unshared, reshared, trashed, restored; the grant revoked and given back; an OAuth2
 * access token expired) and Notion misbehaves (the whole API or single resources answering 5xx, 429
 * with odd Retry-After values, network errors, timeouts, errors that quote the secret; search failing
 * halfway through its page chain). Static data is kept as n8n keeps it: one object in memory between
 * polls, saved after the activation poll and after each poll that emits; a restart of n8n between two
 * polls brings back the last saved copy.
 * - W1 bounded work: per poll one token check, at most `maxSearchPages` search pages and at most two
 *   endpoints per distinct resource (the second only after a 404 at /v1/pages or a 400 naming the
 *   kind), each call sent at most MAX_SENDS_PER_CALL times; token requests only after a 401; fake time
 *   within the stated waits and timeouts.
 * - W2 no alert storm: a poll where every answer was transient emits at most one event, never a
 *   lost one; an outage is one event when it starts and one when it ends.
 * - W3 exactly once: against a model of the world computed here (not by the node's state code), each
 *   change of a listed resource between readable and not readable, and of the token between working
 *   and revoked, seen by two judging polls, is reported once, restarts included; discovery events
 *   are true when made and alternate per object.
 * - W4 no secret in any emitted item, error or log line.
 * - W5 (issue 17.11) the bound on requests per poll, on lists up to the cap of 100 and beyond it,
 *   with ids Notion knows nothing of, over 3-8 polls: see requestsWithinBound. W3 accordingly judges
 *   a readable resource that no earlier poll found when its own endpoint's turn comes (at most two
 *   polls later), and fails when that turn does not come.
 * - A Notion failure never makes `poll` throw. A credential n8n cannot read at the poll's first read
 *   does: the poll fails (n8n records an error) before it sends anything or touches its state, so
 *   the next poll carries on from where the last one left off. One that fails later, inside core's
 *   request for the token check, makes that check a Retry: an outage (one event), never token_lost.
 * A change between two problem reasons (not shared, then in the trash) is no event, by design: the
 * events are crossings of "readable"; the model treats it as no change.
 * FC_RUNS sets the number of scenarios (default 400: about 4 s on a loaded 2-core machine, 15 s for
 * the file with ts-jest's compile).
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { NotionAccessWatch } from '../../nodes/NotionAccessWatch/NotionAccessWatch.node';
import { AxiosError } from '../support/errorShapes';
import { runOnFakeClock } from '../support/fakeClock';
import { type ApiAnswer, FakeN8nCore, type SentRequest } from '../support/fakeN8nCore';

const RUNS = Number(process.env.FC_RUNS ?? 400);
/** FC_SEED and FC_PATH, as fast-check prints them with a counterexample, replay it. */
const replay = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {};
/** The transport's bound (MAX_SENDS_PER_CALL), written out so that loosening it fails here. */
const MAX_SENDS_PER_CALL = 4;
const DEFAULT_MAX_SEARCH_PAGES = 10;
const POLL_INTERVAL_MS = 5 * 60_000;

// ---------- the world: a pool of resources ----------

type Kind = 'page' | 'database' | 'data_source';
/** Small, so that the list, search and the changes meet often. */
const POOL = 16;
/** Past the pool: ids Notion knows nothing of (404 at every endpoint), for lists up to the Watch's cap and beyond. */
const UNKNOWN = 140;
const MAX_WATCHED_RESOURCES = 100;
const ids = Array.from({ length: POOL + UNKNOWN }, (_, i) => `5e${i.toString(16).padStart(6, '0')}-1111-4222-8333-${(i * 7919 + 1).toString(16).padStart(12, '0')}`);
const compact = (id: string) => id.replace(/-/g, '').toLowerCase();
const indexOf = new Map(ids.map((id, i) => [compact(id), i]));
/** Every fifth resource is a database and every fifth a data source: auto mode must find their endpoint. */
const kindOf = (i: number): Kind => (i % 5 === 3 ? 'database' : i % 5 === 4 ? 'data_source' : 'page');
const COLLECTION: Record<Kind, string> = { page: 'pages', database: 'databases', data_source: 'data_sources' };

type Status = 'shared' | 'unshared' | 'trashed';
type Transient =
	| { kind: 'http'; status: number; retryAfter?: string }
	| { kind: 'network'; code: string }
	| { kind: 'timeout' }
	| { kind: 'secret' };
type Change = { op: 'unshare' | 'reshare' | 'trash' | 'restore'; index: number } | { op: 'revoke' | 'regrant' | 'expire' };

const rarely = (oneIn: number) => fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
const retryAfter = fc.constantFrom(undefined, '0', '1', '-5', 'soon', '2.5', '30', '120', '99999999999', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', ' 3 ');
const transient: fc.Arbitrary<Transient> = fc.oneof(
	fc.record({ kind: fc.constant('http' as const), status: fc.constantFrom(500, 502, 503, 504, 529) }),
	fc.record({ kind: fc.constant('http' as const), status: fc.constant(429), retryAfter }),
	fc.record({ kind: fc.constant('network' as const), code: fc.constantFrom('ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN') }),
	fc.constant({ kind: 'timeout' as const }),
	fc.constant({ kind: 'secret' as const }),
);
const poolIndex = fc.integer({ min: 0, max: POOL - 1 });
const change: fc.Arbitrary<Change> = fc.oneof(
	{ weight: 8, arbitrary: fc.record({ op: fc.constantFrom('unshare' as const, 'reshare' as const, 'reshare' as const, 'trash' as const, 'restore' as const, 'restore' as const), index: poolIndex }) },
	{ weight: 1, arbitrary: fc.record({ op: fc.constantFrom('revoke' as const, 'regrant' as const, 'expire' as const) }) },
);

const pollPlan = fc.record({
	changes: fc.array(change, { maxLength: 6 }),
	/** The whole API this poll. */
	api: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: transient }),
	tokenFault: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: transient }),
	faulty: fc.array(fc.tuple(poolIndex, transient), { maxLength: 6 }),
	searchPages: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 4, max: 12 }) }),
	/** The last page says has_more with no cursor (the node takes that as the end). */
	oddEnd: rarely(4),
	searchFailAt: fc.option(fc.integer({ min: 0, max: 11 }), { freq: 4 }),
	/** Answers that take a while, within the timeout. */
	delayMs: fc.constantFrom(0, 0, 0, 200, 900),
	restart: rarely(3),
	credentialRead: fc.oneof({ weight: 14, arbitrary: fc.constant('ok') }, { weight: 1, arbitrary: fc.constantFrom('failsFirst', 'failsLater') }),
});

type Form = 'id' | 'compact' | 'link' | 'upper';
/** One line of the Resources parameter: a pool resource, as an id or a link. */
function referenceText([i, form]: [number, Form]): string {
	if (form === 'compact') return compact(ids[i]);
	if (form === 'upper') return ` ${ids[i].toUpperCase()} `;
	if (form === 'link') return `https://www.notion.so/acme/Resource-${i}-${compact(ids[i])}`;
	return ids[i];
}

const scenario = fc.record({
	credentialType: fc.constantFrom('notionRotationSafeOAuth2Api', 'notionOAuth2Api', 'notionApi'),
	watch: fc.constantFrom('list', 'listAndSearch', 'search'),
	references: fc.array(fc.tuple(poolIndex, fc.constantFrom<Form>('id', 'compact', 'link', 'upper')), { minLength: 1, maxLength: 30 }),
	searchable: fc.uniqueArray(poolIndex, { maxLength: 12 }),
	initial: fc.array(fc.constantFrom<Status>('shared', 'shared', 'shared', 'unshared', 'trashed'), { minLength: POOL, maxLength: POOL }),
	maxSearchPages: fc.constantFrom(undefined, 1, 2, 3),
	emit: fc.constantFrom('changes', 'changes', 'changes', 'changesAndHealth'),
	maxWaitSeconds: fc.constantFrom(0, 5, 60),
	timeoutSeconds: fc.constantFrom(1, 5, 30),
	requestsPerSecond: fc.constantFrom(3, 1000),
	polls: fc.array(pollPlan, { minLength: 2, maxLength: 6 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
type PollPlan = Scenario['polls'][number];

// ---------- the fake Notion ----------

interface World {
	status: Status[];
	grant: boolean;
	/** OAuth2 access tokens Notion no longer takes (expired). */
	expired: Set<string>;
	plan: PollPlan;
	/** REST sends this poll that got one of the plan's transient answers. */
	transientSends: Set<number>;
}

const errorBody = (status: number, code: string, message: string) => ({ object: 'error', status, code, message, request_id: 'req-err' });

function transientAnswer(fault: Transient, request: SentRequest, timeoutMs: number): ApiAnswer {
	switch (fault.kind) {
		case 'http':
			return {
				kind: 'http',
				status: fault.status,
				body: fault.status === 429 ? errorBody(429, 'rate_limited', 'You have been rate limited.') : fault.status === 502 ? '<html>Bad gateway</html>' : errorBody(fault.status, 'service_unavailable', 'Notion is unavailable.'),
				headers: fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter },
			};
		case 'network':
			return { kind: 'throw', error: () => new AxiosError(`connect ${fault.code} api.notion.com:443`, fault.code, { url: `https://api.notion.com${request.path}` }) };
		case 'timeout':
			return { kind: 'http', status: 200, body: {}, delayMs: timeoutMs * 2 };
		case 'secret':
			return { kind: 'throw', error: () => new Error(`proxy refused Authorization: Bearer ${request.accessToken} for ${request.path}`) };
	}
}

function resourceBody(i: number, kind: Kind, trashed: boolean): IDataObject {
	const title = [{ plain_text: `Resource ${i}` }];
	return {
		object: kind,
		id: ids[i],
		url: `https://www.notion.so/${compact(ids[i])}`,
		in_trash: trashed,
		...(kind === 'page' ? { properties: { Name: { type: 'title', title } } } : { title }),
	};
}

/** What search shows: the searchable resources that are shared; a trashed one comes flagged. */
function searchPage(scene: Scenario, world: World, cursor: unknown): IDataObject {
	const results = scene.searchable.filter((i) => world.status[i] !== 'unshared').map((i) => resourceBody(i, kindOf(i), world.status[i] === 'trashed'));
	const pages = world.plan.searchPages;
	const page = typeof cursor === 'string' ? Number(cursor.replace('cursor-', '')) : 0;
	const size = Math.ceil(results.length / pages);
	const last = page >= pages - 1;
	return {
		object: 'list',
		results: results.slice(page * size, (page + 1) * size),
		has_more: !last || world.plan.oddEnd,
		next_cursor: last ? null : `cursor-${page + 1}`,
	};
}

function answer(scene: Scenario, world: World, request: SentRequest, timeoutMs: number): ApiAnswer | { transient: ApiAnswer } {
	const { plan } = world;
	const [, , collection, rawId] = request.path.split('/');
	const index = rawId === undefined ? undefined : indexOf.get(compact(rawId));
	const searchPageNumber = collection === 'search' ? Number(String((request.body as IDataObject | undefined)?.start_cursor ?? 'cursor-0').replace('cursor-', '')) : undefined;
	const fault =
		plan.api ??
		(collection === 'users' ? plan.tokenFault : undefined) ??
		(index !== undefined ? plan.faulty.find(([i]) => i === index)?.[1] : undefined) ??
		(searchPageNumber !== undefined && searchPageNumber === plan.searchFailAt ? { kind: 'http' as const, status: 503 } : undefined);
	if (fault) return { transient: transientAnswer(fault, request, timeoutMs) };
	if (!world.grant || (request.accessToken !== undefined && world.expired.has(request.accessToken))) {
		return { kind: 'http', status: 401, body: errorBody(401, 'unauthorized', `API token ${request.accessToken} is invalid.`) };
	}
	const delayMs = plan.delayMs;
	if (collection === 'users') return { kind: 'http', status: 200, body: { object: 'user', id: 'b0b0b0b0-0000-4000-8000-000000000001', type: 'bot', name: 'Acme Sync', bot: { workspace_name: 'Acme' } }, delayMs };
	if (collection === 'search') return { kind: 'http', status: 200, body: searchPage(scene, world, (request.body as IDataObject | undefined)?.start_cursor), delayMs };
	const notFound: ApiAnswer = { kind: 'http', status: 404, body: errorBody(404, 'object_not_found', `Could not find ${collection} with ID: ${rawId}.`), delayMs };
	if (index === undefined || index >= POOL || world.status[index] === 'unshared') return notFound;
	const kind = kindOf(index);
	if (COLLECTION[kind] === collection) return { kind: 'http', status: 200, body: resourceBody(index, kind, world.status[index] === 'trashed'), headers: { 'x-notion-request-id': 'req-ok' }, delayMs };
	if (kind === 'database' && collection === 'pages') {
		return { kind: 'http', status: 400, body: errorBody(400, 'validation_error', `Provided ID ${rawId} is a database, not a page. Use the retrieve database API instead.`), delayMs };
	}
	return notFound;
}

function apply(world: World, changes: Change[], core: FakeN8nCore) {
	for (const c of changes) {
		if (c.op === 'revoke') world.grant = false;
		else if (c.op === 'regrant') world.grant = true;
		else if (c.op === 'expire') {
			const token = (core.stored.oauthTokenData as IDataObject | undefined)?.access_token;
			if (typeof token === 'string') world.expired.add(token);
		} else if (c.op === 'unshare') world.status[c.index] = 'unshared';
		else if (c.op === 'reshare' && world.status[c.index] === 'unshared') world.status[c.index] = 'shared';
		else if (c.op === 'trash' && world.status[c.index] === 'shared') world.status[c.index] = 'trashed';
		else if (c.op === 'restore' && world.status[c.index] === 'trashed') world.status[c.index] = 'shared';
	}
}

// ---------- running a scenario ----------

interface Event {
	event: string;
	id?: string;
	previousVerdict?: string;
	reason?: string;
}

interface PollResult {
	plan: PollPlan;
	/** The world as Notion saw it during this poll. */
	status: Status[];
	grant: boolean;
	sent: FakeN8nCore['requests'];
	transientSends: Set<number>;
	tokenRequests: number;
	elapsedMs: number;
	outcome: { items: INodeExecutionData[] | null } | { error: unknown };
	events: Event[];
	staticDataBefore: string;
	staticDataAfter: string;
}

let caseNumber = 0;

async function runScenario(scene: Scenario) {
	// A credential of its own per scenario: pacers and refresh counts are per credential and process.
	const credentialId = `fake-watch-credential-${++caseNumber}`;
	const world: World = { status: [...scene.initial], grant: true, expired: new Set(), plan: scene.polls[0], transientSends: new Set() };
	const timeoutMs = scene.timeoutSeconds * 1000;
	let readsThisPoll = 0;
	const core: FakeN8nCore = new FakeN8nCore({
		items: [],
		credentialType: scene.credentialType,
		credentialId,
		nodeType: 'n8n-nodes-notion-access.notionAccessWatch',
		parameters: {
			watch: scene.watch,
			resourceInput: 'lines',
			resourcesText: scene.references.map(referenceText).join('\n'),
			emit: scene.emit,
			options: {
				...(scene.maxSearchPages === undefined ? {} : { maxSearchPages: scene.maxSearchPages }),
				maxWaitSeconds: scene.maxWaitSeconds,
				timeoutSeconds: scene.timeoutSeconds,
				requestsPerSecond: scene.requestsPerSecond,
			},
		},
		script: {
			api: (request, n) => {
				const given = answer(scene, world, request, timeoutMs);
				if (!('transient' in given)) return given;
				world.transientSends.add(n);
				return given.transient;
			},
			token: () => (world.grant ? { kind: 'rotate' } : { kind: 'http', status: 400, body: { error: 'invalid_grant' } }),
			credentialRead: () => {
				const read = readsThisPoll++;
				const fails = (world.plan.credentialRead === 'failsFirst' && read === 0) || (world.plan.credentialRead === 'failsLater' && read === 1);
				return fails ? new Error('Could not read the credential from the database (connection lost)') : undefined;
			},
		},
	});

	// n8n's in-memory static data of the active workflow, and the copy it saved to its database.
	let memory: IDataObject = {};
	let saved = '{}';
	const results: PollResult[] = [];
	const run = await runOnFakeClock(async () => {
		for (const [p, plan] of scene.polls.entries()) {
			if (p > 0) {
				await sleep(POLL_INTERVAL_MS);
				// n8n restarted: the workflow is activated again from what was saved.
				if (plan.restart) memory = JSON.parse(saved) as IDataObject;
			}
			world.plan = plan;
			world.transientSends = new Set();
			readsThisPoll = 0;
			apply(world, plan.changes, core);
			const firstSend = core.requests.length;
			const firstToken = core.tokenRequests.length;
			const staticDataBefore = JSON.stringify(memory);
			const start = Date.now();
			let outcome: PollResult['outcome'];
			try {
				outcome = { items: (await new NotionAccessWatch().poll.call(core.pollContext(memory)))?.[0] ?? null };
			} catch (error) {
				outcome = { error };
			}
			const elapsedMs = Date.now() - start;
			// Saved after the activation poll, and after every poll that emits (not when poll() returns null or fails).
			if ('items' in outcome && (p === 0 || outcome.items !== null)) saved = JSON.stringify(memory);
			const items = 'items' in outcome ? (outcome.items ?? []) : [];
			results.push({
				plan,
				status: [...world.status],
				grant: world.grant,
				sent: core.requests.slice(firstSend),
				transientSends: world.transientSends,
				tokenRequests: core.tokenRequests.length - firstToken,
				elapsedMs,
				outcome,
				events: items
					.filter((item) => item.json.event !== 'health_report')
					.map((item) => ({
						event: String(item.json.event),
						id: (item.json.resource as IDataObject | undefined)?.id as string | undefined,
						previousVerdict: (item.json.previous as IDataObject | null)?.verdict as string | undefined,
						reason: item.json.reason as string | undefined,
					})),
				staticDataBefore,
				staticDataAfter: JSON.stringify(memory),
			});
		}
	});
	if ('error' in run) throw run.error;
	return { core, results };
}

// ---------- the properties ----------

const listedIndexes = (scene: Scenario) => (scene.watch === 'search' ? [] : [...new Set(scene.references.map(([i]) => i))]);
const readable = (status: Status) => status === 'shared';
const TRANSIENT_ONLY_EVENTS = new Set(['outage_started', 'outage_ended', 'token_restored', 'access_restored', 'newly_visible']);

/** W1: one poll's requests, token requests and time. */
function boundedWork(scene: Scenario, result: PollResult): string | undefined {
	const calls = new Map<string, number>();
	for (const request of result.sent) {
		const cursor = request.path === '/v1/search' ? String((request.body as IDataObject | undefined)?.start_cursor ?? '') : '';
		const key = `${request.method} ${request.path} ${cursor}`;
		calls.set(key, (calls.get(key) ?? 0) + 1);
	}
	// A call is sent at most MAX_SENDS_PER_CALL times, each maybe once more after core's refresh; a
	// refresh itself is a GET /v1/users/me that core may send twice.
	const overSent = [...calls].find(([key, sends]) => !key.includes('/v1/users/me') && sends > MAX_SENDS_PER_CALL * 2);
	if (overSent) return `W1: ${overSent[0]} sent ${overSent[1]} times`;
	const searchCalls = [...calls.keys()].filter((key) => key.startsWith('POST /v1/search')).length;
	const cap = scene.maxSearchPages ?? DEFAULT_MAX_SEARCH_PAGES;
	if (searchCalls > cap) return `W1: ${searchCalls} search pages > cap ${cap}`;
	if (scene.watch === 'list' && searchCalls > 0) return 'W1: a list watch searched';
	const byId = new Map<string, string[]>();
	for (const key of calls.keys()) {
		const [, path] = key.split(' ');
		const [, , collection, id] = path.split('/');
		if (collection === 'users' || collection === 'search') continue;
		byId.set(compact(id), [...(byId.get(compact(id)) ?? []), collection]);
	}
	const allowed = new Set([...listedIndexes(scene), ...(scene.watch === 'list' ? [] : scene.searchable)]);
	for (const [id, collections] of byId) {
		if (!allowed.has(indexOf.get(id) ?? -1)) return `W1: asked ${id}, neither listed nor ever found by search`;
		if (collections.length > 2) return `W1: ${id} asked at ${collections.join(', ')}`;
		if (collections.length === 2) {
			const first = result.sent.find((request) => request.path.startsWith(`/v1/${collections[0]}/`) && compact(request.path.split('/')[3]) === id);
			if (collections[0] !== 'pages' || !(first?.status === 404 || first?.status === 400)) return `W1: ${id} asked at ${collections.join(' and ')} after ${first?.status}`;
		}
	}
	const distinct = allowed.size;
	const bound = 1 + 2 * distinct + cap;
	if (calls.size > bound) return `W1: ${calls.size} calls > ${bound}`;
	if (result.sent.length > 2 * MAX_SENDS_PER_CALL * calls.size + 2 * result.tokenRequests) return `W1: ${result.sent.length} sends for ${calls.size} calls`;
	const unauthorized = result.sent.filter((request) => request.status === 401).length;
	if (result.tokenRequests > unauthorized) return `W1: ${result.tokenRequests} token requests after ${unauthorized} 401s`;
	const sends = result.sent.length + result.tokenRequests;
	const timeBound = scene.maxWaitSeconds * 1000 + sends * (scene.timeoutSeconds * 1000 + 1000 / scene.requestsPerSecond) + result.tokenRequests * 3350 + 1000;
	if (result.elapsedMs > timeBound) return `W1: the poll took ${result.elapsedMs} ms > ${timeBound} ms`;
	return undefined;
}

/** W4 on everything that left the node. */
function noSecret(core: FakeN8nCore, results: PollResult[]): string | undefined {
	const leaks = (text: string) => core.secrets().find((secret) => text.includes(secret));
	for (const [p, result] of results.entries()) {
		const text = 'items' in result.outcome ? JSON.stringify(result.outcome.items) : `${String(result.outcome.error)} ${JSON.stringify(result.outcome.error)}`;
		const leaked = leaks(text);
		if (leaked) return `W4: poll ${p} ${'items' in result.outcome ? 'emitted' : 'threw'} ${leaked}`;
	}
	const inLog = core.logLines.map(leaks).find(Boolean);
	return inLog ? `W4: a log line holds ${inLog}` : undefined;
}

type Truth = 'readable' | 'problem' | 'unknown';

const askedAt = (sent: SentRequest[], i: number, collection: string) =>
	sent.some((request) => request.path.split('/')[2] === collection && compact(request.path.split('/')[3] ?? '') === compact(ids[i]));

/**
 * W2, W3 and the no-throw rule, poll by poll, against the model: what the user has been told of
 * the token and of each listed resource, and whether an outage is on.
 */
function reportedOnce(scene: Scenario, results: PollResult[]): string | undefined {
	const listed = listedIndexes(scene);
	const told = new Map<number, Truth>(listed.map((i) => [i, 'unknown']));
	let token: 'working' | 'revoked' | 'unknown' = 'unknown';
	let outage = false;
	const lastDiscovery = new Map<string, string>();
	/** Judging polls in a row in which a readable listed resource was not asked at its own endpoint. */
	const unseen = new Map<number, number>();
	for (const [p, result] of results.entries()) {
		const { plan, sent } = result;
		const label = `poll ${p}`;
		// n8n saves static data only when a poll emits, so a restart brings back an older turn of the
		// rotation (no node can save it without emitting an item): from any turn the own endpoint
		// comes within two polls, so the count starts again.
		if (plan.restart) unseen.clear();
		if ('error' in result.outcome) {
			// Only a credential n8n cannot read at the first read stops the poll, before anything is sent or kept.
			if (plan.credentialRead !== 'failsFirst') return `${label} threw ${String(result.outcome.error)}`;
			if (sent.length > 0) return `${label} threw after sending ${sent.length} requests`;
			if (result.staticDataAfter !== result.staticDataBefore) return `${label} threw and changed its static data`;
			if (p === 0) return undefined; // n8n does not activate the workflow: nothing follows
			continue;
		}
		if (plan.credentialRead === 'failsFirst') return `${label}: the credential could not be read, yet the poll went on`;
		const got = result.events.map((e) => `${e.event}${e.id ? `:${e.id}` : ''}`).sort();

		// W2: every answer transient: at most one event, and none that says something was lost.
		const allTransient = sent.length > 0 && sent.every((request) => result.transientSends.has(request.n));
		if (allTransient && (result.events.length > 1 || result.events.some((e) => !TRANSIENT_ONLY_EVENTS.has(e.event)))) {
			return `W2: ${label} answered only transient failures and emitted ${got.join(', ')}`;
		}
		if (result.events.filter((e) => e.event.startsWith('outage_')).length > 1) return `W2: ${label} emitted ${got.join(', ')}`;

		// What this poll could judge, from the scenario's answers.
		const transientIds = new Set(sent.filter((request) => result.transientSends.has(request.n)).map((request) => compact(request.path.split('/')[3] ?? '')));
		// A credential core cannot read while it sends the token check says nothing about Notion: like a 503.
		const tokenTransient = plan.credentialRead === 'failsLater' || sent.some((request) => request.path === '/v1/users/me' && result.transientSends.has(request.n));
		const searchCalls = new Set(sent.filter((r) => r.path === '/v1/search').map((r) => String((r.body as IDataObject | undefined)?.start_cursor)));
		const searchFailed = sent.some((r) => r.path === '/v1/search' && result.transientSends.has(r.n));
		const askedIds = new Set(sent.map((r) => r.path.split('/')).filter(([, , c]) => c !== 'users' && c !== 'search').map((parts) => compact(parts[3])));
		const retries = (searchFailed ? 1 : 0) + [...askedIds].filter((id) => transientIds.has(id)).length;
		const isOutage = tokenTransient || retries * 2 > 1 + searchCalls.size + askedIds.size;
		const tokenWorks = !tokenTransient && result.grant;

		const expected: string[] = [];
		if (p === 0) {
			outage = isOutage;
			if (!isOutage) {
				token = tokenWorks ? 'working' : 'revoked';
				if (tokenWorks) for (const i of listed) if (!transientIds.has(compact(ids[i]))) told.set(i, readable(result.status[i]) ? 'readable' : 'problem');
			}
		} else if (isOutage) {
			if (!outage) expected.push('outage_started');
			outage = true;
		} else {
			if (outage) expected.push('outage_ended');
			outage = false;
			if (!tokenWorks) {
				if (token !== 'revoked') expected.push('token_lost');
				token = 'revoked';
			} else {
				if (token === 'revoked') expected.push('token_restored');
				token = 'working';
				for (const i of listed) {
					if (transientIds.has(compact(ids[i]))) continue;
					// A resource found at no endpoint before is asked at one endpoint a poll, in turn: a
					// readable one asked elsewhere is judged when its own endpoint's turn comes, at most
					// two polls later (a database: /data_sources, then /pages naming it, then /databases).
					if (readable(result.status[i]) && !askedAt(sent, i, COLLECTION[kindOf(i)])) {
						const misses = (unseen.get(i) ?? 0) + 1;
						if (misses > 2) return `W3: ${label} ${ids[i]} is readable, and its own endpoint was not asked for ${misses} polls`;
						unseen.set(i, misses);
						continue;
					}
					unseen.delete(i);
					const now = readable(result.status[i]) ? 'readable' : 'problem';
					const before = told.get(i);
					if (now === 'problem' && before !== 'problem') expected.push(`access_lost:${ids[i]}`);
					if (now === 'readable' && before === 'problem') expected.push(`access_restored:${ids[i]}`);
					told.set(i, now);
				}
			}
		}

		// Discovery: events about objects not listed are true when made, and alternate per object.
		const listedIds = new Set(listed.map((i) => ids[i]));
		const discovery = result.events.filter((e) => e.event === 'newly_visible' || e.event === 'no_longer_visible');
		for (const e of discovery) {
			const i = indexOf.get(compact(e.id ?? '')) ?? -1;
			if (i < 0 || listedIds.has(ids[i])) return `W3: ${label} ${e.event} for ${e.id}, not a discovered object`;
			if (e.event === 'newly_visible' && !(scene.searchable.includes(i) && readable(result.status[i]))) return `W3: ${label} newly_visible ${e.id}, which search does not show`;
			if (e.event === 'no_longer_visible' && readable(result.status[i])) return `W3: ${label} no_longer_visible ${e.id}, which is readable`;
			if (lastDiscovery.get(ids[i]) === e.event) return `W3: ${label} ${e.event} ${e.id} twice in a row`;
			lastDiscovery.set(ids[i], e.event);
		}
		// Each access event says why, as this poll saw it, and what was known before.
		for (const e of result.events) {
			const i = indexOf.get(compact(e.id ?? '')) ?? -1;
			if (e.event === 'access_lost' && e.reason !== (result.status[i] === 'trashed' ? 'in_trash' : 'not_shared_or_missing')) return `W3: ${label} access_lost ${e.id} says ${e.reason}, the resource is ${result.status[i]}`;
			if (e.event === 'access_lost' && e.previousVerdict !== undefined && e.previousVerdict !== 'access_ok') return `W3: ${label} access_lost ${e.id} after ${e.previousVerdict}`;
			if (e.event === 'access_restored' && (e.previousVerdict === undefined || e.previousVerdict === 'access_ok')) return `W3: ${label} access_restored ${e.id} after ${e.previousVerdict}`;
		}
		const judged = got.filter((e) => !e.startsWith('newly_visible') && !e.startsWith('no_longer_visible'));
		if (JSON.stringify(judged) !== JSON.stringify(expected.sort())) {
			return `W3: ${label} emitted [${judged.join(', ')}], the model expects [${expected.join(', ')}]`;
		}
	}
	return undefined;
}

/**
 * W5 (issue 17.11), the bound on requests per poll: a list of at most MAX_WATCHED_RESOURCES resources
 * costs, per poll, one token check and one call per resource, and a second call (/data_sources after
 * a 404 at /pages, or the kind a 400 names) only for a resource that no earlier poll has checked.
 * A resource found at no endpoint is then asked at one endpoint a poll, in turn. Calls, not sends:
 * a call sent again after a 429 or a refresh is W1's matter. A longer list stops every poll before
 * anything is sent. Notion answers without faults here (a fault may leave a check inconclusive, and
 * the next poll checks that resource as new); the world still changes between polls.
 */
function requestsWithinBound(scene: Scenario, results: PollResult[]): string | undefined {
	const listed = listedIndexes(scene);
	const checkedBefore = new Set<number>();
	for (const [p, result] of results.entries()) {
		if (listed.length > MAX_WATCHED_RESOURCES) {
			if (!('error' in result.outcome) || !String(result.outcome.error).includes(`takes at most ${MAX_WATCHED_RESOURCES}`)) return `W5: poll ${p} took ${listed.length} resources`;
			if (result.sent.length > 0) return `W5: poll ${p} refused ${listed.length} resources after sending ${result.sent.length} requests`;
			continue;
		}
		if ('error' in result.outcome) return `W5: poll ${p} threw ${String(result.outcome.error)}`;
		const calls = new Set(result.sent.map((request) => `${request.method} ${request.path}`));
		let bound = 1;
		for (const i of listed) {
			const endpoints = [...calls].filter((call) => compact(call.split('/')[3] ?? '') === compact(ids[i])).length;
			const allowed = checkedBefore.has(i) ? 1 : 2;
			if (endpoints > allowed) return `W5: poll ${p} asked ${ids[i]} at ${endpoints} endpoints${checkedBefore.has(i) ? ', though an earlier poll checked it' : ''}`;
			if (endpoints > 0) checkedBefore.add(i);
			bound += allowed;
		}
		if (calls.size > bound) return `W5: poll ${p} made ${calls.size} calls > ${bound}`;
	}
	return undefined;
}

const QUIET: PollPlan = { changes: [], api: undefined, tokenFault: undefined, faulty: [], searchPages: 1, oddEnd: false, searchFailAt: null, delayMs: 0, restart: false, credentialRead: 'ok' };
const QUIET_SCENE: Scenario = {
	credentialType: 'notionApi',
	watch: 'list',
	references: [],
	searchable: [],
	initial: [],
	maxSearchPages: undefined,
	emit: 'changes',
	maxWaitSeconds: 0,
	timeoutSeconds: 5,
	requestsPerSecond: 1000,
	polls: [],
};
const anyIndex = fc.integer({ min: 0, max: POOL + UNKNOWN - 1 });
const boundScenario: fc.Arbitrary<Scenario> = fc
	.record({
		base: scenario,
		references: fc.oneof(
			fc.array(fc.tuple(anyIndex, fc.constantFrom<Form>('id', 'compact', 'link', 'upper')), { minLength: 1, maxLength: 30 }),
			// near the cap, on either side
			fc.uniqueArray(anyIndex, { minLength: MAX_WATCHED_RESOURCES - 5, maxLength: MAX_WATCHED_RESOURCES + 5 }).map((indexes) => indexes.map((i): [number, Form] => [i, 'id'])),
		),
		changes: fc.array(fc.array(change, { maxLength: 6 }), { minLength: 3, maxLength: 8 }),
	})
	.map(({ base, references, changes }) => ({ ...base, watch: 'list', references, polls: changes.map((each) => ({ ...QUIET, changes: each })) }));

describe('Notion Access Watch properties on random scenarios (fast-check, fake n8n-core, fake clock)', () => {
	jest.setTimeout(600_000);

	it(`W1-W4 hold over 2-6 polls of a changing world (${RUNS} scenarios)`, async () => {
		await fc.assert(
			fc.asyncProperty(scenario, async (scene) => {
				const { core, results } = await runScenario(scene);
				const broken =
					results.map((result, p) => boundedWork(scene, result)?.replace('W1:', `W1: poll ${p}:`)).find(Boolean) ?? noSecret(core, results) ?? reportedOnce(scene, results);
				if (broken) throw new Error(broken);
			}),
			{ numRuns: RUNS, endOnFailure: process.env.FC_NO_SHRINK === '1', ...replay },
		);
	});

	it(`W5 the bound on requests per poll, for lists up to the cap and beyond, over 3-8 polls (${Math.ceil(RUNS / 4)} scenarios)`, async () => {
		await fc.assert(
			fc.asyncProperty(boundScenario, async (scene) => {
				const { core, results } = await runScenario(scene);
				const broken =
					requestsWithinBound(scene, results) ??
					(listedIndexes(scene).length > MAX_WATCHED_RESOURCES ? undefined : (results.map((result, p) => boundedWork(scene, result)?.replace('W1:', `W1: poll ${p}:`)).find(Boolean) ?? noSecret(core, results) ?? reportedOnce(scene, results)));
				if (broken) throw new Error(broken);
			}),
			{ numRuns: Math.ceil(RUNS / 4), endOnFailure: process.env.FC_NO_SHRINK === '1', ...replay },
		);
	});

	it('regression (FC_RUNS=5000): a probe that met a 503 keeps its turn; the endpoint it did not hear from is asked again', async () => {
		// The rotation moved on after a transient answer, as if /v1/databases had said "not found":
		// the database waited a whole round more (data_sources, pages, [503 at databases], pages ...).
		const database = 3;
		expect(kindOf(database)).toBe('database');
		const scene: Scenario = {
			...QUIET_SCENE,
			references: [[database, 'id'], [0, 'id']],
			initial: Array.from({ length: POOL }, (_, i): Status => (i === database ? 'unshared' : 'shared')),
			polls: [QUIET, QUIET, { ...QUIET, changes: [{ op: 'reshare', index: database }] }, QUIET, { ...QUIET, faulty: [[database, { kind: 'http', status: 503 }]] }, QUIET],
		};
		const { results } = await runScenario(scene);
		expect(results.map((result) => result.sent.filter((request) => request.path.includes(compact(ids[database])) || request.path.includes(ids[database])).map((request) => `${request.path.split('/')[2]} ${request.status}`))).toEqual([
			['pages 404', 'data_sources 404'],
			['pages 404'],
			['data_sources 404'],
			['pages 400'],
			['databases 503'],
			['databases 200'],
		]);
		expect(reportedOnce(scene, results)).toBeUndefined();
	});

	it('regression (FC_RUNS=5000): after a restart the rotation starts again from the turn n8n saved, and reaches the own endpoint within two polls', async () => {
		const database = 3;
		const scene: Scenario = {
			...QUIET_SCENE,
			references: [[database, 'id'], [0, 'id']],
			initial: Array.from({ length: POOL }, (_, i): Status => (i === database ? 'unshared' : 'shared')),
			polls: [QUIET, QUIET, { ...QUIET, changes: [{ op: 'reshare', index: database }] }, QUIET, { ...QUIET, restart: true }, QUIET],
		};
		const { results } = await runScenario(scene);
		expect(results.at(-1)?.events).toEqual([{ event: 'access_restored', id: ids[database], previousVerdict: 'share_page', reason: 'accessible' }]);
		expect(reportedOnce(scene, results)).toBeUndefined();
	});

	it('regression: a data source whose first check met a 500 at /v1/pages is still looked for at /v1/data_sources', async () => {
		// Found by W3: the check returned its guess ("page") with the Retry, the watch remembered it,
		// and every later poll asked /v1/pages alone and kept the reshared data source "not shared".
		const dataSource = 4;
		expect(kindOf(dataSource)).toBe('data_source');
		const quiet: PollPlan = { changes: [], api: undefined, tokenFault: undefined, faulty: [], searchPages: 1, oddEnd: false, searchFailAt: null, delayMs: 0, restart: false, credentialRead: 'ok' };
		const scene: Scenario = {
			credentialType: 'notionApi',
			watch: 'list',
			references: [[dataSource, 'id'], [0, 'link']],
			searchable: [],
			initial: Array.from({ length: POOL }, (_, i): Status => (i === dataSource ? 'unshared' : 'shared')),
			maxSearchPages: undefined,
			emit: 'changes',
			maxWaitSeconds: 0,
			timeoutSeconds: 5,
			requestsPerSecond: 1000,
			// The 500 at /v1/pages tells nothing of that endpoint: it keeps its turn (poll 2), then /v1/data_sources (poll 3).
			polls: [quiet, { ...quiet, changes: [{ op: 'reshare', index: dataSource }], faulty: [[dataSource, { kind: 'http', status: 500 }]] }, quiet, quiet],
		};
		const { results } = await runScenario(scene);
		expect(results.map((result) => result.events)).toEqual([[], [], [], [{ event: 'access_restored', id: ids[dataSource], previousVerdict: 'share_page', reason: 'accessible' }]]);
		expect(results[3].sent.map((request) => `${request.path.split('/')[2]} ${request.status}`)).toContain('data_sources 200');
		expect(reportedOnce(scene, results)).toBeUndefined();
	});
});
