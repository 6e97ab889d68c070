// The lists of the resource locators (nodes/shared/locators.ts): Notion's /v1/search through the
// shared transport, so the editor's searches are paced with every run on the same credential and a
// failure says what to do, in the verdict table's words. One search page per call: n8n asks for
// the next with the paginationToken when the builder scrolls.
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeObject } from '../checks';
import { FIRST_DATA_SOURCE_VERSION } from '../core/notion';
import { classify } from '../core/classify';
import { ownValue } from '../core/ownValue';
import { errorRemediation } from '../report';
import { type CredentialType, NotionTransport, type TransportContext, transportOptions } from '../transport';

const SEARCH_PAGE_SIZE = 100;

/** `any`: whatever search finds (pages, and data sources or databases), for a locator of any kind. */
type SearchKind = 'page' | 'data_source' | 'database' | 'any';

function transportFor(ctx: ILoadOptionsFunctions): NotionTransport {
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const authentication = ctx.getNodeParameter('authentication', 'notionRotationSafeOAuth2Api') as CredentialType;
	// The editor waits for the list: a rate limit is not waited out past a few seconds.
	return new NotionTransport(ctx as unknown as TransportContext, authentication, { ...transportOptions(options), maxWaitSeconds: 5 });
}

async function search(ctx: ILoadOptionsFunctions, kind: SearchKind, filter?: string, paginationToken?: string): Promise<{ results: IDataObject[]; next?: string; transport: NotionTransport }> {
	const transport = transportFor(ctx);
	const modern = transport.notionVersion >= FIRST_DATA_SOURCE_VERSION;
	const object = kind === 'page' ? 'page' : modern ? 'data_source' : 'database';
	const result = await transport.request({
		method: 'POST',
		path: '/v1/search',
		body: {
			...(filter ? { query: filter } : {}),
			...(kind === 'any' ? {} : { filter: { property: 'object', value: object } }),
			page_size: SEARCH_PAGE_SIZE,
			...(paginationToken ? { start_cursor: paginationToken } : {}),
		},
		expect: 'list',
	});
	if (!result.ok) {
		const outcome = classify(result.failure);
		throw new NodeOperationError(ctx.getNode(), transport.redact(`Notion search failed: ${outcome.message ?? outcome.reason}`), {
			description: errorRemediation(transport, outcome),
		});
	}
	const body = result.response.body as { results?: unknown; has_more?: unknown; next_cursor?: unknown };
	const results = (Array.isArray(body.results) ? body.results : []).filter((entry): entry is IDataObject => typeof entry === 'object' && entry !== null);
	const next = body.has_more === true && typeof body.next_cursor === 'string' ? body.next_cursor : undefined;
	return { results, next, transport };
}

function item(transport: NotionTransport, object: IDataObject, id: string): INodeListSearchItems {
	const { title, url } = describeObject(object);
	const name = (typeof object.name === 'string' && object.name) || title || id;
	return { name: transport.redact(name), value: id, ...(url ? { url } : {}) };
}

export async function searchPages(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const { results, next, transport } = await search(this, 'page', filter, paginationToken);
	return { results: results.filter((page) => typeof page.id === 'string').map((page) => item(transport, page, page.id as string)), paginationToken: next };
}

export async function searchDataSources(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const { results, next, transport } = await search(this, 'data_source', filter, paginationToken);
	return { results: results.filter((source) => typeof source.id === 'string').map((source) => item(transport, source, source.id as string)), paginationToken: next };
}

/** From 2025-09-03 search finds data sources: each database appears once, by the database its data sources belong to. */
export async function searchDatabases(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const { results, next, transport } = await search(this, 'database', filter, paginationToken);
	const byDatabase = new Map<string, INodeListSearchItems>();
	for (const object of results) {
		const parent = object.parent as IDataObject | undefined;
		const id = object.object === 'database' ? object.id : parent?.database_id;
		if (typeof id !== 'string' || byDatabase.has(id)) continue;
		byDatabase.set(id, item(transport, object, id));
	}
	return { results: [...byDatabase.values()], paginationToken: next };
}

const KIND_LABEL: Record<string, string> = { data_source: 'data source', database: 'database' };

/**
 * Any kind, for the Access Check's and the Watch's resources: the Check's Resource Type, when it
 * names one that search finds, narrows the list to it; else pages and data sources (databases
 * before 2025-09-03), each but a page labelled with its kind.
 */
export async function searchResources(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const type = currentResourceType(this);
	if (type === 'page') return await searchPages.call(this, filter, paginationToken);
	if (type === 'data_source') return await searchDataSources.call(this, filter, paginationToken);
	if (type === 'database') return await searchDatabases.call(this, filter, paginationToken);
	const { results, next, transport } = await search(this, 'any', filter, paginationToken);
	const entries = results.filter((object) => typeof object.id === 'string' && (object.object === 'page' || ownValue(KIND_LABEL, object.object) !== undefined));
	return {
		results: entries.map((object) => {
			const entry = item(transport, object, object.id as string);
			const label = ownValue(KIND_LABEL, object.object);
			return label ? { ...entry, name: `${entry.name} (${label})` } : entry;
		}),
		paginationToken: next,
	};
}

/** The node's Resource Type (the Access Check's), when the editor has one; the Watch has none at the top. */
function currentResourceType(ctx: ILoadOptionsFunctions): unknown {
	try {
		return ctx.getCurrentNodeParameter('resourceType');
	} catch {
		return undefined;
	}
}

/** For a node's `methods.listSearch`. */
export const listSearch = { searchPages, searchDataSources, searchDatabases, searchResources };
