/**
 * Issue 17.12: the Access Check's first page request leaves while its items are still being read
 * (reading a thousand items' expressions takes about a second in n8n), and under Stop Workflow an
 * invalid item still stops the execution before any write. Each parameter read here costs 1 ms of
 * fake time, as an expression would; requests are timed on the same fake clock.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NotionAccessCheck } from '../../nodes/NotionAccessCheck/NotionAccessCheck.node';
import { NotionRequestV1 as NotionRequest } from '../../nodes/NotionRequest/NotionRequestV1.node';
import { CUSTOM } from '../../nodes/NotionRequest/v1/presets';
import { runOnFakeClock } from '../support/fakeClock';
import { type ApiAnswer, FakeN8nCore, type SentRequest } from '../support/fakeN8nCore';
import { IDS } from '../support/faults';

const ITEMS = 1000;
const COST_MS = 1;

function answer(request: SentRequest): ApiAnswer {
	if (request.path === '/v1/users/me') return { kind: 'http', status: 200, body: { object: 'user', id: 'b0b0b0b0-0000-4000-8000-000000000001', type: 'bot', name: 'Acme Sync' } };
	if (request.method === 'POST') return { kind: 'http', status: 200, body: { object: 'page', id: IDS[0], in_trash: false } };
	const id = request.path.split('/')[3];
	return { kind: 'http', status: 200, body: { object: 'page', id, in_trash: false } };
}

/** `resource` (or `body`) of item i, read at a cost; `invalidAt` gives one item a value the node refuses. */
function setUp(node: 'check' | 'create', invalidAt?: number) {
	const items: INodeExecutionData[] = Array.from({ length: ITEMS }, (_, n) => ({ json: { n } as IDataObject }));
	let reads = 0;
	/** For each request, how many items had been read when it was sent. */
	const sent: Array<{ method: string; path: string; itemsRead: number }> = [];
	const read = () => {
		jest.setSystemTime(Date.now() + COST_MS);
		reads++;
	};
	const core = new FakeN8nCore({
		items,
		credentialId: `plan-early-${node}-${invalidAt ?? 'none'}`,
		nodeType: node === 'check' ? undefined : 'n8n-nodes-notion-access.notionRequest',
		resourceOf: (_item, itemIndex) => {
			read();
			return itemIndex === invalidAt ? 'not a page' : IDS[itemIndex % IDS.length];
		},
		parameters: {
			resourceType: 'page',
			operation: CUSTOM,
			method: 'POST',
			path: '/v1/pages',
			reference: '',
			body: (itemIndex: number) => {
				read();
				return itemIndex === invalidAt ? '{not json' : JSON.stringify({ parent: { page_id: IDS[0] }, n: itemIndex });
			},
			query: {},
			options: { requestsPerSecond: 1000, output: 'perCall' },
		},
		script: {
			api: (request) => {
				sent.push({ method: request.method, path: request.path, itemsRead: reads });
				return answer(request);
			},
		},
	});
	const execute = async () => await runOnFakeClock(async () => await (node === 'check' ? new NotionAccessCheck() : new NotionRequest()).execute.call(core.context()));
	return { core, sent, execute, itemsRead: () => reads };
}

describe('17.12 reading the items does not hold back the first request, and never a write under Stop Workflow', () => {
	it('17.12 the first page request leaves while the items are still being read, not after all 1,000', async () => {
		const { sent, execute } = setUp('check');
		const run = await execute();
		if ('error' in run) throw run.error;
		expect(run.value[0]).toHaveLength(ITEMS);
		expect(sent.filter((request) => request.path === '/v1/users/me')).toHaveLength(1);
		const firstPage = sent.find((request) => request.path.startsWith('/v1/pages/'));
		expect(firstPage?.itemsRead).toBeLessThan(50); // it was 1,000: every item was read first
	});

	it('17.12 under Stop Workflow an invalid item stops the Access Check there: no item after it is read, nothing queued is sent', async () => {
		const { sent, execute, itemsRead } = setUp('check', 500);
		const run = await execute();
		expect('error' in run && String(run.error)).toMatch(/Item 500/);
		expect(itemsRead()).toBe(501);
		expect(sent.every((request) => request.itemsRead <= 501)).toBe(true);
	});

	it('17.12 under Stop Workflow an invalid item stops a writing node before any write', async () => {
		const { sent, execute } = setUp('create', 500);
		const run = await execute();
		expect('error' in run && String(run.error)).toMatch(/Item 500/);
		expect(sent.filter((request) => request.method === 'POST')).toHaveLength(0);
	});

	it('17.12 a writing node reads every item before its first write', async () => {
		const { sent, execute } = setUp('create');
		const run = await execute();
		if ('error' in run) throw run.error;
		const writes = sent.filter((request) => request.method === 'POST');
		expect(writes).toHaveLength(ITEMS);
		expect(writes[0].itemsRead).toBe(ITEMS);
	});
});
