import type { INodeProperties } from 'n8n-workflow';

import { CUSTOM, PRESETS } from './presets';

export const OUTPUT_NAMES = ['Success', 'Reauthorize', 'Share Page', 'Retry'];

export const NOTION_VERSIONS = ['2022-06-28', '2025-09-03', '2026-03-11'];

const PAGINATED = [...PRESETS.filter((preset) => preset.paginated).map((preset) => preset.value), CUSTOM];

/** One reference field per kind of id, shown for the presets that need it. */
const idFields: INodeProperties[] = [...new Map(PRESETS.flatMap((preset) => (preset.idParameter ? [[preset.idParameter.name, preset.idParameter]] : []))).values()].map(
	(field) => ({
		displayName: field.displayName,
		name: field.name,
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://www.notion.so/acme/Roadmap-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
		description: `The ${field.kind}'s Notion ID or any Notion link to it`,
		hint: 'Usually an expression that takes the ID or link from each item, e.g. {{ $json.pageUrl }}',
		displayOptions: { show: { operation: PRESETS.filter((preset) => preset.idParameter?.name === field.name).map((preset) => preset.value) } },
	}),
);

/** Each preset with a body of the user's gets its own body field, prefilled with an example. */
const presetBodies: INodeProperties[] = PRESETS.flatMap((preset) =>
	preset.body && 'example' in preset.body
		? [
				{
					displayName: 'Body (JSON)',
					name: 'body',
					type: 'json',
					default: preset.body.example,
					description: preset.body.description,
					displayOptions: { show: { operation: [preset.value] } },
				} satisfies INodeProperties,
			]
		: [],
);

export const properties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'Notion Rotation-Safe OAuth2',
				value: 'notionRotationSafeOAuth2Api',
				description: "This package's credential: refreshes safely when Notion rotates the refresh token",
			},
			{
				name: 'Notion OAuth2 (Built-In)',
				value: 'notionOAuth2Api',
				description: "The credential of n8n's own Notion node",
			},
			{
				name: 'Notion Internal Integration (Built-In)',
				value: 'notionApi',
				description: "The Notion API credential of n8n's own Notion node: an internal integration's secret",
			},
		],
		default: 'notionRotationSafeOAuth2Api',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			...PRESETS.map((preset) => ({
				name: preset.name,
				value: preset.value,
				action: preset.action,
				description: `${preset.method} ${preset.path}`,
			})),
			{ name: 'Custom API Call', value: CUSTOM, action: 'Call any Notion API endpoint', description: 'Any method and path under https://api.notion.com/v1/' },
		],
		default: 'getPage',
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: ['GET', 'POST', 'PATCH', 'DELETE'].map((method) => ({ name: method, value: method })),
		default: 'GET',
		displayOptions: { show: { operation: [CUSTOM] } },
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '/v1/pages/{id}',
		required: true,
		placeholder: '/v1/pages/{id}',
		description: 'A path under https://api.notion.com/v1/. {id} is replaced by the ID or link below.',
		hint: 'Paths that would leave https://api.notion.com/v1/ (.., //, encoded separators, other hosts) are refused before anything is sent',
		displayOptions: { show: { operation: [CUSTOM] } },
	},
	{
		displayName: 'ID or Link',
		name: 'reference',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://www.notion.so/acme/Roadmap-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
		description: 'A Notion ID or any Notion link, for the {id} in the path. Leave empty if the path has none.',
		displayOptions: { show: { operation: [CUSTOM] } },
	},
	...idFields,
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
		displayOptions: { show: { operation: [CUSTOM] } },
	},
	{
		displayName: 'Body (JSON)',
		name: 'body',
		type: 'json',
		default: '',
		description: 'The JSON body to send; leave empty for none',
		displayOptions: { show: { operation: [CUSTOM], method: ['POST', 'PATCH', 'DELETE'] } },
	},
	...presetBodies,
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		hint: 'Follows Notion\'s next_cursor until has_more is false. If a call fails midway, the item goes to that failure\'s output with the number of results fetched so far.',
		displayOptions: { show: { operation: PAGINATED } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { operation: PAGINATED, returnAll: [false] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Wait for Rate Limits (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description:
					'The longest the node waits in total for one item when Notion says "slow down". Past it the item goes to Retry.',
				displayOptions: { show: { waitOnRateLimit: [true] } },
			},
			{
				displayName: 'Notion API Version',
				name: 'notionVersion',
				type: 'options',
				options: NOTION_VERSIONS.map((version) => ({ name: version, value: version })),
				default: '2025-09-03',
				description: 'The Notion-Version header sent with each request (data sources need 2025-09-03 or later)',
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
			{
				displayName: 'Output Field',
				name: 'outputField',
				type: 'string',
				default: 'notionRequest',
				description: 'The field that items on Reauthorize, Share Page and Retry get with the verdict, reason and what to do',
			},
			{
				displayName: 'Requests per Second',
				name: 'requestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 3,
				description:
					'How fast to send, shared by every run that uses this credential. Notion allows about 3 per second on average.',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description: 'How long to wait for Notion to answer before the item goes to Retry',
			},
			{
				displayName: 'Wait and Retry Rate-Limited Requests',
				name: 'waitOnRateLimit',
				type: 'boolean',
				default: true,
				description:
					'Whether to wait as long as Notion asks (Retry-After) and send again. Only a 429 is sent again for a write: Notion did not process it.',
			},
		],
	},
];
