import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { FIRST_DATA_SOURCE_VERSION } from '../shared/core/notion';
import { readLocator } from '../shared/locators';
import { listSearch } from '../shared/methods/listSearch';
import type { ResourceType } from '../shared/core/types';
import { type CredentialType, NotionTransport, transportOptions } from '../shared/transport';
import { invalidChoice } from '../shared/choices';
import { authentication, connectionOptions, notionCredentials } from '../shared/description';
import { DEFAULT_MAX_SEARCH_PAGES, emitProperty, MAX_WATCHED_RESOURCES, properties, resourceInputProperty, resourceTypeProperty, watchProperty } from './description';
import type { RefreshCounts } from '../shared/transport/refresh';
import { diff, readState } from './state';
import { currentItems, eventItems, healthItem, rememberTypes, runPoll, type WatchConfig, type WatchedResource } from './watch';

export class NotionAccessWatch implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Notion Access Watch',
		name: 'notionAccessWatch',
		icon: { light: 'file:notion.svg', dark: 'file:notion.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ {token: "Watch the token", list: "Watch listed resources", search: "Watch everything shared", listAndSearch: "Watch listed and shared"}[$parameter["watch"]] }}',
		description: 'Starts the workflow when a Notion connection or a page it watches loses or regains access',
		defaults: { name: 'Notion Access Watch' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: notionCredentials,
		properties,
	};

	methods = { listSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const config = readConfig(this);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const transport = new NotionTransport(this, this.getNodeParameter('authentication') as CredentialType, {
			...transportOptions(options),
			waitOnRateLimit: true,
		});
		// Static data lives under the node's name: renaming the node starts from a new baseline.
		const staticData = this.getWorkflowStaticData('node');
		const previous = readState(staticData.watch);
		const now = new Date();
		const run = await runPoll(transport, config, previous, now);
		const { events, next } = diff(previous, run.observation);
		rememberTypes(next, previous, run);

		// Refreshes this process made through the credential since the last poll (all of them after a restart).
		const refreshCounts = transport.refreshCounts();
		const refreshes = countsSince(staticData.refreshCounts as unknown as RefreshCounts | undefined, refreshCounts);
		const health = this.getNodeParameter('emit', 'changes') === 'changesAndHealth' ? [healthItem(transport, run, next, now, refreshes)] : [];
		if (this.getMode() === 'manual') {
			// "Fetch Test Event" shows the items' shape and remembers nothing (n8n would not save it anyway).
			return [[...currentItems(transport, run, previous, now), ...health]];
		}
		// Safe to keep in memory even when nothing is emitted (n8n then does not save it): state
		// changes that no event announces are only ones that a restart may lose harmlessly.
		staticData.watch = next as unknown as IDataObject;
		staticData.refreshCounts = refreshCounts as unknown as IDataObject;
		const items = [...eventItems(transport, run, events, now), ...health];
		this.logger.debug(
			`Notion Access Watch "${this.getNode().name}": ${events.length} change(s)${events.length ? ` (${events.map((e) => e.event).join(', ')})` : ''}, ${run.checks.size} resource(s) checked`,
		);
		return items.length > 0 ? [items] : null;
	}
}

function countsSince(before: RefreshCounts | undefined, now: RefreshCounts): RefreshCounts {
	const restarted = before === undefined || now.refreshes < before.refreshes;
	const since = { ...now };
	if (!restarted) for (const key of Object.keys(since) as Array<keyof RefreshCounts>) since[key] -= before[key] ?? 0;
	return since;
}

/**
 * The resources to watch, each once, and the options, all checked before anything is sent: an
 * option no choice offers, a reference that is not a Notion ID or link (with its line) or more
 * resources than the cap stops the poll (and the activation) with the reason.
 */
function readConfig(ctx: IPollFunctions): WatchConfig {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const watch = ctx.getNodeParameter('watch') as unknown;
	const listed = watch === 'list' || watch === 'listAndSearch';
	const fail = (problem: string, description?: string) => new NodeOperationError(ctx.getNode(), problem, { description });
	const setupProblem =
		invalidChoice(authentication, ctx.getNodeParameter('authentication')) ??
		invalidChoice(watchProperty, watch) ??
		invalidChoice(emitProperty, ctx.getNodeParameter('emit', 'changes')) ??
		(listed ? invalidChoice(resourceInputProperty, ctx.getNodeParameter('resourceInput', 'lines')) : undefined) ??
		(options.notionVersion === undefined ? undefined : invalidChoice(connectionOptions.notionVersion, options.notionVersion));
	if (setupProblem) throw fail(setupProblem);

	const given: Array<{ input: unknown; type: unknown; dataSource?: unknown }> = [];
	if (listed) {
		if (ctx.getNodeParameter('resourceInput', 'lines') === 'lines') {
			const text = String(ctx.getNodeParameter('resourcesText', ''));
			for (const line of text.split(/\r?\n/)) if (line.trim() !== '') given.push({ input: line, type: 'auto' });
		} else {
			const list = ctx.getNodeParameter('resourceList', {}) as { resources?: Array<{ resource?: unknown; type?: unknown; dataSource?: unknown }> };
			for (const entry of list.resources ?? []) given.push({ input: entry.resource, type: entry.type ?? 'auto', dataSource: entry.dataSource });
		}
	}
	const resources = new Map<string, WatchedResource>();
	const notionVersion = typeof options.notionVersion === 'string' ? options.notionVersion : String(connectionOptions.notionVersion.default);
	given.forEach(({ input, type, dataSource: named }, index) => {
		const typeProblem = invalidChoice(resourceTypeProperty, type);
		if (typeProblem) throw fail(`Resource ${index + 1}: ${typeProblem}`);
		// A locator ({__rl, mode, value}) or, from a workflow saved before it was one, a plain string.
		const parsed = readLocator(input);
		if (!parsed.ok) throw fail(`Resource ${index + 1}: ${parsed.problem}`, 'Give one Notion page, database, data source or block ID, or a link to it, per line.');
		const dataSource = type === 'auto' || type === 'database' ? String(named ?? '').trim() : '';
		if (dataSource && notionVersion < FIRST_DATA_SOURCE_VERSION) throw fail(`Resource ${index + 1}: "Data Source" needs Notion API version ${FIRST_DATA_SOURCE_VERSION} or later (the options say ${notionVersion}).`);
		if (!resources.has(parsed.reference.id)) resources.set(parsed.reference.id, { reference: parsed.reference, type: type as ResourceType | 'auto', ...(dataSource ? { dataSource } : {}) });
	});
	if (resources.size > MAX_WATCHED_RESOURCES) {
		throw fail(
			`${resources.size} different resources are listed; one Notion Access Watch takes at most ${MAX_WATCHED_RESOURCES}.`,
			'Each listed resource costs a request every poll, and Notion allows about 3 requests a second per integration. Watch fewer, or split them over several Watch nodes with longer poll intervals, or watch Everything Shared.',
		);
	}
	const maxSearchPages = options.maxSearchPages ?? DEFAULT_MAX_SEARCH_PAGES;
	if (typeof maxSearchPages !== 'number' || !Number.isFinite(maxSearchPages)) {
		throw fail(`The option "Max Search Pages per Poll" is ${JSON.stringify(String(maxSearchPages)).slice(0, 60)}, not a number.`);
	}
	return {
		resources: [...resources.values()],
		search: watch === 'search' || watch === 'listAndSearch',
		maxSearchPages: Math.max(1, Math.min(100, Math.floor(maxSearchPages))),
	};
}
