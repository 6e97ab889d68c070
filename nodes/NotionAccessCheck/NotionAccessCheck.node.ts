import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { checkResource, checkTokenOnce, type ResourceCheck, type TokenCheck } from '../shared/checks';
import { FIRST_DATA_SOURCE_VERSION } from '../shared/core/notion';
import { readLocator } from '../shared/locators';
import { listSearch } from '../shared/methods/listSearch';
import type { NotionReference, ResourceType } from '../shared/core/types';
import { invalidChoice } from '../shared/choices';
import { authentication, connectionOptions, notionCredentials } from '../shared/description';
import { executeItems, performEach, planEach } from '../shared/execute';
import { buildReport } from '../shared/report';
import { type ItemResult, outcomeError } from '../shared/routing';
import type { NotionTransport } from '../shared/transport';
import { checkProperty, OUTPUT_NAMES, properties, resourceTypeProperty } from './description';

/** What an item asks for, read from its parameters before any request is sent. */
type Plan = { token: true } | { token: false; reference: NotionReference; type: ResourceType | 'auto'; dataSource?: string };

export class NotionAccessCheck implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Notion Access Check',
		name: 'notionAccessCheck',
		icon: { light: 'file:notion.svg', dark: 'file:notion.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["check"] === "token" ? "Check token" : "Check " + ($parameter["resourceType"] === "auto" ? "resource" : $parameter["resourceType"].replace("_", " ")) }}',
		description: 'Check a Notion connection and the pages it can reach, and route each item to Access OK, Reauthorize, Share Page or Retry',
		defaults: { name: 'Notion Access Check' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUT_NAMES.map(() => NodeConnectionTypes.Main),
		outputNames: OUTPUT_NAMES,
		credentials: notionCredentials,
		properties,
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const settings = { nodeName: 'Notion Access Check', outputCount: OUTPUT_NAMES.length, defaultOutputField: 'notionAccess' };
		const { outputs } = await executeItems(this, settings, async (transport, options) => await checkItems(this, transport, options));
		return outputs;
	}
}

/**
 * Checks the token once and each distinct resource once. The checks start while the items are
 * read (they only read), so that the first page request leaves about when HTTP Request's would:
 * the token and the first resource at the first valid item, the other resources as their items
 * are read, once the token proved good (a bad token costs one resource request, not one per
 * resource). An execution whose items are all invalid sends nothing; under Stop Workflow an
 * invalid item stops it, and what it had queued is dropped.
 */
async function checkItems(ctx: IExecuteFunctions, transport: NotionTransport, options: IDataObject): Promise<ItemResult[]> {
	// Read once for the whole execution: a value no choice offers fails every item, before any request.
	const setupProblem =
		invalidChoice(authentication, ctx.getNodeParameter('authentication', 0)) ??
		(options.notionVersion === undefined ? undefined : invalidChoice(connectionOptions.notionVersion, options.notionVersion));
	if (setupProblem) throw new NodeOperationError(ctx.getNode(), setupProblem);
	let token: Promise<TokenCheck> | undefined;
	const resourceChecks = new Map<string, Promise<ResourceCheck>>();
	const start = (plan: Plan) => {
		const first = token === undefined;
		const tokenCheck = (token ??= handled(checkTokenOnce(transport)));
		if (plan.token) return;
		const key = checkKey(plan);
		if (resourceChecks.has(key)) return;
		// Used only under a good token (checkPlan): under any other, nothing reads it.
		const check = first
			? checkResource(transport, plan.reference, plan.type, undefined, plan.dataSource)
			: tokenCheck.then(async (checked) => (checked.outcome.verdict === 'access_ok' ? await checkResource(transport, plan.reference, plan.type, undefined, plan.dataSource) : { outcome: checked.outcome }));
		resourceChecks.set(key, handled(check));
	};
	let plans: Array<Plan | Error> | undefined;
	try {
		plans = await planEach(ctx, ctx.getInputData().length, (itemIndex) => planItem(ctx, itemIndex, transport.notionVersion), start);
	} finally {
		if (!plans) transport.abandon();
	}
	if (plans.every((plan) => plan instanceof Error)) return plans as Error[];
	const checkedToken = await (token ?? checkTokenOnce(transport));
	return await performEach(ctx, 'Notion Access Check', plans, async (plan, itemIndex) => await checkPlan(ctx, itemIndex, plan, transport, checkedToken, resourceChecks));
}

/** One check per distinct resource, type and data source asked for. */
function checkKey(plan: Plan & { token: false }): string {
	return `${plan.type}:${plan.reference.id}:${plan.dataSource ?? ''}`;
}

/** A check started before anyone awaits it: its failure is kept for whoever does, not reported as unhandled. */
function handled<T>(check: Promise<T>): Promise<T> {
	check.catch(() => undefined);
	return check;
}

function planItem(ctx: IExecuteFunctions, itemIndex: number, notionVersion: string): Plan | Error {
	const check = ctx.getNodeParameter('check', itemIndex) as unknown;
	const checkProblem = invalidChoice(checkProperty, check);
	if (checkProblem) return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${checkProblem}`, { itemIndex });
	if (check === 'token') return { token: true };
	const type = ctx.getNodeParameter('resourceType', itemIndex) as unknown;
	const typeProblem = invalidChoice(resourceTypeProperty, type);
	if (typeProblem) return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${typeProblem}`, { itemIndex });
	// A locator ({__rl, mode, value}) or, from a workflow saved before it was one, a plain string.
	const parsed = readLocator(ctx.getNodeParameter('resource', itemIndex) as unknown);
	if (!parsed.ok) {
		return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${parsed.problem}`, {
			itemIndex,
			description: 'Give a Notion page, database, data source or block ID, or a link to it.',
		});
	}
	const itemOptions = (ctx.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject;
	const dataSource = type === 'auto' || type === 'database' ? String(itemOptions.dataSource ?? '').trim() : '';
	if (dataSource && notionVersion < FIRST_DATA_SOURCE_VERSION) {
		return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: "Data Source" needs Notion API version ${FIRST_DATA_SOURCE_VERSION} or later (the options say ${notionVersion}).`, { itemIndex });
	}
	return { token: false, reference: parsed.reference, type: type as ResourceType | 'auto', ...(dataSource ? { dataSource } : {}) };
}

async function checkPlan(
	ctx: IExecuteFunctions,
	itemIndex: number,
	plan: Plan,
	transport: NotionTransport,
	token: TokenCheck,
	resourceChecks: Map<string, Promise<ResourceCheck>>,
): Promise<ItemResult> {
	let resource: ResourceCheck | undefined;
	if (!plan.token && token.outcome.verdict === 'access_ok') {
		const key = checkKey(plan);
		let check = resourceChecks.get(key);
		if (!check) {
			check = checkResource(transport, plan.reference, plan.type, undefined, plan.dataSource);
			resourceChecks.set(key, check);
		}
		resource = await check;
	}
	const outcome = resource?.outcome ?? token.outcome;
	const subject = {
		reference: plan.token ? undefined : plan.reference,
		type: resource?.type,
		title: resource?.title,
		url: resource?.url,
		dataSources: resource?.dataSources,
		failedDataSource: resource?.failedDataSource,
	};
	if (resource?.dataSourceProblem) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${resource.dataSourceProblem}`, { itemIndex });
	if (outcome.verdict === 'error') throw outcomeError(ctx, itemIndex, outcome, transport, { subject });
	const verdict = outcome.verdict;
	return { verdict, report: buildReport(transport, { ...outcome, verdict }, token.integration, subject) };
}
