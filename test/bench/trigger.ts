/**
 * Issue 19's side-by-side (a benchmark, not a test: it asserts nothing and prints figures).
 * One emulator run, one n8n 2.41.1 with two active workflows on the same data source:
 * - A: this package's Notion Rotation-Safe Trigger (page added + page updated), on this package's credential;
 * - B: n8n's own Notion Trigger v1.1 ("Page Updated in Database"), on n8n's built-in notionApi credential.
 * (n8n 1.123.x's Notion Trigger queries /v1/databases/{id}/query with Notion-Version 2022-02-22,
 * which the emulator does not serve: the side-by-side runs on the 2.x line.)
 *
 * 100 edits in bursts, each burst inside one minute: early in a minute a burst, a poll, a second
 * burst in the same minute (dated just after that poll's last query), a poll. Every poll is an activation poll of a fresh `n8n start` (a
 * restart before every poll: n8n saves static data after activation). A change is a row whose
 * title differs from what the previous poll could see (edits between two polls collapse into one).
 * Counted per trigger: changes missed, changes emitted twice, requests per poll.
 *
 *   node --import tsx test/bench/trigger.ts        (needs `npm run build` and n8n 2.41.1 installed by test/e2e/setup.sh)
 */
import { startEmulator, WORLD } from '../emulator';
import { connectCredential } from '../e2e/fixtures';
import {
	activateWorkflow, createInstance, importCredentials, importWorkflow, readExecutions, removeInstance, startProcess, nodeItems,
	type N8nInstance, type WorkflowFixture,
} from '../e2e/n8n';
import { createTestTls } from '../e2e/tls';

const VERSION = '2.41.1' as const;
const ROWS = 12;
const ROUNDS = Number(process.env.TRIGGER_BENCH_ROUNDS ?? 2);
const EDITS = 100;
const NEVER = { item: [{ mode: 'custom', cronExpression: '0 0 0 1 1 *' }] };
const OURS = { id: 'benchTriggerOurs01', node: 'Ours' };
const N8N = { id: 'benchTriggerN8n001', node: 'n8n Notion Trigger' };
const OUR_VERSION = '2025-09-03';

function workflows(): WorkflowFixture[] {
	return [
		{
			id: OURS.id,
			name: 'Bench: Notion Rotation-Safe Trigger',
			nodes: [
				{
					id: 'a1', name: OURS.node, type: 'n8n-nodes-notion-access.notionTrigger', typeVersion: 1, position: [0, 0],
					parameters: { pollTimes: NEVER, authentication: 'notionRotationSafeOAuth2Api', dataSource: { __rl: true, mode: 'id', value: WORLD.dataSource.id }, events: ['page_added', 'page_updated'], simplify: true, options: { requestsPerSecond: 100 } },
					credentials: { notionRotationSafeOAuth2Api: { id: 'benchOurs', name: 'Notion (ours)' } },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
		{
			id: N8N.id,
			name: "Bench: n8n's Notion Trigger",
			nodes: [
				{
					id: 'b1', name: N8N.node, type: 'n8n-nodes-base.notionTrigger', typeVersion: 1.1, position: [0, 0],
					parameters: { pollTimes: NEVER, authentication: 'apiKey', event: 'pagedUpdatedInDatabase', dataSourceId: { __rl: true, mode: 'id', value: WORLD.dataSource.id }, simple: true },
					credentials: { notionApi: { id: 'benchBuiltIn', name: 'Notion internal (built-in)' } },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
	];
}

interface Side {
	emitted: Array<{ poll: number; id: string; title: string }>;
	requestsPerPoll: number[];
	errors: number;
}

async function main() {
	const tls = createTestTls();
	const emulator = await startEmulator({ tls: { key: tls.key, cert: tls.cert }, modes: { rateLimit: null } });
	let inst: N8nInstance | undefined;
	try {
		inst = await createInstance(VERSION, { emulatorPort: emulator.port, caFile: tls.caFile });
		await connectCredential(inst, emulator, { id: 'benchOurs', name: 'Notion (ours)' });
		await importCredentials(inst, [{ id: 'benchBuiltIn', name: 'Notion internal (built-in)', type: 'notionApi', data: { apiKey: WORLD.internalIntegration.secret } }]);
		await importWorkflow(inst, workflows());
		await activateWorkflow(inst, OURS.id);
		await activateWorkflow(inst, N8N.id);

		const control = emulator.control;
		const rows = Array.from({ length: ROWS }, (_, i) => control.addRow(WORLD.dataSource.id, { title: `Row ${i} r0` }).id);
		const truth = new Map(rows.map((id, i) => [id, `Row ${i} r0`]));
		const revisions = new Map(rows.map((id) => [id, 0]));
		const sides: Record<'ours' | 'n8n', Side> = { ours: { emitted: [], requestsPerPoll: [], errors: 0 }, n8n: { emitted: [], requestsPerPoll: [], errors: 0 } };
		/** The changes an ideal poller sees: (row, title) that differ from what the previous poll could see. */
		const changes: Array<{ poll: number; id: string; title: string }> = [];
		let seen = new Map(truth);
		let polls = 0;

		const poll = async (label: string) => {
			const before = { ours: readExecutions(inst!, OURS.id).length, n8n: readExecutions(inst!, N8N.id).length };
			control.clearLog();
			const started = Date.now();
			const proc = await startProcess(inst!, 'start', { readyTimeoutMs: 300_000 });
			try {
				// Ours logs one line a poll; n8n's trigger logs nothing of its own: give its activation poll time to run.
				await waitFor(() => proc.records().find((record) => record.message.startsWith(`Notion Trigger "${OURS.node}":`)));
				await new Promise((resolve) => setTimeout(resolve, 3_000));
				await waitFor(() => [OURS.id, N8N.id].every((id) => readExecutions(inst!, id).every((run) => run.status !== 'running' && run.status !== 'new')) || undefined);
			} finally {
				await proc.stop();
			}
			for (const [side, workflow] of [['ours', OURS], ['n8n', N8N]] as const) {
				const runs = readExecutions(inst!, workflow.id).slice(before[side]);
				sides[side].errors += runs.filter((run) => run.status !== 'success').length;
				for (const run of runs) {
					// n8n's trigger simplifies with its v1 shape: the properties by name, no `name` field.
					for (const item of nodeItems(run.runData, workflow.node)) sides[side].emitted.push({ poll: polls, id: String(item.id), title: String(item.name ?? item.Name) });
				}
			}
			const log = control.getLog().filter((entry) => entry.path.startsWith('/v1/') && !entry.path.startsWith('/v1/oauth/'));
			sides.ours.requestsPerPoll.push(log.filter((entry) => entry.notionVersion === OUR_VERSION).length);
			sides.n8n.requestsPerPoll.push(log.filter((entry) => entry.notionVersion !== OUR_VERSION).length);
			if (polls > 0) {
				for (const [id, title] of truth) if (seen.get(id) !== title) changes.push({ poll: polls, id, title });
			}
			seen = new Map(truth);
			console.log(`poll ${polls} (${label}): ${((Date.now() - started) / 1000).toFixed(0)} s, ours emitted ${sides.ours.emitted.filter((e) => e.poll === polls).length}, n8n's ${sides.n8n.emitted.filter((e) => e.poll === polls).length}`);
			polls++;
		};

		/** Edits to random rows, now or dated `at` (the second burst of a minute: see below). */
		const burst = (count: number, at?: string) => {
			for (let k = 0; k < count; k++) {
				const id = rows[Math.floor(Math.random() * rows.length)];
				const revision = revisions.get(id)! + 1;
				revisions.set(id, revision);
				const title = `Row ${rows.indexOf(id)} r${revision}`;
				control.editPage(id, { title, ...(at ? { at } : {}) });
				truth.set(id, title);
			}
		};

		await poll('baseline');
		const perBurst = Math.ceil(EDITS / (2 * ROUNDS));
		let edits = 0;
		for (let round = 0; round < ROUNDS; round++) {
			const intoMinute = Date.now() % 60_000;
			if (intoMinute > 3_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 500));
			const first = Math.min(perBurst, EDITS - edits);
			burst(first);
			edits += first;
			await poll(`round ${round}, after burst 1`);
			// The second burst lands in the same minute, after the poll that read the first: dated just
			// after that poll's last query, so that slow restarts on a loaded machine cannot push it into the next minute.
			const lastQuery = Math.max(...control.getLog().filter((entry) => entry.path.endsWith('/query')).map((entry) => entry.time));
			const second = Math.min(perBurst, EDITS - edits);
			burst(second, new Date(lastQuery + 1).toISOString());
			edits += second;
			await poll(`round ${round}, after burst 2 (dated ${new Date(lastQuery + 1).toISOString().slice(11, 19)})`);
		}
		await poll('final');

		const report = (side: Side) => {
			const key = (e: { id: string; title: string }) => `${e.id}|${e.title}`;
			const emitted = new Map<string, number>();
			for (const e of side.emitted) emitted.set(key(e), (emitted.get(key(e)) ?? 0) + 1);
			const missed = changes.filter((change) => !emitted.has(key(change))).length;
			const duplicates = [...emitted.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
			const polled = side.requestsPerPoll.slice(1);
			return {
				changes: changes.length,
				emitted: side.emitted.length,
				missed,
				duplicates,
				failedExecutions: side.errors,
				requestsPerPoll: { min: Math.min(...polled), max: Math.max(...polled), mean: Number((polled.reduce((a, b) => a + b, 0) / polled.length).toFixed(1)) },
				requestsBaseline: side.requestsPerPoll[0],
			};
		};
		const result = { n8n: VERSION, edits, polls, ours: report(sides.ours), n8nNotionTrigger: report(sides.n8n) };
		console.log(JSON.stringify(result, null, 2));
		console.log(`| | this package's Notion Trigger | n8n's Notion Trigger |\n|---|---|---|`);
		for (const [label, get] of [
			['changes (distinct states seen by a poll)', (r: ReturnType<typeof report>) => r.changes],
			['missed', (r: ReturnType<typeof report>) => r.missed],
			['emitted twice', (r: ReturnType<typeof report>) => r.duplicates],
			['requests per poll (mean, min-max)', (r: ReturnType<typeof report>) => `${r.requestsPerPoll.mean} (${r.requestsPerPoll.min}-${r.requestsPerPoll.max})`],
		] as const) {
			console.log(`| ${label} | ${get(result.ours)} | ${get(result.n8nNotionTrigger)} |`);
		}
	} finally {
		if (inst && !process.env.BENCH_KEEP) removeInstance(inst);
		await emulator.close();
	}
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 240_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error('timed out waiting');
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
