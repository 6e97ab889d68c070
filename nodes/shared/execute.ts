import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { redact } from './core/redact';
import { type ItemResult, itemError, route } from './routing';
import { type CredentialType, NotionTransport, transportOptions } from './transport';

/** Reading items yields this often: the requests already started (their credential reads, their sends) go on between. */
const YIELD_EVERY_MS = 2;
const PROGRESS_EVERY = 100;

export interface ExecuteOptions {
	/** for progress lines: "Notion Access Check" */
	nodeName: string;
	outputCount: number;
	/** the Output Field option's default */
	defaultOutputField: string;
}

export interface Executed {
	outputs: INodeExecutionData[][];
	outputField: string;
	options: IDataObject;
}

/**
 * The frame of every node's execute: the transport from the node's Authentication and Options,
 * the node's own work, and route() over its results. Whatever fails outside an item's own work (a
 * credential that cannot be read, an Options expression that throws) fails every item: nothing
 * leaves by the OK output unproven, and execute() never rejects under a Continue mode (n8n would
 * then pass the input through to the first output).
 */
export async function executeItems(
	ctx: IExecuteFunctions,
	settings: ExecuteOptions,
	work: (transport: NotionTransport, options: IDataObject) => Promise<ItemResult[]>,
): Promise<Executed> {
	const items = ctx.getInputData();
	let transport: NotionTransport | undefined;
	let options: IDataObject = {};
	let results: ItemResult[];
	try {
		options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
		transport = new NotionTransport(ctx, ctx.getNodeParameter('authentication', 0) as CredentialType, transportOptions(options));
		results = await work(transport, options);
	} catch (error) {
		results = items.map(() => asError(error));
	}
	const known = transport;
	const outputField = (options.outputField as string) || settings.defaultOutputField;
	const outputs = route(ctx, items, results, {
		outputCount: settings.outputCount,
		outputField,
		redact: (text) => (known ? known.redact(text) : redact(text, [])),
	});
	return { outputs, outputField, options };
}

/**
 * Reads every item's parameters, yielding now and then (evaluating many items' expressions is
 * synchronous work: other executions' requests must leave on time). Under Stop Workflow the first
 * invalid item stops the execution here, before any write and before the items after it are read.
 *
 * `onPlanned`, for work that only reads, starts each valid item's requests as soon as its parameters
 * are read: a thousand items' expressions take about a second in n8n, and HTTP Request sends its
 * first request after the first item's. Work that writes leaves it out and starts after every item
 * was read, so that under Stop Workflow an invalid item stops the execution before any write.
 */
export async function planEach<Plan>(
	ctx: IExecuteFunctions,
	count: number,
	plan: (itemIndex: number) => Plan | Error,
	onPlanned?: (plan: Plan, itemIndex: number) => void,
): Promise<Array<Plan | Error>> {
	const stopOnInvalid = !ctx.continueOnFail();
	const plans: Array<Plan | Error> = [];
	let lastYield = Date.now();
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		let planned: Plan | Error;
		try {
			planned = plan(itemIndex);
		} catch (error) {
			// Redacted where it leaves the node, in route().
			planned = itemError(ctx, itemIndex, asError(error), (text) => text);
		}
		if (planned instanceof Error && stopOnInvalid) throw planned;
		plans.push(planned);
		if (!(planned instanceof Error)) onPlanned?.(planned, itemIndex);
		if (Date.now() - lastYield >= YIELD_EVERY_MS) {
			await sleep(0);
			lastYield = Date.now();
		}
	}
	return plans;
}

/**
 * Runs each planned item and keeps its result or its error; an item whose plan failed keeps that
 * error. Logs progress every 100 items.
 *
 * Items run all at once (the transport paces them), unless `inOrderUntilError`: then one after
 * the other, and none after the first whose result is an error. Under Stop Workflow that error
 * stops the execution, so an item after it that was already sent would be a write nobody is told
 * about. Items not performed get an error saying which item stopped them.
 */
export async function performEach<Plan>(
	ctx: IExecuteFunctions,
	nodeName: string,
	plans: Array<Plan | Error>,
	perform: (plan: Plan, itemIndex: number) => Promise<ItemResult>,
	inOrderUntilError = false,
): Promise<ItemResult[]> {
	let finished = 0;
	const performOne = async (plan: Plan | Error, itemIndex: number): Promise<ItemResult> => {
		if (plan instanceof Error) return plan;
		try {
			return await perform(plan, itemIndex);
		} catch (error) {
			return asError(error);
		} finally {
			if (++finished % PROGRESS_EVERY === 0) ctx.logger.info(`${nodeName}: ${finished} of ${plans.length} items done`);
		}
	};
	if (!inOrderUntilError) return await Promise.all(plans.map(performOne));

	const results: ItemResult[] = [];
	let stoppedBy: number | undefined;
	for (const [itemIndex, plan] of plans.entries()) {
		if (stoppedBy !== undefined) {
			results.push(new Error(`not sent: item ${stoppedBy} failed before it`));
			continue;
		}
		const result = await performOne(plan, itemIndex);
		results.push(result);
		if (result instanceof Error) stoppedBy = itemIndex;
	}
	return results;
}

export function asError(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}
