/**
 * A stand-in for the part of n8n-core that a node's `execute` touches, faithful where it matters
 * for the invariants (read from n8n-core 2.41.1 and 1.123.x `request-helpers/authentication.js`
 * and `oauth.js`):
 * - `httpRequestWithAuthentication` reads the credential through the node's own `getCredentials`,
 *   throws "OAuth credentials not connected" when an OAuth2 credential has no token, and wraps
 *   every error in a NodeApiError;
 * - a non-2xx answer rejects unless `ignoreHttpStatusErrors` is set; for an OAuth2 credential a
 *   401 that rejects makes core refresh through the token endpoint, store the rotated tokens and
 *   send the request again; `invalid_grant` comes out as 2.x's "needs to be reconnected" or as
 *   1.x's client-oauth2 AuthError;
 * - the execution's cancel signal aborts requests (axios's ERR_CANCELED).
 * What Notion answers, what the token endpoint answers and when `getCredentials` fails is a
 * script, so that tests can play any fault at any call. Time is whatever clock the test runs on
 * (jest's fake timers in the property tests): delays use n8n-workflow's `sleep`.
 */
import { AssertionError } from 'node:assert';

import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode, INodeExecutionData, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep, UserError } from 'n8n-workflow';

import { AuthError, AxiosError } from './errorShapes';

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
export type CoreLine = '1.x' | '2.x';

/** What one request to Notion's REST API gets. `body` is sent as given: an object is JSON, a string is raw text. */
export type ApiAnswer =
	| { kind: 'http'; status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
	| { kind: 'throw'; error: () => unknown; delayMs?: number };

/** What one request to the token endpoint gets: a rotation, an HTTP answer, or a thrown error. */
export type TokenAnswer = { kind: 'rotate' } | { kind: 'http'; status: number; body: unknown } | { kind: 'throw'; code: string };

export interface SentRequest {
	method: string;
	path: string;
	/** The query parameters and JSON body as the node gave them (a list's cursor is in one of them). */
	query?: IDataObject;
	/** The query string written into the URL itself (e.g. a repeated `filter_properties`), when there is one. */
	search?: string;
	body?: unknown;
	accessToken?: string;
}

export interface CoreScript {
	/** The answer to the n-th request to the REST API (0-based, over the whole execution). */
	api(request: SentRequest, n: number): ApiAnswer;
	token?(n: number): TokenAnswer;
	/** Undefined for a good read, or the error the n-th `getCredentials` call throws. */
	credentialRead?(n: number): Error | undefined;
}

export interface LoggedRequest extends SentRequest {
	n: number;
	status?: number;
	/** The answer's `object`, `id` and trash flags when it was a JSON object. */
	object?: unknown;
	id?: unknown;
	inTrash?: boolean;
	thrown?: boolean;
	/** The node asked for it after the execution was cancelled (it is refused, as axios would). */
	afterCancel?: boolean;
	/** When it was sent (Date.now(): fake time under the property tests). */
	at?: number;
	/** Core sent it again itself, right after refreshing: the node's pacer never saw it. */
	resentByCore?: boolean;
	/** How long the script made its answer take. */
	delayMs?: number;
}

export interface FakeCoreOptions {
	items: INodeExecutionData[];
	script: CoreScript;
	credentialType?: string;
	credentialId?: string;
	/** The stored credential; refreshes change it. */
	stored?: IDataObject;
	parameters?: Record<string, unknown>;
	/** `resource` of item i, as if `{{ $json.resource }}`: a function throws like a broken expression. */
	resourceOf?: (item: INodeExecutionData, itemIndex: number) => unknown;
	nodeType?: string;
	onError?: OnError;
	line?: CoreLine;
	/** Cancels the execution once this many requests (REST and token) were sent. */
	cancelAfterRequests?: number;
}

export const FAKE_ACCESS_TOKEN = 'fake-access-token-not-a-secret-0001';
export const FAKE_REFRESH_TOKEN = 'fake-refresh-token-not-a-secret-0001';
export const FAKE_CLIENT_SECRET = 'fake-client-secret-not-real';
export const FAKE_API_KEY = 'fake-internal-secret-not-real-0001';

/** The exact messages of the two lines (see refresh()). */
export const NO_REFRESH_TOKEN_2X = 'OAuth access token expired and no refresh token is available. Please reconnect the credentials.';
export const NO_REFRESH_TOKEN_1X = 'refreshToken is required';

const TOKEN_URL = 'https://api.notion.com/v1/oauth/token';
const OAUTH_DESCRIPTIONS: Record<string, string> = {
	invalid_client: 'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).',
	invalid_request: 'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
};

export class FakeN8nCore {
	readonly requests: LoggedRequest[] = [];

	readonly tokenRequests: Array<{ n: number; answer: TokenAnswer['kind'] }> = [];

	readonly logLines: string[] = [];

	stored: IDataObject;

	private credentialReads = 0;

	private rotations = 0;

	private readonly cancel = new AbortController();

	readonly node: INode;

	constructor(private readonly options: FakeCoreOptions) {
		const type = options.credentialType ?? 'notionRotationSafeOAuth2Api';
		this.stored =
			options.stored ??
			(type === 'notionApi'
				? { apiKey: FAKE_API_KEY }
				: { clientId: 'fake-client-id', clientSecret: FAKE_CLIENT_SECRET, oauthTokenData: { access_token: FAKE_ACCESS_TOKEN, refresh_token: FAKE_REFRESH_TOKEN } });
		this.node = {
			id: 'fake-node',
			name: 'Check',
			type: options.nodeType ?? 'n8n-nodes-notion-access.notionAccessCheck',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			onError: options.onError ?? 'stopWorkflow',
			credentials: { [type]: { id: options.credentialId ?? 'fake-credential', name: 'Notion (fake)' } },
		};
	}

	get credentialType(): string {
		return Object.keys(this.node.credentials ?? {})[0];
	}

	/** Every secret the stored credential ever held, rotated ones included. */
	secrets(): string[] {
		return [...this.knownSecrets];
	}

	private readonly knownSecrets = new Set<string>([FAKE_ACCESS_TOKEN, FAKE_REFRESH_TOKEN, FAKE_CLIENT_SECRET, FAKE_API_KEY]);

	context(): IExecuteFunctions {
		const { options } = this;
		const parameters: Record<string, unknown> = {
			authentication: this.credentialType,
			check: 'resource',
			resourceType: 'auto',
			options: { requestsPerSecond: 1000, notionVersion: '2025-09-03' },
			...options.parameters,
		};
		const resourceOf = options.resourceOf ?? ((item: INodeExecutionData) => item.json.resource);
		const ctx = {
			getInputData: () => options.items,
			getNode: () => this.node,
			getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
				if (name === 'resource' && !('resource' in (options.parameters ?? {}))) return resourceOf(options.items[itemIndex], itemIndex);
				// n8n's getNodeParameter takes a dotted path into a collection, e.g. 'blockUi.blockValues'.
				const walked = name.split('.').reduce<unknown>((at, key) => (typeof at === 'object' && at !== null && Object.prototype.hasOwnProperty.call(at, key) ? (at as Record<string, unknown>)[key] : undefined), parameters);
				const value = name in parameters ? parameters[name] : walked !== undefined ? walked : fallback;
				return typeof value === 'function' ? (value as (i: number) => unknown)(itemIndex) : value;
			},
			getCredentials: async (type: string) => await this.readCredential(type),
			continueOnFail: () => (options.onError ?? 'stopWorkflow') !== 'stopWorkflow',
			getExecutionCancelSignal: () => this.cancel.signal,
			logger: {
				debug: (message: string) => this.logLines.push(message),
				info: (message: string) => this.logLines.push(message),
				warn: (message: string) => this.logLines.push(message),
				error: (message: string) => this.logLines.push(message),
			},
			helpers: {
				httpRequestWithAuthentication: async (type: string, request: IHttpRequestOptions) => await this.httpRequestWithAuthentication(type, request),
			},
		};
		return ctx as unknown as IExecuteFunctions;
	}

	/**
	 * The same core as a polling trigger sees it: `getNodeParameter(name, fallback)`, the workflow's
	 * static data (one object, kept by the caller between polls as n8n keeps it in memory) and the mode.
	 */
	pollContext(staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger'): IPollFunctions {
		const execute = this.context();
		const ctx = {
			...execute,
			getNodeParameter: (name: string, fallback?: unknown) => execute.getNodeParameter(name, 0, fallback),
			getWorkflowStaticData: () => staticData,
			getMode: () => mode,
		};
		return ctx as unknown as IPollFunctions;
	}

	private async readCredential(type: string): Promise<IDataObject> {
		if (type !== this.credentialType) throw new NodeOperationError(this.node, `Node does not have credentials of type "${type}"`);
		const failure = this.options.script.credentialRead?.(this.credentialReads++);
		if (failure) throw failure;
		return JSON.parse(JSON.stringify(this.stored)) as IDataObject;
	}

	private get isOAuth2(): boolean {
		return this.credentialType !== 'notionApi';
	}

	private async httpRequestWithAuthentication(type: string, request: IHttpRequestOptions): Promise<unknown> {
		if (this.cancel.signal.aborted) {
			this.requests.push({ method: request.method ?? 'GET', path: new URL(request.url).pathname, n: this.requests.length, afterCancel: true, thrown: true });
		}
		try {
			const credential = await this.readCredential(type);
			const tokenData = credential.oauthTokenData as { access_token?: string } | undefined;
			if (this.isOAuth2 && tokenData === undefined) throw new UserError('OAuth credentials not connected');
			const answer = await this.send(request, this.isOAuth2 ? tokenData?.access_token : (credential.apiKey as string));
			if (isSuccess(answer.status) || request.ignoreHttpStatusErrors === true) return answer;
			if (!(this.isOAuth2 && answer.status === 401)) throw statusError(request, answer);
			const refreshed = await this.refresh();
			const retried = await this.send(request, refreshed, true);
			if (isSuccess(retried.status)) return retried;
			throw statusError(request, retried);
		} catch (error) {
			throw new NodeApiError(this.node, error as JsonObject);
		}
	}

	/** core's refreshOrFetchToken, without its single flight (n8n 1.x has none; tests of 2.x's are end to end). */
	private async refresh(): Promise<string> {
		// @n8n/client-oauth2's ClientOAuth2Token.refresh refuses before sending anything when the stored
		// token has no refresh token: 1.23.1 (n8n 2.41.1) dist/client-oauth2-token.js:39 throws an Error,
		// 0.33.6 (n8n 1.123.81) dist/client-oauth2-token.js:71 fails a node:assert check.
		if (!(this.stored.oauthTokenData as IDataObject | undefined)?.refresh_token) {
			if ((this.options.line ?? '2.x') === '2.x') throw new Error(NO_REFRESH_TOKEN_2X);
			throw new AssertionError({ message: NO_REFRESH_TOKEN_1X, actual: undefined, expected: true, operator: '==' });
		}
		this.countRequest();
		const n = this.tokenRequests.length;
		const answer = this.options.script.token?.(n) ?? { kind: 'rotate' };
		this.tokenRequests.push({ n, answer: answer.kind });
		if (answer.kind === 'rotate') {
			this.rotations++;
			const tokens = {
				access_token: `fake-access-token-not-a-secret-r${this.rotations}`,
				refresh_token: `fake-refresh-token-not-a-secret-r${this.rotations}`,
			};
			for (const secret of Object.values(tokens)) this.knownSecrets.add(secret);
			this.stored = { ...this.stored, oauthTokenData: { ...(this.stored.oauthTokenData as IDataObject), ...tokens } };
			return tokens.access_token;
		}
		if (answer.kind === 'throw') {
			throw new AxiosError(`connect ${answer.code} api.notion.com:443`, answer.code, { url: TOKEN_URL, method: 'post' });
		}
		const body = answer.body as { error?: string } | undefined;
		if (answer.status === 400 && body?.error === 'invalid_grant') {
			if ((this.options.line ?? '2.x') === '2.x') {
				throw new NodeOperationError(this.node, 'The credential "Notion (fake)" needs to be reconnected.');
			}
			throw new AuthError('The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.', body);
		}
		if (answer.status >= 400 && answer.status < 500 && body?.error !== undefined) {
			// client-oauth2's getAuthError: its fixed description of the code (constants.js ERROR_RESPONSES).
			throw new AuthError(OAUTH_DESCRIPTIONS[body.error] ?? `OAuth error ${body.error}`, body);
		}
		throw new AxiosError(`Request failed with status code ${answer.status}`, 'ERR_BAD_RESPONSE', { url: TOKEN_URL, method: 'post' }, {}, { status: answer.status, data: answer.body, headers: {} });
	}

	private async send(request: IHttpRequestOptions, accessToken: string | undefined, resentByCore = false): Promise<{ statusCode: number; status: number; body: unknown; headers: Record<string, string> }> {
		const url = new URL(request.url);
		const sent: SentRequest = { method: request.method ?? 'GET', path: url.pathname, ...(url.search ? { search: url.search } : {}), query: request.qs, body: request.body, accessToken };
		if (this.cancel.signal.aborted) throw new AxiosError('canceled', 'ERR_CANCELED');
		this.countRequest();
		const n = this.requests.length;
		const answer = this.options.script.api(sent, n);
		const logged: LoggedRequest = { ...sent, n, at: Date.now(), ...(resentByCore ? { resentByCore } : {}) };
		this.requests.push(logged);
		if (answer.delayMs !== undefined) logged.delayMs = answer.delayMs;
		const timeout = request.timeout ?? 300_000;
		if (answer.delayMs !== undefined && answer.delayMs > 0) {
			await sleep(Math.min(answer.delayMs, timeout));
			if (answer.delayMs >= timeout) {
				logged.thrown = true;
				throw new AxiosError(`timeout of ${timeout}ms exceeded`, 'ECONNABORTED');
			}
		}
		if (answer.kind === 'throw') {
			logged.thrown = true;
			throw answer.error();
		}
		logged.status = answer.status;
		if (isObject(answer.body)) {
			logged.object = answer.body.object;
			logged.id = answer.body.id;
			logged.inTrash = answer.body.in_trash === true || answer.body.archived === true;
		}
		return { statusCode: answer.status, status: answer.status, body: answer.body, headers: answer.headers ?? {} };
	}

	/** Cancels the execution now, as the editor's Stop button or n8n's timeout would. */
	cancelNow() {
		this.cancel.abort();
	}

	get cancelled(): boolean {
		return this.cancel.signal.aborted;
	}

	private countRequest() {
		const limit = this.options.cancelAfterRequests;
		if (limit !== undefined && this.requests.length + this.tokenRequests.length + 1 >= limit) this.cancel.abort();
	}
}

function isSuccess(status: number): boolean {
	return status >= 200 && status < 300;
}

function statusError(request: IHttpRequestOptions, answer: { status: number; body: unknown; headers: Record<string, string> }): AxiosError {
	return new AxiosError(`Request failed with status code ${answer.status}`, answer.status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST', { url: request.url, method: request.method }, {}, { status: answer.status, data: answer.body, headers: answer.headers });
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What n8n does with a node's outputs under "Continue (using error output)" (workflow-execute's
 * handleNodeErrorOutput): an item whose json is only `error` (or `error` and `message`) moves from
 * any output to the Error output, appended last.
 */
export function withErrorOutput(outputs: INodeExecutionData[][]): INodeExecutionData[][] {
	const errors: INodeExecutionData[] = [];
	const kept = outputs.map((items) =>
		items.filter((item) => {
			const keys = Object.keys(item.json);
			const isError = item.json.error !== undefined && (keys.length === 1 || (keys.length === 2 && item.json.message !== undefined));
			if (isError) errors.push(item);
			return !isError;
		}),
	);
	return [...kept, errors];
}
