import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { notConnected } from '../shared/checks';
import { classify } from '../shared/core/classify';
import type { Outcome, Verdict } from '../shared/core/types';
import { withoutUndefined } from '../shared/core/withoutUndefined';
import { performEach, planEach } from '../shared/execute';
import { buildReport, notionUrl } from '../shared/report';
import { type ItemResult, outcomeError } from '../shared/routing';
import type { NotionResult, NotionTransport } from '../shared/transport';
import { fetchPages, type Pagination } from './pagination';
import { CUSTOM, type Method, presetFor } from './presets';
import { bodyFrom, buildRequest, type BuiltRequest, queryFrom } from './request';

/** What an item asks for, read from its parameters before anything is sent. */
export interface Plan {
	request: BuiltRequest;
	expect?: string;
	pagination?: Pagination;
}

/** What Success carries for an item: Notion's answers, for the node to emit per call or per result. */
export interface Fetched {
	calls: IDataObject[];
	results: IDataObject[];
	isList: boolean;
}

export interface Performed {
	results: ItemResult[];
	/** By item index, for items that succeeded. */
	fetched: Map<number, Fetched>;
}

/**
 * Plans every item first, so that under Stop Workflow an invalid item stops the execution before
 * any write is sent; then sends each item's request (all paced by the transport) and turns its
 * answer into a verdict and report.
 */
export async function performItems(ctx: IExecuteFunctions, transport: NotionTransport): Promise<Performed> {
	const plans = await planEach(ctx, ctx.getInputData().length, (itemIndex) => planItem(ctx, itemIndex));
	const fetched = new Map<number, Fetched>();
	if (plans.every((plan) => plan instanceof Error)) return { results: plans as Error[], fetched };

	const neverConnected = await notConnected(transport);
	const results = await performEach(ctx, 'Notion Request', plans, async (plan, itemIndex) => {
		if (neverConnected) return { verdict: neverConnected.verdict, report: failureReport(transport, neverConnected, plan, 0) };
		const outcome = await performPlan(ctx, itemIndex, plan, transport);
		if ('fetched' in outcome) fetched.set(itemIndex, outcome.fetched);
		return outcome.result;
	});
	return { results, fetched };
}

function planItem(ctx: IExecuteFunctions, itemIndex: number): Plan | Error {
	const operation = ctx.getNodeParameter('operation', itemIndex) as string;
	const preset = presetFor(operation);
	const custom = operation === CUSTOM;
	if (!preset && !custom) return invalid(ctx, itemIndex, `Unknown operation ${JSON.stringify(operation)}.`);
	const method = (preset?.method ?? ctx.getNodeParameter('method', itemIndex)) as Method;
	let body: IDataObject | undefined;
	if (preset?.body && preset.body !== 'user') body = { ...preset.body.fixed } as IDataObject;
	else if (preset?.body === 'user' || (custom && method !== 'GET')) {
		const parsed = bodyFrom(ctx.getNodeParameter('body', itemIndex, ''));
		if (!parsed.ok) return invalid(ctx, itemIndex, parsed.problem);
		body = parsed.body;
	}
	const built = buildRequest({
		method,
		path: preset?.path ?? (ctx.getNodeParameter('path', itemIndex) as string),
		reference: preset?.idParameter ? ctx.getNodeParameter(preset.idParameter.name, itemIndex) : custom ? ctx.getNodeParameter('reference', itemIndex, '') : undefined,
		query: custom ? queryFrom((ctx.getNodeParameter('query', itemIndex, {}) as { parameter?: Array<{ name?: string; value?: unknown }> }).parameter) : undefined,
		body,
	});
	if (!built.ok) return invalid(ctx, itemIndex, built.problem);
	const paginated = custom || preset?.paginated === true;
	const returnAll = paginated && (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean);
	const pagination: Pagination | undefined = returnAll
		? { returnAll: true, limit: 0 }
		: paginated && !custom
			? { returnAll: false, limit: ctx.getNodeParameter('limit', itemIndex, 50) as number }
			: undefined;
	return { request: built.request, expect: preset?.expect, pagination };
}

function invalid(ctx: IExecuteFunctions, itemIndex: number, problem: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${problem}`, { itemIndex });
}

async function performPlan(
	ctx: IExecuteFunctions,
	itemIndex: number,
	plan: Plan,
	transport: NotionTransport,
): Promise<{ result: ItemResult; fetched: Fetched } | { result: ItemResult }> {
	const send = async (request: BuiltRequest): Promise<NotionResult> =>
		await transport.request({ method: request.method, path: request.path, query: request.query, body: request.body, expect: plan.expect });
	const paged = await fetchPages(plan.request, send, plan.pagination);
	const count = paged.isList ? paged.results.length : undefined;
	if (paged.problem) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${paged.problem} ${count ?? 0} results were fetched before it.`, { itemIndex });
	}
	if (paged.failure) {
		const outcome = asTrashed(classify(paged.failure));
		if (outcome.verdict === 'error') {
			throw outcomeError(ctx, itemIndex, outcome, transport, {
				request: plan.request,
				advice: "Check the path, query and body against Notion's API reference.",
			});
		}
		const verdict = outcome.verdict;
		return { result: { verdict, report: failureReport(transport, { ...outcome, verdict }, plan, paged.calls.length, count) } };
	}
	const fetched = { calls: paged.calls, results: paged.results, isList: paged.isList };
	const requestId = paged.calls[paged.calls.length - 1]?.request_id;
	return { result: { verdict: 'access_ok', report: successReport(transport, plan, paged.calls.length, count, requestId) }, fetched };
}

/**
 * Notion refuses an edit of a page or block in the trash with a validation_error ("Can't edit
 * block that is archived"): the request is right, the page is not. Someone must restore it, which
 * is what Share Page is for (reason `in_trash`), as the Access Check says of a trashed page.
 */
function asTrashed(outcome: Outcome): Outcome {
	const archived = /\bis archived\b|\bin the trash\b|\barchived\b.*\bunarchive\b/i;
	if (outcome.code === 'validation_error' && archived.test(outcome.message ?? '')) return { ...outcome, verdict: 'share_page', reason: 'in_trash' };
	return outcome;
}

function subjectOf(plan: Plan) {
	const { reference } = plan.request;
	return reference ? { reference } : {};
}

/** The report of Reauthorize, Share Page and Retry: the Access Check's, plus the request and how far a list got. */
function failureReport(transport: NotionTransport, outcome: Outcome & { verdict: Verdict }, plan: Plan, calls: number, fetched?: number): IDataObject {
	return withoutUndefined({
		...buildReport(transport, outcome, { name: outcome.integrationName }, subjectOf(plan)),
		request: { method: plan.request.method, path: plan.request.path },
		// A list that failed midway says how far it got: never a silently short Success.
		fetched: plan.pagination ? (fetched ?? 0) : undefined,
		calls: plan.pagination ? calls : undefined,
	});
}

/** Success: what was sent, and for a list how many results came back in how many calls. */
function successReport(transport: NotionTransport, plan: Plan, calls: number, fetched: number | undefined, requestId: unknown): IDataObject {
	const { reference } = plan.request;
	return withoutUndefined({
		verdict: 'success',
		requestId: typeof requestId === 'string' ? requestId : undefined,
		request: { method: plan.request.method, path: plan.request.path },
		resource: reference ? { input: transport.redact(reference.input), id: reference.id, url: notionUrl(reference.id) } : undefined,
		fetched,
		calls: fetched === undefined ? undefined : calls,
		credential: withoutUndefined({ type: transport.credentialType, name: transport.credentialName }),
		checkedAt: new Date().toISOString(),
	});
}
