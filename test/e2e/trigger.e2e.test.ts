/**
 * Issue 19: the Notion Trigger in real n8n 1.123.x and 2.41.x, active under `n8n start`, on this
 * package's credential. Activation runs one poll at once, so each start of n8n is one poll; the
 * changes are made while n8n is down, which also proves that the state survives restarts (n8n
 * saves it after activation and after each poll that emits). What a poll emitted is read from the
 * execution it started (examples/new-row-message.json, as shipped but for the data source and the
 * events).
 *
 * It runs on Notion-Version 2026-12-01, where a data source query answers only the title unless
 * `filter_properties` names the others: the trigger's query string goes through n8n's own request
 * helper on both lines. Older versions take the path the trigger had before 2026-12-01 (no schema
 * read, no query string), covered in test/unit/trigger-node.test.ts on each version.
 */
import * as fs from 'fs';
import * as path from 'path';

import { WORLD } from '../emulator';
import { connectCredential } from './fixtures';
import {
	activateWorkflow, createInstance, importWorkflow, N8N_VERSIONS, nodeItems, readExecutions, readLogs, removeInstance, REPO_DIR,
	startProcess, type N8nInstance, type WorkflowFixture,
} from './n8n';
import { useNotionEmulator } from './notion';

jest.setTimeout(1_200_000);

type ExampleNode = { name: string; parameters: Record<string, unknown> };
const EXAMPLE = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'examples', 'new-row-message.json'), 'utf8')) as WorkflowFixture;
const CREDENTIAL = { id: 'notionCredential', name: 'Notion account' };
const TRIGGER = 'Notion Trigger';
/** A cron that never fires while a test runs: every poll here is an activation poll. */
const NEVER = { item: [{ mode: 'custom', cronExpression: '0 0 0 1 1 *' }] };
const status = (name: string) => ({ Status: { id: 'ZX%3B%7C', type: 'select', select: { name, color: 'default' } } });
const NOTION_VERSION = '2026-12-01';

const notion = useNotionEmulator({ rateLimit: null });

type Item = Record<string, any>; // any: the test reads the items' nested fields

describe.each(N8N_VERSIONS)('Notion Trigger in n8n %s', (version) => {
	let inst: N8nInstance;
	let grantId: string;
	let row: string;
	const emitted: Item[] = [];
	/** n8n's warnings and errors that name the trigger, over every start */
	const complaints: string[] = [];

	/** Starts n8n (its activation polls once), waits for the poll's log line and the execution it started, stops n8n. */
	async function poll(): Promise<{ items: Item[]; queries: number }> {
		const before = readExecutions(inst, EXAMPLE.id).length;
		notion().emulator.control.clearLog();
		const proc = await startProcess(inst, 'start', { readyTimeoutMs: 300_000 });
		let count: number;
		try {
			count = await waitFor(() => {
				const line = proc.records().find((record) => record.message.startsWith(`Notion Trigger "${TRIGGER}":`));
				return line ? Number(/: (\d+) item/.exec(line.message)![1]) : undefined;
			});
			if (count > 0) await waitFor(() => readExecutions(inst, EXAMPLE.id).slice(before).find((run) => run.status !== 'running' && run.status !== 'new'));
		} finally {
			complaints.push(...proc.records().filter((r) => (r.level === 'warn' || r.level === 'error') && /notionTrigger|Notion Trigger/i.test(JSON.stringify(r))).map((r) => r.message));
			await proc.stop();
		}
		const runs = readExecutions(inst, EXAMPLE.id).slice(before);
		expect(runs.map((run) => run.status)).toEqual(count > 0 ? ['success'] : []);
		const items = runs.flatMap((run) => nodeItems(run.runData, TRIGGER));
		if (runs[0]) expect(nodeItems(runs[0].runData, 'Message').map((item) => item.event)).toEqual(items.map((item) => item.event));
		emitted.push(...items);
		const log = notion().emulator.control.getLog();
		expect(log.filter((entry) => entry.path.startsWith('/v1/') && !entry.path.startsWith('/v1/oauth/') && entry.notionVersion !== NOTION_VERSION)).toEqual([]);
		const queries = log.filter((entry) => entry.path.endsWith('/query')).length;
		return { items, queries };
	}

	const events = (items: Item[]) => items.map((item) => item.event);

	beforeAll(async () => {
		notion().emulator.control.reset();
		notion().emulator.control.setModes({ rateLimit: null });
		inst = await createInstance(version, { emulatorPort: notion().emulator.port, caFile: notion().tls.caFile });
		grantId = (await connectCredential(inst, notion().emulator, CREDENTIAL)).grantId;
		const workflow = structuredClone(EXAMPLE);
		Object.assign((workflow.nodes as ExampleNode[]).find((node) => node.name === TRIGGER)!.parameters, {
			pollTimes: NEVER,
			// The database's link: the trigger resolves it to its one data source.
			dataSource: { __rl: true, mode: 'url', value: `https://www.notion.so/acme/${WORLD.database.id.replace(/-/g, '')}?v=5c1e2d3c4b5a49788796a5b4c3d2e1f0` },
			events: ['page_added', 'page_updated', 'page_trashed', 'page_restored'],
			options: { notionVersion: NOTION_VERSION },
		});
		await importWorkflow(inst, workflow);
		await activateWorkflow(inst, EXAMPLE.id);
	});

	afterAll(() => {
		if (inst) removeInstance(inst);
	});

	test('baseline: a row made before activation is not reported', async () => {
		notion().emulator.control.addRow(WORLD.dataSource.id, { title: 'Made before activation' });
		const { items } = await poll();
		expect(items).toEqual([]);
	});

	test('a row added while n8n was down: one page_added, simplified, and the message names it', async () => {
		row = notion().emulator.control.addRow(WORLD.dataSource.id, { title: 'Launch plan' }).id;
		const { items, queries } = await poll();
		// Status is there: on 2026-12-01 only because the query named every property.
		expect(items).toMatchObject([{ event: 'page_added', id: row, name: 'Launch plan', properties: { Name: 'Launch plan', Status: 'Active' }, dataSourceId: WORLD.dataSource.id }]);
		expect(queries).toBe(2); // the live query and the trash query, one page each (and one schema read)
	});

	test('updated twice within one minute, a restart between: both updates reported, each once', async () => {
		// The first edit early enough in a minute that the poll after it (n8n's start) queries in the same minute.
		const intoMinute = Date.now() % 60_000;
		if (intoMinute > 30_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 500));
		notion().emulator.control.editPage(row, { properties: status('Doing') });
		const first = await poll();
		// The second edit lands in the minute of the first, after the poll that saw the first: dated at
		// that poll's query, so that a loaded machine's slow restarts cannot move it to the next minute.
		const queried = Math.max(...notion().emulator.control.getLog().filter((entry) => entry.path.endsWith('/query')).map((entry) => entry.time));
		notion().emulator.control.editPage(row, { title: 'Launch plan v2', at: new Date(queried + 1).toISOString() });
		const second = await poll();
		expect(first.items).toMatchObject([{ event: 'page_updated', id: row, changedProperties: ['Status'], properties: { Status: 'Doing' } }]);
		expect(second.items).toMatchObject([{ event: 'page_updated', id: row, changedProperties: ['Name'], name: 'Launch plan v2' }]);
		// The case n8n's own Notion Trigger drops: the same last_edited_time as the update before.
		expect(second.items[0].lastEditedTime).toBe(first.items[0].lastEditedTime);
	});

	test('moved to the trash: one page_trashed', async () => {
		notion().emulator.control.trashObject(row);
		expect(events((await poll()).items)).toEqual(['page_trashed']);
	});

	test('the data source no longer shared: one access_lost with Share Page\'s remediation', async () => {
		notion().emulator.control.unshareObject(WORLD.pages.sharedRoot.id, { grantId });
		const { items } = await poll();
		expect(items).toMatchObject([{ event: 'access_lost', verdict: 'share_page', reason: 'not_shared_or_missing', resource: { id: WORLD.dataSource.id } }]);
		expect(items[0].remediation).toContain(`"${WORLD.publicIntegration.name}"`);
	});

	test('shared again and the row restored: one access_restored and one page_restored', async () => {
		notion().emulator.control.shareObject(WORLD.pages.sharedRoot.id, { grantId });
		notion().emulator.control.restoreObject(row);
		expect(events((await poll()).items)).toEqual(['access_restored', 'page_restored']);
	});

	test('the grant revoked: one access_lost with Reauthorize', async () => {
		notion().emulator.control.revokeGrant(grantId);
		const { items } = await poll();
		expect(items).toMatchObject([{ event: 'access_lost', verdict: 'reauthorize', reason: 'grant_revoked', credential: { name: CREDENTIAL.name } }]);
		expect(items[0].remediation).toContain('Reconnect');
	});

	test('over every restart: each change reported once, no warning about the trigger, no secret in any item or log line', () => {
		expect(complaints).toEqual([]);
		expect(events(emitted)).toEqual(['page_added', 'page_updated', 'page_updated', 'page_trashed', 'access_lost', 'access_restored', 'page_restored', 'access_lost']);
		const grant = notion().emulator.control.getGrant(grantId);
		const text = JSON.stringify(emitted) + readLogs(inst);
		for (const secret of [grant.accessToken, grant.refreshToken, WORLD.publicIntegration.clientSecret]) expect(text.includes(secret)).toBe(false);
	});
});

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 240_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error('timed out waiting');
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
