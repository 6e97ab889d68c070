import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { notionCredentials } from '../shared/description';
import { executeItems } from '../shared/execute';
import { isTool } from '../shared/routing';
import { OUTPUT_NAMES, properties, SUBTITLE } from './description';
import { type Fetched, performItems } from './perform';

export class NotionRequest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Notion Request',
		name: 'notionRequest',
		icon: { light: 'file:notion.svg', dark: 'file:notion.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: SUBTITLE,
		description: 'Call the Notion API (a preset or any endpoint) and route each item to Success, Reauthorize, Share Page or Retry',
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
		let fetched = new Map<number, Fetched>();
		const settings = { nodeName: 'Notion Request', outputCount: OUTPUT_NAMES.length, defaultOutputField: 'notionRequest' };
		const { outputs, outputField, options } = await executeItems(this, settings, async (transport, options) => {
			const performed = await performItems(this, transport, options);
			fetched = performed.fetched;
			return performed.results;
		});
		return withNotionAnswers(outputs, fetched, outputField, options.output === 'perResult', isTool(this));
	}
}

/**
 * Success items carry Notion's answer itself (as n8n's HTTP Request node does), with the report
 * under the output field: one item per call, or one per result of a list. The other outputs keep
 * the input item, so it can go round a Wait and back in. As a tool, the report alone leaves, with
 * Notion's answer under `response`: an agent gets only the first output's JSON.
 */
function withNotionAnswers(
	outputs: INodeExecutionData[][],
	fetched: Map<number, Fetched>,
	outputField: string,
	perResult: boolean,
	asTool: boolean,
): INodeExecutionData[][] {
	const expand = (item: INodeExecutionData): INodeExecutionData[] => {
		const answer = fetched.get((item.pairedItem as { item: number }).item);
		const report = item.json[outputField] as IDataObject | undefined;
		if (!answer || report?.verdict !== 'success') return [item];
		if (asTool) {
			const response = answer.isList ? answer.results : answer.calls[0];
			return [{ ...item, json: { [outputField]: { ...report, response } } }];
		}
		const bodies = perResult && answer.isList ? answer.results : answer.calls;
		// An empty list still leaves as one item: every input item comes out.
		if (bodies.length === 0) return [{ json: { [outputField]: report }, pairedItem: item.pairedItem }];
		return bodies.map((body) => ({ json: { ...body, [outputField]: report }, pairedItem: item.pairedItem }));
	};
	return outputs.map((items, output) => (output === 0 ? items.flatMap(expand) : items));
}
