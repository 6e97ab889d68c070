import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { notionCredentials } from '../shared/description';
import { executeItems } from '../shared/execute';
import { OUTPUT_NAMES, properties, SUBTITLE } from './v1/description';
import { performItems } from './v1/perform';

/**
 * Version 1: a preset or any endpoint, with Notion's JSON in a Body field. Kept as it was for the
 * workflows saved with it; new nodes get version 2.
 */
export class NotionRequestV1 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Notion Request',
		name: 'notionRequest',
		icon: { light: 'file:notion.svg', dark: 'file:notion.dark.svg' },
		group: ['transform'],
		description: 'Work with Notion pages, data sources, blocks and users, and route each item to Success, Reauthorize, Share Page or Retry',
		version: 1,
		subtitle: SUBTITLE,
		defaults: { name: 'Notion Request' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUT_NAMES.map(() => NodeConnectionTypes.Main),
		outputNames: OUTPUT_NAMES,
		credentials: notionCredentials,
		hints: [
			{
				message:
					'Writes (POST, PATCH, DELETE) are sent again only when Notion answered 429 (it did not process them). Any other failure of a write goes to Retry with retryAt, so your workflow decides whether to send it again; a success answer garbled on the way goes to the error path instead, since Notion may have done it. Under Stop Workflow writes go one at a time, and the first error stops the rest and names what was written.',
				type: 'info',
				location: 'ndv',
				whenToDisplay: 'always',
			},
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const settings = { nodeName: 'Notion Request', outputCount: OUTPUT_NAMES.length, defaultOutputField: 'notionRequest' };
		const { outputs } = await executeItems(this, settings, async (transport, options) => await performItems(this, transport, options));
		return outputs;
	}
}
