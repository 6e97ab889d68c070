import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { rejectedField } from './core/rejectedField';
import type { Outcome, Verdict } from './core/types';
import { errorRemediation, type Subject } from './report';
import type { NotionTransport } from './transport';

/**
 * Where each verdict leaves, the same for every node: output 0 is the OK output (Access OK,
 * Success) and only a proven `access_ok` goes there.
 */
export const OUTPUT_OF: Record<Verdict, number> = { access_ok: 0, reauthorize: 1, share_page: 2, retry: 3 };

/**
 * Under "Continue (regular output)" an error item leaves by Retry, never by the OK output: a
 * builder's writes hang off the OK output and must not run for an item nobody checked. (n8n's
 * Switch sends such items to its first output and If to its false branch; this gate's "false
 * branch" is the last one.) Under "Continue (using error output)" n8n moves the same items, which
 * carry only `error`, to the Error output.
 */
const ERROR_ITEM_OUTPUT = OUTPUT_OF.retry;

/**
 * What a node hands over on its OK output besides the report: the JSON items it produced (Notion's
 * answers, one item each) and, for an AI agent, the one value it is given as `response`. Without a
 * payload the input item leaves with the report added, as the Access Check's items do.
 */
export interface Payload {
	items: IDataObject[];
	response: unknown;
}

/** An item's result: its verdict and report (and on OK a payload), or the error that goes to n8n's error handling. */
export type ItemResult = { verdict: Verdict; report: IDataObject; payload?: Payload } | Error;

export interface RoutingOptions {
	/** How many outputs the node declares. */
	outputCount: number;
	/** The field of the item's JSON that holds the report. */
	outputField: string;
	/** Removes secrets from any text that leaves. */
	redact: (text: string) => string;
}

/** Called by n8n with the node's type: `…Tool` when an AI agent runs the node as a tool. */
export function isTool(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/**
 * Turns one result per input item into the node's outputs, keeping the invariants in one place:
 * every item leaves by exactly one output with its pairedItem; only `access_ok` reaches output 0;
 * an error follows On Error: thrown (the first, naming its item) under Stop Workflow, else an
 * error item. An AI agent is handed only a tool's first output, so as a tool every result leaves
 * by it, as the report alone (the verdict says which one it is).
 */
export function route(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	results: ItemResult[],
	options: RoutingOptions,
): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = Array.from({ length: options.outputCount }, () => []);
	const asTool = isTool(ctx);
	const continueOnFail = ctx.continueOnFail();
	items.forEach((item, itemIndex) => {
		const pairedItem = { item: itemIndex };
		const result = results[itemIndex] ?? new Error('the node produced no result for this item');
		if (result instanceof Error) {
			const error = itemError(ctx, itemIndex, result, options.redact);
			if (!continueOnFail) throw error;
			outputs[asTool ? 0 : ERROR_ITEM_OUTPUT].push({ json: { error: error.message }, pairedItem });
			return;
		}
		const output = asTool ? 0 : (OUTPUT_OF[result.verdict] ?? ERROR_ITEM_OUTPUT);
		const report = { [options.outputField]: result.report };
		const payload = output === 0 ? result.payload : undefined;
		if (asTool) {
			outputs[0].push({ json: payload ? { [options.outputField]: { ...result.report, response: payload.response } } : report, pairedItem });
		} else if (payload) {
			// Notion's answers leave, one item each, with the report beside them; an empty list still
			// leaves as one item (the report alone), so that every input item comes out.
			const bodies = payload.items.length > 0 ? payload.items : [{}];
			for (const body of bodies) outputs[0].push({ json: { ...body, ...report }, pairedItem });
		} else {
			outputs[output].push({ json: { ...item.json, ...report }, binary: item.binary, pairedItem });
		}
	});
	return outputs;
}

/**
 * The error n8n shows for an item: always a NodeOperationError that starts "Item N:" and holds no
 * secret. An error that already names its item (it was raised for that item) keeps its item.
 */
export function itemError(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	error: Error,
	redact: (text: string) => string,
): NodeOperationError {
	const named = (error as { context?: { itemIndex?: unknown } }).context?.itemIndex;
	const index = typeof named === 'number' && error.message.startsWith(`Item ${named}: `) ? named : itemIndex;
	const prefix = `Item ${index}: `;
	const message = redact(error.message.startsWith(prefix) ? error.message : `${prefix}${error.message}`);
	const description = (error as { description?: unknown }).description;
	return new NodeOperationError(ctx.getNode(), message, {
		itemIndex: index,
		description: typeof description === 'string' ? redact(description) : undefined,
	});
}

/** How an error's message opens, by reason: what happened to the request. */
const ERROR_OPENINGS = new Map<Outcome['reason'], string>([
	['request_invalid', 'Notion rejected the request'],
	['write_unconfirmed', 'Notion may have done this write, but its answer does not confirm it'],
]);

/** What an error can say besides the outcome: what was checked, the request sent, advice of the node's own. */
export interface ErrorContext {
	subject?: Subject;
	request?: { method: string; path: string };
	/** said when Notion's message names no field to fix; else the verdict table's remediation */
	advice?: string;
}

/**
 * An outcome that n8n's error handling takes (a request Notion refused, an answer nobody
 * expected): names the item, quotes Notion, and says which property or field Notion rejected.
 */
export function outcomeError(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	outcome: Outcome,
	transport: NotionTransport,
	context: ErrorContext = {},
): NodeOperationError {
	const detail = [outcome.code, outcome.httpStatus === undefined ? undefined : `HTTP ${outcome.httpStatus}`]
		.filter((part) => part !== undefined)
		.join(', ');
	const field = rejectedField(outcome.message);
	const what = ERROR_OPENINGS.get(outcome.reason) ?? 'Notion gave an answer this node does not expect';
	const message = `Item ${itemIndex}: ${what}${detail ? ` (${detail})` : ''}: "${outcome.message ?? 'no message'}"${field ? ` Notion rejected ${field}.` : ''}`;
	const description = [
		context.request ? `${context.request.method} ${context.request.path}.` : undefined,
		field ? `Fix ${field} in the node's parameters and run again.` : (context.advice ?? errorRemediation(transport, outcome, context.subject)),
		outcome.requestId ? `Notion request id: ${outcome.requestId}.` : undefined,
	]
		.filter((part) => part !== undefined)
		.join(' ');
	return new NodeOperationError(ctx.getNode(), transport.redact(message), { itemIndex, description: transport.redact(description) });
}
