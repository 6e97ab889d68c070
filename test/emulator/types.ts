// The emulator's public vocabulary: modes, faults, log entries and the control handle.
import type { WorldSeed } from './world';
import type { WriteEntry } from './writes';

/**
 * Behaviours Notion does not document (or documents loosely): each variant is a mode, so tests
 * can play every one. See README.md for the evidence behind each default.
 */
export interface Modes {
	/** What the user clicks on Notion's consent screen. */
	authorize: 'approve' | 'deny';
	/**
	 * 'strict': /v1/oauth/token demands a JSON body and a Notion-Version header, as Notion's docs
	 * say (https://developers.notion.com/reference/create-a-token). 'lenient' also accepts
	 * application/x-www-form-urlencoded, which is what n8n sends.
	 */
	tokenBody: 'lenient' | 'strict';
	/**
	 * What happens to the OLD refresh token after a refresh: 'immediate' it dies at once;
	 * 'grace' it keeps working for `graceMs` (each use rotates again); 'replay_revokes'
	 * presenting it again revokes the whole grant, the new tokens included.
	 */
	rotation: 'immediate' | 'grace' | 'replay_revokes';
	graceMs: number;
	/** Access tokens answer 401 once older than this; null: they never expire (Notion documents no expires_in). */
	accessTokenTtlMs: number | null;
	/**
	 * Token bucket per integration on the REST API (not the token endpoint). Default: the documented
	 * average of 3 requests/s (https://developers.notion.com/reference/request-limits).
	 * `reason` goes in `additional_data.rate_limit_reason` (its real values are not documented).
	 */
	rateLimit: { ratePerSecond: number; burst: number; reason?: string } | null;
	/**
	 * Notion's newer per-connection limit: `budget` requests per `windowMs` window (60 s in Notion's
	 * words), spent at any pace; a 429's Retry-After is the time until the window resets. Checked
	 * instead of `rateLimit` when set. Reason `public_api_request_rate_limit` unless `reason` says.
	 */
	rateWindow: { budget: number; windowMs: number; reason?: string } | null;
	/**
	 * Notion's per-workspace limit, shared by every connection of the workspace (every integration
	 * here: the emulated world has one workspace). Its Retry-After "can be longer than a minute".
	 * Reason `public_api_space_request_rate_limit` unless `reason` says.
	 */
	workspaceLimit: { budget: number; windowMs: number; reason?: string } | null;
	/**
	 * Hold refresh_token-grant requests until `count` have arrived or `timeoutMs` passed, then
	 * answer them in arrival order. One-shot: it clears itself once released.
	 */
	tokenBarrier: { count: number; timeoutMs: number } | null;
	/** Delay every /v1/oauth/token response by this much. */
	tokenDelayMs: number;
	/**
	 * Code for a Notion-Version value Notion does not publish. A third-party measurement
	 * (2026-09) reports missing_version with the list of valid versions in the message.
	 */
	unknownVersion: 'missing_version' | 'validation_error';
	/**
	 * A new authorization of the same integration in the same workspace: Notion's changelog says it
	 * "can invalidate" the older refresh token (June 2026). 'keep' leaves older grants alone;
	 * 'invalidate_old_refresh' kills their refresh tokens (their access tokens keep working).
	 */
	reauthorization: 'keep' | 'invalidate_old_refresh';
	/**
	 * How long a new share takes to reach POST /v1/search: Notion says indexing is not immediate
	 * (https://developers.notion.com/reference/post-search). GETs see the share at once.
	 */
	searchIndexDelayMs: number;
}

export const DEFAULT_MODES: Modes = {
	authorize: 'approve',
	tokenBody: 'lenient',
	rotation: 'immediate',
	graceMs: 30_000,
	accessTokenTtlMs: null,
	rateLimit: { ratePerSecond: 3, burst: 3 },
	rateWindow: null,
	workspaceLimit: null,
	tokenBarrier: null,
	tokenDelayMs: 0,
	unknownVersion: 'missing_version',
	reauthorization: 'keep',
	searchIndexDelayMs: 0,
};

export type FaultKind =
	| 'http500'
	| 'http502_html'
	| 'http503'
	| 'http503_db'
	| 'http504'
	| 'http529'
	| 'http409'
	| 'http429'
	| 'reset'
	| 'hang'
	| 'malformed_json'
	| 'empty_body';

export const FAULT_KINDS: readonly FaultKind[] = [
	'http500', 'http502_html', 'http503', 'http503_db', 'http504', 'http529',
	'http409', 'http429', 'reset', 'hang', 'malformed_json', 'empty_body',
];

export interface FaultRule {
	/** Exact path, or a prefix ending in '*' (e.g. '/v1/pages/*'). */
	path: string;
	method?: string;
	/** How many matching requests answer the fault. */
	count: number;
	fault: FaultKind;
	/** Retry-After for http429 / http529 (default '1'). */
	retryAfter?: string;
}

export interface LogEntry {
	seq: number;
	/** Arrival time, ms since the epoch. */
	time: number;
	method: string;
	path: string;
	/** 0 while unanswered, and for 'reset' / 'hang' faults. */
	status: number;
	auth: 'bearer' | 'basic' | 'none';
	/** The bearer token presented. */
	token?: string;
	grantId?: string;
	integrationId?: string;
	notionVersion?: string;
	contentType?: string;
	/** Token endpoint: the grant_type asked for. */
	grantType?: string;
	fault?: FaultKind;
	/** POST, PATCH and DELETE: sha1 of the body, to tell a write sent twice (writes.ts `writesOf`). */
	bodyDigest?: string;
}

export interface GrantCreated {
	grantId: string;
	accessToken: string;
	refreshToken: string;
	botId: string;
	workspaceId: string;
	workspaceName: string;
}

export interface GrantState {
	grantId: string;
	/** The current tokens: the newest pair issued. */
	accessToken: string;
	refreshToken: string;
	/** Refreshes answered so far. */
	rotations: number;
	revoked: boolean;
}

/** The control API as an in-process handle; every method mirrors an HTTP route under /__emulator. */
export interface EmulatorControl {
	/** POST /__emulator/reset {seed?}: fresh state, log, faults and default modes. */
	reset(seed?: WorldSeed): void;
	/** POST /__emulator/modes: merge and return the modes now in force. */
	setModes(modes: Partial<Modes>): Modes;
	/** GET /__emulator/modes */
	getModes(): Modes;
	/** POST /__emulator/grants: a grant as if the user had authorized. */
	createGrant(opts?: { integrationId?: string; sharedWith?: string[] }): GrantCreated;
	/** GET /__emulator/grants/:grantId */
	getGrant(grantId: string): GrantState;
	/** POST /__emulator/grants/:grantId/expire: the current access token answers 401 from now on. */
	expireGrant(grantId: string): void;
	/** POST /__emulator/grants/:grantId/revoke: every token of the grant dies. */
	revokeGrant(grantId: string): void;
	/** POST /__emulator/faults */
	addFault(rule: FaultRule): void;
	/** DELETE /__emulator/faults */
	clearFaults(): void;
	/** GET /__emulator/log */
	getLog(): LogEntry[];
	/** DELETE /__emulator/log */
	clearLog(): void;
	/** POST /__emulator/objects/:id/share {grantId?, integrationId?}: add the connection (no target: every grant and internal integration). */
	shareObject(objectId: string, target?: ShareTarget): void;
	/** POST /__emulator/objects/:id/unshare {grantId?, integrationId?}: remove the connection. */
	unshareObject(objectId: string, target?: ShareTarget): void;
	/** POST /__emulator/objects/:id/trash and /restore */
	trashObject(objectId: string): void;
	restoreObject(objectId: string): void;
	/** POST /__emulator/objects/:id/edit {title?, properties?}: an edit of a page as if a person made it now (last_edited_time moves). */
	editPage(objectId: string, edit?: PageEdit): void;
	/** POST /__emulator/objects/:dataSourceId/rows {title?, properties?}: a new row, created now; answers {id}. */
	addRow(dataSourceId: string, row?: PageEdit): { id: string };
	/** POST /__emulator/integrations/:id/capabilities {readContent} */
	setCapabilities(integrationId: string, capabilities: { readContent: boolean }): void;
	/** GET /__emulator/writes: the log's POST, PATCH and DELETE requests to the REST API, in arrival order. */
	getWrites(): WriteEntry[];
}

/** An edit of a page through the control API: a new title, property values in Notion's shape (merged). */
export interface PageEdit {
	title?: string;
	properties?: Record<string, unknown>;
	/**
	 * editPage only: when the edit happened (ISO), default now. A test that needs two edits in one
	 * minute with a poll between them, whatever the machine's load, dates the second one.
	 */
	at?: string;
}

/** Whose connections a share control call changes: one grant, one integration (all its grants), or, with neither, everyone. */
export interface ShareTarget {
	grantId?: string;
	integrationId?: string;
}

export interface RunningEmulator {
	url: string;
	port: number;
	close(): Promise<void>;
	control: EmulatorControl;
}

export interface EmulatorOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** PEM key and certificate: serve HTTPS. */
	tls?: { key: string; cert: string };
	seed?: WorldSeed;
	modes?: Partial<Modes>;
}
