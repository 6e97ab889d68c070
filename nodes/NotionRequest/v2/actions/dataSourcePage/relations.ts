// A page's relation properties give at most 25 entries and say `has_more`; the rest come from
// GET /v1/pages/{page_id}/properties/{property_id}, a paginated list of property items. Used by
// Get and Get Many, so a relation comes back whole, within a stated bound.
import type { IDataObject } from 'n8n-workflow';

import type { Notion } from '../notion';

/**
 * Entries read per relation property: 10 calls of 100. A relation longer than that keeps
 * `has_more: true` (Notion's own sign), so a builder can tell.
 */
export const MAX_RELATION_ENTRIES = 1000;

/**
 * Property item calls one item makes in all (Get Many reads many pages): past it, relations are
 * left as the page gave them, with Notion's has_more: true.
 */
export const MAX_RELATION_CALLS_PER_ITEM = 1000;

/** The page with every relation that said has_more read completely (up to the bound). */
export async function completeRelations(page: IDataObject, notion: Notion, budget = { calls: MAX_RELATION_CALLS_PER_ITEM }): Promise<IDataObject> {
	const properties = page.properties as Record<string, IDataObject> | undefined;
	if (typeof page.id !== 'string' || typeof properties !== 'object' || properties === null) return page;
	const incomplete = Object.entries(properties).filter(
		([, property]) => property?.type === 'relation' && property.has_more === true && typeof property.id === 'string',
	);
	if (incomplete.length === 0) return page;
	const completed: Record<string, IDataObject> = { ...properties };
	for (const [name, property] of incomplete) {
		// One property reads at most MAX_RELATION_ENTRIES / 100 calls: start it only when they all fit.
		if (budget.calls < MAX_RELATION_ENTRIES / 100) break;
		const before = notion.calls;
		const items = await notion.list(
			{ method: 'GET', path: `/v1/pages/${page.id}/properties/${property.id as string}` },
			{ returnAll: false, limit: MAX_RELATION_ENTRIES },
		);
		const relation = items.flatMap((item) => {
			const id = (item.relation as IDataObject | undefined)?.id;
			return typeof id === 'string' ? [{ id }] : [];
		});
		budget.calls -= notion.calls - before;
		completed[name] = { ...property, relation, has_more: items.length >= MAX_RELATION_ENTRIES };
	}
	return { ...page, properties: completed };
}
