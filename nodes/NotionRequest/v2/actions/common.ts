// Fields and readers that many operations share: a Notion object picked by a locator, Return All
// and Limit, Simplify. An operation file uses these rather than writing its own.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NotionReference, ResourceType } from '../../../shared/core/types';
import { notionLocator, readLocator } from '../../../shared/locators';
import type { Pagination } from '../../pagination';
import { checkBoolean, checkNumber } from '../../parameters';
import { refuseBeforeDataSources } from './dataSource/versions';

const LABEL: Record<ResourceType, string> = { page: 'Page', data_source: 'Data Source', database: 'Database', block: 'Block' };

/** A Notion object picked From List, By URL or By ID (a plain string from an expression works too). */
export function objectField(kind: ResourceType, name: string, description?: string): INodeProperties {
	return notionLocator(kind, { name, description });
}

/**
 * The object an item's locator points to, or an Error naming the field. A data source under a
 * Notion-Version without data sources is refused here, before anything is sent, for every
 * operation that takes one.
 */
export function readObject(ctx: IExecuteFunctions, itemIndex: number, name: string, kind: ResourceType): NotionReference {
	if (kind === 'data_source') refuseBeforeDataSources(ctx, itemIndex, `The ${LABEL[kind]} field`);
	const parsed = readLocator(ctx.getNodeParameter(name, itemIndex, ''));
	if (!parsed.ok) throw new Error(`${LABEL[kind]}: ${parsed.problem}`);
	return parsed.reference;
}

export const paginationFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export function readPagination(ctx: IExecuteFunctions, itemIndex: number): Pagination {
	const returnAll = checkBoolean('Return All', ctx.getNodeParameter('returnAll', itemIndex, false));
	if (!returnAll.ok) throw new Error(returnAll.problem);
	if (returnAll.value) return { returnAll: true, limit: 0 };
	const limit = checkNumber('Limit', ctx.getNodeParameter('limit', itemIndex, 50), 1, true);
	if (!limit.ok) throw new Error(limit.problem);
	return { returnAll: false, limit: limit.value };
}

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simple',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
	hint: 'Property values become plain values: a title its text, a select its name, a date its start and end, a relation a list of IDs',
};

export function readSimplify(ctx: IExecuteFunctions, itemIndex: number): boolean {
	const simple = checkBoolean('Simplify', ctx.getNodeParameter('simple', itemIndex, true));
	if (!simple.ok) throw new Error(simple.problem);
	return simple.value;
}
