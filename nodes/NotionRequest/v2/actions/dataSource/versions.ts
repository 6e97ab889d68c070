// The Notion-Version an item's requests go with, for the operations whose request depends on it.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { transportOptions } from '../../../../shared/transport';

/** Notion-Version from which databases hold data sources (`/v1/data_sources`, search for `data_source`). */
export const FIRST_DATA_SOURCE_VERSION = '2025-09-03';

/** The option "Notion API Version" as the transport sends it (its default when not set). */
export function notionVersionOf(ctx: IExecuteFunctions, itemIndex: number): string {
	return transportOptions((ctx.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject).notionVersion;
}

/** Refuses, before anything is sent, an operation on data sources under a Notion-Version that has none. */
export function refuseBeforeDataSources(ctx: IExecuteFunctions, itemIndex: number, operation: string): void {
	const version = notionVersionOf(ctx, itemIndex);
	if (version < FIRST_DATA_SOURCE_VERSION) {
		throw new Error(
			`${operation} needs the option "Notion API Version" at ${FIRST_DATA_SOURCE_VERSION} or later: Notion has no data sources before it, and this node is set to ${version}.`,
		);
	}
}
