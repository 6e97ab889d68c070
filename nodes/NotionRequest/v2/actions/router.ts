// The router of Notion Request v2: the editor's Resource and Operation fields from the list of
// operations, and one execution that plans every item, performs each through its operation and
// routes the outcome. Every operation inherits the invariants from here and from the shared route.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { notConnected } from '../../../shared/checks';
import { classify } from '../../../shared/core/classify';
import type { NotionReference, Outcome, Verdict } from '../../../shared/core/types';
import { asError, performEach, planEach } from '../../../shared/execute';
import { buildReport, requestFailureReport, requestSuccessReport } from '../../../shared/report';
import { type ItemResult, OUTPUT_OF, outcomeError } from '../../../shared/routing';
import type { NotionTransport } from '../../../shared/transport';
import { nodeWideProblem } from '../../parameters';
import { nameWhatWasWritten, OUTPUT_NAMES } from '../../written';
import { type Notion, NotionFailed, NotionSession } from './notion';
import { type Operation, type Resource, RESOURCES } from './operation';
import { OPERATIONS } from './operations';

/** By resource and operation, in a Map: a value such as "__proto__" finds nothing. */
const BY_KEY = new Map(OPERATIONS.map((op) => [`${op.resource}:${op.value}`, op]));

export function operationFor(resource: unknown, operation: unknown): Operation | undefined {
	return typeof resource === 'string' && typeof operation === 'string' ? BY_KEY.get(`${resource}:${operation}`) : undefined;
}

/** The Resource field, one Operation field per resource, and each operation's fields shown for it alone. */
export function operationProperties(): INodeProperties[] {
	const resources = RESOURCES.filter((resource) => OPERATIONS.some((op) => op.resource === resource.value));
	const resourceField: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources.map(({ name, value }) => ({ name, value })),
		default: 'page',
	};
	const operationFields = resources.map(({ value: resource }): INodeProperties => {
		const ops = OPERATIONS.filter((op) => op.resource === resource).sort((a, b) => a.name.localeCompare(b.name));
		const first = ops[0].value;
		return {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: ops.map((op) => ({ name: op.name, value: op.value, action: op.action, description: op.description })),
			default: first,
		};
	});
	const fields = OPERATIONS.flatMap((op) =>
		op.fields.map((field) => ({
			...field,
			displayOptions: {
				...field.displayOptions,
				show: { resource: [op.resource], operation: [op.value], ...field.displayOptions?.show },
			},
		})),
	);
	return [resourceField, ...operationFields, ...fields];
}

interface Planned {
	op: Operation;
	plan: unknown;
}

/**
 * Plans every item first (under Stop Workflow an invalid item stops the execution before any
 * write), then performs each. Under Stop Workflow a batch with writes goes one item at a time and
 * stops at the first error, which names what was written before it.
 */
export async function performItems(ctx: IExecuteFunctions, transport: NotionTransport, options: IDataObject): Promise<ItemResult[]> {
	const count = ctx.getInputData().length;
	const nodeWide = nodeWideProblem(ctx.getNodeParameter('authentication', 0), options);
	if (nodeWide) return Array.from({ length: count }, () => new Error(nodeWide));
	const plans = await planEach(ctx, count, (itemIndex): Planned => {
		const resource = ctx.getNodeParameter('resource', itemIndex) as Resource;
		const op = operationFor(resource, ctx.getNodeParameter('operation', itemIndex));
		if (!op) throw new Error(`The resource ${JSON.stringify(resource)} has no operation ${JSON.stringify(ctx.getNodeParameter('operation', itemIndex))}.`);
		return { op, plan: op.plan(ctx, itemIndex) };
	});
	if (plans.every((plan) => plan instanceof Error)) return plans as Error[];

	const neverConnected = await notConnected(transport);
	const session = new NotionSession(transport);
	const writes = (itemIndex: number) => {
		const planned = plans[itemIndex];
		if (planned instanceof Error) return false;
		const { writes } = planned.op;
		return typeof writes === 'function' ? writes(planned.plan) : writes;
	};
	const inOrder = !ctx.continueOnFail() && plans.some((_, itemIndex) => writes(itemIndex));
	const results = await performEach(
		ctx,
		'Notion Request',
		plans,
		async ({ op, plan }, itemIndex) => {
			const notion = session.forItem();
			if (neverConnected) return { verdict: neverConnected.verdict, report: failureReport(notion, neverConnected, subjectOf(plan)) };
			return await performOne(ctx, itemIndex, op, plan, notion);
		},
		inOrder,
	);
	if (inOrder) nameWhatWasWritten(ctx, results, writes);
	return results;
}

/** A plan's `reference`, by convention the Notion object the item is about: the reports name it. */
function subjectOf(plan: unknown): NotionReference | undefined {
	const reference = (plan as { reference?: NotionReference } | undefined)?.reference;
	return typeof reference?.id === 'string' ? reference : undefined;
}

async function performOne(ctx: IExecuteFunctions, itemIndex: number, op: Operation, plan: unknown, notion: Notion): Promise<ItemResult> {
	const reference = subjectOf(plan);
	try {
		const done = await op.perform(plan, notion);
		const response = done.response ?? (done.items.length === 1 ? done.items[0] : done.items);
		return { verdict: 'access_ok', report: successReport(notion, done.reference ?? reference, done.fetched), payload: { items: done.items, response } };
	} catch (error) {
		if (!(error instanceof NotionFailed)) throw asError(error);
		const outcome = classify(error.failure);
		if (error.wroteBefore) throw partlyWritten(ctx, itemIndex, outcome, notion, error.progress);
		if (outcome.verdict === 'error') {
			const thrown = outcomeError(ctx, itemIndex, outcome, notion.transport, { request: notion.last });
			if (error.progress) thrown.message = `${thrown.message} ${error.progress}`;
			throw thrown;
		}
		return { verdict: outcome.verdict, report: failureReport(notion, { ...outcome, verdict: outcome.verdict }, reference, error) };
	}
}

/**
 * An item that wrote part of its work before a later request failed: sent again as it is, it would
 * write that part twice. So it is neither Retry nor Reauthorize: n8n's error handling takes it,
 * saying what was written and what failed, whatever the failure was.
 */
function partlyWritten(ctx: IExecuteFunctions, itemIndex: number, outcome: Outcome, notion: Notion, progress = ''): NodeOperationError {
	const failure = [outcome.code, outcome.httpStatus === undefined ? undefined : `HTTP ${outcome.httpStatus}`, outcome.reason].filter((part) => part !== undefined).join(', ');
	const message = `Item ${itemIndex}: part of this item was written before a later request failed (${failure}). ${progress}`;
	const advice = outcome.verdict === 'error' ? undefined : `That failure alone would go to ${OUTPUT_NAMES[OUTPUT_OF[outcome.verdict]]}; here it does not, because sending the item again would write its first part twice. Finish it from what was written (the ids above), or undo that first.`;
	const thrown = outcomeError(ctx, itemIndex, outcome, notion.transport, { request: notion.last, advice });
	return new NodeOperationError(ctx.getNode(), notion.transport.redact(message.trim()), { itemIndex, description: [thrown.description, advice].filter(Boolean).join(' ') });
}

/** Success: what was sent last, the object acted on, and for a list how many results in how many calls. */
function successReport(notion: Notion, reference: NotionReference | undefined, fetched: number | undefined): IDataObject {
	const request = { method: notion.last?.method ?? '', path: notion.last?.path ?? '', reference };
	// Every item says how many requests it took (a create with its schema read, an upsert's query), not only a list.
	return { ...requestSuccessReport(notion.transport, request, { calls: notion.calls, fetched, requestId: notion.last?.requestId }), calls: notion.calls };
}

/** Reauthorize, Share Page and Retry: the Access Check's report, plus the request and how far the item got. */
function failureReport(notion: Notion, outcome: Outcome & { verdict: Verdict }, reference?: NotionReference, failed?: NotionFailed): IDataObject {
	// Never connected: nothing was sent, so there is no request to name.
	if (!notion.last) return buildReport(notion.transport, outcome, { name: outcome.integrationName }, reference ? { reference } : {});
	const progress = { paginated: failed?.fetched !== undefined, calls: notion.calls, fetched: failed?.fetched };
	const report = requestFailureReport(notion.transport, outcome, { ...notion.last, reference }, progress);
	return failed?.progress ? { ...report, progress: notion.transport.redact(failed.progress) } : report;
}
