import { classify, classifyObject, classifyStoredCredential, classifyTokenAnswer } from './core/classify';
import { COLLECTIONS, compactId, knowsDataSources } from './core/notion';
import { ownValue } from './core/ownValue';
import { isNotionId, parseReference } from './core/reference';
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
	/**
	 * Auto-detect found the object at no endpoint (each one asked answered 404), or a probe did not
	 * find it: the one endpoint to ask next time. A caller that remembers it (the Watch) asks one
	 * endpoint per check instead of two; it is a turn, never a proven kind.
	 */
	nextProbe?: ResourceType;
	/** A probe's answer was Notion naming another kind (`nextProbe`): nothing is known yet of its access. */
	kindNamed?: true;
	title?: string;
	url?: string;
	/** A database's data sources as this check read them (Notion-Version 2025-09-03 on), in Notion's order. */
	dataSources?: DataSourceCheck[];
	/** The data source whose outcome is the database's: the first of the worst, when not every one read is Access OK. */
	failedDataSource?: DataSourceCheck;
	/** More data sources than one check reads, and none named: a fix for the builder, with no verdict. */
	dataSourceProblem?: string;
	/** The database's own list of data sources, from its body: what `checkDataSources` reads. */
	listedDataSources?: Array<{ id?: unknown; name?: unknown }>;
}

/** One data source of a database, as one check read it. `id` is absent for a named one the database does not list. */
export interface DataSourceCheck {
	id?: string;
	name?: string;
	outcome: Outcome;
}

/**
 * The data sources of one database that one check reads, one request each: a database costs at
 * most this many requests more than its own. One with more, and none named, is not read further:
 * its access cannot be proven within the bound, so the builder is told to name one.
 */
export const MAX_DATA_SOURCES_PER_DATABASE = 10;

const OBJECT_OF: Record<ResourceType, string> = {
	page: 'page',
	database: 'database',
	data_source: 'data_source',
	block: 'block',
};

/** One of the four kinds Notion's endpoints serve (own keys only: never `toString` or `__proto__`). */
export function isResourceType(value: unknown): value is ResourceType {
	return ownValue(COLLECTIONS, value) !== undefined;
}

/** An OAuth2 credential that holds no token was never connected: Reauthorize, with nothing sent. */
export async function notConnected(transport: NotionTransport): Promise<(Outcome & { verdict: 'reauthorize' }) | undefined> {
	const stored = await transport.readCredential();
	return classifyStoredCredential(transport.isOAuth2, stored.oauthTokenData?.access_token);
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
		outcome: classifyTokenAnswer(result.response),
		integration: { name: bot.name, botId: bot.id, workspaceName: bot.bot?.workspace_name },
	};
}

/**
 * Checks one resource (see `checkObject`) and, when it is a readable database that lists data
 * sources, each of them or only the one named by `dataSource` (its name or id): a database is
 * Access OK only if every data source read is (fail closed), and says which one failed.
 */
export async function checkResource(
	transport: NotionTransport,
	reference: NotionReference,
	requestedType: ResourceType | 'auto',
	probe?: ResourceType,
	dataSource?: string,
): Promise<ResourceCheck> {
	const check = await checkObject(transport, reference, requestedType, probe);
	const { listedDataSources, ...rest } = check;
	return listedDataSources ? await checkDataSources(transport, rest, listedDataSources, dataSource?.trim() || undefined) : rest;
}

/** Worse outranks better; a proven problem outranks a Retry (which proves nothing). */
const SEVERITY: Record<Outcome['verdict'], number> = { access_ok: 0, retry: 1, error: 2, share_page: 3, reauthorize: 4 };

async function checkDataSources(
	transport: NotionTransport,
	database: ResourceCheck,
	listed: Array<{ id?: unknown; name?: unknown }>,
	wanted: string | undefined,
): Promise<ResourceCheck> {
	const entries = listed.map((entry) => ({ id: typeof entry.id === 'string' ? entry.id : undefined, name: typeof entry.name === 'string' ? entry.name : undefined }));
	const chosen = wanted === undefined ? entries : entries.filter((entry) => matches(entry, wanted));
	if (chosen.length === 0 && wanted !== undefined) {
		const names = entries.map((entry) => JSON.stringify(entry.name ?? entry.id ?? '')).join(', ');
		const missing: DataSourceCheck = {
			name: wanted,
			outcome: {
				verdict: 'share_page',
				reason: 'not_shared_or_missing',
				message: `The database lists no data source named ${JSON.stringify(wanted)}${names ? ` (it lists ${names})` : ' (it lists none)'}.`,
			},
		};
		return { ...database, outcome: missing.outcome, dataSources: [], failedDataSource: missing };
	}
	if (chosen.length > MAX_DATA_SOURCES_PER_DATABASE) {
		return {
			...database,
			outcome: { verdict: 'error', reason: 'unexpected_response', message: `The database has ${chosen.length} data sources, more than the ${MAX_DATA_SOURCES_PER_DATABASE} one check reads.` },
			dataSourceProblem: `The database has ${chosen.length} data sources, more than the ${MAX_DATA_SOURCES_PER_DATABASE} one check reads: give the name or ID of the one to check in "Data Source".`,
		};
	}
	const dataSources = await Promise.all(
		chosen.map(async ({ id, name }): Promise<DataSourceCheck> => {
			const parsed = isNotionId(id) ? parseReference(id) : undefined;
			if (!parsed?.ok) return { id, name, outcome: { verdict: 'error', reason: 'unexpected_response', message: 'Notion listed a data source of this database without a valid id.' } };
			const { outcome } = await checkObject(transport, parsed.reference, 'data_source');
			return { id: parsed.reference.id, name, outcome };
		}),
	);
	const worst = dataSources.reduce<DataSourceCheck | undefined>((found, each) => (SEVERITY[each.outcome.verdict] > SEVERITY[found?.outcome.verdict ?? 'access_ok'] ? each : found), undefined);
	return worst ? { ...database, outcome: worst.outcome, dataSources, failedDataSource: worst } : { ...database, dataSources };
}

function matches(entry: { id?: string; name?: string }, wanted: string): boolean {
	if (entry.id !== undefined && isNotionId(wanted) && compactId(entry.id) === compactId(wanted)) return true;
	return entry.name !== undefined && entry.name.trim().toLowerCase() === wanted.toLowerCase();
}

/**
 * Asks the endpoint for the resource's type. With type `auto` an id of another kind is followed to
 * its own endpoint: Notion answers a database id at /pages with a 400 that names the kind ("Provided
 * ID … is a database, not a page"), and reporting that as unshared would send the user to share the
 * wrong thing. A data source id at /pages is a plain 404, so in auto mode a 404 there is asked once
 * more at /data_sources before it is reported. So auto mode asks at most two endpoints: the first
 * guess (what the link says, else a page), then the kind Notion named or /data_sources.
 *
 * `probe` (auto mode only) asks that one endpoint and nothing else: for a resource already found at
 * no endpoint, whose callers take turns over the endpoints instead of asking them all every time.
 */
async function checkObject(
	transport: NotionTransport,
	reference: NotionReference,
	requestedType: ResourceType | 'auto',
	probe?: ResourceType,
): Promise<ResourceCheck> {
	if (requestedType !== 'auto') {
		const result = await ask(transport, reference, requestedType);
		return result.ok ? readObject(result.response, reference, requestedType) : { outcome: classify(result.failure), type: requestedType };
	}
	const kinds = autoKinds(reference, transport.notionVersion);
	if (probe !== undefined) {
		const result = await ask(transport, reference, probe);
		if (result.ok) return readObject(result.response, reference, probe);
		// A kind Notion names is asked next time (this answer says nothing of access yet); a 404 moves
		// on to the next endpoint in turn. Any other answer (a Retry, say) told nothing about this
		// endpoint: it keeps its turn, else a 503 at the one endpoint that would find the object
		// costs a whole round of polls.
		const named = kindNamedIn(result.failure.body);
		const outcome = classify(result.failure);
		if (named !== undefined && named !== probe) return { outcome, nextProbe: named, kindNamed: true };
		return { outcome, nextProbe: outcome.reason === 'not_shared_or_missing' ? nextInTurn(kinds, probe) : probe };
	}

	const first = kinds[0];
	const firstResult = await ask(transport, reference, first);
	if (firstResult.ok) return readObject(firstResult.response, reference, first);
	const firstOutcome = classify(firstResult.failure);
	const named = kindNamedIn(firstResult.failure.body);
	const notFound = firstOutcome.reason === 'not_shared_or_missing';
	const second = named !== undefined && named !== first ? named : notFound ? kinds.find((kind) => kind !== first) : undefined;
	if (second === undefined) return notFound ? { outcome: firstOutcome, type: first, nextProbe: nextInTurn(kinds, first) } : { outcome: firstOutcome, type: first };

	const secondResult = await ask(transport, reference, second);
	if (secondResult.ok) return readObject(secondResult.response, reference, second);
	const secondOutcome = classify(secondResult.failure);
	// Notion named the kind: its own endpoint's answer is the verdict.
	if (!notFound) return { outcome: secondOutcome, type: second };
	// 404 at one endpoint and refused or 404 at the next: Notion does not say what the id is.
	if (secondOutcome.reason === 'not_shared_or_missing') return { outcome: firstOutcome, nextProbe: nextInTurn(kinds, second) };
	if (secondOutcome.verdict === 'error') return { outcome: firstOutcome };
	return { outcome: secondOutcome, type: second };
}

async function ask(transport: NotionTransport, reference: NotionReference, type: ResourceType) {
	const endpoint = ownValue(COLLECTIONS, type);
	// Callers check every type they are given; this keeps `/v1/undefined/<id>` impossible all the same.
	if (endpoint === undefined) throw new Error(`Unknown Notion resource type ${JSON.stringify(String(type)).slice(0, 40)}.`);
	return await transport.get(`/v1/${endpoint}/${reference.id}`, OBJECT_OF[type]);
}

/** The endpoints auto-detect takes turns over: the link's hint (else a page), and data sources where the API version knows them. */
function autoKinds(reference: NotionReference, notionVersion: string): ResourceType[] {
	const first = isResourceType(reference.typeHint) ? reference.typeHint : 'page';
	return first !== 'data_source' && knowsDataSources(notionVersion) ? [first, 'data_source'] : [first];
}

function nextInTurn(kinds: ResourceType[], asked: ResourceType): ResourceType {
	return kinds[(kinds.indexOf(asked) + 1) % kinds.length];
}

/** The object came back: classify says whether it is readable, in the trash, or not the one asked for (garbled). */
function readObject(response: NotionResponse, reference: NotionReference, type: ResourceType): ResourceCheck {
	const outcome = classifyObject(response, reference.id);
	if (outcome.verdict !== 'access_ok' && outcome.reason !== 'in_trash') return { outcome, type };
	const listed = (response.body as { data_sources?: unknown }).data_sources;
	const dataSources =
		type === 'database' && outcome.verdict === 'access_ok' && Array.isArray(listed)
			? { listedDataSources: listed.filter((entry): entry is { id?: unknown; name?: unknown } => typeof entry === 'object' && entry !== null) }
			: {};
	return { outcome, type, typeProven: true, ...describeObject(response.body), ...dataSources };
}

const WRONG_KIND = /is an? (page|database|data source|block), not an? (?:page|database|data source|block)/i;

function kindNamedIn(body: unknown): ResourceType | undefined {
	const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
	if (code !== 'validation_error' || typeof message !== 'string') return undefined;
	const kind = WRONG_KIND.exec(message)?.[1]?.toLowerCase();
	return kind === undefined ? undefined : (kind.replace(' ', '_') as ResourceType);
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
