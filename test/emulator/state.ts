// Everything the emulator remembers between requests. Reset replaces it whole.
import { randomBytes, randomUUID } from 'node:crypto';
import { FixedWindow, TokenBucket } from './rateLimit';
import { DEFAULT_MODES } from './types';
import type { FaultRule, LogEntry, Modes } from './types';
import { canonicalId, defaultSeed, stableId } from './world';
import type { IntegrationSeed, ObjectSeed, WorldSeed } from './world';

export interface Grant {
	id: string;
	integration: IntegrationSeed;
	/** Notion's bot_id: one per authorization (https://developers.notion.com/reference/create-a-token). */
	botId: string;
	sharedWith: Set<string>;
	revoked: boolean;
	/** A later authorization killed this grant's refresh token (modes.reauthorization). */
	refreshRevoked: boolean;
	rotations: number;
	accessToken: string;
	refreshToken: string;
}

interface AccessRecord {
	grantId: string;
	issuedAt: number;
	expired: boolean;
}

interface RefreshRecord {
	grantId: string;
	/** Set when a refresh replaced this token. */
	rotatedAt?: number;
}

export interface PendingCode {
	integration: IntegrationSeed;
	redirectUri: string;
	used: boolean;
}

/** Who a REST request acts as: an internal integration, or the bot of an OAuth grant. */
export interface Principal {
	integration: IntegrationSeed;
	botId: string;
	grantId?: string;
	sharedWith: Set<string>;
}

export function newToken(prefix: string): string {
	return `${prefix}${randomBytes(20).toString('hex')}`;
}

export class World {
	readonly objects = new Map<string, ObjectSeed>();
	readonly integrations = new Map<string, IntegrationSeed>();

	constructor(readonly seed: WorldSeed) {
		for (const object of seed.objects) this.objects.set(canonicalId(object.id) ?? object.id, object);
		for (const integration of seed.integrations) this.integrations.set(integration.id, integration);
	}

	byClientId(clientId: string): IntegrationSeed | undefined {
		return [...this.integrations.values()].find((i) => i.kind === 'public' && i.clientId === clientId);
	}

	bySecret(secret: string): IntegrationSeed | undefined {
		return [...this.integrations.values()].find((i) => i.kind === 'internal' && i.secret === secret);
	}

	get(id: string): ObjectSeed | undefined {
		return this.objects.get(id);
	}

	/** Sharing a page shares everything under it (https://developers.notion.com/docs/authorization). */
	isShared(id: string, sharedWith: Set<string>): boolean {
		const seen = new Set<string>();
		let current = this.objects.get(id);
		while (current && !seen.has(current.id)) {
			const key = canonicalId(current.id) ?? current.id;
			if (sharedWith.has(key)) return true;
			seen.add(current.id);
			current = current.parentId ? this.objects.get(canonicalId(current.parentId) ?? current.parentId) : undefined;
		}
		return false;
	}
}

export class State {
	modes: Modes = structuredClone(DEFAULT_MODES);
	world: World;
	readonly grants = new Map<string, Grant>();
	readonly accessTokens = new Map<string, AccessRecord>();
	readonly refreshTokens = new Map<string, RefreshRecord>();
	readonly codes = new Map<string, PendingCode>();
	/** When an object was shared through a control call, by `shareKey` (search indexes it `modes.searchIndexDelayMs` later). */
	readonly sharedAt = new Map<string, number>();
	faults: FaultRule[] = [];
	log: LogEntry[] = [];
	seq = 0;
	readonly buckets = new Map<string, TokenBucket>();
	readonly windows = new Map<string, FixedWindow>();
	/** Refresh requests held by `modes.tokenBarrier`, released together. */
	barrier?: { waiters: Array<() => void>; timer: NodeJS.Timeout };

	constructor(seed: WorldSeed = defaultSeed()) {
		this.world = new World(structuredClone(seed));
	}

	createGrant(integration: IntegrationSeed, sharedWith?: string[]): Grant {
		if (this.modes.reauthorization === 'invalidate_old_refresh') {
			for (const older of this.grants.values()) if (older.integration.id === integration.id) older.refreshRevoked = true;
		}
		const grant: Grant = {
			id: randomUUID(),
			integration,
			botId: randomUUID(),
			sharedWith: new Set((sharedWith ?? integration.sharedWith).map((id) => canonicalId(id) ?? id)),
			revoked: false,
			refreshRevoked: false,
			rotations: 0,
			accessToken: '',
			refreshToken: '',
		};
		this.grants.set(grant.id, grant);
		this.issueTokens(grant);
		return grant;
	}

	/** A fresh pair becomes current; the previous refresh token is marked rotated (what that means is the rotation mode's business). */
	issueTokens(grant: Grant): void {
		const previous = this.refreshTokens.get(grant.refreshToken);
		if (previous) previous.rotatedAt = Date.now();
		grant.accessToken = newToken('ntn_');
		grant.refreshToken = newToken('nrt_');
		this.accessTokens.set(grant.accessToken, { grantId: grant.id, issuedAt: Date.now(), expired: false });
		this.refreshTokens.set(grant.refreshToken, { grantId: grant.id });
	}

	refreshRecord(token: string): RefreshRecord | undefined {
		return this.refreshTokens.get(token);
	}

	/** The grant an access token belongs to, if the token still works. */
	liveAccess(token: string): Grant | undefined {
		const record = this.accessTokens.get(token);
		if (!record || record.expired) return undefined;
		const grant = this.grants.get(record.grantId);
		if (!grant || grant.revoked) return undefined;
		const ttl = this.modes.accessTokenTtlMs;
		if (ttl !== null && Date.now() - record.issuedAt >= ttl) return undefined;
		return grant;
	}

	/** Whether a token of any kind (access or refresh) is currently usable: for introspection. */
	tokenActive(token: string): { active: boolean; iat?: number } {
		const access = this.accessTokens.get(token);
		if (access) return { active: this.liveAccess(token) !== undefined, iat: Math.floor(access.issuedAt / 1000) };
		const refresh = this.refreshTokens.get(token);
		if (!refresh) return { active: false };
		const grant = this.grants.get(refresh.grantId);
		return { active: !!grant && !grant.revoked && !grant.refreshRevoked && grant.refreshToken === token };
	}

	expire(grant: Grant): void {
		const record = this.accessTokens.get(grant.accessToken);
		if (record) record.expired = true;
	}

	revoke(grant: Grant): void {
		grant.revoked = true;
	}

	principal(token: string): Principal | undefined {
		const internal = this.world.bySecret(token);
		if (internal) {
			return {
				integration: internal,
				botId: internal.botId ?? stableId(`bot:${internal.id}`),
				sharedWith: new Set(internal.sharedWith.map((id) => canonicalId(id) ?? id)),
			};
		}
		const grant = this.liveAccess(token);
		if (!grant) return undefined;
		return { integration: grant.integration, botId: grant.botId, grantId: grant.id, sharedWith: grant.sharedWith };
	}

	/** The fixed window for `key` under `limit` (a new one when the limit changed). */
	window(key: string, limit: { budget: number; windowMs: number }): FixedWindow {
		let window = this.windows.get(key);
		if (!window || !window.sameLimit(limit.budget, limit.windowMs)) {
			window = new FixedWindow(limit.budget, limit.windowMs);
			this.windows.set(key, window);
		}
		return window;
	}

	bucket(key: string): TokenBucket | undefined {
		const limit = this.modes.rateLimit;
		if (!limit) return undefined;
		let bucket = this.buckets.get(key);
		if (!bucket || !bucket.sameLimit(limit.ratePerSecond, limit.burst)) {
			bucket = new TokenBucket(limit.ratePerSecond, limit.burst);
			this.buckets.set(key, bucket);
		}
		return bucket;
	}
}
