import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { notionCredentials } from '../shared/description';
import { readLocator } from '../shared/locators';
import { listSearch } from '../shared/methods/listSearch';
import { type CredentialType, NotionTransport, type TransportContext, transportOptions } from '../shared/transport';
import { properties } from './description';
import { DEFAULT_MAX_PAGES_PER_POLL, MAX_PAGES_PER_POLL_LIMIT, type PageEvent, readState } from './state';
import { PollFailure, propertyNames, runPoll, testEvent, type TriggerConfig } from './trigger';

export class NotionTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Notion Rotation-Safe Trigger',
		name: 'notionTrigger',
		icon: { light: 'file:notion.svg', dark: 'file:notion.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when a page is added, updated, moved to the trash or restored in a Notion data source',
		defaults: { name: 'Notion Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: notionCredentials,
		properties,
	};

	methods = {
		listSearch,
		loadOptions: {
			async getProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const parsed = readLocator(this.getNodeParameter('dataSource', ''));
				if (!parsed.ok) return [];
				const options = this.getNodeParameter('options', {}) as IDataObject;
				const transport = new NotionTransport(this as unknown as TransportContext, this.getNodeParameter('authentication') as CredentialType, {
					...transportOptions(options),
					maxWaitSeconds: 5,
				});
				try {
					return (await propertyNames(transport, parsed.reference)).map((name) => ({ name, value: name }));
				} catch (error) {
					throw asNodeError(this, error);
				}
			},
		},
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const config = readConfig(this);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const transport = new NotionTransport(this, this.getNodeParameter('authentication') as CredentialType, {
			...transportOptions(options),
			waitOnRateLimit: true,
		});
		try {
			if (this.getMode() === 'manual') {
				const items = await testEvent(transport, config);
				return items ? [items] : null;
			}
			// Static data lives under the node's name: renaming the node starts from a new baseline.
			const staticData = this.getWorkflowStaticData('node');
			const previous = readState(staticData.trigger, config.reference.id);
			const result = await runPoll(transport, config, previous, Date.now());
			// n8n saves this only when the poll emits (and after activation). What a silent poll
			// changes is safe to lose: the pages it judged are judged again, against what was saved.
			staticData.trigger = result.next as unknown as IDataObject;
			this.logger.debug(`Notion Trigger "${this.getNode().name}": ${result.items.length} item(s), ${result.requests} request(s)`);
			return result.items.length > 0 ? [result.items] : null;
		} catch (error) {
			throw asNodeError(this, error);
		}
	}
}

function asNodeError(ctx: IPollFunctions | ILoadOptionsFunctions, error: unknown): Error {
	if (error instanceof PollFailure) return new NodeOperationError(ctx.getNode(), error.message, { description: error.description });
	return error as Error;
}

function readConfig(ctx: IPollFunctions): TriggerConfig {
	const parsed = readLocator(ctx.getNodeParameter('dataSource', ''));
	if (!parsed.ok) {
		throw new NodeOperationError(ctx.getNode(), `Data Source: ${parsed.problem}`, {
			description: 'Pick the data source from the list, or give its link or ID.',
		});
	}
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const events = ctx.getNodeParameter('events', ['page_added']) as PageEvent[];
	return {
		reference: parsed.reference,
		events: events.length > 0 ? events : ['page_added'],
		watchedProperties: events.includes('page_updated') ? (ctx.getNodeParameter('watchedProperties', []) as string[]) : [],
		simplify: ctx.getNodeParameter('simplify', true) as boolean,
		maxPages: Math.max(1, Math.min(MAX_PAGES_PER_POLL_LIMIT, Math.floor((options.maxPagesPerPoll as number) ?? DEFAULT_MAX_PAGES_PER_POLL))),
	};
}
