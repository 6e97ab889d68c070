import type { INodeProperties } from 'n8n-workflow';

import { MAX_DATA_SOURCES_PER_DATABASE } from '../shared/checks';
import { authentication, connectionOptions } from '../shared/description';
import { notionLocator } from '../shared/locators';

/** Notion's largest search page (https://developers.notion.com/reference/post-search). */
export const SEARCH_PAGE_SIZE = 100;
export const DEFAULT_MAX_SEARCH_PAGES = 10;
/**
 * Listed resources one Watch takes. Each costs a request every poll: 100 of them and the token
 * check take about 34 s at Notion's average of 3 requests a second, inside n8n's shortest poll
 * interval (a minute), and leave the rest of that minute to the workflows that share the integration.
 * A database costs one request more per data source it holds (at most MAX_DATA_SOURCES_PER_DATABASE).
 */
export const MAX_WATCHED_RESOURCES = 100;

export const watchProperty: INodeProperties = {
	displayName: 'Watch',
	name: 'watch',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Token Only', value: 'token', description: 'Only whether the connection still works' },
		{ name: 'Listed Resources', value: 'list', description: 'The pages, databases, data sources or blocks you list' },
		{
			name: 'Everything Shared',
			value: 'search',
			description: 'What Notion search shows the integration: best effort, new shares appear with a delay',
		},
		{ name: 'Listed Resources and Everything Shared', value: 'listAndSearch' },
	],
	default: 'list',
};

export const resourceInputProperty: INodeProperties = {
	displayName: 'Resources Given As',
	name: 'resourceInput',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'One per Line', value: 'lines' },
		{ name: 'List', value: 'collection', description: 'One entry per resource, each with its type' },
	],
	default: 'lines',
	displayOptions: { show: { watch: ['list', 'listAndSearch'] } },
};

/** The Type of one entry of the Resources list. */
export const resourceTypeProperty: INodeProperties = {
	displayName: 'Type',
	name: 'type',
	type: 'options',
	options: [
		{ name: 'Auto-Detect', value: 'auto' },
		{ name: 'Block', value: 'block' },
		{ name: 'Data Source', value: 'data_source' },
		{ name: 'Database', value: 'database' },
		{ name: 'Page', value: 'page' },
	],
	default: 'auto',
};

export const emitProperty: INodeProperties = {
	displayName: 'Emit',
	name: 'emit',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Changes Only', value: 'changes', description: 'One item per change; nothing when nothing changed' },
		{
			name: 'Changes and a Health Report',
			value: 'changesAndHealth',
			description: 'Also one item every poll with the token status, counts by verdict and reason, and the problems',
		},
	],
	default: 'changes',
};

/** The same three credential kinds as the Access Check, so the watch can watch what a workflow uses. */
export const properties: INodeProperties[] = [
	authentication,
	watchProperty,
	resourceInputProperty,
	{
		displayName: 'Resources',
		name: 'resourcesText',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: 'https://www.notion.so/acme/Roadmap-0f1e2d3c4b5a69788796a5b4c3d2e1f0\n5c1e2d3c4b5a69788796a5b4c3d2e1f0',
		description: `One Notion ID or link per line (copy it from the page's ••• menu → Copy link), at most ${MAX_WATCHED_RESOURCES}. Blank lines are ignored.`,
		displayOptions: { show: { watch: ['list', 'listAndSearch'], resourceInput: ['lines'] } },
	},
	{
		displayName: 'Resources',
		name: 'resourceList',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Resource',
		default: {},
		displayOptions: { show: { watch: ['list', 'listAndSearch'], resourceInput: ['collection'] } },
		options: [
			{
				displayName: 'Resource',
				name: 'resources',
				values: [
					// A locator inside the list, as n8n's own Jira node has one (customFieldsUi); an entry
					// saved when this was a plain string still runs (readLocator takes both).
					notionLocator('any', { name: 'resource', displayName: 'Resource', defaultMode: 'url', description: 'Pick it, or give a Notion ID or any Notion link' }),
					resourceTypeProperty,
					{
						displayName: 'Data Source (Databases Only)',
						name: 'dataSource',
						type: 'string',
						default: '',
						placeholder: 'e.g. Tasks',
						description: `For a database: the name or ID of the one data source to watch. Empty watches each of its data sources (at most ${MAX_DATA_SOURCES_PER_DATABASE}); the database has access only while all can be read.`,
					},
				],
			},
		],
	},
	emitProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Search Pages per Poll',
				name: 'maxSearchPages',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: DEFAULT_MAX_SEARCH_PAGES,
				description: `Each search page holds up to ${SEARCH_PAGE_SIZE} results. When there are more, the poll reports what it found, but nothing as gone.`,
			},
			{
				...connectionOptions.maxWaitSeconds,
				// The Watch has one output: what is still rate-limited past the wait is asked again next poll.
				description:
					'The longest one poll waits in all when Notion says "slow down" (Retry-After). Past it, the resources still rate-limited keep their last known state until the next poll; if most of a poll is rate-limited, that is one outage event.',
			},
			connectionOptions.notionVersion,
			connectionOptions.requestsPerSecond,
			connectionOptions.timeoutSeconds,
		],
	},
];
