import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { authentication, connectionOptions, notionCredentials, toolDescription } from '../shared/description';
import { executeItems } from '../shared/execute';
import { listSearch } from '../shared/methods/listSearch';
import { outputFieldOption } from './customFields';
import { OUTPUT_NAMES } from './written';
import { sortOption } from './v2/actions/dataSourcePage/getAll';
import { operationProperties, performItems } from './v2/actions/router';
import { loadOptions } from './v2/methods/loadOptions';

const TOOL_DESCRIPTION =
	'Works with Notion through the connected Notion integration: pages, data source rows, data sources, databases, blocks and users, or any endpoint under https://api.notion.com/v1/. ' +
	'Pass a Notion link or ID where one is asked for. Returns the verdict: success (with Notion\'s answer under response), reauthorize (the Notion connection must be reconnected in n8n), ' +
	'share_page (the page must be shared with the integration in Notion, or restored from the trash) or retry (Notion is busy or down: try again at retryAt); ' +
	'the reason, a short code; and remediation, one sentence telling the user what to do.';

/**
 * Version 2: the operations of n8n's own Notion node, with its editor (locators, property fields
 * from the data source's schema, filters, Simplify), each routed to Success, Reauthorize, Share
 * Page or Retry. Every operation is one file under actions/, listed in actions/operations.ts.
 */
export class NotionRequestV2 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Notion Request',
		name: 'notionRequest',
		icon: { light: 'file:notion.svg', dark: 'file:notion.dark.svg' },
		group: ['transform'],
		description: 'Work with Notion pages, data sources, blocks and users, and route each item to Success, Reauthorize, Share Page or Retry',
		version: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		defaults: { name: 'Notion Request' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUT_NAMES.map(() => NodeConnectionTypes.Main),
		outputNames: OUTPUT_NAMES,
		credentials: notionCredentials,
		hints: [
			{
				message:
					'A write is sent again only when Notion answered 429 (it did not process it). Under Stop Workflow writes go one at a time, and the first error stops the rest and names what was written.',
				type: 'info',
				location: 'ndv',
				whenToDisplay: 'always',
			},
		],
		properties: [
			toolDescription(TOOL_DESCRIPTION),
			authentication,
			...operationProperties(),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					connectionOptions.maxWaitSeconds,
					connectionOptions.notionVersion,
					outputFieldOption,
					connectionOptions.requestsPerSecond,
					sortOption,
					connectionOptions.timeoutSeconds,
					connectionOptions.waitOnRateLimit,
				],
			},
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const settings = { nodeName: 'Notion Request', outputCount: OUTPUT_NAMES.length, defaultOutputField: 'notionRequest' };
		const { outputs } = await executeItems(this, settings, async (transport, options) => await performItems(this, transport, options));
		return outputs;
	}
}
