// The emulated Notion workspace: plain JSON data (so a seed can travel over the control API),
// the default seed, a builder for large worlds, and the constants tests import.
import { createHash } from 'node:crypto';

import type { Schema } from './properties';

export type ObjectKind = 'page' | 'database' | 'data_source' | 'block';

export interface IntegrationSeed {
	/** Notion's integration id (it appears in a 404's `additional_data.integration_id`). */
	id: string;
	/** The name Notion quotes in 404 messages and shows as the bot's name. */
	name: string;
	kind: 'public' | 'internal';
	/** Public integrations: OAuth client credentials. */
	clientId?: string;
	clientSecret?: string;
	/** Public integrations: allowed redirect URIs; empty or absent accepts any. */
	redirectUris?: string[];
	/** Internal integrations: the secret used as a bearer token. */
	secret?: string;
	/** Internal integrations: the bot user's id (OAuth grants get one bot each). */
	botId?: string;
	/**
	 * The "read user information" capability: without it GET /v1/users and /v1/users/{id} answer 403
	 * restricted_resource (https://developers.notion.com/reference/capabilities). Absent means granted.
	 */
	readUsers?: boolean;
	/**
	 * Without "read content" Notion answers 403 restricted_resource on content endpoints but
	 * still 200 on /v1/users/me (https://developers.notion.com/reference/capabilities).
	 */
	readContent: boolean;
	/** Object ids shared with the integration (internal) or picked by default on authorize (public). */
	sharedWith: string[];
}

export interface ObjectSeed {
	id: string;
	kind: ObjectKind;
	title: string;
	/** Parent object id; absent means the workspace. */
	parentId?: string;
	inTrash?: boolean;
	/** Blocks only: the text of the paragraph. */
	text?: string;
	/** Blocks only: the block type when it is not a paragraph (appended through writes.ts). */
	blockType?: string;
	/**
	 * Pages only: property values by property name, in the shape a page object answers them
	 * (`{id?, type, [type]: value}`, e.g. `{type: 'select', select: {name: 'Done'}}`). Writes store
	 * them; a seed may set them. The title lives in `title`.
	 */
	properties?: Record<string, unknown>;
	/**
	 * Data sources only: the schema, property name → `{id, name, type, [type]: config}`
	 * (https://developers.notion.com/reference/property-object). Absent: Name (title) and Status
	 * (select, Active), with rows' Status Active unless stored.
	 */
	schema?: Schema;
	/** Blocks only: the block's own content when it is not plain text (code language, to_do checked, image url...). */
	content?: Record<string, unknown>;
	/**
	 * Pages only: when it was created and last edited (ISO, to the millisecond), set by writes, the
	 * trash and restore controls and `editPage`. Answers round them down to the minute, as Notion
	 * does; absent, the emulator's fixed 2025 timestamps stand.
	 */
	createdTime?: string;
	lastEditedTime?: string;
}

export interface WorldSeed {
	workspace: { id: string; name: string; icon: string | null };
	/** The person who owns the workspace and authorizes public integrations. */
	user: { id: string; name: string; email: string };
	integrations: IntegrationSeed[];
	objects: ObjectSeed[];
	/** More people in the workspace, beside `user` (GET /v1/users lists them). */
	people?: Array<{ id: string; name: string | null; email: string }>;
}

/** A stable UUID-shaped id derived from a label, so ids are the same in every process and run. */
export function stableId(label: string): string {
	const h = createHash('sha1').update(`notion-emulator:${label}`).digest('hex');
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Notion accepts ids dashed or as 32 hex characters, any case; the dashed lower-case form is canonical. */
export function canonicalId(raw: string): string | undefined {
	const hex = raw.replace(/-/g, '').toLowerCase();
	const dashed = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw);
	if (!/^[0-9a-f]{32}$/.test(hex) || (raw.includes('-') && !dashed)) return undefined;
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const WORLD = {
	workspace: { id: stableId('workspace'), name: 'Acme Workspace', icon: '🏢' },
	user: { id: stableId('user:ada'), name: 'Ada Owner', email: 'ada@acme.example' },
	/** Public OAuth integration with every content capability. */
	publicIntegration: {
		id: stableId('integration:public'),
		name: 'Acme Sync',
		clientId: 'fake-client-id-0001',
		clientSecret: 'fake-client-secret-not-real',
	},
	/** Public OAuth integration WITHOUT the read-content capability. */
	noReadIntegration: {
		id: stableId('integration:no-read'),
		name: 'Acme Sync Lite',
		clientId: 'fake-client-id-0002',
		clientSecret: 'fake-client-secret-not-real-0002',
	},
	/** Internal integration: its secret is a bearer token as is. */
	internalIntegration: {
		id: stableId('integration:internal'),
		name: 'Acme Internal',
		secret: 'fake-internal-secret-0001',
		botId: stableId('bot:internal'),
	},
	pages: {
		/** Shared at the top: everything under it is shared too. */
		sharedRoot: { id: stableId('page:handbook'), title: 'Team Handbook' },
		sharedChild: { id: stableId('page:onboarding'), title: 'Onboarding Checklist' },
		/** Exists, never shared: answers exactly like a missing id. */
		unshared: { id: stableId('page:private'), title: 'Private Notes' },
		/** Shared (under the root) but in the trash. */
		trashed: { id: stableId('page:old-draft'), title: 'Old Draft' },
		/** A row of the shared database. */
		databaseRow: { id: stableId('page:launch-plan'), title: 'Launch Plan' },
	},
	database: { id: stableId('database:projects'), title: 'Projects' },
	dataSource: { id: stableId('data-source:projects'), title: 'Projects' },
	unsharedDatabase: { id: stableId('database:finance'), title: 'Finance' },
	/** A paragraph inside the shared root page. */
	block: { id: stableId('block:welcome'), text: 'Welcome to the team!' },
	/** Well-formed, never allocated. */
	missingId: stableId('missing:nothing-here'),
} as const;

/** The default world: one workspace, three integrations and a handful of objects. */
export function defaultSeed(): WorldSeed {
	const w = WORLD;
	const shared = [w.pages.sharedRoot.id];
	return {
		workspace: { ...w.workspace },
		user: { ...w.user },
		integrations: [
			{ ...w.publicIntegration, kind: 'public', readContent: true, sharedWith: shared },
			{ ...w.noReadIntegration, kind: 'public', readContent: false, sharedWith: shared },
			{ ...w.internalIntegration, kind: 'internal', readContent: true, sharedWith: shared },
		],
		objects: [
			{ id: w.pages.sharedRoot.id, kind: 'page', title: w.pages.sharedRoot.title },
			{ id: w.pages.sharedChild.id, kind: 'page', title: w.pages.sharedChild.title, parentId: w.pages.sharedRoot.id },
			{ id: w.block.id, kind: 'block', title: '', text: w.block.text, parentId: w.pages.sharedRoot.id },
			{ id: w.pages.trashed.id, kind: 'page', title: w.pages.trashed.title, parentId: w.pages.sharedRoot.id, inTrash: true },
			{ id: w.database.id, kind: 'database', title: w.database.title, parentId: w.pages.sharedRoot.id },
			{ id: w.dataSource.id, kind: 'data_source', title: w.dataSource.title, parentId: w.database.id },
			{ id: w.pages.databaseRow.id, kind: 'page', title: w.pages.databaseRow.title, parentId: w.dataSource.id },
			{ id: w.pages.unshared.id, kind: 'page', title: w.pages.unshared.title },
			{ id: w.unsharedDatabase.id, kind: 'database', title: w.unsharedDatabase.title, parentId: w.pages.unshared.id },
			{ id: stableId('data-source:finance'), kind: 'data_source', title: w.unsharedDatabase.title, parentId: w.unsharedDatabase.id },
		],
	};
}

/** Deterministic id of the i-th page of a kind in `pagesSeed` (so a benchmark can compute them anywhere). */
export function benchPageId(kind: 'shared' | 'unshared' | 'missing', i: number): string {
	return stableId(`bench:${kind}:${i}`);
}

export interface PagesWorld {
	seed: WorldSeed;
	shared: string[];
	unshared: string[];
	/** Well-formed ids that exist nowhere. */
	missing: string[];
}

/**
 * The default world plus `shared` pages shared with every integration, `unshared` pages shared
 * with none, and `missing` ids that do not exist: e.g. 100 distinct pages for a benchmark.
 */
export function pagesSeed(counts: { shared: number; unshared?: number; missing?: number }): PagesWorld {
	const seed = defaultSeed();
	const range = (n = 0) => Array.from({ length: n }, (_, i) => i);
	const shared = range(counts.shared).map((i) => benchPageId('shared', i));
	const unshared = range(counts.unshared).map((i) => benchPageId('unshared', i));
	const missing = range(counts.missing).map((i) => benchPageId('missing', i));
	shared.forEach((id, i) => seed.objects.push({ id, kind: 'page', title: `Bench Page ${i + 1}` }));
	unshared.forEach((id, i) => seed.objects.push({ id, kind: 'page', title: `Hidden Page ${i + 1}` }));
	for (const integration of seed.integrations) integration.sharedWith.push(...shared);
	return { seed, shared, unshared, missing };
}
