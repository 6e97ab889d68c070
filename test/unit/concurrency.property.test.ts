/**
 * Several executions on ONE credential at once (issue 17), through the real nodes' `execute` and
 * the core-faithful fake (test/support/fakeN8nCore.ts), on a fake clock. Each execution is an
 * Access Check or a Notion Request that creates pages, with its own items, On Error, Maximum Wait,
 * Wait on Rate Limit and Requests per Second, its own start time and maybe a cancellation at any
 * time; they share what n8n shares in one process: the credential's pacer and its refresh flight.
 * Each execution has a fake core of its own (its own cancel signal, its own answers), as each n8n
 * execution has its own context.
 *
 * Properties, per case:
 * - P1 own limits: an execution that is not cancelled ends within its model time: its own hold
 *   allowance (Maximum Wait with Wait on Rate Limit on, else 0) + one pacing slot per request that
 *   any execution sent while it ran + the answer delays of those requests + the re-reads of refreshes
 *   that failed + SLACK_SLOTS slots + SLACK_MS. A pacing slot is 1 / (the lowest Requests per
 *   Second of the case) × 2^(429s and 529s so far, at most FLOOR_DIVISOR): each hold may halve the rate.
 *   A hold another execution waits for, or turns a cancelled execution left queued, break it.
 * - P2 cancellation: a cancelled execution sends nothing after it was cancelled and ends within
 *   CANCEL_END_MS of it (an answer in flight, and a refresh's re-reads, may finish); a non-cancelled
 *   execution never has an item that says `cancelled`.
 * - P3 pacing: two requests through the credential's pacer never leave less than half an interval
 *   apart (at the highest Requests per Second of the case); core's own resend after a refresh is not paced.
 * - I1-I5 per execution: OK (Access OK, Success) only with a 2xx that proves it in the execution's
 *   own log; conservation with pairedItem (or one error naming an item under Stop Workflow); sends
 *   per call at most MAX_SENDS_PER_CALL (+1 after a refresh); no secret in outputs, errors or logs;
 *   a write sent again only after every earlier send of it was 429 (or 401, refreshed).
 * FC_RUNS sets the cases (default here: a quarter of the other properties', as each case runs up to
 * four executions).
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NotionAccessCheck } from '../../nodes/NotionAccessCheck/NotionAccessCheck.node';
import { NotionRequestV1 as NotionRequest } from '../../nodes/NotionRequest/NotionRequestV1.node';
import { CUSTOM } from '../../nodes/NotionRequest/v1/presets';
import { Pacer } from '../../nodes/shared/transport/pacer';
import { runOnFakeClock } from '../support/fakeClock';
import { type ApiAnswer, FakeN8nCore, type LoggedRequest, type OnError, type SentRequest, type TokenAnswer } from '../support/fakeN8nCore';
import { ASSERT_OPTIONS, compact, IDS, MAX_SENDS_PER_CALL, REREAD_MS_PER_REFRESH, RUNS, settle } from '../support/faults';

const CASES = Math.max(1, Math.round(Number(process.env.FC_RUNS ?? RUNS / 4)));
/** Slack on P1: two slots (the turn just missed, the last one) and 100 ms of rounding and microtasks. */
const SLACK_SLOTS = 2;
const SLACK_MS = 100;
/** P2: the longest answer delay of the scripts, a refresh's re-reads after invalid_grant, and 100 ms. */
const MAX_DELAY_MS = 300;
const CANCEL_END_MS = MAX_DELAY_MS + REREAD_MS_PER_REFRESH + 100;

const RESOURCES = [...IDS, '5b6c7d8e-9f00-4a1b-8c2d-3e4f5a6b7c8d', '6c7d8e9f-0a1b-4c2d-9e3f-4a5b6c7d8e9f', '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a'];
const KIND_OF_PATH: Record<string, string> = { pages: 'page', databases: 'database', data_sources: 'data_source', blocks: 'block' };

// ---------- what Notion answers ----------

type Answer =
	| { kind: 'ok'; delayMs: number }
	| { kind: 'error'; status: number; code: string; retryAfter?: string }
	| { kind: 'garbled' };
const OK: Answer = { kind: 'ok', delayMs: 0 };
const answer: fc.Arbitrary<Answer> = fc.oneof(
	{ weight: 6, arbitrary: fc.record({ kind: fc.constant('ok' as const), delayMs: fc.constantFrom(0, 0, 50, MAX_DELAY_MS) }) },
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('error' as const), status: fc.constant(429), code: fc.constant('rate_limited'), retryAfter: fc.constantFrom('1', '2', '5', '30', undefined) }) },
	{ weight: 1, arbitrary: fc.constant<Answer>({ kind: 'error', status: 529, code: 'service_overload', retryAfter: '2' }) },
	{ weight: 2, arbitrary: fc.constant<Answer>({ kind: 'error', status: 401, code: 'unauthorized' }) },
	{ weight: 1, arbitrary: fc.constant<Answer>({ kind: 'error', status: 404, code: 'object_not_found' }) },
	{ weight: 1, arbitrary: fc.constant<Answer>({ kind: 'error', status: 500, code: 'internal_server_error' }) },
	{ weight: 1, arbitrary: fc.constant<Answer>({ kind: 'garbled' }) },
);
const tokenAnswer: fc.Arbitrary<TokenAnswer> = fc.oneof(
	{ weight: 5, arbitrary: fc.constant<TokenAnswer>({ kind: 'rotate' }) },
	{ weight: 1, arbitrary: fc.constant<TokenAnswer>({ kind: 'http', status: 400, body: { error: 'invalid_grant' } }) },
	{ weight: 1, arbitrary: fc.constant<TokenAnswer>({ kind: 'http', status: 503, body: '<html>down</html>' }) },
);

function okBody(request: SentRequest): IDataObject {
	const [, , collection, id] = request.path.split('/');
	if (collection === 'users') return { object: 'user', id: 'b0b0b0b0-0000-4000-8000-000000000001', type: 'bot', name: 'Acme Sync', bot: { workspace_name: 'Acme' } };
	if (request.method === 'POST') return { object: 'page', id: RESOURCES[((request.body as { n?: number } | undefined)?.n ?? 0) % RESOURCES.length], in_trash: false };
	return { object: KIND_OF_PATH[collection] ?? 'page', id, in_trash: false, properties: { Name: { type: 'title', title: [{ plain_text: 'Roadmap' }] } } };
}

function toApiAnswer(spec: Answer, request: SentRequest): ApiAnswer {
	if (spec.kind === 'ok') return { kind: 'http', status: 200, body: okBody(request), delayMs: spec.delayMs };
	if (spec.kind === 'garbled') return { kind: 'http', status: 200, body: '' };
	return {
		kind: 'http',
		status: spec.status,
		body: { object: 'error', status: spec.status, code: spec.code, message: `Notion says ${spec.code}.`, request_id: 'req-err' },
		headers: spec.retryAfter === undefined ? {} : { 'retry-after': spec.retryAfter },
	};
}

// ---------- the executions ----------

const execution = fc.record({
	node: fc.constantFrom('check' as const, 'check' as const, 'create' as const),
	/** Access Check: which resources; Notion Request: how many pages to create */
	resources: fc.array(fc.integer({ min: 0, max: RESOURCES.length - 1 }), { minLength: 1, maxLength: 8 }),
	resourceType: fc.constantFrom('auto', 'page'),
	onError: fc.constantFrom<OnError>('stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'),
	maxWaitSeconds: fc.constantFrom(0, 1, 5, 60),
	waitOnRateLimit: fc.boolean(),
	requestsPerSecond: fc.constantFrom(10, 50, 1000),
	startAtMs: fc.constantFrom(0, 0, 100, 1000, 3000),
	/** after its start; null: never cancelled */
	cancelAfterMs: fc.option(fc.constantFrom(0, 5, 50, 200, 1000, 4000), { freq: 2 }),
	answers: fc.array(answer, { maxLength: 10 }),
	tokens: fc.array(tokenAnswer, { maxLength: 3 }),
});
type Execution = typeof execution extends fc.Arbitrary<infer T> ? T : never;
const scenario = fc.record({
	credentialType: fc.constantFrom('notionRotationSafeOAuth2Api', 'notionRotationSafeOAuth2Api', 'notionApi'),
	executions: fc.array(execution, { minLength: 2, maxLength: 4 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

interface Ran {
	work: Execution;
	core: FakeN8nCore;
	items: INodeExecutionData[];
	run: { value: INodeExecutionData[][] } | { error: unknown };
	startedAt: number;
	endedAt: number;
	cancelledAt?: number;
}

let caseNumber = 0;

async function runScenario(s: Scenario): Promise<{ ran: Ran[]; start: number }> {
	// A credential of its own per case (pacers and refresh flights are per credential and process), shared by the case's executions.
	const credentialId = `concurrency-credential-${++caseNumber}`;
	const executions = s.executions.map((work) => {
		const items: INodeExecutionData[] = work.resources.map((resource, n) => ({ json: { resource: RESOURCES[resource], n } as IDataObject }));
		const core = new FakeN8nCore({
			items,
			credentialType: s.credentialType,
			credentialId,
			nodeType: work.node === 'check' ? undefined : 'n8n-nodes-notion-access.notionRequest',
			onError: work.onError,
			parameters: {
				check: 'resource',
				resourceType: work.resourceType,
				operation: CUSTOM,
				method: 'POST',
				path: '/v1/pages',
				reference: '',
				body: (itemIndex: number) => JSON.stringify({ parent: { page_id: IDS[0] }, n: itemIndex }),
				query: {},
				returnAll: false,
				options: {
					maxWaitSeconds: work.maxWaitSeconds,
					waitOnRateLimit: work.waitOnRateLimit,
					requestsPerSecond: work.requestsPerSecond,
					timeoutSeconds: 30,
					notionVersion: '2025-09-03',
					output: 'perCall',
				},
			},
			script: {
				api: (request, n) => toApiAnswer(work.answers[n] ?? OK, request),
				token: (n) => work.tokens[n] ?? { kind: 'rotate' },
			},
		});
		return { work, core, items };
	});
	let start = 0;
	const clock = await runOnFakeClock(async () => {
		start = Date.now();
		return await Promise.all(
			executions.map(async ({ work, core, items }): Promise<Ran> => {
				await new Promise((resolve) => setTimeout(resolve, work.startAtMs));
				const startedAt = Date.now() - start;
				let cancelledAt: number | undefined;
				if (work.cancelAfterMs !== null) {
					setTimeout(() => {
						if (cancelledAt === undefined) cancelledAt = Date.now() - start;
						core.cancelNow();
					}, work.cancelAfterMs);
				}
				const node = work.node === 'check' ? new NotionAccessCheck() : new NotionRequest();
				let run: Ran['run'];
				try {
					run = { value: await node.execute.call(core.context()) };
				} catch (error) {
					run = { error };
				}
				const endedAt = Date.now() - start;
				// A cancellation that comes after the execution ended cancels nothing.
				const ended = cancelledAt === undefined;
				if (ended) cancelledAt = Infinity;
				return { work, core, items, run, startedAt, endedAt, cancelledAt: ended ? undefined : cancelledAt };
			}),
		);
	});
	if ('error' in clock) throw clock.error;
	return { ran: clock.value, start };
}

// ---------- the properties ----------

const paced = (request: LoggedRequest) => !request.resentByCore && !request.afterCancel;

/** Returns the first property a case breaks, or undefined. `caseStart` is the fake time the case began (times are relative to it). */
function broken(s: Scenario, ran: Ran[], caseStart: number): string | undefined {
	const all = ran.flatMap(({ core }) => core.requests.map((request) => ({ ...request, at: (request.at ?? 0) - caseStart })));
	const minRate = Math.min(...ran.map(({ work }) => work.requestsPerSecond));
	const maxRate = Math.max(...ran.map(({ work }) => work.requestsPerSecond));

	// P3: never two at once through the pacer.
	const times = all.filter(paced).map((request) => request.at).sort((a, b) => a - b);
	const minGap = (1000 / maxRate) * Pacer.CATCH_UP;
	for (let i = 1; i < times.length; i++) {
		if (times[i] - times[i - 1] < minGap - 1e-9) return `P3: two requests ${times[i] - times[i - 1]} ms apart at ${times[i]} ms (at least ${minGap} ms at ${maxRate}/s)`;
	}

	const failedRefreshes = ran.reduce((sum, { core }) => sum + core.tokenRequests.filter((token) => token.answer !== 'rotate').length, 0);
	for (const [index, execution] of ran.entries()) {
		const { work, core, run, startedAt, endedAt, cancelledAt } = execution;
		const name = `execution ${index} (${work.node}, Max Wait ${work.maxWaitSeconds} s, wait ${work.waitOnRateLimit ? 'on' : 'off'}, ${work.requestsPerSecond}/s)`;

		// P2
		if (core.requests.some((request) => request.afterCancel)) return `P2: ${name} sent a request after it was cancelled`;
		if (cancelledAt !== undefined && endedAt - cancelledAt > CANCEL_END_MS) return `P2: ${name} ended ${endedAt - cancelledAt} ms after it was cancelled (> ${CANCEL_END_MS})`;
		if (cancelledAt === undefined && 'value' in run) {
			const field = work.node === 'check' ? 'notionAccess' : 'notionRequest';
			const said = run.value.flat().find((item) => (item.json[field] as IDataObject | undefined)?.reason === 'cancelled');
			if (said) return `P2: ${name} was never cancelled, but item ${JSON.stringify(said.pairedItem)} says cancelled`;
		}

		// P1
		if (cancelledAt === undefined) {
			const during = all.filter((request) => request.at >= startedAt && request.at <= endedAt);
			const holds = all.filter((request) => request.at <= endedAt && (request.status === 429 || request.status === 529)).length;
			const slotMs = (1000 / minRate) * Math.min(Pacer.FLOOR_DIVISOR, 2 ** holds);
			const allowanceMs = work.waitOnRateLimit ? work.maxWaitSeconds * 1000 : 0;
			const delaysMs = during.reduce((sum, request) => sum + (request.delayMs ?? 0), 0);
			const boundMs = allowanceMs + during.filter(paced).length * slotMs + delaysMs + failedRefreshes * REREAD_MS_PER_REFRESH + SLACK_SLOTS * slotMs + SLACK_MS;
			if (endedAt - startedAt > boundMs) {
				return `P1: ${name} took ${endedAt - startedAt} ms > ${Math.round(boundMs)} ms (allowance ${allowanceMs}, ${during.filter(paced).length} paced requests while it ran at ${Math.round(slotMs)} ms, delays ${delaysMs})`;
			}
		}

		// I1-I5
		const own = core.requests.filter((request) => !request.afterCancel);
		const isOAuth2 = s.credentialType !== 'notionApi';
		const sendsPerCall = new Map<string, LoggedRequest[]>();
		for (const request of own) {
			if (request.path === '/v1/users/me') continue;
			const key = `${request.method} ${request.path} ${JSON.stringify(request.body ?? null)}`;
			sendsPerCall.set(key, [...(sendsPerCall.get(key) ?? []), request]);
		}
		// Each call is one item's: the Access Check asks each resource once per endpoint, and each create's body names its item.
		const bound = MAX_SENDS_PER_CALL + (isOAuth2 ? 1 : 0);
		for (const [key, sends] of sendsPerCall) {
			if (sends.length > bound) return `I3: ${name} sent ${key} ${sends.length} times > ${bound}`;
			if (sends[0].method !== 'GET') {
				for (let k = 1; k < sends.length; k++) {
					const unprocessed = sends.slice(0, k).every((earlier) => earlier.status === 429 || (earlier.status === 401 && isOAuth2));
					if (!unprocessed) return `I5: ${name} sent ${key} again after Notion may have processed it (${sends.map((each) => each.status ?? 'thrown').join(', ')})`;
				}
			}
		}
		const okName = work.node === 'check' ? 'Access OK' : 'Success';
		const settled = settle(core, { ...run, elapsedMs: endedAt - startedAt }, work.onError, execution.items.length, okName, 4);
		if ('broken' in settled) return `${settled.broken} (${name})`;
		if ('stopped' in settled) continue;
		const { outputs } = settled;
		const paired = outputs.flat().map((item) => (item.pairedItem as { item: number }).item).sort((a, b) => a - b);
		if (JSON.stringify(paired) !== JSON.stringify(execution.items.map((_, i) => i))) return `I2: ${name} paired items ${JSON.stringify(paired)}`;
		const twoHundred = (request: LoggedRequest) => request.status !== undefined && request.status >= 200 && request.status < 300 && !request.inTrash;
		for (const item of outputs[0]) {
			const itemIndex = (item.pairedItem as { item: number }).item;
			if (item.json.error !== undefined) return `I1: ${name} item ${itemIndex} is an error on ${okName}`;
			if (work.node === 'check') {
				const id = RESOURCES[work.resources[itemIndex]];
				const tokenProven = own.some((request) => twoHundred(request) && request.path === '/v1/users/me' && request.object === 'user');
				const resourceProven = own.some((request) => {
					const [, , collection, pathId] = request.path.split('/');
					return twoHundred(request) && compact(pathId) === compact(id) && request.object === KIND_OF_PATH[collection] && compact(request.id) === compact(id);
				});
				if (!tokenProven || !resourceProven) return `I1: ${name} item ${itemIndex} on Access OK without a proving answer`;
			} else {
				const proven = own.some((request) => request.method === 'POST' && twoHundred(request) && request.object === 'page' && (request.body as { n?: number } | undefined)?.n === itemIndex);
				if (!proven) return `I1: ${name} item ${itemIndex} on Success without a 2xx page for its create`;
			}
		}
	}
	return undefined;
}

describe('several executions on one credential at once (fast-check, fake n8n-core, fake clock)', () => {
	jest.setTimeout(600_000);

	it(`P1-P3 and I1-I5 hold for executions with different options, cancelled at any point (${CASES} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(scenario, async (s) => {
				const { ran, start } = await runScenario(s);
				const problem = broken(s, ran, start);
				if (problem) throw new Error(problem);
			}),
			{ ...ASSERT_OPTIONS, numRuns: CASES },
		);
	});
});
