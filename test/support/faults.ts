/**
 * Random fault scripts for the property tests (test/unit/*.property.test.ts): what Notion, the
 * network, the token endpoint and n8n's credential store may do to a node's requests, played
 * through the fake n8n-core (fakeN8nCore.ts), and the bounds every node states.
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { Pacer } from '../../nodes/shared/transport/pacer';
import { AxiosError } from './errorShapes';
import type { ClockRun } from './fakeClock';
import { type ApiAnswer, type CoreLine, type CoreScript, type FakeN8nCore, type OnError, type SentRequest, type TokenAnswer, withErrorOutput } from './fakeN8nCore';

/** Cases per property; FC_RUNS overrides it. */
export const RUNS = Number(process.env.FC_RUNS ?? 800);
/** fast-check's options for every property: FC_NO_SHRINK=1 reports the first counterexample as found. */
export const ASSERT_OPTIONS = { numRuns: RUNS, endOnFailure: process.env.FC_NO_SHRINK === '1' };

/** The bound the transport states (MAX_SENDS_PER_CALL), written out so that loosening it fails here. */
export const MAX_SENDS_PER_CALL = 4;
/** An OAuth2 call is refreshed at most once, and then sent once more. */
export const SENDS_AFTER_REFRESH = 1;
/** The transport's re-reads of the stored credential after an invalid_grant (refresh.ts REREAD_DELAYS_MS, summed). */
export const REREAD_MS_PER_REFRESH = 3350;

export const IDS = ['0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0', '1429989f-e8ac-4eff-bc8f-57f56486db54', 'a8aebfaa-4b29-4e38-9a70-4b1c2f7e5d10'];
export const compact = (id: unknown) => String(id).replace(/-/g, '').toLowerCase();

/** true once in `oneIn` draws */
export const rarely = (oneIn: number) => fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

// ---------- what Notion (and the network) may answer ----------

export type OkSpec = { kind: 'ok'; trash: 'none' | 'in_trash' | 'archived'; wrongId: boolean; wrongKind: boolean; delayMs: number };
export type AnswerSpec =
	| OkSpec
	| { kind: 'notion'; status: number; code: string; message: string; retryAfter?: string }
	| { kind: 'raw2xx'; status: number; body: unknown }
	| { kind: 'status'; status: number; body: unknown }
	| { kind: 'network'; code: string }
	| { kind: 'typeError' }
	| { kind: 'apiErrorNoResponse' }
	| { kind: 'secretInMessage' }
	| { kind: 'slow'; delayMs: number };

export const PLAIN_OK: OkSpec = { kind: 'ok', trash: 'none', wrongId: false, wrongKind: false, delayMs: 0 };

export const retryAfter = fc.constantFrom(undefined, '0', '1', '-5', 'soon', '2', '30', '120', '99999999999', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', '1.5');
export const notionError = fc.oneof(
	fc.constant({ status: 401, code: 'unauthorized', message: 'API token is invalid.' }),
	fc.constant({ status: 403, code: 'restricted_resource', message: 'Insufficient permissions for this endpoint.' }),
	fc.constant({ status: 404, code: 'object_not_found', message: 'Could not find page with ID: x. Make sure the relevant pages and databases are shared with your integration "Acme Sync".' }),
	fc.constant({ status: 400, code: 'validation_error', message: 'Provided ID x is a database, not a page. Use the retrieve database API instead.' }),
	fc.constant({ status: 400, code: 'validation_error', message: 'Provided ID x is a block, not a page.' }),
	fc.constant({ status: 400, code: 'validation_error', message: 'body failed validation.' }),
	fc.constant({ status: 400, code: 'missing_version', message: 'Notion-Version header failed validation.' }),
	fc.constant({ status: 400, code: 'invalid_grant', message: 'Invalid grant.' }),
	fc.constant({ status: 409, code: 'conflict_error', message: 'Conflict occurred while saving.' }),
	fc.constant({ status: 429, code: 'rate_limited', message: 'You have been rate limited.' }),
	fc.constant({ status: 429, code: 'rate_limited', message: 'You have been rate limited.' }),
	fc.constant({ status: 500, code: 'internal_server_error', message: 'Unexpected error.' }),
	fc.constant({ status: 503, code: 'service_unavailable', message: 'Notion is unavailable.' }),
	fc.constant({ status: 529, code: 'service_overload', message: 'Overloaded.' }),
);
export const answerSpec: fc.Arbitrary<AnswerSpec> = fc.oneof(
	{ weight: 6, arbitrary: fc.record({ kind: fc.constant('ok' as const), trash: fc.constantFrom('none' as const, 'none' as const, 'in_trash' as const, 'archived' as const), wrongId: rarely(5), wrongKind: fc.constant(false), delayMs: fc.constantFrom(0, 0, 200, 4000) }) },
	{ weight: 5, arbitrary: fc.tuple(notionError, retryAfter).map(([error, after]) => ({ kind: 'notion' as const, ...error, retryAfter: after })) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('raw2xx' as const), status: fc.constantFrom(200, 201, 204), body: fc.constantFrom('', '{"object":"page",', '<html><body>proxy</body></html>', [] as unknown, null as unknown, 'null', { object: 'list', results: [] }, { object: 'error', status: 200 }) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(301, 302, 408, 413, 418, 451, 502, 504, 520), body: fc.constantFrom('', '<html>Bad gateway</html>', { message: 'nope' }, { error: 'invalid_token' }) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('network' as const), code: fc.constantFrom('ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'EPROTO', 'ERR_CANCELED', 'ERR_SOMETHING_NEW') }) },
	{ weight: 1, arbitrary: fc.constantFrom({ kind: 'typeError' as const }, { kind: 'apiErrorNoResponse' as const }, { kind: 'secretInMessage' as const }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('slow' as const), delayMs: fc.constantFrom(900, 5000, 31000, 120000) }) },
);

/** The fake core's answer for a spec; `okBody` is the node's idea of a 2xx body for the request. */
export function toAnswer(spec: AnswerSpec, request: SentRequest, node: FakeN8nCore, okBody: (request: SentRequest, spec: OkSpec) => IDataObject): ApiAnswer {
	switch (spec.kind) {
		case 'ok':
			return { kind: 'http', status: 200, body: okBody(request, spec), headers: { 'x-notion-request-id': 'req-ok' }, delayMs: spec.delayMs };
		case 'slow':
			return { kind: 'http', status: 200, body: okBody(request, PLAIN_OK), delayMs: spec.delayMs };
		case 'notion':
			return {
				kind: 'http',
				status: spec.status,
				body: { object: 'error', status: spec.status, code: spec.code, message: spec.message, request_id: 'req-err' },
				headers: spec.retryAfter === undefined ? {} : { 'retry-after': spec.retryAfter },
			};
		case 'raw2xx':
		case 'status':
			return { kind: 'http', status: spec.status, body: spec.body };
		case 'network':
			return { kind: 'throw', error: () => new AxiosError(`request failed: ${spec.code}`, spec.code, { url: `https://api.notion.com${request.path}` }) };
		case 'typeError':
			return { kind: 'throw', error: () => new TypeError("Cannot read properties of undefined (reading 'data')") };
		case 'apiErrorNoResponse':
			return { kind: 'throw', error: () => new NodeApiError(node.node, {} as never) };
		case 'secretInMessage':
			return { kind: 'throw', error: () => new Error(`proxy refused Authorization: Bearer ${request.accessToken} for ${request.path}`) };
	}
}

export const tokenAnswer: fc.Arbitrary<TokenAnswer> = fc.oneof(
	{ weight: 4, arbitrary: fc.constant({ kind: 'rotate' as const }) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'http' as const, status: 400, body: { error: 'invalid_grant' } }) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'http' as const, status: 401, body: { error: 'invalid_client' } }) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'http' as const, status: 503, body: '<html>down</html>' }) },
	{ weight: 1, arbitrary: fc.constantFrom({ kind: 'throw' as const, code: 'ECONNRESET' }, { kind: 'throw' as const, code: 'ENOTFOUND' }) },
);

// ---------- how the node runs ----------

/** The settings every node shares: credential kind, never connected, On Error, as a tool, core line, and the transport's options. */
export function runSettings(notConnectedOneIn: number, toolOneIn: number) {
	return fc.record({
		credentialType: fc.constantFrom('notionRotationSafeOAuth2Api', 'notionOAuth2Api', 'notionApi'),
		notConnected: rarely(notConnectedOneIn),
		onError: fc.constantFrom<OnError>('stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'),
		tool: rarely(toolOneIn),
		line: fc.constantFrom<CoreLine>('1.x', '2.x'),
		maxWaitSeconds: fc.constantFrom(0, 1, 5, 60),
		timeoutSeconds: fc.constantFrom(1, 5, 30),
		waitOnRateLimit: fc.boolean(),
		requestsPerSecond: fc.constantFrom(3, 1000),
	});
}

/** A node's own workload with the shared settings. */
export function withRunSettings<T extends object>(own: fc.Arbitrary<T>, settings: ReturnType<typeof runSettings>) {
	return fc.tuple(own, settings).map(([mine, run]) => ({ ...mine, ...run }));
}

// ---------- fault scripts ----------

/** A fault script of answers `S`: the n-th REST request gets answers[n], later ones the tail. */
export interface FaultScript<S> {
	answers: S[];
	/** after the script: Notion answers every request the same way */
	tail: S;
	tokens: TokenAnswer[];
	/** the `getCredentials` calls (0-based) that fail */
	failingReads: number[];
	cancelAfter: number | null;
}
export type Faults = FaultScript<AnswerSpec>;

/**
 * Random faults anywhere: Notion, the network, the token endpoint, the credential store,
 * cancellation. `tailAnswer` is what the tail may be besides `ok` (a list page with more to come
 * would be an endless list).
 */
export function faultsOf<S>(answer: fc.Arbitrary<S>, ok: S, tailAnswer: fc.Arbitrary<S> = answer): fc.Arbitrary<FaultScript<S>> {
	return fc.record({
		answers: fc.array(answer, { maxLength: 24 }),
		tail: fc.oneof({ weight: 4, arbitrary: fc.constant(ok) }, { weight: 1, arbitrary: tailAnswer }),
		tokens: fc.array(tokenAnswer, { maxLength: 4 }),
		failingReads: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 2 }),
		cancelAfter: fc.option(fc.integer({ min: 1, max: 12 }), { freq: 8 }),
	});
}
export const faults: fc.Arbitrary<Faults> = faultsOf(answerSpec, PLAIN_OK);

/** Notion answers every request with a rate limit, an overload, an outage or a hang. */
export const outageFaults: fc.Arbitrary<Faults> = fc.record({
	answers: fc.constant([] as AnswerSpec[]),
	tail: fc.oneof(
		fc.tuple(fc.constantFrom(429, 529, 503), retryAfter).map(([status, after]) => ({ kind: 'notion' as const, status, code: status === 429 ? 'rate_limited' : 'service_unavailable', message: 'busy', retryAfter: after })),
		fc.constant<AnswerSpec>({ kind: 'slow', delayMs: 120000 }),
	),
	tokens: fc.array(tokenAnswer, { maxLength: 3 }),
	failingReads: fc.constant([] as number[]),
	cancelAfter: fc.constant(null),
});

/** n8n-side faults: 401s that make it refresh, refreshes that fail, credential reads that fail, cancellation. */
export function nSideFaultsOf<S>(answer: fc.Arbitrary<S>, unauthorized: S, ok: S): fc.Arbitrary<FaultScript<S>> {
	return fc.record({
		answers: fc.array(fc.oneof(answer, fc.constant(unauthorized)), { maxLength: 8 }),
		tail: fc.constant(ok),
		tokens: fc.array(tokenAnswer, { minLength: 1, maxLength: 4 }),
		failingReads: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }),
		cancelAfter: fc.option(fc.integer({ min: 1, max: 6 }), { freq: 2 }),
	});
}
export const UNAUTHORIZED: AnswerSpec = { kind: 'notion', status: 401, code: 'unauthorized', message: 'API token is invalid.' };
export const nSideFaults: fc.Arbitrary<Faults> = nSideFaultsOf(answerSpec, UNAUTHORIZED, PLAIN_OK);

/** The fake core's script for a fault script; `answer` turns the n-th request's spec into its answer. */
export function scriptOf<S>(fault: FaultScript<S>, answer: (spec: S, request: SentRequest, n: number) => ApiAnswer): CoreScript {
	return {
		api: (request, n) => answer(fault.answers[n] ?? fault.tail, request, n),
		token: (n) => fault.tokens[n] ?? { kind: 'rotate' },
		credentialRead: (n) => (fault.failingReads.includes(n) ? new Error('Could not read the credential from the database (connection lost)') : undefined),
	};
}

/** A stored OAuth2 credential that was never connected (no token), or undefined for the fake's default. */
export function storedCredential(credentialType: string, notConnected: boolean): IDataObject | undefined {
	return notConnected && credentialType !== 'notionApi' ? { clientId: 'fake-client-id', clientSecret: 'fake-client-secret-not-real' } : undefined;
}

// ---------- the bounds ----------

export interface TimeOptions {
	maxWaitSeconds: number;
	timeoutSeconds: number;
	requestsPerSecond: number;
}

/**
 * The most (fake) time an execution may take: every Retry-After wait ends by Maximum Wait, every
 * request by its timeout and its pacing slot, every refresh by its re-reads, and a second to spare.
 * A 429 or 529 slows the pacer (it halves its rate, down to the configured rate / FLOOR_DIVISOR):
 * then a pacing slot may be that much longer.
 * `refreshes` is how many refreshes may have ended in invalid_grant and re-read the credential.
 */
export function timeBoundMs(options: TimeOptions, core: FakeN8nCore, refreshes = core.tokenRequests.length): number {
	const sent = core.requests.length + core.tokenRequests.length;
	const slowed = core.requests.some((request) => request.status === 429 || request.status === 529);
	const slotMs = (1000 / options.requestsPerSecond) * (slowed ? Pacer.FLOOR_DIVISOR : 1);
	return options.maxWaitSeconds * 1000 + sent * (options.timeoutSeconds * 1000 + slotMs) + refreshes * REREAD_MS_PER_REFRESH + 1000;
}

/** The first secret the credential ever held (rotated ones included) that `text` contains. */
export function leakIn(core: FakeN8nCore, text: string): string | undefined {
	return core.secrets().find((secret) => text.includes(secret));
}

export type Settled = { broken: string } | { stopped: true } | { outputs: INodeExecutionData[][] };

/**
 * The checks every node's execution shares: no secret in the log (I4); `execute` rejects only under
 * Stop Workflow, with one NodeOperationError that names a valid item and holds no secret (I1, I2,
 * I4); otherwise the outputs as n8n routes them (the Error output appended), as many as declared,
 * with no secret in them.
 */
export function settle(core: FakeN8nCore, run: ClockRun<INodeExecutionData[][]>, onError: OnError, itemCount: number, okOutput: string, outputCount: number): Settled {
	const leakedInLog = core.logLines.map((line) => leakIn(core, line)).find(Boolean);
	if (leakedInLog) return { broken: `I4: a log line holds ${leakedInLog}` };
	if ('error' in run) {
		if (onError !== 'stopWorkflow') return { broken: `I1: execute() rejected under ${onError}: n8n would pass the input to ${okOutput} (${String(run.error)})` };
		const error = run.error as NodeOperationError;
		if (!(error instanceof NodeOperationError)) return { broken: `I2: rejected with ${String(error)}` };
		const match = /^Item (\d+): /.exec(error.message);
		if (!match || Number(match[1]) >= itemCount) return { broken: `I2: the error names no item: ${error.message}` };
		const leaked = leakIn(core, `${error.message} ${error.description ?? ''}`);
		return leaked ? { broken: `I4: the error holds ${leaked}` } : { stopped: true };
	}
	const outputs = onError === 'continueErrorOutput' ? withErrorOutput(run.value) : run.value;
	const expected = outputCount + (onError === 'continueErrorOutput' ? 1 : 0);
	if (outputs.length !== expected) return { broken: `I2: ${outputs.length} outputs` };
	const leaked = leakIn(core, JSON.stringify(outputs));
	return leaked ? { broken: `I4: an output holds ${leaked}` } : { outputs };
}
