import type { INodeProperties } from 'n8n-workflow';

import { isWrite } from '../../../../shared/core/calls';
import type { NotionReference } from '../../../../shared/core/types';
import { isPageable, type Pagination } from '../../../pagination';
import { checkBoolean, checkChoice } from '../../../parameters';
import { bodyField, methodField, outputChoiceField, pathField, queryField, referenceField } from '../../../customFields';
import { bodyFrom, buildRequest, type BuiltRequest, METHODS, queryFrom } from '../../../request';
import { operation } from '../operation';

interface Plan {
	request: BuiltRequest;
	reference?: NotionReference;
	pagination?: Pagination;
	perResult: boolean;
}

const fields: INodeProperties[] = [
	methodField,
	pathField,
	referenceField,
	queryField,
	{ ...bodyField, displayOptions: { show: { method: ['POST', 'PATCH', 'DELETE'] } } },
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		hint: "Follows Notion's next_cursor until has_more is false. Only for GET, and POST to /v1/data_sources/{ID}/query, /v1/databases/{ID}/query or /v1/search: a write is sent once",
		displayOptions: { show: { method: ['GET', 'POST'] } },
	},
	outputChoiceField,
];

export const call = operation<Plan>({
	resource: 'custom',
	value: 'call',
	name: 'Call an Endpoint',
	action: 'Call any API endpoint',
	description: 'Any method and path under https://api.notion.com/v1/',
	fields,
	// A GET, or a POST to a query or search, only reads: the method and path decide, per item.
	writes: (plan) => isWrite(plan.request),
	plan(ctx, itemIndex) {
		const method = checkChoice('The method', ctx.getNodeParameter('method', itemIndex), METHODS);
		if (!method.ok) throw new Error(`${method.problem} Notion's API takes no other method.`);
		const parsed = method.value === 'GET' ? { ok: true as const, body: undefined } : bodyFrom(ctx.getNodeParameter('body', itemIndex, ''));
		if (!parsed.ok) throw new Error(parsed.problem);
		const built = buildRequest({
			method: method.value,
			path: ctx.getNodeParameter('path', itemIndex),
			reference: ctx.getNodeParameter('reference', itemIndex, ''),
			query: queryFrom((ctx.getNodeParameter('query', itemIndex, {}) as { parameter?: Array<{ name?: string; value?: unknown }> }).parameter),
			body: parsed.body,
		});
		if (!built.ok) throw new Error(built.problem);
		const returnAll = checkBoolean('Return All', ctx.getNodeParameter('returnAll', itemIndex, false));
		if (!returnAll.ok) throw new Error(returnAll.problem);
		if (returnAll.value && !isPageable(built.request)) {
			throw new Error(
				`Return All sends the request again for each next page, so it is only for reads: GET, or POST to /v1/data_sources/{id}/query, /v1/databases/{id}/query or /v1/search. Turn it off for ${built.request.method} ${built.request.path}: a write is sent once.`,
			);
		}
		const output = checkChoice('Output', ctx.getNodeParameter('output', itemIndex, 'perCall'), ['perCall', 'perResult'] as const);
		if (!output.ok) throw new Error(output.problem);
		return {
			request: built.request,
			reference: built.request.reference,
			pagination: returnAll.value ? { returnAll: true, limit: 0 } : undefined,
			perResult: output.value === 'perResult',
		};
	},
	async perform({ request, pagination, perResult }, notion) {
		const paged = await notion.pages({ method: request.method, path: request.path, query: request.query, body: request.body }, pagination);
		return {
			items: perResult && paged.isList ? paged.results : paged.calls,
			response: paged.isList ? paged.results : paged.calls[0],
			fetched: paged.isList ? paged.results.length : undefined,
		};
	},
});
