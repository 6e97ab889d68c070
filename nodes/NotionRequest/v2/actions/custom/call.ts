import type { INodeProperties } from 'n8n-workflow';

import { isWrite } from '../../../../shared/core/calls';
import type { NotionReference } from '../../../../shared/core/types';
import { isPageable, type Pagination } from '../../../pagination';
import { checkBoolean, checkChoice } from '../../../parameters';
import { bodyFrom, buildRequest, type BuiltRequest, METHODS, queryFrom } from '../../../request';
import { operation } from '../operation';

interface Plan {
	request: BuiltRequest;
	reference?: NotionReference;
	pagination?: Pagination;
	perResult: boolean;
}

const fields: INodeProperties[] = [
	{ displayName: 'Method', name: 'method', type: 'options', options: METHODS.map((method) => ({ name: method, value: method })), default: 'GET' },
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '/v1/pages/{ID}',
		required: true,
		placeholder: '/v1/pages/{ID}',
		description: 'A path under https://api.notion.com/v1/. {ID} is replaced by the ID or link below.',
		hint: 'Paths that would leave https://api.notion.com/v1/ (.., //, encoded separators, other hosts) are refused before anything is sent',
	},
	{
		displayName: 'Notion Link or ID',
		name: 'reference',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://www.notion.so/acme/Roadmap-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
		description: 'A Notion ID or any Notion link, for the {ID} in the path. Leave empty if the path has none.',
	},
	{
		displayName: 'Query Parameters',
		name: 'query',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Parameter',
		default: {},
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Body (JSON)',
		name: 'body',
		type: 'json',
		default: '',
		description: 'The JSON body to send; leave empty for none',
		displayOptions: { show: { method: ['POST', 'PATCH', 'DELETE'] } },
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		hint: "Follows Notion's next_cursor until has_more is false. Only for GET, and POST to /v1/data_sources/{ID}/query, /v1/databases/{ID}/query or /v1/search: a write is sent once",
		displayOptions: { show: { method: ['GET', 'POST'] } },
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'One Item per Call', value: 'perCall', description: "Notion's answer as it is; a list keeps its results together" },
			{ name: 'One Item per Result', value: 'perResult', description: 'Each result of a list becomes its own item' },
		],
		default: 'perCall',
	},
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
