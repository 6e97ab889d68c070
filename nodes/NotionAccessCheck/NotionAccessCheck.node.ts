import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError, sleep } from 'n8n-workflow';

import { parseReference } from '../shared/core/reference';
import { redact } from '../shared/core/redact';
import type { NotionReference, ResourceType } from '../shared/core/types';
import { buildReport } from '../shared/report';
import { type ItemResult, itemError, outcomeError, route } from '../shared/routing';
import { CREDENTIAL_TYPES, type CredentialType, NotionTransport } from '../shared/transport';
import { checkResource, checkToken, type ResourceCheck, type TokenCheck } from './check';
import { OUTPUT_NAMES, properties } from './description';

const PROGRESS_EVERY = 100;
const YIELD_EVERY_MS = 10;

/** What an item asks for, read from its parameters before any request is sent. */
type Plan = { token: true } | { token: false; reference: NotionReference; type: ResourceType | 'auto' };

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
		credentials: CREDENTIAL_TYPES.map((name) => ({
			name,
			required: true,
			displayOptions: { show: { authentication: [name] } },
		})),
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		let transport: NotionTransport | undefined;
		let outputField = 'notionAccess';
		let results: ItemResult[];
		try {
			const options = this.getNodeParameter('options', 0, {}) as IDataObject;
			outputField = (options.outputField as string) || outputField;
			transport = new NotionTransport(this, this.getNodeParameter('authentication', 0) as CredentialType, {
				notionVersion: (options.notionVersion as string) ?? '2025-09-03',
				requestsPerSecond: (options.requestsPerSecond as number) ?? 3,
				waitOnRateLimit: (options.waitOnRateLimit as boolean) ?? true,
				maxWaitSeconds: (options.maxWaitSeconds as number) ?? 60,
				timeoutSeconds: (options.timeoutSeconds as number) ?? 30,
			});
			results = await checkItems(this, items.length, transport);
		} catch (error) {
			// Whatever failed outside an item's own check (the credential could not be read, say)
			// fails every item: nothing leaves by Access OK unchecked.
			results = items.map(() => asError(error));
		}
		const known = transport;
		const redactText = (text: string) => (known ? known.redact(text) : redact(text, []));
		return route(this, items, results, { outputCount: OUTPUT_NAMES.length, outputField, redact: redactText });
	}
}

/**
 * Reads every item's parameters first, so that an execution whose items are all invalid sends
 * nothing; then checks the token once and each distinct resource once.
 */
async function checkItems(ctx: IExecuteFunctions, count: number, transport: NotionTransport): Promise<ItemResult[]> {
	const plans: Array<Plan | Error> = [];
	let lastYield = Date.now();
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		plans.push(planItem(ctx, itemIndex));
		// Evaluating many items' expressions is synchronous work: let other executions' requests
		// leave on time meanwhile.
		if (Date.now() - lastYield >= YIELD_EVERY_MS) {
			await sleep(0);
			lastYield = Date.now();
		}
	}
	if (!ctx.continueOnFail()) {
		const invalid = plans.find((plan): plan is Error => plan instanceof Error);
		if (invalid) throw invalid;
	}
	if (plans.every((plan) => plan instanceof Error)) return plans as Error[];

	const token = await checkTokenOnce(transport);
	const resourceChecks = new Map<string, Promise<ResourceCheck>>();
	let finished = 0;
	return await Promise.all(
		plans.map(async (plan, itemIndex): Promise<ItemResult> => {
			if (plan instanceof Error) return plan;
			try {
				return await checkPlan(ctx, itemIndex, plan, transport, token, resourceChecks);
			} catch (error) {
				return asError(error);
			} finally {
				if (++finished % PROGRESS_EVERY === 0) ctx.logger.info(`Notion Access Check: ${finished} of ${count} items checked`);
			}
		}),
	);
}

function planItem(ctx: IExecuteFunctions, itemIndex: number): Plan | Error {
	try {
		if (ctx.getNodeParameter('check', itemIndex) === 'token') return { token: true };
		const parsed = parseReference(ctx.getNodeParameter('resource', itemIndex) as unknown);
		if (!parsed.ok) {
			return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${parsed.problem}`, {
				itemIndex,
				description: 'Give a Notion page, database, data source or block ID, or a link to it.',
			});
		}
		return { token: false, reference: parsed.reference, type: ctx.getNodeParameter('resourceType', itemIndex) as ResourceType | 'auto' };
	} catch (error) {
		// Redacted where it leaves the node, in route().
		return itemError(ctx, itemIndex, asError(error), (text) => text);
	}
}

/** The token is checked once per execution; a credential with no token is not asked at all. */
async function checkTokenOnce(transport: NotionTransport): Promise<TokenCheck> {
	const stored = await transport.readCredential();
	if (transport.isOAuth2 && !stored.oauthTokenData?.access_token) {
		return { outcome: { verdict: 'reauthorize', reason: 'not_connected' }, integration: {} };
	}
	return await checkToken(transport);
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
		const key = `${plan.type}:${plan.reference.id}`;
		let check = resourceChecks.get(key);
		if (!check) {
			check = checkResource(transport, plan.reference, plan.type);
			resourceChecks.set(key, check);
		}
		resource = await check;
	}
	const outcome = resource?.outcome ?? token.outcome;
	const subject = { reference: plan.token ? undefined : plan.reference, type: resource?.type, title: resource?.title, url: resource?.url };
	if (outcome.verdict === 'error') throw outcomeError(ctx, itemIndex, outcome, transport, subject);
	const verdict = outcome.verdict;
	return { verdict, report: buildReport(transport, { ...outcome, verdict }, token.integration, subject) };
}

function asError(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}
