/**
 * Issue 4: rotation-safe refresh, measured in real n8n against the emulator. Token-endpoint calls
 * are counted from the emulator's request log. R1–R6 run on n8n 1.123.x and 2.41.x; the figures
 * each scenario measured are written to test/.work/rotation-figures-DATABASE.json for the issue note.
 *
 * The suite (rotationSuite) runs once per database. Single-process scenarios run on SQLite. Those with several n8n processes on one database (R2,
 * R3 and the races) run on PostgreSQL, as a deployment must: n8n does not support SQLite for queue
 * mode.
 */
import * as fs from 'fs';
import * as path from 'path';

import { WORLD, type LogEntry } from '../emulator';
import { accessCheckWorkflow, connectCredential } from './fixtures';
import {
	createInstance, execute, executeBatch, exportCredential, importWorkflow, N8N_VERSIONS, nodeItems,
	queueModeEnv, readLogs, removeInstance, startProcess, startRedis, activateWorkflow,
	type N8nInstance, type N8nProcess, type N8nVersion, type RunData,
} from './n8n';
import { useNotionEmulator } from './notion';
import { postgresEnv, startPostgres, type PostgresServer } from './postgres';

const REAUTHORIZE = 1;
const RETRY = 3;
const PAGE = WORLD.pages.sharedRoot.id;
const CREDENTIAL = { id: 'RotationSafe0001', name: 'Notion (Acme, rotation-safe)' };
export type Database = 'sqlite' | 'postgres';

/** One file per database: the two suites run in parallel jest workers. */
const figuresFile = (database: Database) => path.join(__dirname, '..', '.work', `rotation-figures-${database}.json`);

function recordFigure(version: N8nVersion, database: Database, scenario: string, figure: Record<string, unknown>) {
	const FIGURES = figuresFile(database);
	fs.mkdirSync(path.dirname(FIGURES), { recursive: true });
	const all = fs.existsSync(FIGURES) ? JSON.parse(fs.readFileSync(FIGURES, 'utf8')) : {};
	all[version] = { ...all[version], [database === 'sqlite' ? scenario : `${scenario}@postgres`]: figure };
	fs.writeFileSync(FIGURES, JSON.stringify(all, null, 2));
}

const tokenRequests = (log: LogEntry[]) => log.filter((entry) => entry.path === '/v1/oauth/token');

function verdicts(runData: RunData, run = 0): string[][] {
	return [0, 1, 2, 3].map((output) =>
		nodeItems(runData, 'Check', output, run).map((json) => (json.notionAccess as { reason: string }).reason),
	);
}

/**
 * The scenarios on one database, for both n8n lines (rotation-sqlite.e2e.test.ts and
 * rotation-postgres.e2e.test.ts each run one, in parallel).
 */
export function rotationSuite(onDatabase: Database): void {
	jest.setTimeout(600_000);
	const notion = useNotionEmulator({ rateLimit: null });
	const CASES = N8N_VERSIONS.map((version) => [version, onDatabase] as const);

	describe.each(CASES)('rotation-safe refresh in n8n %s on %s', (version, database) => {
		let inst: N8nInstance;
		let postgres: PostgresServer | undefined;
		let grantId: string;
		let issuedSecrets: string[];

		/** A fresh grant, stored in n8n as the credential; the workflows are imported once. */
		async function connect() {
			notion().emulator.control.reset();
			notion().emulator.control.setModes({ rateLimit: null });
			grantId = (await connectCredential(inst, notion().emulator, CREDENTIAL)).grantId;
			notion().emulator.control.clearLog();
		}

		function currentTokens() {
			const grant = notion().emulator.control.getGrant(grantId);
			issuedSecrets.push(grant.accessToken, grant.refreshToken);
			return grant;
		}

		async function storedTokens() {
			const data = await exportCredential(inst, CREDENTIAL.id);
			return data.oauthTokenData as { access_token: string; refresh_token: string };
		}

		/** 2.x registers a published workflow's webhook shortly after the editor is up. */
		async function webhooksReady(main: N8nProcess) {
			const deadline = Date.now() + 60_000;
			while (version.startsWith('2.') && !main.output().includes('Added webhook "Start"') && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
		}

		/** The verdict a webhook execution answered with (responseMode lastNode), or what came back instead. */
		async function webhookReason(main: N8nProcess, webhookPath: string): Promise<unknown> {
			const response = await fetch(`${main.url}/webhook/${webhookPath}`, { method: 'POST' });
			const text = await response.text();
			try {
				const reason = (JSON.parse(text) as { notionAccess?: { reason?: string } }).notionAccess?.reason;
				if (reason !== undefined) return reason;
			} catch {
				// not JSON: answered below with the status and text
			}
			return { status: response.status, text: text.slice(0, 300) };
		}

		beforeAll(async () => {
			if (database === 'postgres') postgres = await startPostgres();
			inst = await createInstance(version, {
				emulatorPort: notion().emulator.port, caFile: notion().tls.caFile,
				// in the instance's env, so the CLI's imports and exports use the same database
				env: postgres ? postgresEnv(postgres) : {},
			});
			issuedSecrets = [WORLD.publicIntegration.clientSecret];
			const copies = Array.from({ length: 20 }, (_, i) =>
				accessCheckWorkflow(`rotR1wf${String(i).padStart(8, '0')}`, `R1 copy ${i}`, { credential: CREDENTIAL, resources: [PAGE] }),
			);
			await importWorkflow(inst, [
				accessCheckWorkflow('rotCheckOnePage1', 'Check one page', { credential: CREDENTIAL, resources: [PAGE] }),
				accessCheckWorkflow('rotCheckThree001', 'Check three pages', {
					credential: CREDENTIAL,
					resources: [PAGE, WORLD.pages.sharedChild.id, WORLD.pages.unshared.id],
				}),
				...copies,
			]);
		});

		afterAll(async () => {
			if (inst && !process.env.KEEP_N8N) removeInstance(inst);
			await postgres?.stop();
		});

		if (database === 'sqlite') {
			it('R4: an expired access token is refreshed once, the newest refresh token is stored, and the next run needs no refresh', async () => {
				await connect();
				notion().emulator.control.expireGrant(grantId);
				const first = await execute(inst, 'rotCheckOnePage1');
				expect(verdicts(first.runData)).toEqual([['accessible'], [], [], []]);
				const refreshes = tokenRequests(notion().emulator.control.getLog());
				expect(refreshes).toHaveLength(1);
				expect(refreshes[0].grantType).toBe('refresh_token');
				expect(refreshes[0].auth).toBe('basic');

				const newest = currentTokens();
				expect(newest.rotations).toBe(1);
				expect(await storedTokens()).toMatchObject({ access_token: newest.accessToken, refresh_token: newest.refreshToken });

				notion().emulator.control.clearLog();
				const second = await execute(inst, 'rotCheckOnePage1');
				expect(verdicts(second.runData)).toEqual([['accessible'], [], [], []]);
				expect(tokenRequests(notion().emulator.control.getLog())).toHaveLength(0);
				recordFigure(version, database, 'R4', { tokenRequestsFirstRun: 1, tokenRequestsNextRun: 0, storedIsNewest: true });
			});

			it('R1: 20 executions in one process hit the expired token together: exactly 1 token request, all 20 Access OK', async () => {
				await connect();
				notion().emulator.control.expireGrant(grantId);
				const ids = Array.from({ length: 20 }, (_, i) => `rotR1wf${String(i).padStart(8, '0')}`);
				const batch = await executeBatch(inst, ids, 20);
				const reasons = batch.executions.map((execution) => (execution.runData ? verdicts(execution.runData) : execution.error));
				expect(reasons).toEqual(ids.map(() => [['accessible'], [], [], []]));
				const refreshes = tokenRequests(notion().emulator.control.getLog()).length;
				expect(refreshes).toBe(1);
				const newest = currentTokens();
				expect(await storedTokens()).toMatchObject({ refresh_token: newest.refreshToken });
				recordFigure(version, database, 'R1', { executions: 20, tokenRequests: refreshes, accessOk: 20 });
			});

			it('R5: a revoked grant sends every item to Reauthorize (grant_revoked) after exactly 1 token request', async () => {
				await connect();
				notion().emulator.control.revokeGrant(grantId);
				const run = await execute(inst, 'rotCheckThree001');
				expect(verdicts(run.runData)).toEqual([[], ['grant_revoked', 'grant_revoked', 'grant_revoked'], [], []]);
				const report = nodeItems(run.runData, 'Check', REAUTHORIZE)[0].notionAccess as Record<string, unknown>;
				expect(report).toMatchObject({ verdict: 'reauthorize', credential: { name: CREDENTIAL.name } });
				expect(String(report.remediation)).toContain(CREDENTIAL.name);
				const refreshes = tokenRequests(notion().emulator.control.getLog()).length;
				expect(refreshes).toBe(1);
				recordFigure(version, database, 'R5', { items: 3, tokenRequests: refreshes, reauthorize: 3 });
			});

			it.each(['http503', 'reset'] as const)('R6: %s from the token endpoint routes to Retry and leaves the stored credential unchanged', async (fault) => {
				await connect();
				const before = await storedTokens();
				notion().emulator.control.expireGrant(grantId);
				notion().emulator.control.addFault({ path: '/v1/oauth/token', count: 1, fault });
				const run = await execute(inst, 'rotCheckOnePage1');
				expect(verdicts(run.runData)).toEqual([[], [], [], ['token_endpoint_unavailable']]);
				const report = nodeItems(run.runData, 'Check', RETRY)[0].notionAccess as Record<string, unknown>;
				expect(report.retryAfterSeconds).toEqual(expect.any(Number));
				expect(Date.parse(String(report.retryAt))).toBeGreaterThan(Date.now() - 60_000);
				expect(await storedTokens()).toEqual(before);
				recordFigure(version, database, `R6-${fault}`, { tokenRequests: tokenRequests(notion().emulator.control.getLog()).length, retry: 1, storedUnchanged: true });
			});

			it('replay revokes the grant: one process still refreshes once and ends Access OK', async () => {
				await connect();
				notion().emulator.control.setModes({ rateLimit: null, rotation: 'replay_revokes' });
				notion().emulator.control.expireGrant(grantId);
				const ids = Array.from({ length: 20 }, (_, i) => `rotR1wf${String(i).padStart(8, '0')}`);
				const batch = await executeBatch(inst, ids, 20);
				expect(batch.executions.map((execution) => execution.runData && verdicts(execution.runData).flat())).toEqual(ids.map(() => ['accessible']));
				const refreshes = tokenRequests(notion().emulator.control.getLog()).length;
				expect(refreshes).toBe(1);
				expect(currentTokens().revoked).toBe(false);
				recordFigure(version, database, 'R1-replay_revokes', { executions: 20, tokenRequests: refreshes, accessOk: 20 });
			});
		} else {
			it('R2: two processes race without Redis; the loser re-reads the stored credential and both end Access OK', async () => {
				await connect();
				notion().emulator.control.expireGrant(grantId);
				// Hold refreshes until both processes have asked: the race is certain, not a matter of timing.
				notion().emulator.control.setModes({ rateLimit: null, rotation: 'immediate', tokenBarrier: { count: 2, timeoutMs: 90_000 } });
				const [a, b] = await Promise.all([execute(inst, 'rotCheckOnePage1'), execute(inst, 'rotCheckOnePage1')]);
				const refreshes = tokenRequests(notion().emulator.control.getLog());
				expect(refreshes.map((entry) => entry.status).sort()).toEqual([200, 400]); // one won, one got invalid_grant
				expect(verdicts(a.runData)).toEqual([['accessible'], [], [], []]);
				expect(verdicts(b.runData)).toEqual([['accessible'], [], [], []]);
				const newest = currentTokens();
				expect(await storedTokens()).toMatchObject({ refresh_token: newest.refreshToken });
				recordFigure(version, database, 'R2', { processes: 2, tokenRequests: refreshes.length, invalidGrant: 1, accessOk: 2, reauthorize: 0 });
			});

			it('R3: queue mode with Redis, a main and 2 workers: a burst of executions all end Access OK (then again with replay revoking the grant)', async () => {
				await connect();
				const redis = await startRedis();
				const queue = queueModeEnv(redis);
				const hookWorkflow = accessCheckWorkflow('rotQueueHook0001', 'Queue burst', {
					credential: CREDENTIAL, resources: [PAGE], webhookPath: 'rotation-burst', answerFromEveryOutput: true,
				});
				await importWorkflow(inst, hookWorkflow);
				await activateWorkflow(inst, 'rotQueueHook0001');
				const processes = [];
				try {
					// 3 jobs at a time per worker: a burst of 6 has to spread over both workers.
					const workerEnv = { ...queue, N8N_CONCURRENCY_PRODUCTION_LIMIT: '3' };
					processes.push(await startProcess(inst, 'worker', { env: workerEnv }));
					processes.push(await startProcess(inst, 'worker', { env: workerEnv }));
					const main = await startProcess(inst, 'start', { env: queue });
					processes.push(main);
					await webhooksReady(main);
					const workers = processes.slice(0, 2);
					const jobsSoFar = () => workers.map((worker) => (worker.output().match(/started execution/gi) ?? []).length);

					/** Six webhook executions at once on an expired access token. */
					async function burst() {
						const jobsBefore = jobsSoFar();
						notion().emulator.control.clearLog();
						notion().emulator.control.expireGrant(grantId);
						const reasons = await Promise.all(Array.from({ length: 6 }, async () => await webhookReason(main, 'rotation-burst')));
						return {
							tokenRequests: tokenRequests(notion().emulator.control.getLog()).length,
							reasons,
							jobsPerWorker: jobsSoFar().map((jobs, i) => jobs - jobsBefore[i]),
						};
					}

					const immediate = await burst();
					recordFigure(version, database, 'R3', immediate);
					expect(immediate.reasons).toEqual(Array.from({ length: 6 }, () => 'accessible'));
					expect(immediate.jobsPerWorker.every((jobs) => jobs > 0)).toBe(true);
					if (version.startsWith('2.')) {
						// 2.41's refresh lease is a Redis lock in queue mode: one refresh across all workers.
						expect(immediate.tokenRequests).toBe(1);
					} else {
						// 1.x core has no lock: each worker refreshes at most once (this package's single flight),
						// and a worker that loses the race recovers from the stored credential.
						expect(immediate.tokenRequests).toBeGreaterThanOrEqual(1);
						expect(immediate.tokenRequests).toBeLessThanOrEqual(2);
					}
					const newest = currentTokens();
					expect(await storedTokens()).toMatchObject({ refresh_token: newest.refreshToken });

					// Replay revokes the grant: one refresh across the workers keeps it; a second one kills it.
					notion().emulator.control.setModes({ rateLimit: null, rotation: 'replay_revokes' });
					if (!version.startsWith('2.')) {
						// 1.x: hold the first refresh until the other worker's arrives, so that both workers
						// refresh for certain and this branch is the same on every run.
						notion().emulator.control.setModes({ tokenBarrier: { count: 2, timeoutMs: 15_000 } });
					}
					const replay = await burst();
					const revoked = currentTokens().revoked;
					recordFigure(version, database, 'R3-replay_revokes', { ...replay, grantRevoked: revoked });
					expect(replay.jobsPerWorker.every((jobs) => jobs > 0)).toBe(true);
					if (version.startsWith('2.')) {
						// one refresh across the workers (core's Redis lock): the grant lives, all six OK
						expect(replay.tokenRequests).toBe(1);
						expect(revoked).toBe(false);
						expect(replay.reasons).toEqual(Array.from({ length: 6 }, () => 'accessible'));
					} else {
						// Two refreshes revoked the grant. Each of the six still answers with a verdict (never
						// an error, never lost), and a Reauthorize one once the grant was gone. Each worker
						// refreshes at most twice: once in its single flight, and once more when an execution
						// that started after that flight meets the dead token and learns the grant is gone.
						expect(replay.tokenRequests).toBeGreaterThanOrEqual(2);
						expect(replay.tokenRequests).toBeLessThanOrEqual(2 * workers.length);
						expect(revoked).toBe(true);
						expect(replay.reasons).toHaveLength(6);
						for (const reason of replay.reasons) expect(['accessible', 'grant_revoked', 'token_invalid']).toContain(reason);
						expect(replay.reasons.some((reason) => reason !== 'accessible')).toBe(true);
					}
				} finally {
					await Promise.all(processes.map((process) => process.stop()));
					await redis.stop();
				}
			});

			it('R2 with two `n8n start` processes on one PostgreSQL, no queue mode, N8N_CACHE_BACKEND=redis: whether core\'s refresh lock applies', async () => {
				await connect();
				const redis = await startRedis();
				await importWorkflow(inst, accessCheckWorkflow('rotTwoMainsHook1', 'Two mains', {
					credential: CREDENTIAL, resources: [PAGE], webhookPath: 'rotation-two-mains', answerFromEveryOutput: true,
				}));
				await activateWorkflow(inst, 'rotTwoMainsHook1');
				// The cache on Redis; executions stay in each main ("regular" mode), as with two n8n
				// instances behind a load balancer on one database.
				const env = { N8N_CACHE_BACKEND: 'redis', QUEUE_BULL_REDIS_HOST: redis.host, QUEUE_BULL_REDIS_PORT: String(redis.port) };
				const mains: N8nProcess[] = [];
				try {
					mains.push(await startProcess(inst, 'start', { env }));
					mains.push(await startProcess(inst, 'start', { env }));
					for (const main of mains) await webhooksReady(main);
					notion().emulator.control.clearLog();
					notion().emulator.control.expireGrant(grantId);
					// Every token answer takes 3 s, so the two refreshes overlap for certain, and a lock
					// holder is done well inside the 10 s that 2.41's core waits for the lock.
					notion().emulator.control.setModes({ rateLimit: null, tokenDelayMs: 3000 });
					const reasons = await Promise.all(mains.map(async (main) => await webhookReason(main, 'rotation-two-mains')));
					const log = notion().emulator.control.getLog();
					const refreshes = tokenRequests(log);
					// Each main met the expired token: the node's own request and core's both answered 401.
					const unauthorized = log.filter((entry) => entry.status === 401 && entry.path === '/v1/users/me').length;
					const lockWarnings = mains.map((main) => main.output().includes('Could not acquire refresh lock')).filter(Boolean).length;
					const figure = { tokenRequests: refreshes.length, tokenStatuses: refreshes.map((entry) => entry.status), unauthorized, reasons, lockWarnings };
					recordFigure(version, database, 'R2-two-mains-cache-redis', figure);
					expect(reasons).toEqual(['accessible', 'accessible']);
					const newest = currentTokens();
					expect(await storedTokens()).toMatchObject({ refresh_token: newest.refreshToken });
					expect(unauthorized).toBeGreaterThanOrEqual(4);
					if (version.startsWith('2.')) {
						// 2.41 takes its refresh lock from Redis whenever the cache backend is Redis, queue mode or not.
						expect(refreshes.map((entry) => entry.status)).toEqual([200]);
						expect(lockWarnings).toBe(0);
					} else {
						// 1.x core has no lock at all: both refresh, the loser recovers from the stored credential.
						expect(refreshes.map((entry) => entry.status).sort()).toEqual([200, 400]);
					}
				} finally {
					notion().emulator.control.setModes({ tokenDelayMs: 0 });
					await Promise.all(mains.map(async (main) => await main.stop()));
					await redis.stop();
				}
			});

			describe('Notion\'s unknowns: what happens to the old refresh token', () => {
				async function race(rotation: 'replay_revokes' | 'grace') {
					await connect();
					notion().emulator.control.expireGrant(grantId);
					notion().emulator.control.setModes({ rateLimit: null, rotation, graceMs: 30_000, tokenBarrier: { count: 2, timeoutMs: 90_000 } });
					const runs = await Promise.all([execute(inst, 'rotCheckOnePage1'), execute(inst, 'rotCheckOnePage1')]);
					const refreshes = tokenRequests(notion().emulator.control.getLog());
					const grant = currentTokens();
					const stored = await storedTokens();
					notion().emulator.control.clearLog();
					const after = await execute(inst, 'rotCheckOnePage1');
					const figure = {
						tokenRequests: refreshes.length,
						tokenStatuses: refreshes.map((entry) => entry.status),
						reasons: runs.map((run) => verdicts(run.runData).flat()),
						grantRevoked: grant.revoked,
						storedIsNewest: stored.refresh_token === grant.refreshToken,
						nextRunReasons: verdicts(after.runData).flat(),
						nextRunTokenRequests: tokenRequests(notion().emulator.control.getLog()).length,
					};
					recordFigure(version, database, `R2-${rotation}`, figure);
					return figure;
				}

				it('replay revokes the grant: two racing processes without Redis lose the grant, and say so (Reauthorize)', async () => {
					const figure = await race('replay_revokes');
					// The loser's refresh presents the rotated token, which (in this mode) revokes the whole
					// grant, the winner's new tokens included. No process can prevent that without a
					// cross-process lock (2.x in queue mode with Redis). What the package guarantees: nothing
					// is reported OK that is not, and the next run says Reauthorize instead of looping.
					expect(figure.grantRevoked).toBe(true);
					expect(figure.tokenRequests).toBe(2);
					for (const [reason] of figure.reasons) expect(['token_invalid', 'grant_revoked']).toContain(reason);
					expect(figure.nextRunReasons).toEqual(['grant_revoked']);
					expect(figure.nextRunTokenRequests).toBe(1);
				});

				it('grace window: two racing processes both refresh, both end Access OK, and the stored token works', async () => {
					const figure = await race('grace');
					expect(figure.tokenStatuses).toEqual([200, 200]);
					expect(figure.reasons).toEqual([['accessible'], ['accessible']]);
					expect(figure.nextRunReasons).toEqual(['accessible']);
					// Both processes store what they got; the last write wins and may be the older pair
					// (`storedIsNewest` in the figures), whose refresh token lives only as long as the grace
					// window. Without a cross-process lock nothing in a node can order the two writes.
				});
			});
		}

		it('no token, refresh token or client secret appears in any execution output or in n8n\'s debug log', () => {
			currentTokens();
			const logs = readLogs(inst);
			expect(logs.length).toBeGreaterThan(1000);
			for (const secret of new Set(issuedSecrets)) {
				expect(logs.includes(secret) ? secret : null).toBeNull();
			}
		});
	});
}
