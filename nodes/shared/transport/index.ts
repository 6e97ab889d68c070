import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { classify } from '../core/classify';
import { describeFailure, parseBody } from '../core/failure';
import { redact } from '../core/redact';
import type { Failure } from '../core/types';
import { pacerFor, type Pacer } from './pacer';
import { refreshOnce, waitForNewerStoredToken } from './refresh';

export const CREDENTIAL_TYPES = ['notionRotationSafeOAuth2Api', 'notionOAuth2Api', 'notionApi'] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

const NOTION_API = 'https://api.notion.com';

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

interface StoredCredential {
	clientSecret?: string;
	apiKey?: string;
	oauthTokenData?: { access_token?: string; refresh_token?: string };
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
 */
export class NotionTransport {
	private readonly credentialKey: string;

	/** Shared with every execution in this process that uses the same credential. */
	private readonly pacer: Pacer;

	private readonly knownSecrets = new Set<string>();

	/** Items that share a resource share its texts: each distinct text is redacted once. */
	private readonly redacted = new Map<string, string>();

	constructor(
		private readonly ctx: IExecuteFunctions,
		readonly credentialType: CredentialType,
		private readonly options: TransportOptions,
	) {
		const credential = ctx.getNode().credentials?.[credentialType];
		this.credentialKey = `${credentialType}:${credential?.id ?? credential?.name ?? 'unknown'}`;
		this.pacer = pacerFor(this.credentialKey, options.requestsPerSecond);
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
		const stored = (await this.ctx.getCredentials(this.credentialType)) as StoredCredential;
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

	async get(path: string): Promise<NotionResult> {
		let waitedSeconds = 0;
		for (;;) {
			const result = await this.getRefreshingOnce(path);
			const retryAfter = result.ok ? undefined : this.rateLimitWait(result.failure);
			if (retryAfter === undefined || waitedSeconds + retryAfter > this.options.maxWaitSeconds) return result;
			waitedSeconds += retryAfter;
			const until = Date.now() + retryAfter * 1000;
			this.pacer.holdUntil(until);
			await sleep(retryAfter * 1000);
		}
	}

	private rateLimitWait(failure: Failure): number | undefined {
		if (!this.options.waitOnRateLimit || failure.phase !== 'api') return undefined;
		if (failure.status !== 429 && failure.status !== 529) return undefined;
		return classify(failure).retryAfterSeconds;
	}

	private async getRefreshingOnce(path: string): Promise<NotionResult> {
		const first = await this.send(path);
		if (first.ok || !this.isOAuth2 || first.failure.status !== 401 || first.failure.phase !== 'api') return first;
		const failure = await refreshOnce(this.credentialKey, async () => await this.refresh());
		if (failure) return { ok: false, failure };
		return await this.send(path);
	}

	/**
	 * Makes core refresh: a request with the stored (expired) token, without ignoring HTTP errors,
	 * so core meets the 401, refreshes, stores the new tokens and retries. If another execution
	 * already stored a newer token, the request simply succeeds and nothing is refreshed.
	 * Resolves to the failure, if the refresh failed and no other process stored a newer token.
	 */
	private async refresh(): Promise<Failure | undefined> {
		const stale = (await this.readCredential()).oauthTokenData?.access_token;
		await this.pacer.take();
		try {
			await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				this.credentialType,
				this.requestOptions('/v1/users/me', false),
			);
		} catch (error) {
			const failure = refreshFailure(error);
			const lostRace =
				classify(failure).reason === 'grant_revoked' &&
				(await waitForNewerStoredToken(async () => (await this.readCredential()).oauthTokenData?.access_token, stale));
			if (!lostRace) return failure;
		}
		await this.readCredential();
		return undefined;
	}

	private async send(path: string): Promise<NotionResult> {
		await this.pacer.take();
		try {
			const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				this.credentialType,
				this.requestOptions(path, true),
			)) as { statusCode: number; body: unknown; headers: Record<string, string | undefined> };
			const answer: NotionResponse = {
				status: response.statusCode,
				body: parseBody(response.body),
				headers: lowerCaseKeys(response.headers ?? {}),
			};
			if (answer.status >= 200 && answer.status < 300 && isJsonObject(answer.body)) return { ok: true, response: answer };
			return { ok: false, failure: { phase: 'api', ...answer } };
		} catch (error) {
			return { ok: false, failure: describeFailure(error, 'api') };
		}
	}

	private requestOptions(path: string, ignoreHttpStatusErrors: boolean): IHttpRequestOptions {
		return {
			method: 'GET',
			url: `${NOTION_API}${path}`,
			headers: { 'Notion-Version': this.options.notionVersion, Accept: 'application/json' },
			json: true,
			timeout: this.options.timeoutSeconds * 1000,
			...(ignoreHttpStatusErrors ? { ignoreHttpStatusErrors: true, returnFullResponse: true } : {}),
		};
	}
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
