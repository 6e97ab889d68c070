// What this package knows of Notion's API itself, one source each: the versions, the endpoint of
// each kind of object, and the forms of an id. Pure: no n8n imports.
import type { ResourceType } from './types';

/** The Notion-Version values the nodes offer, oldest first. */
export const NOTION_VERSIONS = ['2022-06-28', '2025-09-03', '2026-03-11', '2026-12-01'];

/**
 * The version sent when a node's options name none. n8n does not save a parameter left at its
 * default, so changing this changes what every saved workflow sends: a new node version may pick
 * another one, an existing node keeps this one.
 */
export const DEFAULT_NOTION_VERSION = '2025-09-03';

/** Databases split into data sources (`/v1/data_sources`, search finds data sources) from this version on. */
export const FIRST_DATA_SOURCE_VERSION = '2025-09-03';

/** Whether a Notion-Version knows data sources. Versions are ISO dates, so they compare as text. */
export function knowsDataSources(notionVersion: string): boolean {
	return notionVersion >= FIRST_DATA_SOURCE_VERSION;
}

/**
 * From this version a data source query (and search) answers only the title property unless
 * `filter_properties` names others, and status group filters need no Notion-Beta header
 * (https://developers.notion.com/guides/get-started/upgrade-guide-2026-12-01).
 */
export const FIRST_TITLE_ONLY_QUERY_VERSION = '2026-12-01';

/** The collection under /v1/ that serves each kind of object (GET /v1/<collection>/<id>). */
export const COLLECTIONS: Readonly<Record<ResourceType, string>> = {
	page: 'pages',
	database: 'databases',
	data_source: 'data_sources',
	block: 'blocks',
};

/** The kind of object a collection under /v1/ serves: COLLECTIONS read backwards. */
export const KIND_OF_COLLECTION: Readonly<Record<string, ResourceType>> = Object.fromEntries(
	Object.entries(COLLECTIONS).map(([kind, collection]) => [collection, kind as ResourceType]),
);

/** 32 lower-case hex digits, no dashes: the form Notion's links use, and the one to compare ids in. */
export function compactId(id: string): string {
	return id.replace(/-/g, '').toLowerCase();
}

/** A link that opens the object in Notion, from its id alone (Notion redirects it to the workspace's own link). */
export function notionUrl(id: string): string {
	return `https://www.notion.so/${compactId(id)}`;
}

/**
 * `filter_properties=a&filter_properties=b`: the query string that names which properties a page or
 * a data source query answers with, repeated as Notion documents it (n8n's qs would write
 * `filter_properties[0]=a`). A property id comes percent-encoded in the schema (`%3AUPp`); it is
 * decoded, then encoded once, as @notionhq/client 5.26 does (buildRequestUrl), so that Notion reads
 * the id itself and not its encoding. An id that does not decode is sent as it reads.
 */
export function filterPropertiesQuery(ids: readonly string[]): string {
	return new URLSearchParams(ids.map((id): [string, string] => ['filter_properties', decodeOnce(id)])).toString();
}

function decodeOnce(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}
