// What one operation of Notion Request v2 is: its fields, how it reads an item, and what it does.
// A new operation is one new file that exports an Operation, and one line in operations.ts.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NotionReference } from '../../../shared/core/types';
import type { Notion } from './notion';

/** The resources, in the order the editor lists them. */
export const RESOURCES = [
	{ name: 'Block', value: 'block' },
	{ name: 'Custom API Call', value: 'custom' },
	{ name: 'Data Source', value: 'dataSource' },
	{ name: 'Data Source Page', value: 'dataSourcePage' },
	{ name: 'Database', value: 'database' },
	{ name: 'Page', value: 'page' },
	{ name: 'User', value: 'user' },
] as const;
export type Resource = (typeof RESOURCES)[number]['value'];

/** What Success carries for an item: the JSON items it leaves as, and what an AI agent is given. */
export interface Done {
	/** One output item each; none leaves the report alone. */
	items: IDataObject[];
	/** What an agent is given as `response`: by default the one item, or the list of them. */
	response?: unknown;
	/** The Notion object the operation acted on, for the report. */
	reference?: NotionReference;
	/** How many results a list fetched, for the report. */
	fetched?: number;
}

export interface Operation<Plan = unknown> {
	resource: Resource;
	/** The operation parameter's value, e.g. `create`. */
	value: string;
	/** As the editor lists it, e.g. `Create`. */
	name: string;
	/** The node list's action, e.g. `Create a page`. */
	action: string;
	description: string;
	/** The operation's own fields. The router shows them for this resource and operation only. */
	fields: INodeProperties[];
	/** Whether it may change something in Notion (per item, when the item decides): under Stop Workflow such items go one at a time. */
	writes: boolean | ((plan: Plan) => boolean);
	/**
	 * Reads and checks one item's parameters before anything is sent. Throws an Error whose message
	 * says what is wrong in the builder's words (the router prefixes "Item N: ").
	 */
	plan(ctx: IExecuteFunctions, itemIndex: number): Plan;
	/**
	 * Does it. Every request goes through `notion`, which throws a NotionFailed that the router
	 * routes (Reauthorize, Share Page, Retry or n8n's error handling); any other Error goes to n8n's
	 * error handling for the item.
	 */
	perform(plan: Plan, notion: Notion): Promise<Done>;
}

/** Lets each operation file keep its Plan type while the list holds them all. */
export function operation<Plan>(definition: Operation<Plan>): Operation<unknown> {
	return definition as Operation<unknown>;
}
