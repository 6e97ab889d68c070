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
	/** The body the preset sends: `fixed` is always sent as is; `user` is the node's Body (JSON) field, prefilled per preset in description.ts. */
	body?: { fixed: Record<string, unknown> } | 'user';
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
	},
	{
		value: 'updatePage', name: 'Update Page Properties', action: 'Update page properties',
		method: 'PATCH', path: '/v1/pages/{id}', idParameter: PAGE_ID, expect: 'page', paginated: false,
		body: 'user',
	},
	{
		value: 'trashPage', name: 'Move a Page to the Trash', action: 'Move a page to the trash',
		method: 'PATCH', path: '/v1/pages/{id}', idParameter: PAGE_ID, expect: 'page', paginated: false,
		body: { fixed: { in_trash: true } },
	},
	{
		value: 'createPage', name: 'Create a Page', action: 'Create a page',
		method: 'POST', path: '/v1/pages', expect: 'page', paginated: false,
		body: 'user',
	},
	{
		value: 'queryDataSource', name: 'Query a Data Source', action: 'Query a data source',
		method: 'POST', path: '/v1/data_sources/{id}/query', idParameter: DATA_SOURCE_ID, expect: 'list', paginated: true,
		body: 'user',
	},
	{
		value: 'listBlockChildren', name: 'List Block Children', action: 'List block children',
		method: 'GET', path: '/v1/blocks/{id}/children', idParameter: BLOCK_ID, expect: 'list', paginated: true,
	},
	{
		value: 'appendBlockChildren', name: 'Append Block Children', action: 'Append block children',
		method: 'PATCH', path: '/v1/blocks/{id}/children', idParameter: BLOCK_ID, expect: 'list', paginated: false,
		body: 'user',
	},
	{
		value: 'search', name: 'Search', action: 'Search pages and data sources',
		method: 'POST', path: '/v1/search', expect: 'list', paginated: true,
		body: 'user',
	},
];

export const CUSTOM = 'custom';

/** By value, in a Map: an operation such as "toString" or "__proto__" finds nothing. */
const PRESET_BY_VALUE = new Map(PRESETS.map((preset) => [preset.value, preset]));

export function presetFor(operation: unknown): Preset | undefined {
	return typeof operation === 'string' ? PRESET_BY_VALUE.get(operation) : undefined;
}
