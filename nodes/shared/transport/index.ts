import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions, IPollFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { DEFAULT_NOTION_VERSION } from '../core/notion';
import { classify, RATE_LIMIT_HOLD_CODE } from '../core/classify';
import { describeFailure, parseBody } from '../core/failure';
import { redact } from '../core/redact';
import type { Failure } from '../core/types';
import { holdWorkspace, isKept, type NotGiven, pacerFor, type Pacer, type PacerClient, type Turn, WINDOW_REASON } from './pacer';
import { countRefresh, type RefreshCounts, refreshCounts, refreshOnce, waitForNewerStoredToken } from './refresh';

export const CREDENTIAL_TYPES = ['notionRotationSafeOAuth2Api', 'notionOAuth2Api', 'notionApi'] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

const NOTION_API = 'https://api.notion.com';
/** axios's code for an aborted request; also what a request that a cancellation kept from being sent carries. */
const CANCELLED_CODE = 'ERR_CANCELED';

/**
 * However often Notion answers 429 (with `Retry-After: 0`, say), one call is sent at most this many
 * times, plus once more after its one refresh (a 401 with an OAuth2 credential).
 */
export const MAX_SENDS_PER_CALL = 4;
/** A Retry-After of 0 or a date in the past still waits this long: no tight loop. */
const MIN_WAIT_SECONDS = 1;
/** Options are numbers a builder types: keep them where the bounds stay meaningful. */
const MAX_WAIT_SECONDS_LIMIT = 3600;
const MAX_TIMEOUT_SECONDS = 300;

export type NotionMethod = Extract<IHttpRequestMethods, 'GET' | 'POST' | 'PATCH' | 'DELETE'>;

export interface NotionCall {
	method: NotionMethod;
	/** Starts with /v1/. */
	path: string;
	query?: IDataObject;
	body?: IDataObject;
	/** The `object` a 2xx answer must have (`page`, `user`, `list`, ...); any other answer was garbled on the way. */
	expect?: string;
	/** Headers of this call alone, e.g. a `Notion-Beta` a filter needs; they cannot replace Notion-Version. */
	headers?: Record<string, string>;
}

export interface NotionResponse {
	status: number;
	body: unknown;
	headers: Record<string, string | undefined>;
}

export type NotionResult = { ok: true; response: NotionResponse } | { ok: false; failure: Failure };

export interface TransportOptions {
	notionVersion: string;
	requestsPerSecond: number;
	waitOnRateLimit: boolean;
	maxWaitSeconds: number;
	timeoutSeconds: number;
}

/** The transport's options from a node's Options collection, with the defaults every node shows. */
export function transportOptions(options: IDataObject): TransportOptions {
	return {
		notionVersion: (options.notionVersion as string) ?? DEFAULT_NOTION_VERSION,
		requestsPerSecond: (options.requestsPerSecond as number) ?? 3,
		waitOnRateLimit: (options.waitOnRateLimit as boolean) ?? true,
		maxWaitSeconds: (options.maxWaitSeconds as number) ?? 60,
		timeoutSeconds: (options.timeoutSeconds as number) ?? 30,
	};
}

/** What the transport needs of n8n: the same in a node's execute and a trigger's poll. */
export type TransportContext = Pick<IExecuteFunctions | IPollFunctions, 'getNode' | 'getCredentials' | 'helpers'> & {
	getExecutionCancelSignal?: () => AbortSignal | undefined;
};

interface StoredCredential {
	clientSecret?: string;
	apiKey?: string;
	oauthTokenData?: { access_token?: string; refresh_token?: string; workspace_id?: string };
}

/**
 * The only code that speaks HTTP. It owns the credential, the Notion-Version header, pacing,
 * waiting out rate limits, and refresh recovery.
 *
 * Requests go through n8n's `httpRequestWithAuthentication` with `ignoreHttpStatusErrors`, so a 401
 * never makes core refresh on its own (n8n 1.x has no single flight; neither version coordinates
 * processes without Redis). On a 401 this transport starts one refresh per credential per process:
 * a plain request that core answers by refreshing, persisting and retrying, the same way on
 * n8n 1.x and 2.x. A refresh that fails with `invalid_grant` is checked against the stored
 * credential, which another process may have just rotated.
 *
 * Work is bounded: all waits for Retry-After end by one deadline per transport (one execution or
 * poll), each call is sent at most MAX_SENDS_PER_CALL times and refreshed at most once (one send
 * more), and a write (POST, PATCH, DELETE) is
 * sent again only after a 429, the one answer that says Notion did not process it.
 */
export class NotionTransport {
	private readonly credentialKey: string;

	/** This credential's pacer when last used, shared with every execution in this process on the credential: see `pacer`. */
	private pacerInUse: Pacer;

	/** The workspace the pacer holds with (holdWorkspace): the credential's own until its token data names one. */
	private workspaceKey: string;

	private readonly knownSecrets = new Set<string>();

	/** Items that share a resource share its texts: each distinct text is redacted once. */
	private readonly redacted = new Map<string, string>();

	private readonly options: TransportOptions;

	/** No Retry-After wait of this execution goes past it. */
	private readonly waitDeadline: number;

	/** This execution in the shared pacer: no hold is waited for past its own Max Wait, or at all with Wait on Rate Limit off. */
	private readonly pacerClient: PacerClient;

	private cancellation?: Promise<false>;

	/** The latest read of the stored credential: a request waits for one in flight while its workspace is not known yet. */
	private credentialRead?: Promise<unknown>;

	/** The node stopped this execution's work (an invalid item under Stop Workflow): nothing more is sent. */
	private abandoned = false;

	constructor(
		private readonly ctx: TransportContext,
		readonly credentialType: CredentialType,
		options: TransportOptions,
	) {
		this.options = {
			...options,
			maxWaitSeconds: clamp(options.maxWaitSeconds, 0, MAX_WAIT_SECONDS_LIMIT, 60),
			timeoutSeconds: clamp(options.timeoutSeconds, 1, MAX_TIMEOUT_SECONDS, 30),
			requestsPerSecond: clamp(options.requestsPerSecond, 0.01, Number.MAX_SAFE_INTEGER, 3),
		};
		this.waitDeadline = Date.now() + this.options.maxWaitSeconds * 1000;
		this.pacerClient = { holdLimit: this.options.waitOnRateLimit ? this.waitDeadline : -Infinity };
		const credential = ctx.getNode().credentials?.[credentialType];
		this.credentialKey = `${credentialType}:${credential?.id ?? credential?.name ?? 'unknown'}`;
		// An internal integration lives in one workspace: its credential stands for it. An OAuth2
		// credential's workspace comes with its token data (readCredential).
		this.workspaceKey = this.credentialKey;
		this.pacerInUse = this.joinPacer();
	}

	/**
	 * The process's pacer for this credential. A pacer the process forgot while it was idle (pacerFor
	 * keeps a bounded number) is replaced by the one the process keeps now: a later execution's holds
	 * must reach this one's requests, and this one's theirs.
	 */
	private get pacer(): Pacer {
		if (!isKept(this.credentialKey, this.pacerInUse)) this.pacerInUse = this.joinPacer();
		return this.pacerInUse;
	}

	private joinPacer(): Pacer {
		const pacer = pacerFor(this.credentialKey, this.options.requestsPerSecond);
		if (pacer.workspaceKey === undefined || pacer.workspaceKey === this.credentialKey) pacer.workspaceKey = this.workspaceKey;
		return pacer;
	}

	/** The node stopped (an invalid item under Stop Workflow): requests still queued are dropped, and none is sent any more. */
	abandon() {
		this.abandoned = true;
		this.pacer.leave(this.pacerClient);
	}

	get notionVersion(): string {
		return this.options.notionVersion;
	}

	/** What this process saw of refreshes through this credential since it started. */
	refreshCounts(): RefreshCounts {
		return refreshCounts(this.credentialKey);
	}

	get isOAuth2() {
		return this.credentialType !== 'notionApi';
	}

	get credentialName(): string | undefined {
		return this.ctx.getNode().credentials?.[this.credentialType]?.name;
	}

	/** Removes every secret this transport has seen from text that leaves the node. */
	redact(text: string): string {
		let clean = this.redacted.get(text);
		if (clean === undefined) {
			clean = redact(text, [...this.knownSecrets]);
			this.redacted.set(text, clean);
		}
		return clean;
	}

	/** Reads the stored credential (n8n reads its database on every call) and learns its secrets. */
	async readCredential(): Promise<StoredCredential> {
		const read = (async () => await this.ctx.getCredentials(this.credentialType))();
		this.credentialRead = read;
		const stored = ((await read) ?? {}) as StoredCredential;
		const workspace = stored.oauthTokenData?.workspace_id;
		if (this.isOAuth2 && typeof workspace === 'string' && workspace.length > 0) {
			this.workspaceKey = `workspace:${workspace}`;
			this.pacer.workspaceKey = this.workspaceKey;
		}
		for (const secret of [
			stored.clientSecret,
			stored.apiKey,
			stored.oauthTokenData?.access_token,
			stored.oauthTokenData?.refresh_token,
		]) {
			if (typeof secret === 'string' && secret.length > 0 && !this.knownSecrets.has(secret)) {
				this.knownSecrets.add(secret);
				this.redacted.clear();
			}
		}
		return stored;
	}

	async get(path: string, expect?: string): Promise<NotionResult> {
		return await this.request({ method: 'GET', path, expect });
	}

	async request(call: NotionCall): Promise<NotionResult> {
		let refreshed = false;
		for (let sends = 1; ; sends++) {
			let { result, held } = await this.send(call);
			// A 401 is refreshed once per call, and the call sent once more: a token that expired
			// while rate limits were waited out is refreshed, never reported as needing a reconnect.
			if (!refreshed && this.needsRefresh(result)) {
				refreshed = true;
				const failure = await this.refreshShared();
				({ result, held } = failure ? { result: { ok: false, failure }, held: await this.holdForNamedLimit(failure) } : await this.send(call));
			}
			if (result.ok) return result;
			if (sends >= MAX_SENDS_PER_CALL) return result;
			const wait = this.rateLimitWait(call, result.failure);
			if (wait === undefined) return result;
			if (!held) this.pacer.holdUntil(Date.now() + wait * 1000, classify(result.failure).rateLimitReason);
			if (!(await this.pause(wait * 1000))) return result;
		}
	}

	/**
	 * A 429 that names its limit holds everyone that limit covers, whether or not this call waits
	 * for it, so that their items that may not wait so long go to Retry at once instead of meeting
	 * the same 429: the per-workspace limit holds every credential of the workspace in this process,
	 * the per-connection limit this credential (Retry-After says when it takes requests again,
	 * whichever caller asks; a token bucket's asks for about a second). A 429 that names neither
	 * may be one endpoint's:
	 * it holds only when its caller waits it out, and the others' items are still sent (a Watch's
	 * poll whose every other resource went to Retry would read as an outage). True when it held.
	 */
	private async holdForNamedLimit(failure: Failure): Promise<boolean> {
		if (failure.phase !== 'api' || failure.status !== 429) return false;
		const verdict = classify(failure);
		const until = Date.now() + Math.max(MIN_WAIT_SECONDS, verdict.retryAfterSeconds ?? MIN_WAIT_SECONDS) * 1000;
		if (verdict.reason === 'workspace_rate_limited') {
			this.pacer.countRefused();
			if (this.isOAuth2 && this.pacer.workspaceKey === this.credentialKey) {
				// The token data names the workspace; a credential n8n cannot read now holds its own pacer only.
				await this.readCredential().catch(() => undefined);
			}
			holdWorkspace(this.pacer.workspaceKey ?? this.credentialKey, until, verdict.rateLimitReason);
			return true;
		}
		if (verdict.rateLimitReason !== WINDOW_REASON) return false;
		this.pacer.holdUntil(until, verdict.rateLimitReason);
		return true;
	}

	/**
	 * Seconds to wait before sending the call again, or undefined to give up now: only a rate limit
	 * is waited out (429 for any call, 529 for a read), never past the execution's deadline.
	 */
	private rateLimitWait(call: NotionCall, failure: Failure): number | undefined {
		if (!this.options.waitOnRateLimit || failure.phase !== 'api') return undefined;
		const retryable = failure.status === 429 || (failure.status === 529 && call.method === 'GET');
		if (!retryable) return undefined;
		const wait = Math.max(MIN_WAIT_SECONDS, classify(failure).retryAfterSeconds ?? MIN_WAIT_SECONDS);
		return Date.now() + wait * 1000 <= this.waitDeadline ? wait : undefined;
	}

	/**
	 * Joins the refresh in flight for this credential, or starts one. The refresh runs with its
	 * starter's context and limits; each caller keeps its own: a cancelled caller stops waiting at
	 * once, and so does one that may not wait for a rate-limit hold the refresh waits for. When the
	 * refresh ends in a way that was its starter's alone (cancelled, or held past its Max Wait), a
	 * caller that is not in that case starts a refresh of its own rather than share the outcome.
	 */
	private async refreshShared(): Promise<Failure | undefined> {
		for (let attempt = 1; ; attempt++) {
			const signal = this.cancelSignal();
			if (signal?.aborted) return cancelled();
			const flight = refreshOnce(this.credentialKey, async () => await this.refresh());
			const cancellation = signal ? this.watchCancellation(signal).then(cancelled) : new Promise<never>(() => undefined);
			const waited = await this.pacer.unlessHeld(this.pacerClient, Promise.race([flight, cancellation]));
			if ('held' in waited) return notSent(waited.held);
			const failure = waited.done;
			if (!failure || !isStartersOwn(failure) || attempt >= MAX_SENDS_PER_CALL) return failure;
		}
	}

	private needsRefresh(result: NotionResult): boolean {
		return !result.ok && this.isOAuth2 && result.failure.status === 401 && result.failure.phase === 'api';
	}

	/**
	 * Makes core refresh: a request with the stored (expired) token, without ignoring HTTP errors,
	 * so core meets the 401, refreshes, stores the new tokens and retries. If another execution
	 * already stored a newer token, the request simply succeeds and nothing is refreshed.
	 * Resolves to the failure, if the refresh failed and no other process stored a newer token.
	 * Reading the stored credential can fail too (a database hiccup): that is a failure, not a throw.
	 */
	private async refresh(): Promise<Failure | undefined> {
		countRefresh(this.credentialKey, 'refreshes');
		const failure = await this.refreshThroughCore();
		countRefresh(this.credentialKey, failure ? 'failed' : 'succeeded');
		return failure;
	}

	private async refreshThroughCore(): Promise<Failure | undefined> {
		try {
			const stale = (await this.readCredential()).oauthTokenData?.access_token;
			const turn = await this.takeTurn();
			if (!turn.go) return notSent(turn);
			try {
				try {
					await this.ctx.helpers.httpRequestWithAuthentication.call(
						this.ctx as IExecuteFunctions,
						this.credentialType,
						this.requestOptions({ method: 'GET', path: '/v1/users/me' }, false),
					);
				} finally {
					this.pacer.answered();
				}
			} catch (error) {
				const failure = refreshFailure(error);
				if (classify(failure).reason !== 'grant_revoked') return failure;
				countRefresh(this.credentialKey, 'invalidGrant');
				const rotated = async () => (await this.readCredential()).oauthTokenData?.access_token;
				if (!(await waitForNewerStoredToken(rotated, stale))) return failure;
				countRefresh(this.credentialKey, 'racesRecovered');
			}
			await this.readCredential();
			return undefined;
		} catch (error) {
			return describeFailure(error, 'api');
		}
	}

	/**
	 * Sends the call once, in its turn. A 429 that names its limit sets its hold before the turn
	 * ends (the pacer may release the next request the moment this one is answered); `held` says so.
	 */
	private async send(call: NotionCall): Promise<{ result: NotionResult; held: boolean }> {
		const turn = await this.takeTurn();
		if (!turn.go) return { result: { ok: false, failure: notSent(turn) }, held: false };
		try {
			const result = await this.sendNow(call);
			return { result, held: result.ok ? false : await this.holdForNamedLimit(result.failure) };
		} finally {
			this.pacer.answered();
		}
	}

	private async sendNow(call: NotionCall): Promise<NotionResult> {
		try {
			const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx as IExecuteFunctions,
				this.credentialType,
				this.requestOptions(call, true),
			)) as { statusCode?: unknown; body?: unknown; headers?: Record<string, unknown> } | undefined;
			const answer: NotionResponse = {
				status: typeof response?.statusCode === 'number' ? response.statusCode : 0,
				body: parseBody(response?.body),
				headers: lowerCaseKeys(response?.headers ?? {}),
			};
			if (isUsable(answer, call.expect)) return { ok: true, response: answer };
			return { ok: false, failure: { phase: 'api', ...answer, status: answer.status || undefined } };
		} catch (error) {
			return { ok: false, failure: describeFailure(error, 'api') };
		}
	}

	/**
	 * Waits for this execution's turn in the shared pacer. A cancelled execution leaves the pacer's
	 * queue at once (its turns go to the others), and nothing is sent after it was cancelled.
	 */
	private async takeTurn(): Promise<Turn> {
		const signal = this.cancelSignal();
		if (this.abandoned || signal?.aborted) return { go: false, cancelled: true };
		if (signal) this.watchCancellation(signal);
		// An OAuth2 credential's workspace comes with its token data: a read already under way (the
		// execution's first) tells it before the first request, so that request respects the workspace's hold.
		if (this.isOAuth2 && this.pacer.workspaceKey === this.credentialKey && this.credentialRead) {
			await this.credentialRead.catch(() => undefined);
			if (this.abandoned || signal?.aborted) return { go: false, cancelled: true };
		}
		const turn = await this.pacer.take(this.pacerClient);
		return this.abandoned ? { go: false, cancelled: true } : turn;
	}

	/** Sleeps, unless the execution is cancelled first; false when it was. */
	private async pause(ms: number): Promise<boolean> {
		const signal = this.cancelSignal();
		if (!signal) {
			await sleep(ms);
			return true;
		}
		if (signal.aborted) return false;
		return (await Promise.race([sleep(ms).then(() => true), this.watchCancellation(signal)])) && !signal.aborted;
	}

	private cancelSignal(): AbortSignal | undefined {
		return typeof this.ctx.getExecutionCancelSignal === 'function' ? this.ctx.getExecutionCancelSignal() : undefined;
	}

	/** One listener per transport, however many requests wait: on cancel it drops this execution's turns and ends its pauses. */
	private watchCancellation(signal: AbortSignal): Promise<false> {
		this.cancellation ??= new Promise((resolve) => {
			signal.addEventListener(
				'abort',
				() => {
					this.pacer.leave(this.pacerClient);
					resolve(false);
				},
				{ once: true },
			);
		});
		return this.cancellation;
	}

	private requestOptions(call: NotionCall, ignoreHttpStatusErrors: boolean): IHttpRequestOptions {
		return {
			method: call.method,
			url: `${NOTION_API}${call.path}`,
			headers: { ...call.headers, 'Notion-Version': this.options.notionVersion, Accept: 'application/json' },
			...(call.query ? { qs: call.query } : {}),
			...(call.body ? { body: call.body } : {}),
			json: true,
			timeout: this.options.timeoutSeconds * 1000,
			...(ignoreHttpStatusErrors ? { ignoreHttpStatusErrors: true, returnFullResponse: true } : {}),
		};
	}
}

/** A 2xx is usable only as the JSON object that was asked for; anything else was lost or garbled on the way. */
function isUsable(answer: NotionResponse, expect: string | undefined): boolean {
	if (answer.status < 200 || answer.status >= 300 || !isJsonObject(answer.body)) return false;
	return expect === undefined || (answer.body as { object?: unknown }).object === expect;
}

/**
 * Which endpoint failed while core refreshed. The error says so when it can (the token endpoint's
 * URL or an OAuth error); n8n 1.x's NodeApiError keeps neither cause nor URL, and then the failure
 * is the token endpoint's unless it carries Notion's REST error envelope.
 */
function refreshFailure(error: unknown): Failure {
	const failure = describeFailure(error, 'api');
	if (failure.phase === 'token') return failure;
	const envelope = failure.body as { object?: unknown } | undefined;
	return isJsonObject(envelope) && envelope?.object === 'error' ? failure : { ...failure, phase: 'token' };
}

/** What a turn that was not given says: the execution was cancelled, or the pacer holds longer than it may wait. */
function notSent(turn: NotGiven): Failure {
	return turn.cancelled ? cancelled() : rateLimitHeld(turn.heldUntil, turn.reason);
}

function cancelled(): Failure {
	return { phase: 'api', networkCode: CANCELLED_CODE, message: 'The execution was cancelled before Notion answered.' };
}

/**
 * Not sent: Notion's Retry-After (given to this or another execution on the credential) holds the
 * credential past this execution's Max Wait, or Wait on Rate Limit is off. Retry-After carries what
 * is left of the hold, so the item says when to try again.
 */
function rateLimitHeld(heldUntil: number, reason: string | undefined): Failure {
	const seconds = Math.max(1, Math.ceil((heldUntil - Date.now()) / 1000));
	return {
		phase: 'api',
		networkCode: RATE_LIMIT_HOLD_CODE,
		headers: { 'retry-after': String(seconds) },
		...(reason === undefined ? {} : { body: { additional_data: { rate_limit_reason: reason } } }),
		message: 'Not sent: Notion asked for a pause on this credential longer than this execution may wait (Maximum Wait, Wait on Rate Limit).',
	};
}

/** A refresh that ended this way ended so for the execution that ran it, not for those that joined it. */
function isStartersOwn(failure: Failure): boolean {
	return failure.networkCode === CANCELLED_CODE || failure.networkCode === RATE_LIMIT_HOLD_CODE;
}

function clamp(value: number, min: number, max: number, fallback: number): number {
	if (typeof value !== 'number' || Number.isNaN(value)) return fallback;
	return Math.min(max, Math.max(min, value));
}

function isJsonObject(body: unknown): boolean {
	return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function lowerCaseKeys(headers: Record<string, unknown>): Record<string, string | undefined> {
	const result: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(headers)) {
		result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value === undefined ? undefined : String(value);
	}
	return result;
}
