// Resource locators for Notion objects, the way n8n's own nodes offer them: From List (searched
// through Notion's /v1/search), By URL or By ID. Every mode's value is read with parseReference,
// so a link pasted in the ID field, or a plain string saved by an older workflow, still works.
import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';

import { parseReference } from './core/reference';
import type { ReferenceResult, ResourceType } from './core/types';

/** The listSearch method of nodes/shared/methods/listSearch.ts that fills each kind's list. */
export const LIST_METHODS = {
	page: 'searchPages',
	data_source: 'searchDataSources',
	database: 'searchDatabases',
	any: 'searchResources',
} as const;

/** What a locator points at: one kind, or any of them (the Access Check's and the Watch's resources). */
export type LocatorKind = ResourceType | 'any';

const NOUN: Record<LocatorKind, string> = { page: 'Page', data_source: 'Data Source', database: 'Database', block: 'Block', any: 'Resource' };
const HEX = '(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';
const URL_EXAMPLE: Record<LocatorKind, string> = {
	any: 'https://www.notion.so/acme/Roadmap-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
	page: 'https://www.notion.so/acme/Roadmap-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
	data_source: 'https://www.notion.so/acme/0f1e2d3c4b5a69788796a5b4c3d2e1f0?v=5c1e2d3c4b5a69788796a5b4c3d2e1f0',
	database: 'https://www.notion.so/acme/0f1e2d3c4b5a69788796a5b4c3d2e1f0?v=5c1e2d3c4b5a69788796a5b4c3d2e1f0',
	block: 'https://www.notion.so/acme/Roadmap-0f1e2d3c4b5a69788796a5b4c3d2e1f0#5c1e2d3c4b5a69788796a5b4c3d2e1f0',
};

export interface LocatorOptions {
	name: string;
	displayName?: string;
	description?: string;
	required?: boolean;
	displayOptions?: INodeProperties['displayOptions'];
	/** The mode a new node opens with (From List unless said); a block has no list. */
	defaultMode?: 'list' | 'url' | 'id';
	hint?: string;
}

/**
 * A resource locator parameter for one kind of Notion object, or for any (its list shows what
 * search finds: pages and data sources); blocks have no list (search does not find blocks).
 */
export function notionLocator(kind: LocatorKind, options: LocatorOptions): INodeProperties {
	const noun = NOUN[kind];
	const locator: INodeProperties = {
		displayName: options.displayName ?? noun,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: kind === 'block' ? 'url' : (options.defaultMode ?? 'list'), value: '' },
		required: options.required ?? true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${noun.toLowerCase()}...`,
				typeOptions: { searchListMethod: kind === 'block' ? '' : LIST_METHODS[kind], searchable: true },
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: URL_EXAMPLE[kind],
				validation: [{ type: 'regex', properties: { regex: `.*${HEX}.*`, errorMessage: `Not a Notion link with a ${noun.toLowerCase()} ID in it` } }],
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
				validation: [{ type: 'regex', properties: { regex: `\\s*${HEX}\\s*`, errorMessage: `Not a Notion ${noun.toLowerCase()} ID (32 hexadecimal characters)` } }],
			},
		],
		...(options.description ? { description: options.description } : {}),
		...(options.hint ? { hint: options.hint } : {}),
		...(options.displayOptions ? { displayOptions: options.displayOptions } : {}),
	};
	// Search does not find blocks: a block is given by its link or ID only.
	if (kind === 'block') locator.modes = locator.modes?.filter((mode: INodePropertyMode) => mode.name !== 'list');
	return locator;
}

/**
 * The reference a locator parameter holds: `{__rl, mode, value}` from the editor, or a plain
 * string from a workflow saved before the parameter became a locator.
 */
export function readLocator(value: unknown): ReferenceResult {
	if (typeof value === 'object' && value !== null && 'value' in value) return parseReference((value as { value: unknown }).value);
	return parseReference(value);
}
