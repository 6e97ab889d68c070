import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { redact } from '../shared/core/redact';
import { isTool, type ItemResult, route } from '../shared/routing';
import { CREDENTIAL_TYPES, type CredentialType, NotionTransport } from '../shared/transport';
import { OUTPUT_NAMES, properties } from './description';
import { type Fetched, performItems } from './perform';

export class NotionRequest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Notion Request',
		name: 'notionRequest',
		icon: { light: 'file:notion.svg', dark: 'file:notion.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "custom" ? $parameter["method"] + " " + $parameter["path"] : $parameter["operation"].replace(/([A-Z])/g, " $1").toLowerCase() }}',
		description: 'Call the Notion API (a preset or any endpoint) and route each item to Success, Reauthorize, Share Page or Retry',
		defaults: { name: 'Notion Request' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUT_NAMES.map(() => NodeConnectionTypes.Main),
		outputNames: OUTPUT_NAMES,
		credentials: CREDENTIAL_TYPES.map((name) => ({
			name,
			required: true,
			displayOptions: { show: { authentication: [name] } },
		})),
		hints: [
			{
				message:
					'Writes (POST, PATCH, DELETE) are sent again only when Notion answered 429 (it did not process them). Any other failure of a write goes to Retry with retryAt, so your workflow decides whether to send it again.',
				type: 'info',
				location: 'ndv',
				whenToDisplay: 'always',
			},
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		let transport: NotionTransport | undefined;
		let options: IDataObject = {};
		let results: ItemResult[];
		let fetched = new Map<number, Fetched>();
		try {
			options = this.getNodeParameter('options', 0, {}) as IDataObject;
			transport = new NotionTransport(this, this.getNodeParameter('authentication', 0) as CredentialType, {
				notionVersion: (options.notionVersion as string) ?? '2025-09-03',
				requestsPerSecond: (options.requestsPerSecond as number) ?? 3,
				waitOnRateLimit: (options.waitOnRateLimit as boolean) ?? true,
				maxWaitSeconds: (options.maxWaitSeconds as number) ?? 60,
				timeoutSeconds: (options.timeoutSeconds as number) ?? 30,
			});
			({ results, fetched } = await performItems(this, items.length, transport));
		} catch (error) {
			// Whatever failed outside an item's own request fails every item: nothing leaves by Success unsent.
			results = items.map(() => (error instanceof Error ? error : new Error(String(error))));
		}
		const known = transport;
		const outputField = (options.outputField as string) || 'notionRequest';
		const outputs = route(this, items, results, {
			outputCount: OUTPUT_NAMES.length,
			outputField,
			redact: (text) => (known ? known.redact(text) : redact(text, [])),
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
