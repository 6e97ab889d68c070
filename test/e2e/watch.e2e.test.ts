/**
 * Issue 11: the Notion Access Watch trigger in real n8n 1.123.x and 2.41.x, active under `n8n start`.
 * Activation runs one poll at once, so each start of n8n is one poll; the changes are made while
 * n8n is down, which also proves that the state survives restarts. What a poll emitted is read
 * from the execution it started (examples/watch-access-alert.json, as shipped but for the pages).
 */
import * as fs from 'fs';
import * as path from 'path';

import { pagesSeed, stableId, WORLD } from '../emulator';
import { connectCredential } from './fixtures';
import {
	activateWorkflow, createInstance, importWorkflow, N8N_VERSIONS, nodeItems, readExecutions, readLogs, removeInstance, REPO_DIR,
	runCli, startProcess, type N8nInstance, type WorkflowFixture,
} from './n8n';
import { useNotionEmulator } from './notion';

jest.setTimeout(1_200_000);

type ExampleNode = { name: string; parameters: Record<string, unknown> };
const EXAMPLE = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'examples', 'watch-access-alert.json'), 'utf8')) as WorkflowFixture;
const CREDENTIAL = { id: 'notionCredential', name: 'Notion account' };
const WATCH = 'Notion Access Watch';
/** The most one Watch takes (MAX_WATCHED_RESOURCES). */
const PAGES = 100;
/** A cron that never fires while a test runs: every poll here is an activation poll. */
const NEVER = { item: [{ mode: 'custom', cronExpression: '0 0 0 1 1 *' }] };

const notion = useNotionEmulator({ rateLimit: null });
const { seed, shared } = pagesSeed({ shared: PAGES });
/** A database with two data sources under the shared root, for the Resources list's locator. */
const ROADMAP = { database: stableId('database:roadmap'), tasks: stableId('data-source:roadmap-tasks'), archive: stableId('data-source:roadmap-archive') };
seed.objects.push(
	{ id: ROADMAP.database, kind: 'database', title: 'Roadmap', parentId: WORLD.pages.sharedRoot.id },
	{ id: ROADMAP.tasks, kind: 'data_source', title: 'Tasks', parentId: ROADMAP.database },
	{ id: ROADMAP.archive, kind: 'data_source', title: 'Archive', parentId: ROADMAP.database },
);

type Item = Record<string, any>; // any: the test reads the report's nested fields

describe.each(N8N_VERSIONS)('Notion Access Watch in n8n %s', (version) => {
	let inst: N8nInstance;
	let grantId: string;
	const emitted: Item[] = [];
	/** n8n's warnings and errors that name the trigger, over every start */
	const complaints: string[] = [];

	/**
	 * Starts n8n (its activation polls once), waits for the poll's log line and, if it emitted,
	 * for the execution it started, then stops n8n. Returns the items the watch emitted.
	 */
	async function poll(): Promise<{ items: Item[]; requests: ReturnType<typeof requestsOf> }> {
		const before = readExecutions(inst, EXAMPLE.id).length;
		notion().emulator.control.clearLog();
		const proc = await startProcess(inst, 'start', { readyTimeoutMs: 300_000 });
		let changes: number;
		try {
			changes = await waitFor(() => {
				const line = proc.records().find((record) => record.message.startsWith(`Notion Access Watch "${WATCH}":`));
				return line ? Number(/: (\d+) change/.exec(line.message)![1]) : undefined;
			});
			if (changes > 0) await waitFor(() => readExecutions(inst, EXAMPLE.id).slice(before).find((run) => run.status !== 'running' && run.status !== 'new'));
		} finally {
			complaints.push(
				...proc.records().filter((r) => (r.level === 'warn' || r.level === 'error') && /notionAccessWatch|Notion Access Watch/i.test(JSON.stringify(r))).map((r) => r.message),
			);
			await proc.stop();
		}
		const runs = readExecutions(inst, EXAMPLE.id).slice(before);
		expect(runs.map((run) => run.status)).toEqual(changes > 0 ? ['success'] : []);
		const items = runs.flatMap((run) => nodeItems(run.runData, WATCH));
		if (runs[0]) expect(nodeItems(runs[0].runData, 'Alert message').map((item) => item.event)).toEqual(items.map((item) => item.event));
		emitted.push(...items);
		return { items, requests: requestsOf() };
	}

	function requestsOf() {
		const log = notion().emulator.control.getLog().filter((entry) => entry.path.startsWith('/v1/') && !entry.path.startsWith('/v1/oauth/'));
		return {
			total: log.length,
			token: log.filter((entry) => entry.path === '/v1/users/me').length,
			search: log.filter((entry) => entry.path === '/v1/search').length,
			resources: new Set(log.filter((entry) => entry.path.startsWith('/v1/pages/') || entry.path.startsWith('/v1/data_sources/')).map((entry) => entry.path.split('/')[3])).size,
		};
	}

	const events = (items: Item[]) => items.map((item) => `${item.event}${item.resource ? `:${item.resource.id}` : ''}`).sort();

	beforeAll(async () => {
		notion().emulator.control.reset(seed);
		notion().emulator.control.setModes({ rateLimit: null });
		inst = await createInstance(version, { emulatorPort: notion().emulator.port, caFile: notion().tls.caFile });
		grantId = (await connectCredential(inst, notion().emulator, CREDENTIAL)).grantId;
		const workflow = structuredClone(EXAMPLE);
		Object.assign((workflow.nodes as ExampleNode[]).find((node) => node.name === WATCH)!.parameters, {
			pollTimes: NEVER,
			watch: 'listAndSearch',
			resourcesText: shared.map((id) => `https://www.notion.so/acme/Bench-Page-${id.replace(/-/g, '')}`).join('\n'),
			options: { requestsPerSecond: 100 },
		});
		await importWorkflow(inst, workflow);
		await activateWorkflow(inst, EXAMPLE.id);
	});

	afterAll(() => {
		if (inst) removeInstance(inst);
	});

	test('baseline: the first poll emits nothing, within 1 + resources + search pages requests for 100 pages, the cap', async () => {
		const { items, requests } = await poll();
		expect(items).toEqual([]);
		expect(requests.token).toBe(1);
		expect(requests.resources).toBe(PAGES);
		expect(requests.search).toBe(2); // 100 pages + the handbook, its child, the database row and the data source
		expect(requests.total).toBeLessThanOrEqual(1 + PAGES + requests.search);
	});

	test('a watched page unshared while n8n was down: exactly one access_lost with Share Page\'s remediation; then nothing', async () => {
		const control = notion().emulator.control;
		control.unshareObject(shared[0], { grantId });
		// Meanwhile a page is shared that search will index only later.
		control.setModes({ searchIndexDelayMs: 3_600_000 });
		control.shareObject(WORLD.pages.unshared.id, { grantId });
		const { items, requests } = await poll();
		expect(events(items)).toEqual([`access_lost:${shared[0]}`]);
		expect(items[0]).toMatchObject({
			verdict: 'share_page',
			reason: 'not_shared_or_missing',
			resource: { id: shared[0] },
			integration: { name: WORLD.publicIntegration.name },
			credential: { name: CREDENTIAL.name },
			previous: { verdict: 'access_ok', reason: 'accessible' },
		});
		expect(items[0].remediation).toContain(shared[0].replace(/-/g, ''));
		expect(items[0].remediation).toContain(`"${WORLD.publicIntegration.name}"`);
		expect(requests.total).toBeLessThanOrEqual(1 + requests.resources + requests.search);

		expect((await poll()).items).toEqual([]);
	});

	test('reshared, and the index caught up with the new share: one access_restored and the new page newly visible', async () => {
		const control = notion().emulator.control;
		control.shareObject(shared[0], { grantId });
		control.setModes({ searchIndexDelayMs: 0 });
		const { items } = await poll();
		// sharing "Private Notes" also shared the Finance database's data source inside it
		expect(events(items)).toEqual(
			[`access_restored:${shared[0]}`, `newly_visible:${WORLD.pages.unshared.id}`, `newly_visible:${items.find((i) => i.resource.type === 'data_source')?.resource.id}`].sort(),
		);
		expect(items.find((item) => item.event === 'newly_visible' && item.resource.type === 'page')).toMatchObject({
			verdict: 'access_ok',
			resource: { title: WORLD.pages.unshared.title },
			previous: null,
		});
	});

	test('removed from the connection: no_longer_visible, confirmed by a GET', async () => {
		notion().emulator.control.unshareObject(WORLD.pages.unshared.id, { grantId });
		const { items } = await poll();
		expect(items.map((item) => item.event)).toEqual(['no_longer_visible', 'no_longer_visible']);
		expect(items.find((item) => item.resource.id === WORLD.pages.unshared.id)).toMatchObject({ verdict: 'share_page', reason: 'not_shared_or_missing' });
	});

	test('Notion answers 503 to everything for a poll: one outage_started, then one outage_ended, no resource reported lost', async () => {
		notion().emulator.control.addFault({ path: '/v1/*', count: 100_000, fault: 'http503' });
		const outage = await poll();
		expect(events(outage.items)).toEqual(['outage_started']);
		expect(outage.items[0]).toMatchObject({ verdict: 'retry', reason: 'service_unavailable', httpStatus: 503 });
		expect(outage.requests.total).toBe(1); // the token check failed: nothing else was asked
		notion().emulator.control.clearFaults();
		expect(events((await poll()).items)).toEqual(['outage_ended']);
	});

	test('Resources as a list of locators (From List, and a plain string saved before): a data source of a listed database trashed is one access_lost naming it', async () => {
		const workflow = structuredClone(EXAMPLE);
		Object.assign((workflow.nodes as ExampleNode[]).find((node) => node.name === WATCH)!.parameters, {
			pollTimes: NEVER,
			watch: 'list',
			resourceInput: 'collection',
			resourceList: {
				resources: [
					{ resource: { __rl: true, mode: 'list', value: ROADMAP.database, cachedResultName: 'Roadmap' }, type: 'auto' },
					{ resource: `https://www.notion.so/acme/Bench-Page-${shared[1].replace(/-/g, '')}`, type: 'page' },
				],
			},
			options: { requestsPerSecond: 100 },
		});
		// 2.x refuses to import over a published workflow: unpublish it first. Whatever static data the
		// import keeps, the first poll below emits nothing: the database is new and readable.
		if (!inst.version.startsWith('1.')) expect((await runCli(inst, ['unpublish:workflow', `--id=${EXAMPLE.id}`])).code).toBe(0);
		await importWorkflow(inst, workflow);
		await activateWorkflow(inst, EXAMPLE.id);
		const first = await poll();
		expect(first.items).toEqual([]);
		notion().emulator.control.trashObject(ROADMAP.archive);
		const { items, requests } = await poll();
		expect(events(items)).toEqual([`access_lost:${ROADMAP.database}`]);
		expect(items[0]).toMatchObject({
			verdict: 'share_page',
			reason: 'in_trash',
			resource: { id: ROADMAP.database, type: 'database' },
			dataSource: { id: ROADMAP.archive, name: 'Archive' },
			dataSources: [{ id: ROADMAP.tasks, verdict: 'access_ok' }, { id: ROADMAP.archive, verdict: 'share_page', reason: 'in_trash' }],
			previous: { verdict: 'access_ok' },
		});
		// The token, the page, the database at its own endpoint (its kind known since the last poll) and its two data sources.
		expect(requests.total).toBe(5);
		notion().emulator.control.restoreObject(ROADMAP.archive);
	});

	test('the grant revoked: one token_lost with Reauthorize, no per-resource events', async () => {
		notion().emulator.control.revokeGrant(grantId);
		const { items, requests } = await poll();
		expect(events(items)).toEqual(['token_lost']);
		expect(items[0]).toMatchObject({ verdict: 'reauthorize', reason: 'grant_revoked', credential: { name: CREDENTIAL.name }, previous: { verdict: 'access_ok' } });
		expect(items[0].remediation).toContain('Reconnect');
		expect(requests.resources).toBe(0);
	});

	test('over every restart: each change reported once, no warning about the trigger, and no secret in any event or log line', () => {
		expect(complaints).toEqual([]);
		expect(emitted.map((item) => item.event).sort()).toEqual(
			['access_lost', 'access_lost', 'access_restored', 'newly_visible', 'newly_visible', 'no_longer_visible', 'no_longer_visible', 'outage_started', 'outage_ended', 'token_lost'].sort(),
		);
		const grant = notion().emulator.control.getGrant(grantId);
		const secrets = [grant.accessToken, grant.refreshToken, WORLD.publicIntegration.clientSecret];
		const text = JSON.stringify(emitted) + readLogs(inst);
		for (const secret of secrets) expect(text.includes(secret)).toBe(false);
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
