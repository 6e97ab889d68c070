// Runs Notion Request v2 through the core-faithful fake (test/support/fakeN8nCore.ts) on a fake
// clock: what each operation's test needs, in one place.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NotionRequestV2 } from '../../../nodes/NotionRequest/NotionRequestV2.node';
import { runOnFakeClock } from '../../support/fakeClock';
import { type ApiAnswer, FakeN8nCore, type OnError, type SentRequest } from '../../support/fakeN8nCore';

export const ok = (body: unknown): ApiAnswer => ({ kind: 'http', status: 200, body, headers: { 'x-notion-request-id': 'req-ok' } });
export const refused = (status: number, code: string, message: string): ApiAnswer => ({
	kind: 'http',
	status,
	body: { object: 'error', status, code, message, request_id: 'req-refused' },
});

let credential = 0;

export interface V2Run {
	parameters: Record<string, unknown>;
	answer: (request: SentRequest, n: number) => ApiAnswer;
	items?: IDataObject[];
	onError?: OnError;
}

export async function runV2({ parameters, answer, items = [{}], onError = 'stopWorkflow' }: V2Run) {
	const core = new FakeN8nCore({
		items: items.map((json): INodeExecutionData => ({ json })),
		nodeType: 'n8n-nodes-notion-access.notionRequest',
		credentialId: `v2-${++credential}`,
		onError,
		parameters,
		script: { api: answer },
	});
	const result = await runOnFakeClock(async () => await new NotionRequestV2().execute.call(core.context()));
	const sent = core.requests.filter((request) => request.path !== '/v1/users/me');
	return { core, result, sent };
}

/** The outputs (Success, Reauthorize, Share Page, Retry), or the error the node threw. */
export function outputsOf(result: Awaited<ReturnType<typeof runV2>>['result']): INodeExecutionData[][] {
	if ('error' in result) throw result.error;
	return result.value;
}
