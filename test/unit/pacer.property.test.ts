/**
 * Notion's limits as they are now (issue 20), played against the real Access Check node, its
 * transport and the shared pacer, through the core-faithful fake (test/support/fakeN8nCore.ts), on
 * a fake clock. Each case draws Notion's per-connection limit (a budget per window, whose 429's
 * Retry-After is the time to the reset, or a token bucket), maybe a per-workspace limit (its
 * Retry-After can pass a minute), and 1-4 executions on one or two credentials of one workspace,
 * each with its own items, Maximum Wait, Wait on Rate Limit, Requests per Second and start time.
 * Answers take from nothing to 400 ms, up to twelve pacing intervals at 30/s: several requests may be
 * in flight when a 429 comes.
 *
 * Properties, per case:
 * - L1 one 429 per window: nothing sent after a per-connection 429 was answered is refused by the
 *   same window. Under windows of Notion's length (60 s; shorter ones let a count span several, and
 *   the budget learnt from it is too large), after the first window that refuses a credential (met
 *   by what was in flight), no execution meets more than one per-connection 429 in one window.
 * - L2 Max Wait: an execution ends within its own hold allowance (Maximum Wait with Wait on Rate
 *   Limit on, else 0) + one pacing slot per request sent while it ran (each 429 that asks for
 *   less than a window's wait may halve the rate) + slack: no hold, its own or its workspace's, keeps it past that.
 * - L3 bounded requests: each call is sent at most MAX_SENDS_PER_CALL times.
 * - L4 the workspace hold: after a per-workspace 429 reached the process, no credential of that
 *   workspace sends anything until its Retry-After has passed.
 * - L5 the verdict: every item is on Access OK (proven by a 2xx of its page) or on Retry; an item
 *   on Retry for a rate limit carries retryAt and, for the workspace limit, Notion's reason.
 * FC_RUNS sets the cases (default: a quarter of the other properties').
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NotionAccessCheck } from '../../nodes/NotionAccessCheck/NotionAccessCheck.node';
import { Pacer } from '../../nodes/shared/transport/pacer';
import { FixedWindow, TokenBucket } from '../emulator/rateLimit';
import { runOnFakeClock } from '../support/fakeClock';
import { FAKE_ACCESS_TOKEN, FAKE_CLIENT_SECRET, FAKE_REFRESH_TOKEN, FakeN8nCore, type SentRequest } from '../support/fakeN8nCore';
import { ASSERT_OPTIONS, compact, MAX_SENDS_PER_CALL, RUNS } from '../support/faults';

const CASES = Math.max(1, Math.round(Number(process.env.FC_RUNS ?? RUNS / 4)));
const CONNECTION_REASON = 'public_api_request_rate_limit';
const WORKSPACE_REASON = 'public_api_space_request_rate_limit';
/** Slack on L2: two slots and 100 ms of rounding and microtasks. */
const SLACK_SLOTS = 2;
const SLACK_MS = 100;

const connectionLimit = fc.oneof(
	fc.record({ kind: fc.constant('window' as const), budget: fc.integer({ min: 1, max: 25 }), windowMs: fc.constantFrom(2000, 5000, 10_000, 60_000) }),
	fc.record({ kind: fc.constant('bucket' as const), ratePerSecond: fc.constantFrom(1, 3, 10), burst: fc.integer({ min: 1, max: 5 }) }),
);
const execution = fc.record({
	credential: fc.constantFrom(0, 1),
	pages: fc.integer({ min: 1, max: 30 }),
	maxWaitSeconds: fc.constantFrom(0, 5, 60, 120),
	waitOnRateLimit: fc.boolean(),
	requestsPerSecond: fc.constantFrom(3, 10, 30),
	startAtMs: fc.constantFrom(0, 0, 500, 3000, 30_000),
});
const scenario = fc.record({
	connection: connectionLimit,
	workspace: fc.option(fc.record({ budget: fc.integer({ min: 1, max: 40 }), windowMs: fc.constantFrom(5000, 60_000, 120_000, 300_000) }), { freq: 2 }),
	/** OAuth2 credentials that name their workspace in the token data, or internal tokens (each its own). */
	oauth: fc.boolean(),
	latencyMs: fc.constantFrom(0, 5, 15, 100, 400),
	executions: fc.array(execution, { minLength: 1, maxLength: 4 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const pageId = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const openedAt = (window: FixedWindow) => (window as unknown as { openedAt: number }).openedAt;

interface Refusal {
	execution: number;
	limit: 'connection' | 'workspace';
	/** which window refused it (when it opened), for window limits */
	window?: number;
	answeredAt: number;
	retryAfterMs: number;
	credential: number;
}

/** Notion as the case draws it: one limit per credential (its own connection), one per workspace. */
class Notion {
	private readonly connections: Array<FixedWindow | TokenBucket>;

	private readonly workspace?: FixedWindow;

	readonly refusals: Refusal[] = [];

	constructor(private readonly s: Scenario) {
		const now = Date.now();
		this.connections = [0, 1].map(() => (s.connection.kind === 'window' ? new FixedWindow(s.connection.budget, s.connection.windowMs) : new TokenBucket(s.connection.ratePerSecond, s.connection.burst)));
		for (const limit of this.connections) if (limit instanceof TokenBucket) limit.take(now - 3_600_000); // full, as of now
		this.workspace = s.workspace ? new FixedWindow(s.workspace.budget, s.workspace.windowMs) : undefined;
	}

	answer(request: SentRequest, execution: number, credential: number) {
		const now = Date.now();
		const connection = this.connections[credential];
		let wait = connection instanceof FixedWindow ? connection.wait(now) : 0;
		let limit: Refusal['limit'] = 'connection';
		if (wait === 0 && this.workspace) {
			wait = this.workspace.wait(now);
			limit = 'workspace';
		}
		if (wait === 0 && connection instanceof TokenBucket) {
			wait = connection.take(now);
			limit = 'connection';
		} else if (wait === 0) {
			(connection as FixedWindow).spend(now);
		}
		if (wait === 0) {
			this.workspace?.spend(now);
			const [, , collection, id] = request.path.split('/');
			const body = collection === 'users' ? { object: 'user', id: 'b0b0b0b0-0000-4000-8000-000000000001', type: 'bot', name: 'Acme Sync', bot: { workspace_name: 'Acme' } } : { object: 'page', id, in_trash: false, properties: {} };
			return { kind: 'http' as const, status: 200, body, delayMs: this.s.latencyMs };
		}
		const window = limit === 'workspace' ? this.workspace : connection instanceof FixedWindow ? connection : undefined;
		this.refusals.push({ execution, limit, window: window && openedAt(window), answeredAt: now + this.s.latencyMs, retryAfterMs: wait * 1000, credential });
		const reason = limit === 'workspace' ? WORKSPACE_REASON : CONNECTION_REASON;
		return {
			kind: 'http' as const,
			status: 429,
			body: { object: 'error', status: 429, code: 'rate_limited', message: 'You have been rate limited.', request_id: 'req-429', additional_data: { rate_limit_reason: reason } },
			headers: { 'retry-after': String(wait) },
			delayMs: this.s.latencyMs,
		};
	}
}

let caseNumber = 0;

async function runScenario(s: Scenario) {
	const notion = new Notion(s);
	const id = ++caseNumber;
	const executions = s.executions.map((work, index) => {
		const items: INodeExecutionData[] = Array.from({ length: work.pages }, (_, n) => ({ json: { resource: pageId(n + 1) } as IDataObject }));
		const core = new FakeN8nCore({
			items,
			credentialType: s.oauth ? 'notionRotationSafeOAuth2Api' : 'notionApi',
			credentialId: `pacer-property-${id}-${work.credential}`,
			stored: s.oauth
				? { clientId: 'fake-client-id', clientSecret: FAKE_CLIENT_SECRET, oauthTokenData: { access_token: FAKE_ACCESS_TOKEN, refresh_token: FAKE_REFRESH_TOKEN, workspace_id: `pacer-property-workspace-${id}` } }
				: undefined,
			onError: 'continueRegularOutput',
			parameters: {
				check: 'resource',
				resourceType: 'page',
				options: { maxWaitSeconds: work.maxWaitSeconds, waitOnRateLimit: work.waitOnRateLimit, requestsPerSecond: work.requestsPerSecond, timeoutSeconds: 30, notionVersion: '2025-09-03' },
			},
			script: { api: (request) => notion.answer(request, index, work.credential) },
		});
		return { work, core, items };
	});
	let start = 0;
	const clock = await runOnFakeClock(async () => {
		start = Date.now();
		return await Promise.all(executions.map(async ({ work, core }) => {
			await new Promise((resolve) => setTimeout(resolve, work.startAtMs));
			const startedAt = Date.now();
			const run = await new NotionAccessCheck().execute.call(core.context()).then((value) => ({ value }), (error: unknown) => ({ error }));
			return { run, startedAt, endedAt: Date.now() };
		}));
	});
	if ('error' in clock) throw clock.error;
	return { notion, start, ran: executions.map((execution, i) => ({ ...execution, ...clock.value[i] })) };
}

function broken(s: Scenario, result: Awaited<ReturnType<typeof runScenario>>): string | undefined {
	const { notion, ran } = result;
	const sent = ran.flatMap(({ core, work }) => core.requests.map((request) => ({ ...request, credential: work.credential })));

	// L1
	if (s.connection.kind === 'window') {
		const refusals = notion.refusals.filter((each) => each.limit === 'connection');
		const firstOfWindow = new Map<string, Refusal>();
		const firstWindow = new Map<number, number>();
		const seen = new Set<string>();
		for (const refusal of refusals) {
			const window = `${refusal.credential}@${refusal.window}`;
			const first = firstOfWindow.get(window);
			// refusals are recorded when sent: answeredAt - latency is when this one reached Notion
			if (first && refusal.answeredAt - s.latencyMs > first.answeredAt) return `L1: credential ${refusal.credential} sent a request ${refusal.answeredAt - s.latencyMs - first.answeredAt} ms after its window's 429 was answered, into the same window: ${JSON.stringify(sent.map((r) => [r.credential, r.path.slice(4, 14), r.status, r.at! - result.start]))}`;
			if (!first) firstOfWindow.set(window, refusal);
			if (!firstWindow.has(refusal.credential)) firstWindow.set(refusal.credential, refusal.window!);
			if (firstWindow.get(refusal.credential) === refusal.window || s.connection.windowMs !== 60_000) continue;
			const key = `${refusal.execution}@${window}`;
			if (seen.has(key)) return `L1: execution ${refusal.execution} met two per-connection 429s in the window opened at ${refusal.window! - result.start} ms: ${JSON.stringify(sent.map((r) => [r.credential, r.path.slice(4, 14), r.status, r.at! - result.start]))}`;
			seen.add(key);
		}
	}

	// L4: the workspace hold, across the workspace's credentials (an internal token is its own workspace).
	for (const refusal of notion.refusals.filter((each) => each.limit === 'workspace')) {
		const until = refusal.answeredAt + refusal.retryAfterMs;
		const early = sent.find((request) => (s.oauth || request.credential === refusal.credential) && request.at! > refusal.answeredAt && request.at! < until - 1);
		if (early) return `L4: ${early.method} ${early.path} was sent ${early.at! - refusal.answeredAt} ms after a workspace 429 that asked for ${refusal.retryAfterMs} ms`;
	}

	const minRate = Math.min(...ran.map(({ work }) => work.requestsPerSecond));
	for (const [index, { work, core, run, startedAt, endedAt, items }] of ran.entries()) {
		const name = `execution ${index} (credential ${work.credential}, Max Wait ${work.maxWaitSeconds} s, wait ${work.waitOnRateLimit ? 'on' : 'off'}, ${work.requestsPerSecond}/s)`;
		if (!('value' in run)) return `L5: ${name} threw ${String(run.error)}`;

		// L2
		const during = sent.filter((request) => request.at! >= startedAt && request.at! <= endedAt);
		// A per-connection 429 that asks for less than a window's wait is a token bucket's to the pacer: it may halve the rate.
		const halvings = notion.refusals.filter((each) => each.answeredAt <= endedAt && each.limit === 'connection' && each.retryAfterMs < Pacer.WINDOW_MIN_WAIT_MS).length;
		const paceMs = 1000 / minRate;
		const slotMs = paceMs * Math.min(Pacer.FLOOR_DIVISOR, 2 ** halvings) + s.latencyMs;
		const allowanceMs = work.waitOnRateLimit ? work.maxWaitSeconds * 1000 : 0;
		const boundMs = allowanceMs + (during.length + SLACK_SLOTS) * slotMs + SLACK_MS;
		if (endedAt - startedAt > boundMs) return `L2: ${name} took ${endedAt - startedAt} ms > ${Math.round(boundMs)} ms (${during.length} requests while it ran: ${JSON.stringify(sent.map((r) => [r.credential, r.path.slice(4, 12), r.status, r.at! - result.start]))}, started ${startedAt - result.start})`;

		// L3
		const sends = new Map<string, number>();
		for (const request of core.requests) sends.set(request.path, (sends.get(request.path) ?? 0) + 1);
		for (const [path, count] of sends) if (count > MAX_SENDS_PER_CALL) return `L3: ${name} sent ${path} ${count} times`;

		// L5
		const [ok, , , retry] = run.value;
		if (ok.length + retry.length !== items.length) return `L5: ${name} sent ${items.length - ok.length - retry.length} items elsewhere than Access OK and Retry`;
		for (const item of ok) {
			const id = (item.json as { resource: string }).resource;
			if (!core.requests.some((request) => request.status === 200 && compact(request.path.split('/')[3]) === compact(id))) return `L5: ${name} put ${id} on Access OK without its 2xx`;
		}
		for (const item of retry) {
			const access = item.json.notionAccess as { reason?: string; retryAt?: string; rateLimitReason?: string } | undefined;
			if (access?.reason !== 'rate_limited' && access?.reason !== 'workspace_rate_limited') return `L5: ${name} has a Retry item for ${String(access?.reason)}`;
			if (!access.retryAt) return `L5: ${name} has a rate-limited item without retryAt`;
			if (access.reason === 'workspace_rate_limited' && access.rateLimitReason !== WORKSPACE_REASON) return `L5: ${name}'s workspace-limited item says ${String(access.rateLimitReason)}`;
		}
	}
	return undefined;
}

describe("Notion's window budgets, token buckets and workspace limits (fast-check, fake n8n-core, fake clock)", () => {
	jest.setTimeout(600_000);

	it(`L1-L5 hold for executions on one workspace's credentials (${CASES} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(scenario, async (s) => {
				const problem = broken(s, await runScenario(s));
				if (problem) throw new Error(problem);
			}),
			{ ...ASSERT_OPTIONS, numRuns: CASES, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}) },
		);
	});
});
