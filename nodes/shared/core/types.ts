// The pure core's vocabulary. Nothing in core/ imports n8n, so it can be tested and reused alone.

export type ResourceType = 'page' | 'database' | 'data_source' | 'block';

/** A Notion reference the user gave, reduced to what a request needs. */
export interface NotionReference {
	/** The input as given, trimmed. */
	input: string;
	/** Dashed, lower-case UUID: safe to put in a request path. */
	id: string;
	/** What the URL form itself says the id is, e.g. `?v=` marks a database view's database. */
	typeHint?: ResourceType;
}

export type ReferenceResult =
	| { ok: true; reference: NotionReference }
	| { ok: false; problem: string };

export type Verdict = 'access_ok' | 'reauthorize' | 'share_page' | 'retry';

export type Reason =
	// access_ok
	| 'token_valid'
	| 'accessible'
	// reauthorize
	| 'token_invalid'
	| 'grant_revoked'
	| 'client_invalid'
	| 'not_connected'
	| 'no_refresh_token'
	// share_page
	| 'not_shared_or_missing'
	| 'missing_capability'
	| 'in_trash'
	// retry
	| 'rate_limited'
	| 'workspace_rate_limited'
	| 'service_overload'
	| 'conflict'
	| 'server_error'
	| 'bad_gateway'
	| 'service_unavailable'
	| 'gateway_timeout'
	| 'timeout'
	| 'connection_failed'
	| 'tls_failed'
	| 'cancelled'
	| 'bad_response'
	| 'token_endpoint_unavailable'
	// not an access verdict: n8n's own error handling takes the item
	| 'request_invalid'
	| 'unexpected_response'
	| 'write_unconfirmed';

/** The call a failure answered, as far as a classification or a remediation needs it. */
export interface CallOf {
	method: string;
	/** Starts with /v1/. */
	path: string;
}

/**
 * A raw failure, reduced to plain data by the transport (or by `describeFailure` from a thrown
 * error). `phase` says which endpoint answered: Notion's REST API, or the OAuth token endpoint
 * during a refresh.
 */
export interface Failure {
	phase: 'api' | 'token';
	status?: number;
	/** Parsed JSON when the body was JSON, else the raw text (an edge proxy's HTML, say). */
	body?: unknown;
	/** Lower-case header names. */
	headers?: Record<string, string | undefined>;
	/** Node/axios error code: ECONNRESET, ETIMEDOUT, ECONNABORTED, ENOTFOUND, ... */
	networkCode?: string;
	/** A thrown error's message, for errors that carry no status (core's "needs to be reconnected"). */
	message?: string;
	/**
	 * The call that failed, when the caller sends writes: a write answered 2xx with a body that is
	 * not the object asked for may have been done. Without it the call is taken for a read.
	 */
	call?: CallOf;
}

export interface Outcome {
	/** `error` goes to n8n's error handling (On Error), not to an access output. */
	verdict: Verdict | 'error';
	reason: Reason;
	/** Notion's `code` (or the OAuth `error`) when the answer had one. */
	code?: string;
	httpStatus?: number;
	/** Notion's message, or a plain description when Notion gave none. Never holds a secret. */
	message?: string;
	requestId?: string;
	/** The integration's name as Notion's 404 message gives it. */
	integrationName?: string;
	/** On a 429: which of Notion's limits was hit (`additional_data.rate_limit_reason`), as Notion names it. */
	rateLimitReason?: string;
	/** On retry: Retry-After (seconds or HTTP date) if given, else a suggested back-off. */
	retryAfterSeconds?: number;
	/** Cloudflare's `cf-ray` when the answer carried one: the id Notion support asks for when no request id exists. */
	rayId?: string;
	/** The Node/axios/SDK error code of a failure that got no HTTP answer (ECONNRESET, ETIMEDOUT, ...). */
	networkCode?: string;
	/** The failure's call, when it was given: the capability a 403 asks for depends on it. */
	call?: CallOf;
}

/** What the remediation sentence may mention. */
export interface RemediationContext {
	credentialName?: string;
	/** An internal integration's secret (n8n's `notionApi`): there is nothing to reconnect, only a secret to replace. */
	credentialIsSecret?: boolean;
	integrationName?: string;
	resourceId?: string;
	resourceUrl?: string;
	resourceType?: ResourceType;
	retryAfterSeconds?: number;
}
