import { classify } from '../shared/core/classify';
import type { NotionReference, Outcome, ResourceType } from '../shared/core/types';
import type { NotionTransport } from '../shared/transport';

export interface TokenCheck {
	outcome: Outcome;
	integration: { name?: string; botId?: string; workspaceName?: string };
}

export interface ResourceCheck {
	outcome: Outcome;
	type: ResourceType;
	title?: string;
	url?: string;
}

const ENDPOINTS: Record<ResourceType, string> = {
	page: 'pages',
	database: 'databases',
	data_source: 'data_sources',
	block: 'blocks',
};

/** GET /v1/users/me works with any capability and names the bot, its integration and workspace. */
export async function checkToken(transport: NotionTransport): Promise<TokenCheck> {
	const result = await transport.get('/v1/users/me');
	if (!result.ok) return { outcome: classify(result.failure), integration: {} };
	const bot = result.response.body as { id?: string; name?: string; bot?: { workspace_name?: string } };
	return {
		outcome: okOutcome('token_valid', result.response),
		integration: { name: bot.name, botId: bot.id, workspaceName: bot.bot?.workspace_name },
	};
}

/**
 * Asks the endpoint for the resource's type. With type `auto` an id of another kind is followed to
 * its own endpoint: Notion answers it with a 400 that names the kind ("Provided ID … is a database,
 * not a page"), and reporting that as unshared would send the user to share the wrong thing.
 */
export async function checkResource(
	transport: NotionTransport,
	reference: NotionReference,
	requestedType: ResourceType | 'auto',
): Promise<ResourceCheck> {
	let type: ResourceType = requestedType === 'auto' ? (reference.typeHint ?? 'page') : requestedType;
	const tried = new Set<ResourceType>();
	for (;;) {
		tried.add(type);
		const result = await transport.get(`/v1/${ENDPOINTS[type]}/${reference.id}`);
		if (result.ok) return { outcome: okOutcome('accessible', result.response), type, ...describeObject(result.response.body) };
		const actualType = requestedType === 'auto' ? kindNamedIn(result.failure.body) : undefined;
		if (!actualType || tried.has(actualType)) return { outcome: classify(result.failure), type };
		type = actualType;
	}
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
function describeObject(body: unknown): { title?: string; url?: string } {
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
