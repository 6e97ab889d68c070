import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { notConnected } from '../../shared/checks';
import { isWrite } from '../../shared/core/calls';
import { classify } from '../../shared/core/classify';
import { performEach, planEach } from '../../shared/execute';
import { requestFailureReport, requestSuccessReport } from '../../shared/report';
import { type ItemResult, outcomeError } from '../../shared/routing';
import type { NotionResult, NotionTransport } from '../../shared/transport';
import { fetchPages, isPageable, type Pagination } from '../pagination';
import { checkBoolean, checkChoice, checkNumber, nodeWideProblem } from '../parameters';
import { CUSTOM, METHODS, PRESETS, presetFor } from './presets';
import { bodyFrom, buildRequest, type BuiltRequest, queryFrom } from '../request';
import { nameWhatWasWritten } from '../written';

/** What an item asks for, read from its parameters before anything is sent. */
export interface Plan {
	request: BuiltRequest;
	expect?: string;
	pagination?: Pagination;
}

/**
 * Checks the node-wide parameters and plans every item first, so that under Stop Workflow an
 * invalid item stops the execution before any write is sent; then sends each item's request (all
 * paced by the transport) and turns its answer into a verdict and report.
 *
 * Under Stop Workflow a batch with writes goes one item after the other and stops at the first
 * error, whose message then names the items already written (with the ids Notion gave them) and
 * says that the rest were not sent: a run that stops midway never leaves writes nobody is told of.
 * Reads, and every item under a Continue mode, still go all at once.
 */
export async function performItems(ctx: IExecuteFunctions, transport: NotionTransport, options: IDataObject): Promise<ItemResult[]> {
	const count = ctx.getInputData().length;
	const nodeWide = nodeWideProblem(ctx.getNodeParameter('authentication', 0), options);
	if (nodeWide) return Array.from({ length: count }, (_, itemIndex) => invalid(ctx, itemIndex, nodeWide));
	const plans = await planEach(ctx, count, (itemIndex) => planItem(ctx, itemIndex));
	if (plans.every((plan) => plan instanceof Error)) return plans as Error[];
	const perResult = options.output === 'perResult';

	const neverConnected = await notConnected(transport);
	const inOrder = !ctx.continueOnFail() && plans.some((plan) => !(plan instanceof Error) && isWrite(plan.request));
	const results = await performEach(
		ctx,
		'Notion Request',
		plans,
		async (plan, itemIndex) => {
			if (neverConnected) return { verdict: neverConnected.verdict, report: requestFailureReport(transport, neverConnected, plan.request, { paginated: plan.pagination !== undefined, calls: 0 }) };
			return await performPlan(ctx, itemIndex, plan, transport, perResult);
		},
		inOrder,
	);
	if (inOrder) nameWhatWasWritten(ctx, results, (itemIndex) => { const plan = plans[itemIndex]; return !(plan instanceof Error) && isWrite(plan.request); });
	return results;
}

const OPERATIONS = [...PRESETS.map((preset) => preset.value), CUSTOM];

function planItem(ctx: IExecuteFunctions, itemIndex: number): Plan | Error {
	const fail = (problem: string) => invalid(ctx, itemIndex, problem);
	const operation = checkChoice('The operation', ctx.getNodeParameter('operation', itemIndex), OPERATIONS);
	if (!operation.ok) return fail(operation.problem);
	const preset = presetFor(operation.value);
	const custom = operation.value === CUSTOM;
	const method = preset ? { ok: true as const, value: preset.method } : checkChoice('The method', ctx.getNodeParameter('method', itemIndex), METHODS);
	if (!method.ok) return fail(`${method.problem} Notion's API takes no other method.`);
	let body: IDataObject | undefined;
	if (preset?.body && preset.body !== 'user') body = { ...preset.body.fixed } as IDataObject;
	else if (preset?.body === 'user' || (custom && method.value !== 'GET')) {
		const parsed = bodyFrom(ctx.getNodeParameter('body', itemIndex, ''));
		if (!parsed.ok) return fail(parsed.problem);
		body = parsed.body;
	}
	const built = buildRequest({
		method: method.value,
		path: preset?.path ?? ctx.getNodeParameter('path', itemIndex),
		reference: preset?.idParameter ? ctx.getNodeParameter(preset.idParameter.name, itemIndex) : custom ? ctx.getNodeParameter('reference', itemIndex, '') : undefined,
		query: custom ? queryFrom((ctx.getNodeParameter('query', itemIndex, {}) as { parameter?: Array<{ name?: string; value?: unknown }> }).parameter) : undefined,
		body,
	});
	if (!built.ok) return fail(built.problem);
	const pagination = paginationOf(ctx, itemIndex, built.request, custom || preset?.paginated === true, custom);
	if (pagination instanceof Error) return pagination;
	return { request: built.request, expect: preset?.expect, pagination };
}

/** Return All, or a Limit for a list preset (a custom call has no Limit: it would add page_size to any path). */
function paginationOf(ctx: IExecuteFunctions, itemIndex: number, request: BuiltRequest, paginated: boolean, custom: boolean): Pagination | undefined | Error {
	if (!paginated) return undefined;
	const returnAll = checkBoolean('Return All', ctx.getNodeParameter('returnAll', itemIndex, false));
	if (!returnAll.ok) return invalid(ctx, itemIndex, returnAll.problem);
	if (returnAll.value) {
		if (!isPageable(request)) {
			return invalid(
				ctx,
				itemIndex,
				`Return All sends the request again for each next page, so it is only for reads: GET, or POST to /v1/data_sources/{id}/query, /v1/databases/{id}/query or /v1/search. Turn it off for ${request.method} ${request.path}: a write is sent once.`,
			);
		}
		return { returnAll: true, limit: 0 };
	}
	if (custom) return undefined;
	const limit = checkNumber('Limit', ctx.getNodeParameter('limit', itemIndex, 50), 1, true);
	if (!limit.ok) return invalid(ctx, itemIndex, limit.problem);
	return { returnAll: false, limit: limit.value };
}

function invalid(ctx: IExecuteFunctions, itemIndex: number, problem: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${problem}`, { itemIndex });
}

async function performPlan(
	ctx: IExecuteFunctions,
	itemIndex: number,
	plan: Plan,
	transport: NotionTransport,
	perResult: boolean,
): Promise<ItemResult> {
	// The call goes with its failure: a garbled 2xx to a write, or a 403, is classified by it.
	const send = async (request: BuiltRequest): Promise<NotionResult> => {
		const result = await transport.request({ method: request.method, path: request.path, query: request.query, body: request.body, expect: plan.expect });
		return result.ok ? result : { ok: false, failure: { ...result.failure, call: { method: request.method, path: request.path } } };
	};
	const paged = await fetchPages(plan.request, send, plan.pagination);
	const count = paged.isList ? paged.results.length : undefined;
	if (paged.problem) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${paged.problem} ${count ?? 0} results were fetched before it.`, { itemIndex });
	}
	if (paged.failure) {
		const outcome = classify(paged.failure);
		if (outcome.verdict === 'error') {
			throw outcomeError(ctx, itemIndex, outcome, transport, {
				request: plan.request,
				// A write Notion may have done is told what its remediation says: check before sending again.
				advice: outcome.reason === 'write_unconfirmed' ? undefined : "Check the path, query and body against Notion's API reference.",
			});
		}
		const verdict = outcome.verdict;
		return { verdict, report: requestFailureReport(transport, { ...outcome, verdict }, plan.request, { paginated: plan.pagination !== undefined, calls: paged.calls.length, fetched: count }) };
	}
	const requestId = paged.calls[paged.calls.length - 1]?.request_id;
	// Notion's answer itself, as n8n's HTTP Request node gives it: one item per call, or one per
	// result of a list; an agent is given the list's results, or the one answer.
	const payload = {
		items: perResult && paged.isList ? paged.results : paged.calls,
		response: paged.isList ? paged.results : paged.calls[0],
	};
	return { verdict: 'access_ok', report: requestSuccessReport(transport, plan.request, { calls: paged.calls.length, fetched: count, requestId }), payload };
}
