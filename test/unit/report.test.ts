/**
 * The report builders of nodes/shared/report.ts for the Notion Request node: the same fields as
 * the node emits (today built in perform.ts), checked against the node's own output through the
 * fake n8n-core, so the node can switch to them without a visible change.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NotionRequestV1 as NotionRequest } from '../../nodes/NotionRequest/NotionRequestV1.node';
import { classify } from '../../nodes/shared/core/classify';
import { parseReference } from '../../nodes/shared/core/reference';
import type { NotionReference } from '../../nodes/shared/core/types';
import { requestFailureReport, requestSuccessReport, watchEventReport, watchHealthReport } from '../../nodes/shared/report';
import { NotionTransport, transportOptions } from '../../nodes/shared/transport';
import { type ApiAnswer, FakeN8nCore } from '../support/fakeN8nCore';

const PAGE = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const LINK = `https://www.notion.so/acme/Roadmap-${PAGE.replace(/-/g, '')}`;
const reference = (): NotionReference => {
	const parsed = parseReference(LINK);
	if (!parsed.ok) throw new Error(parsed.problem);
	return parsed.reference;
};

let runs = 0;
async function runRequest(parameters: Record<string, unknown>, api: (n: number) => ApiAnswer) {
	const core = new FakeN8nCore({
		items: [{ json: {} }],
		credentialId: `fake-report-credential-${++runs}`,
		nodeType: 'n8n-nodes-notion-access.notionRequest',
		onError: 'continueRegularOutput',
		parameters: { options: { requestsPerSecond: 1000, waitOnRateLimit: false }, ...parameters },
		script: { api: (_request, n) => api(n) },
	});
	const outputs = (await new NotionRequest().execute.call(core.context())) as INodeExecutionData[][];
	const transport = new NotionTransport(core.context(), 'notionRotationSafeOAuth2Api', transportOptions({}));
	const emitted = outputs.flat().map((item) => item.json.notionRequest as IDataObject);
	return { outputs, emitted, transport };
}

/** checkedAt is the time of building: the rest must be equal. */
const timeless = (report: IDataObject) => ({ ...report, checkedAt: 'at' });

describe('report.ts: the Notion Request reports', () => {
	it('Success of a single object: what was sent, the resource and its link, the credential', async () => {
		const { emitted, transport } = await runRequest({ operation: 'getPage', pageId: LINK }, () => ({
			kind: 'http',
			status: 200,
			// The node reads the request id of Notion's answer body.
			body: { object: 'page', id: PAGE, request_id: 'req-7' },
		}));
		const built = requestSuccessReport(transport, { method: 'GET', path: `/v1/pages/${PAGE}`, reference: reference() }, { calls: 1, requestId: 'req-7' });
		expect(timeless(built)).toEqual(timeless(emitted[0]));
		expect(built).toMatchObject({ verdict: 'success', requestId: 'req-7', resource: { id: PAGE, url: `https://www.notion.so/${PAGE.replace(/-/g, '')}` } });
		expect(built).not.toHaveProperty('fetched');
		expect(built).not.toHaveProperty('calls');
	});

	it('Success of a list fetched page by page: how many results in how many calls', async () => {
		const { emitted, transport } = await runRequest({ operation: 'listBlockChildren', blockId: PAGE, returnAll: true }, (n) => ({
			kind: 'http',
			status: 200,
			body: { object: 'list', results: [{ object: 'block', id: `b${n}` }], has_more: n < 2, next_cursor: n < 2 ? `c${n}` : null, request_id: `req-${n}` },
		}));
		const parsed = parseReference(PAGE);
		if (!parsed.ok) throw new Error(parsed.problem);
		const built = requestSuccessReport(transport, { method: 'GET', path: `/v1/blocks/${PAGE}/children`, reference: parsed.reference }, { calls: 3, fetched: 3, requestId: 'req-2' });
		expect(timeless(built)).toEqual(timeless(emitted[0]));
		expect(built).toMatchObject({ fetched: 3, calls: 3 });
	});

	it('Share Page, Retry and Reauthorize: the Access Check report plus the request, and for a list how far it got', async () => {
		const notFound = { object: 'error', status: 404, code: 'object_not_found', message: 'Could not find block. Make sure the relevant pages and databases are shared with your integration "Acme".', request_id: 'req-9' };
		const { outputs, emitted, transport } = await runRequest({ operation: 'listBlockChildren', blockId: PAGE, returnAll: true }, (n) =>
			n === 0
				? { kind: 'http', status: 200, body: { object: 'list', results: [{ object: 'block', id: 'b0' }, { object: 'block', id: 'b1' }], has_more: true, next_cursor: 'c0' } }
				: { kind: 'http', status: 404, body: notFound },
		);
		expect(outputs[2]).toHaveLength(1);
		const parsed = parseReference(PAGE);
		if (!parsed.ok) throw new Error(parsed.problem);
		const outcome = classify({ phase: 'api', status: 404, body: notFound });
		if (outcome.verdict === 'error') throw new Error('a 404 is Share Page');
		const built = requestFailureReport(
			transport,
			{ ...outcome, verdict: outcome.verdict },
			{ method: 'GET', path: `/v1/blocks/${PAGE}/children`, reference: parsed.reference },
			// `calls` counts the answers that came back as lists: the failed one is not among them.
			{ paginated: true, calls: 1, fetched: 2 },
		);
		expect(timeless(built)).toEqual(timeless(emitted[0]));
		expect(built).toMatchObject({ verdict: 'share_page', reason: 'not_shared_or_missing', integration: { name: 'Acme' }, fetched: 2, calls: 1, request: { method: 'GET' } });
		// Not a list: no fetched or calls at all.
		const single = requestFailureReport(transport, { verdict: 'retry', reason: 'rate_limited', retryAfterSeconds: 3 }, { method: 'PATCH', path: '/v1/pages/x' }, { paginated: false, calls: 1, fetched: 0 });
		expect(single).not.toHaveProperty('fetched');
		expect(single).not.toHaveProperty('calls');
		expect(single).toMatchObject({ verdict: 'retry', retryAfterSeconds: 3, retryAt: expect.any(String), request: { method: 'PATCH', path: '/v1/pages/x' } });
	});
});

describe('report.ts: the Access Watch reports', () => {
	const token = { verdict: 'retry', reason: 'server_error', remediation: 'Wait.', integration: { name: 'Acme' }, credential: { type: 't', name: 'n' } };

	it('an event item is the event, the report and what was known before', () => {
		expect(watchEventReport('access_lost', { verdict: 'share_page', reason: 'in_trash' }, { verdict: 'access_ok' })).toEqual({
			event: 'access_lost',
			verdict: 'share_page',
			reason: 'in_trash',
			previous: { verdict: 'access_ok' },
		});
	});

	it('the health report counts verdicts and reasons, and puts a token that is not OK first among the problems', () => {
		const problem = { verdict: 'share_page', reason: 'not_shared_or_missing' };
		const now = new Date('2026-12-03T00:00:00.000Z');
		const health = watchHealthReport(
			{
				token,
				tokenSince: '2026-12-02T00:00:00.000Z',
				outcomes: [{ verdict: 'access_ok', reason: 'accessible' }, problem, { verdict: 'access_ok', reason: 'accessible' }],
				problems: [problem],
				search: { found: 2, complete: true },
				refreshes: { refreshes: 1, succeeded: 1, failed: 0, invalidGrant: 0, racesRecovered: 0 },
			},
			now,
		);
		expect(health).toEqual({
			event: 'health_report',
			token: { verdict: 'retry', reason: 'server_error', since: '2026-12-02T00:00:00.000Z', remediation: 'Wait.' },
			outage: null,
			resources: 3,
			counts: { byVerdict: { access_ok: 2, share_page: 1 }, byReason: { accessible: 2, not_shared_or_missing: 1 } },
			problems: [token, problem],
			search: { found: 2, complete: true },
			refreshes: { refreshes: 1, succeeded: 1, failed: 0, invalidGrant: 0, racesRecovered: 0 },
			integration: { name: 'Acme' },
			credential: { type: 't', name: 'n' },
			checkedAt: now.toISOString(),
		});
		const healthy = watchHealthReport({ token: { ...token, verdict: 'access_ok' }, tokenSince: null, outcomes: [], problems: [], search: null, refreshes: health.refreshes as never }, now);
		expect(healthy).toMatchObject({ problems: [], resources: 0, counts: { byVerdict: {}, byReason: {} } });
	});
});
