import type { INodeProperties } from 'n8n-workflow';

import { MAX_DATA_SOURCES_PER_DATABASE } from '../shared/checks';
import { authentication, connectionOptions, toolDescription } from '../shared/description';
import { notionLocator } from '../shared/locators';

export const OUTPUT_NAMES = ['Access OK', 'Reauthorize', 'Share Page', 'Retry'];

/**
 * What an AI agent is told about the tool. n8n's generated Tool variant would offer the node's
 * one-line description (or, since the node has a parameter called `resource`, a "Set
 * Automatically" that falls back to it); a `toolDescription` of the node's own replaces both.
 */
export const TOOL_DESCRIPTION =
	'Checks whether the Notion connection can read one Notion page, database, data source or block. ' +
	'Pass a Notion link (e.g. https://www.notion.so/...) or a Notion ID. ' +
	'Returns the verdict: access_ok (readable), reauthorize (the Notion connection must be reconnected in n8n), ' +
	'share_page (the page must be shared with the integration in Notion) or retry (Notion is busy or down: check again later); ' +
	'the reason, a short code; and remediation, one sentence telling the user what to do.';

export const checkProperty: INodeProperties = {
	displayName: 'Check',
	name: 'check',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Token and Resource',
			value: 'resource',
			description: 'Check the connection and that it can read a page, database, data source or block',
		},
		{
			name: 'Token Only',
			value: 'token',
			description: 'Check only that the connection works',
		},
	],
	default: 'resource',
};

export const resourceTypeProperty: INodeProperties = {
	displayName: 'Resource Type',
	name: 'resourceType',
	type: 'options',
	options: [
		{ name: 'Auto-Detect', value: 'auto', description: 'Work out from Notion whether it is a page, database or block' },
		{ name: 'Block', value: 'block' },
		{ name: 'Data Source', value: 'data_source', description: 'Needs Notion API version 2025-09-03 or later' },
		{ name: 'Database', value: 'database' },
		{ name: 'Page', value: 'page' },
	],
	default: 'auto',
	displayOptions: { show: { check: ['resource'] } },
};

/**
 * A database holds one or more data sources (Notion-Version 2025-09-03 on): the check reads each
 * of them, or only the one named here, and the database is Access OK only if every one read is.
 * An option, read per item (it may be an expression), so the node's top-level fields stay as they were.
 */
export const dataSourceOption: INodeProperties = {
	displayName: 'Data Source (Databases Only)',
	name: 'dataSource',
	type: 'string',
	default: '',
	placeholder: 'e.g. Tasks',
	description: `For a database: the name or ID of the one data source to check. Without it each of its data sources is checked (at most ${MAX_DATA_SOURCES_PER_DATABASE}), and the database is Access OK only if all can be read.`,
};

export const properties: INodeProperties[] = [
	toolDescription(TOOL_DESCRIPTION),
	authentication,
	checkProperty,
	// As a tool, "Let the model define this parameter" names the model's argument after the
	// displayName (Notion_Link_or_ID): it has to say what to pass.
	// A locator (From List, By URL, By ID); a workflow saved when this was a plain string still runs
	// (readLocator takes both). Opens By URL: the value is usually an expression per item.
	notionLocator('any', {
		name: 'resource',
		displayName: 'Notion Link or ID',
		defaultMode: 'url',
		description: 'The page, database, data source or block to check: pick it, or give any Notion link to it (••• menu → Copy link) or its 32-character ID',
		hint: 'Usually an expression that takes the ID or link from each item, e.g. {{ $json.pageUrl }}',
		displayOptions: { show: { check: ['resource'] } },
	}),
	resourceTypeProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			dataSourceOption,
			connectionOptions.maxWaitSeconds,
			connectionOptions.notionVersion,
			{
				displayName: 'Output Field',
				name: 'outputField',
				type: 'string',
				default: 'notionAccess',
				description: 'The field each item gets with the verdict, reason and what to do',
			},
			connectionOptions.requestsPerSecond,
			connectionOptions.timeoutSeconds,
			connectionOptions.waitOnRateLimit,
		],
	},
];
