import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type ItemResult, itemError, OUTPUT_OF } from '../shared/routing';

/** The outputs of every version of Notion Request, in order. */
export const OUTPUT_NAMES = ['Success', 'Reauthorize', 'Share Page', 'Retry'];

/**
 * Under Stop Workflow the first error ends the run and every output with it. Its message says
 * which writes before it were done (with the ids Notion gave them: a retry of the run would do
 * them again), which ended on another output, and that the items after it were not sent.
 */
export function nameWhatWasWritten(ctx: IExecuteFunctions, results: ItemResult[], isWriteAt: (itemIndex: number) => boolean): void {
	const stop = results.findIndex((result) => result instanceof Error);
	if (stop < 0) return;
	const written: string[] = [];
	const elsewhere: string[] = [];
	for (let itemIndex = 0; itemIndex < stop; itemIndex++) {
		const result = results[itemIndex];
		if (result instanceof Error || !isWriteAt(itemIndex)) continue;
		if (result.verdict === 'access_ok') written.push(`item ${itemIndex} (${answerIds(result.payload?.response)})`);
		else elsewhere.push(`item ${itemIndex} to ${OUTPUT_NAMES[OUTPUT_OF[result.verdict]]} (${String(result.report.reason)})`);
	}
	const after = results.length - stop - 1;
	const notSent = after === 0 ? '' : after === 1 ? `Item ${stop + 1} was not sent.` : `Items ${stop + 1} to ${results.length - 1} were not sent.`;
	const shown = 5;
	const writtenShort = written.length > shown ? `${written.slice(0, shown).join(', ')} and ${written.length - shown} more (all in the details)` : written.join(', ');
	const summary = written.length > 0 ? `Written before it: ${writtenShort}.` : stop > 0 ? 'Nothing was written before it.' : '';
	const error = itemError(ctx, stop, results[stop] as Error, (text) => text);
	const details = [
		error.description,
		written.length === 0 ? undefined : `Written before item ${stop}, with the ids Notion gave: ${written.join(', ')}.`,
		elsewhere.length === 0 ? undefined : `Sent before it and left on another output, which the stop discards: ${elsewhere.join(', ')}.`,
		notSent || undefined,
	].filter((part): part is string => typeof part === 'string' && part !== '');
	results[stop] = new NodeOperationError(ctx.getNode(), [error.message, summary, notSent].filter((part) => part !== '').join(' '), {
		itemIndex: stop,
		description: details.join(' '),
	});
}

/** The ids in a write's answer: the object it made or changed, or the results of a list (appended blocks). */
function answerIds(response: unknown): string {
	const body = (response ?? {}) as IDataObject;
	if (!Array.isArray(response) && typeof body.id === 'string') return `${typeof body.object === 'string' ? `${body.object} ` : ''}id ${body.id}`;
	const ids = (Array.isArray(response) ? (response as IDataObject[]) : []).map((result) => result?.id).filter((id): id is string => typeof id === 'string');
	return ids.length > 0 ? `ids ${ids.join(', ')}` : 'no id in the answer';
}

