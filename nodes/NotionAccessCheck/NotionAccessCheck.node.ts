import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError, sleep } from 'n8n-workflow';

import { checkResource, checkToken, type ResourceCheck, type TokenCheck } from './check';
import { parseReference } from '../shared/core/reference';
import { remediation } from '../shared/core/remediation';
import { withoutUndefined } from '../shared/core/withoutUndefined';
import type { NotionReference, Outcome, ResourceType, Verdict } from '../shared/core/types';
import { OUTPUT_NAMES, properties } from './description';
import { CREDENTIAL_TYPES, type CredentialType, NotionTransport } from '../shared/transport';

const OUTPUT_OF: Record<Verdict, number> = { access_ok: 0, reauthorize: 1, share_page: 2, retry: 3 };
const PROGRESS_EVERY = 100;
const YIELD_EVERY_MS = 10;

type ItemResult = { verdict: Verdict; report: IDataObject };

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
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const outputField = (options.outputField as string) || 'notionAccess';
		const transport = new NotionTransport(this, this.getNodeParameter('authentication', 0) as CredentialType, {
			notionVersion: (options.notionVersion as string) ?? '2025-09-03',
			requestsPerSecond: (options.requestsPerSecond as number) ?? 3,
			waitOnRateLimit: (options.waitOnRateLimit as boolean) ?? true,
			maxWaitSeconds: (options.maxWaitSeconds as number) ?? 60,
			timeoutSeconds: (options.timeoutSeconds as number) ?? 30,
		});

		const token = await checkTokenOnce(transport);
		const resourceChecks = new Map<string, Promise<ResourceCheck>>();
		let finished = 0;

		const pending: Array<Promise<ItemResult | Error>> = [];
		let lastYield = Date.now();
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			pending.push(
				checkItem(this, itemIndex, transport, token, resourceChecks).then(
					(result) => {
						if (++finished % PROGRESS_EVERY === 0) {
							this.logger.info(`Notion Access Check: ${finished} of ${items.length} items checked`);
						}
						return result;
					},
					(error: Error) => error,
				),
			);
			// Evaluating many items' expressions is synchronous work: let the requests already
			// started leave on time meanwhile.
			if (Date.now() - lastYield >= YIELD_EVERY_MS) {
				await sleep(0);
				lastYield = Date.now();
			}
		}
		const results = await Promise.all(pending);

		const outputs: INodeExecutionData[][] = OUTPUT_NAMES.map(() => []);
		// An AI agent is handed only a tool's first output: as a tool, every verdict leaves by it
		// (the item's `verdict` still says which one it is).
		const asTool = this.getNode().type.endsWith('Tool');
		results.forEach((result, itemIndex) => {
			const pairedItem = { item: itemIndex };
			if (result instanceof Error) {
				const error =
					result instanceof NodeOperationError
						? result
						: new NodeOperationError(this.getNode(), `Item ${itemIndex}: ${result.message}`, {
								itemIndex,
								description: (result as { description?: string }).description,
							});
				if (!this.continueOnFail()) throw error;
				outputs[0].push({ json: { error: transport.redact(error.message) }, pairedItem });
				return;
			}
			outputs[asTool ? 0 : OUTPUT_OF[result.verdict]].push({
				json: { ...items[itemIndex].json, [outputField]: result.report },
				binary: items[itemIndex].binary,
				pairedItem,
			});
		});
		return outputs;
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

async function checkItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	transport: NotionTransport,
	token: TokenCheck,
	resourceChecks: Map<string, Promise<ResourceCheck>>,
): Promise<ItemResult> {
	const onlyToken = ctx.getNodeParameter('check', itemIndex) === 'token';
	let reference: NotionReference | undefined;
	let resource: ResourceCheck | undefined;
	if (!onlyToken) {
		const input = ctx.getNodeParameter('resource', itemIndex) as unknown;
		const parsed = parseReference(input);
		if (!parsed.ok) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${parsed.problem}`, {
				itemIndex,
				description: 'Give a Notion page, database, data source or block ID, or a link to it.',
			});
		}
		reference = parsed.reference;
		if (token.outcome.verdict === 'access_ok') {
			const type = ctx.getNodeParameter('resourceType', itemIndex) as ResourceType | 'auto';
			const key = `${type}:${reference.id}`;
			let check = resourceChecks.get(key);
			if (!check) {
				check = checkResource(transport, reference, type);
				resourceChecks.set(key, check);
			}
			resource = await check;
		}
	}

	const outcome = resource?.outcome ?? token.outcome;
	if (outcome.verdict === 'error') {
		const detail = [outcome.code, outcome.httpStatus].filter((part) => part !== undefined).join(', ');
		throw new NodeOperationError(
			ctx.getNode(),
			transport.redact(`Item ${itemIndex}: Notion did not accept the request${detail ? ` (${detail})` : ''}: ${outcome.message ?? 'unexpected answer'}`),
			{ itemIndex, description: outcome.requestId ? `Notion request id: ${outcome.requestId}` : undefined },
		);
	}
	const verdict = outcome.verdict;
	return { verdict, report: buildReport(transport, { ...outcome, verdict }, token, reference, resource) };
}

function buildReport(
	transport: NotionTransport,
	outcome: Outcome & { verdict: Verdict },
	token: TokenCheck,
	reference: NotionReference | undefined,
	resource: ResourceCheck | undefined,
): IDataObject {
	const checkedAt = new Date();
	const resourceUrl =
		resource?.url ?? (reference ? `https://www.notion.so/${reference.id.replace(/-/g, '')}` : undefined);
	const integrationName = outcome.integrationName ?? token.integration.name;
	const sentence = remediation(outcome, {
		credentialName: transport.credentialName,
		credentialIsSecret: !transport.isOAuth2,
		integrationName,
		resourceId: reference?.id,
		resourceUrl,
		resourceType: resource?.type,
		retryAfterSeconds: outcome.retryAfterSeconds,
	});
	const retry =
		outcome.verdict === 'retry' && outcome.retryAfterSeconds !== undefined
			? {
					retryAfterSeconds: outcome.retryAfterSeconds,
					retryAt: new Date(checkedAt.getTime() + outcome.retryAfterSeconds * 1000).toISOString(),
				}
			: {};
	return withoutUndefined({
		verdict: outcome.verdict,
		reason: outcome.reason,
		code: outcome.code,
		httpStatus: outcome.httpStatus,
		message: outcome.message === undefined ? undefined : transport.redact(outcome.message),
		requestId: outcome.requestId,
		resource: reference
			? withoutUndefined({ input: reference.input, id: reference.id, type: resource?.type, title: resource?.title, url: resourceUrl })
			: undefined,
		integration: withoutUndefined({ name: integrationName, botId: token.integration.botId, workspaceName: token.integration.workspaceName }),
		credential: withoutUndefined({ type: transport.credentialType, name: transport.credentialName }),
		remediation: transport.redact(sentence),
		...retry,
		checkedAt: checkedAt.toISOString(),
	});
}
