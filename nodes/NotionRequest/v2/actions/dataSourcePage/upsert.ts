// Data source page → Create or Update (upsert), beyond n8n's own node: find the page whose key
// property equals the item's value; update it, or create it when there is none. Several matches
// are refused, naming them, and nothing is written. Two items with the same key in one execution
// give one page: the first looks up and writes, the later ones update the page it wrote (Notion's
// query may not list a page created a moment ago). The pure rules are in shared/properties/upsert.ts.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { NotionReference } from '../../../../shared/core/types';
import { shown } from '../../../../shared/properties/limits';
import { lookup, PROPERTY_TYPES, splitPropertyKey } from '../../../../shared/properties/schema';
import { decideUpsert, followerDecision, type UpsertDecision, upsertKey } from '../../../../shared/properties/upsert';
import type { PropertyField } from '../../../../shared/properties/values';
import { objectField, readObject, readSimplify, simplifyField } from '../common';
import type { Notion } from '../notion';
import { operation } from '../operation';
import { FROM_DATA_SOURCE, propertiesBody, propertiesField, type PropertyRow, readPropertyRows } from '../properties';
import { pageOutput, readTitle, schemaIfNeeded, titleField, titleFields } from './create';

/** The page the first item with a key wrote (its id), or undefined when it wrote none. */
interface Leader {
	index: number;
	written: Promise<string | undefined>;
	settle: (pageId: string | undefined) => void;
}

interface Plan {
	reference: NotionReference;
	index: number;
	key: { name: string; type: string; value: unknown; query: { filter: Record<string, unknown>; page_size: number } };
	title: string;
	rows: PropertyRow[];
	simple: boolean;
	/** Set for the first item with its key; the later ones follow it. */
	leader: Leader;
	follows: boolean;
}

/** One execution's leaders by data source and key (the context is the execution's). */
const EXECUTIONS = new WeakMap<object, Map<string, Leader>>();

function leaderFor(ctx: IExecuteFunctions, group: string, index: number): { leader: Leader; follows: boolean } {
	let leaders = EXECUTIONS.get(ctx);
	if (!leaders) EXECUTIONS.set(ctx, (leaders = new Map()));
	const known = leaders.get(group);
	if (known) return { leader: known, follows: true };
	let settle: (pageId: string | undefined) => void = () => undefined;
	const written = new Promise<string | undefined>((resolve) => (settle = resolve));
	const leader = { index, written, settle };
	leaders.set(group, leader);
	return { leader, follows: false };
}

async function write(plan: Plan, decision: UpsertDecision, notion: Notion): Promise<{ page: IDataObject; action: 'created' | 'updated' }> {
	if (decision.action === 'refuse') throw new Error(decision.problem);
	const { reference, key, title, rows } = plan;
	const schema = await schemaIfNeeded(notion, reference.id, title, rows);
	const keyField: PropertyField = { name: key.name, type: key.type, value: key.value };
	if (decision.action === 'update') {
		const properties = propertiesBody(rows, schema, titleFields(title, schema));
		const page = await notion.send({ method: 'PATCH', path: `/v1/pages/${decision.pageId}`, body: { properties } as IDataObject, expect: 'page' });
		return { page, action: 'updated' };
	}
	const properties = propertiesBody(rows, schema, [...titleFields(title, schema), keyField]);
	const page = await notion.send({
		method: 'POST',
		path: '/v1/pages',
		body: { parent: { type: 'data_source_id', data_source_id: reference.id }, properties } as IDataObject,
		expect: 'page',
	});
	return { page, action: 'created' };
}

async function decide(plan: Plan, notion: Notion): Promise<UpsertDecision> {
	if (plan.follows) {
		const decision = followerDecision({ index: plan.leader.index, pageId: await plan.leader.written });
		// followerDecision counts items from 1; n8n's errors (and the router's "Item N: ") count from 0.
		return decision.action === 'refuse'
			? { action: 'refuse', problem: `Item ${plan.leader.index} has the same key and wrote no page, so this item was not written either (that avoids a duplicate page).` }
			: decision;
	}
	const found = await notion.send({ method: 'POST', path: `/v1/data_sources/${plan.reference.id}/query`, body: plan.key.query as IDataObject, expect: 'list' });
	const matches = Array.isArray(found.results) ? found.results : [];
	return decideUpsert(plan.key.name, plan.key.value, matches, found.has_more === true);
}

export const upsert = operation<Plan>({
	resource: 'dataSourcePage',
	value: 'upsert',
	name: 'Create or Update',
	action: 'Create or update a data source page',
	description: 'Create a new record, or update the current one if it already exists (upsert)',
	fields: [
		objectField('data_source', 'dataSourceId'),
		{
			displayName: 'Key Property Name or ID',
			name: 'keyProperty',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getUpsertKeyProperties', loadOptionsDependsOn: ['dataSourceId'] },
			default: '',
			required: true,
			description:
				'The property that identifies the page, such as an email or an external ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Key Value',
			name: 'keyValue',
			type: 'string',
			default: '',
			required: true,
			description: "The item's value of the key property: the page with this value is updated, or created with it",
		},
		titleField,
		propertiesField(FROM_DATA_SOURCE),
		simplifyField,
	],
	writes: true,
	plan: (ctx, itemIndex) => {
		const reference = readObject(ctx, itemIndex, 'dataSourceId', 'data_source');
		const keyProperty = ctx.getNodeParameter('keyProperty', itemIndex, '');
		if (typeof keyProperty !== 'string' || keyProperty.trim() === '') throw new Error('Key Property: pick the property that identifies the page.');
		const { name, type } = splitPropertyKey(keyProperty.trim());
		if (!lookup(PROPERTY_TYPES, type)) throw new Error(`Key Property: ${shown(keyProperty)} names no type; use the format Property Name|property_type.`);
		const value = ctx.getNodeParameter('keyValue', itemIndex, '');
		const key = upsertKey(name, type, value);
		if (!key.ok) throw new Error(`Key Value: ${key.problem}`);
		const rows = readPropertyRows(ctx, itemIndex);
		// The key is written from Key Value alone: a second value for it would make the next run miss the page.
		if (rows.some((row) => row.name === name)) throw new Error(`Properties: "${name}" is the key property, set by Key Value; remove it from Properties.`);
		const title = readTitle(ctx, itemIndex);
		if (type === 'title' && title.trim() !== '') throw new Error(`Title: "${name}" is the key property, set by Key Value; leave Title empty.`);
		const plan = { reference, index: itemIndex, title, rows, simple: readSimplify(ctx, itemIndex) };
		// Registered last: an item whose input is bad leads no one.
		const group = `${reference.id}\u0000${name}\u0000${key.value.key}`;
		return { ...plan, key: { name, type, value, query: key.value.query }, ...leaderFor(ctx, group, itemIndex) };
	},
	async perform(plan, notion) {
		let pageId: string | undefined;
		try {
			// A database given as the data source: both the query and the create use its data source.
			const { page, action } = await notion.dataSource(plan.reference, async (id) => {
				const resolved = { ...plan, reference: { ...plan.reference, id } };
				return await write(resolved, await decide(resolved, notion), notion);
			});
			pageId = typeof page.id === 'string' ? page.id : undefined;
			return { items: [{ ...pageOutput(page, plan.simple), upserted: action }], reference: pageId ? { input: pageId, id: pageId } : plan.reference };
		} finally {
			if (!plan.follows) plan.leader.settle(pageId);
		}
	},
});
