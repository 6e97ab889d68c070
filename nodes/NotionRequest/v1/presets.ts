// The operations builders reach for most, each only a prefilled method and path with a field for
// its id. The built-in Notion node v3 (n8n-nodes-base 2.41) is the guide: its page get/update/
// archive, database page getAll (a data source query), block getAll/append and search.

import { METHODS, type Method } from '../request';

export { METHODS, type Method };

export interface Preset {
	value: string;
	name: string;
	/** What the editor shows in the node's action list and subtitle. */
	action: string;
	method: Method;
	/** `{id}` is where the reference goes. */
	path: string;
	/** The parameter that holds the reference, and what it refers to. */
	idParameter?: { name: string; displayName: string; kind: 'page' | 'data source' | 'block or page' };
	/** The body the preset sends: `fixed` is always sent as is; `user` is the node's Body (JSON) field, prefilled with `example`. */
	body?: { fixed: Record<string, unknown> } | 'user';
	/** For a `user` body: the Body (JSON) field's prefilled example and its description. */
	example?: { body: string; description: string };
	/** What the editor's operation list says under the name: the request sent. */
	request: string;
	/** The Notion object a successful answer is, checked by the transport. */
	expect: 'page' | 'list';
	/** A list endpoint: Return All follows its cursor. */
	paginated: boolean;
}

const PAGE_ID = { name: 'pageId', displayName: 'Page', kind: 'page' } as const;
const BLOCK_ID = { name: 'blockId', displayName: 'Block or Page', kind: 'block or page' } as const;
const DATA_SOURCE_ID = { name: 'dataSourceId', displayName: 'Data Source', kind: 'data source' } as const;

export const PRESETS: Preset[] = [
	{
		value: 'getPage', name: 'Retrieve a Page', action: 'Retrieve a page',
		method: 'GET', path: '/v1/pages/{id}', idParameter: PAGE_ID, expect: 'page', paginated: false,
		request: 'GET /v1/pages/{ID}',
	},
	{
		value: 'updatePage', name: 'Update Page Properties', action: 'Update page properties',
		method: 'PATCH', path: '/v1/pages/{id}', idParameter: PAGE_ID, expect: 'page', paginated: false,
		body: 'user',
		example: { body: '{\n  "properties": {\n    "Status": { "select": { "name": "Done" } }\n  }\n}', description: 'The page\'s new property values, as Notion\'s "Update page properties" takes them' },
		request: 'PATCH /v1/pages/{ID}',
	},
	{
		value: 'trashPage', name: 'Move a Page to the Trash', action: 'Move a page to the trash',
		method: 'PATCH', path: '/v1/pages/{id}', idParameter: PAGE_ID, expect: 'page', paginated: false,
		request: 'PATCH /v1/pages/{ID} with in_trash',
		body: { fixed: { in_trash: true } },
	},
	{
		value: 'createPage', name: 'Create a Page', action: 'Create a page',
		method: 'POST', path: '/v1/pages', expect: 'page', paginated: false,
		body: 'user',
		example: { body: '{\n  "parent": { "data_source_id": "" },\n  "properties": {\n    "Name": { "title": [{ "text": { "content": "New page" } }] }\n  }\n}', description: 'The parent (a page_id or data_source_id) and the properties of the new page' },
		request: 'POST /v1/pages',
	},
	{
		value: 'queryDataSource', name: 'Query a Data Source', action: 'Query a data source',
		method: 'POST', path: '/v1/data_sources/{id}/query', idParameter: DATA_SOURCE_ID, expect: 'list', paginated: true,
		body: 'user',
		example: { body: '{\n  "filter": { "property": "Status", "select": { "equals": "Active" } }\n}', description: 'Filter and sorts, as Notion\'s "Query a data source" takes them; the cursor is handled by the node' },
		request: 'POST /v1/data_sources/{ID}/query',
	},
	{
		value: 'listBlockChildren', name: 'List Block Children', action: 'List block children',
		method: 'GET', path: '/v1/blocks/{id}/children', idParameter: BLOCK_ID, expect: 'list', paginated: true,
		request: 'GET /v1/blocks/{ID}/children',
	},
	{
		value: 'appendBlockChildren', name: 'Append Block Children', action: 'Append block children',
		method: 'PATCH', path: '/v1/blocks/{id}/children', idParameter: BLOCK_ID, expect: 'list', paginated: false,
		body: 'user',
		example: { body: '{\n  "children": [\n    { "paragraph": { "rich_text": [{ "text": { "content": "Hello" } }] } }\n  ]\n}', description: 'The blocks to append (at most 100 per request)' },
		request: 'PATCH /v1/blocks/{ID}/children',
	},
	{
		value: 'search', name: 'Search', action: 'Search pages and data sources',
		method: 'POST', path: '/v1/search', expect: 'list', paginated: true,
		body: 'user',
		example: { body: '{\n  "query": "",\n  "filter": { "property": "object", "value": "page" }\n}', description: 'Query text, filter and sort, as Notion\'s "Search by title" takes them' },
		request: 'POST /v1/search',
	},
];

export const CUSTOM = 'custom';

/** By value, in a Map: an operation such as "toString" or "__proto__" finds nothing. */
const PRESET_BY_VALUE = new Map(PRESETS.map((preset) => [preset.value, preset]));

export function presetFor(operation: unknown): Preset | undefined {
	return typeof operation === 'string' ? PRESET_BY_VALUE.get(operation) : undefined;
}
