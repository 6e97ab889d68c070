import type { INodeProperties } from 'n8n-workflow';

import { authentication, connectionOptions, NOTION_VERSIONS } from '../shared/description';
import { knowsDataSources } from '../shared/core/notion';
import { notionLocator } from '../shared/locators';
import { DEFAULT_MAX_PAGES_PER_POLL, MAX_PAGES_PER_POLL_LIMIT, PAGE_SIZE } from './state';

/** Data sources exist from Notion-Version 2025-09-03 on: the trigger offers no older version. */
const DATA_SOURCE_VERSIONS = NOTION_VERSIONS.filter(knowsDataSources);

export const properties: INodeProperties[] = [
	authentication,
	{
		displayName:
			'Polls the data source every time n8n asks. The first poll after activation only notes what is there: pages that already exist are not reported. Each change is reported once, even when a page is edited twice within a minute.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	notionLocator('data_source', {
		name: 'dataSource',
		description: 'The data source (a table of a Notion database) to watch. A database link or ID works when the database has one data source.',
	}),
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: [
			{ name: 'Page Added', value: 'page_added', description: 'A new page (row) in the data source' },
			{ name: 'Page Moved to Trash', value: 'page_trashed' },
			{ name: 'Page Restored', value: 'page_restored', description: 'A page taken back out of the trash' },
			{ name: 'Page Updated', value: 'page_updated', description: 'Any change of a page\'s properties or content' },
		],
		default: ['page_added'],
	},
	{
		displayName: 'Only When These Properties Change',
		name: 'watchedProperties',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getProperties', loadOptionsDependsOn: ['dataSource.value'] },
		default: [],
		description:
			'Report an update only when one of these properties changed. Empty: every update. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { events: ['page_updated'] } },
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return the page\'s properties as plain values (text, names, dates, IDs) instead of Notion\'s raw page object',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Pages per Poll',
				name: 'maxPagesPerPoll',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_PAGES_PER_POLL_LIMIT },
				default: DEFAULT_MAX_PAGES_PER_POLL,
				description: `Result pages of up to ${PAGE_SIZE} Notion pages each, per query and poll. When more changed, the next poll continues where this one stopped: nothing is skipped.`,
			},
			connectionOptions.maxWaitSeconds,
			{
				...connectionOptions.notionVersion,
				options: DATA_SOURCE_VERSIONS.map((version) => ({ name: version, value: version })),
				description:
					'The Notion-Version header sent with each request (data sources need 2025-09-03 or later). From 2026-12-01 each poll first reads the data source\'s properties (one request more), because a query then returns only the title unless told which properties to return.',
			},
			connectionOptions.requestsPerSecond,
			connectionOptions.timeoutSeconds,
		],
	},
];
