import { classify } from './core/classify';
import type { NotionReference, Outcome, ResourceType } from './core/types';
import type { Integration } from './report';
import type { NotionResponse, NotionTransport } from './transport';

export interface TokenCheck {
	outcome: Outcome;
	integration: Integration;
}

export interface ResourceCheck {
	outcome: Outcome;
	/** Undefined when Notion could not tell: a 404 from every endpoint tried. */
	type?: ResourceType;
	/** The object itself came back (readable or in the trash): `type` is Notion's answer, not the endpoint guessed. */
	typeProven?: true;
	title?: string;
	url?: string;
}

const ENDPOINTS: Record<ResourceType, string> = {
	page: 'pages',
	database: 'databases',
	data_source: 'data_sources',
	block: 'blocks',
};

/** Notion API versions that know data sources (databases split into data sources on 2025-09-03). */
const FIRST_DATA_SOURCE_VERSION = '2025-09-03';

/** An OAuth2 credential that holds no token was never connected: Reauthorize, with nothing sent. */
export async function notConnected(transport: NotionTransport): Promise<(Outcome & { verdict: 'reauthorize' }) | undefined> {
	const stored = await transport.readCredential();
	return transport.isOAuth2 && !stored.oauthTokenData?.access_token ? { verdict: 'reauthorize', reason: 'not_connected' } : undefined;
}

/** The token, checked once per execution or poll; a credential that was never connected is not asked at all. */
export async function checkTokenOnce(transport: NotionTransport): Promise<TokenCheck> {
	const outcome = await notConnected(transport);
	return outcome ? { outcome, integration: {} } : await checkToken(transport);
}

/** GET /v1/users/me works with any capability and names the bot, its integration and workspace. */
export async function checkToken(transport: NotionTransport): Promise<TokenCheck> {
	const result = await transport.get('/v1/users/me', 'user');
	if (!result.ok) return { outcome: classify(result.failure), integration: {} };
	const bot = result.response.body as { id?: string; name?: string; bot?: { workspace_name?: string } };
	return {
		outcome: okOutcome('token_valid', result.response),
		integration: { name: bot.name, botId: bot.id, workspaceName: bot.bot?.workspace_name },
	};
}

/**
 * Asks the endpoint for the resource's type. With type `auto` an id of another kind is followed to
 * its own endpoint: Notion answers a database id at /pages with a 400 that names the kind ("Provided
 * ID … is a database, not a page"), and reporting that as unshared would send the user to share the
 * wrong thing. A data source id at /pages is a plain 404, so in auto mode a 404 there is asked once
 * more at /data_sources before it is reported. At most one request per endpoint.
 */
export async function checkResource(
	transport: NotionTransport,
	reference: NotionReference,
	requestedType: ResourceType | 'auto',
): Promise<ResourceCheck> {
	const auto = requestedType === 'auto';
	let type: ResourceType = auto ? (reference.typeHint ?? 'page') : requestedType;
	const tried = new Set<ResourceType>();
	let firstNotFound: Outcome | undefined;
	for (;;) {
		tried.add(type);
		const result = await transport.get(`/v1/${ENDPOINTS[type]}/${reference.id}`, OBJECT_OF[type]);
		if (result.ok) return readObject(result.response, reference, type);
		const outcome = classify(result.failure);
		if (!auto) return { outcome, type };
		const actualType = kindNamedIn(result.failure.body);
		if (actualType && !tried.has(actualType)) {
			type = actualType;
			continue;
		}
		if (outcome.reason === 'not_shared_or_missing') {
			firstNotFound ??= outcome;
			if (!tried.has('data_source') && knowsDataSources(transport.notionVersion)) {
				type = 'data_source';
				continue;
			}
		}
		// 404 at one endpoint and refused or 404 at the next: Notion does not say what the id is.
		if (firstNotFound && (outcome.verdict === 'error' || outcome.reason === 'not_shared_or_missing')) {
			return { outcome: firstNotFound, type: tried.size > 1 ? undefined : type };
		}
		return { outcome, type };
	}
}

const OBJECT_OF: Record<ResourceType, string> = {
	page: 'page',
	database: 'database',
	data_source: 'data_source',
	block: 'block',
};

function knowsDataSources(notionVersion: string): boolean {
	return notionVersion >= FIRST_DATA_SOURCE_VERSION;
}

/**
 * A readable object is Access OK only if it is the one asked for and not in the trash: Notion
 * answers a trashed page with 200, but every edit of it fails.
 */
function readObject(response: NotionResponse, reference: NotionReference, type: ResourceType): ResourceCheck {
	const body = response.body as { id?: unknown; in_trash?: unknown; archived?: unknown };
	const requestId = response.headers['x-notion-request-id'];
	if (typeof body.id !== 'string' || compact(body.id) !== compact(reference.id)) {
		return {
			outcome: classify({ phase: 'api', status: response.status, body: response.body, headers: response.headers }),
			type,
		};
	}
	const described = describeObject(response.body);
	if (body.in_trash === true || body.archived === true) {
		return { outcome: { verdict: 'share_page', reason: 'in_trash', httpStatus: response.status, requestId }, type, typeProven: true, ...described };
	}
	return { outcome: okOutcome('accessible', response), type, typeProven: true, ...described };
}

function compact(id: string): string {
	return id.replace(/-/g, '').toLowerCase();
}

const WRONG_KIND = /is an? (page|database|data source|block), not an? (?:page|database|data source|block)/i;

function kindNamedIn(body: unknown): ResourceType | undefined {
	const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
	if (code !== 'validation_error' || typeof message !== 'string') return undefined;
	const kind = WRONG_KIND.exec(message)?.[1]?.toLowerCase();
	return kind === undefined ? undefined : (kind.replace(' ', '_') as ResourceType);
}

function okOutcome(reason: 'token_valid' | 'accessible', response: { status: number; headers: Record<string, string | undefined> }): Outcome {
	return {
		verdict: 'access_ok',
		reason,
		httpStatus: response.status,
		requestId: response.headers['x-notion-request-id'],
	};
}

interface RichText {
	plain_text?: string;
}

/** Title and url, from whichever shape the object has (page, database, data source, block). */
export function describeObject(body: unknown): { title?: string; url?: string } {
	const object = body as {
		url?: string;
		title?: RichText[];
		properties?: Record<string, { type?: string; title?: RichText[] }>;
		type?: string;
		[blockType: string]: unknown;
	};
	const plain = (parts?: RichText[]) => (Array.isArray(parts) ? parts.map((part) => part.plain_text ?? '').join('') : undefined);
	const titleProperty = Object.values(object.properties ?? {}).find((property) => property?.type === 'title');
	const blockTitle = object.type ? (object[object.type] as { title?: unknown } | undefined)?.title : undefined;
	const title =
		plain(titleProperty?.title) ?? plain(object.title) ?? (typeof blockTitle === 'string' ? blockTitle : undefined);
	return { title, url: typeof object.url === 'string' ? object.url : undefined };
}
