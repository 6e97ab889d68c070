/**
 * What a worker killed with SIGKILL in the middle of a refresh leaves behind (issue 13, "What can
 * still go wrong"). Queue mode on PostgreSQL, one worker. The emulator rotates the grant when the
 * refresh request arrives and answers 10 s later; the worker is killed in between, so Notion has
 * rotated and n8n never stored the new tokens. Then a new worker runs the same check again.
 *
 * `node --import tsx test/soak/kill-worker.ts [--version 2.41.1|1.123.81]`: prints the figures
 * as JSON. A measurement for the README, not a test.
 */
import * as fs from 'fs';

import { startEmulator } from '../emulator';
import { exportCredential, type N8nVersion } from '../e2e/n8n';
import { createTestTls } from '../e2e/tls';
import { startDeployment } from './deployment';
import { verdictWorkflow } from './soak';

const CREDENTIAL = { id: 'KillWorkerCred01', name: 'Notion (kill -9)' };
const HOOK = 'kill-worker';

async function within<T>(ms: number, work: Promise<T>): Promise<T | 'no answer'> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<'no answer'>((resolve) => (timer = setTimeout(() => resolve('no answer'), ms)));
	return await Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function killWorkerDuringRefresh(version: N8nVersion) {
	const tls = createTestTls();
	const emulator = await startEmulator({ tls: { key: tls.key, cert: tls.cert }, modes: { rateLimit: null, rotation: 'immediate' } });
	const workflow = verdictWorkflow('killWorkerHook01', CREDENTIAL, HOOK);
	const deployment = await startDeployment({ version, emulator, caFile: tls.caFile, credential: CREDENTIAL, workflows: [workflow] });
	const reason = (answer: unknown) => {
		const access = (answer as { notionAccess?: { verdict?: string; reason?: string } })?.notionAccess;
		return access ? `${access.verdict}: ${access.reason}` : answer;
	};
	try {
		const [victim] = await deployment.startWorkers(1, 5);
		const warm = reason(await deployment.webhook(HOOK));
		const before = emulator.control.getGrant(deployment.grantId);
		emulator.control.expireGrant(deployment.grantId);
		emulator.control.setModes({ tokenDelayMs: 10_000 });
		emulator.control.clearLog();
		const killedRun = deployment.webhook(HOOK).catch((error: Error) => ({ error: error.message }));
		const deadline = Date.now() + 60_000;
		while (!emulator.control.getLog().some((entry) => entry.path === '/v1/oauth/token') && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		const rotatedBeforeKill = emulator.control.getGrant(deployment.grantId).rotations - before.rotations;
		process.kill(-victim.child.pid!, 'SIGKILL');
		await victim.stop(0);
		deployment.workers = [];
		emulator.control.setModes({ tokenDelayMs: 0 });
		const stored = (await exportCredential(deployment.inst, CREDENTIAL.id)).oauthTokenData as { refresh_token?: string };
		const grant = emulator.control.getGrant(deployment.grantId);
		await deployment.startWorkers(1, 5);
		// The killed execution's webhook call: does the main ever answer it (a stalled job run again)?
		const killedAnswer = reason(await within(90_000, killedRun));
		const next = reason(await within(90_000, deployment.webhook(HOOK)));
		const tokenLog = emulator.control.getLog().filter((entry) => entry.path === '/v1/oauth/token');
		return {
			version,
			warm,
			rotatedBeforeKill,
			storedRefreshTokenIsOld: stored.refresh_token === before.refreshToken,
			storedRefreshTokenIsNewest: stored.refresh_token === grant.refreshToken,
			killedExecutionAnswer: killedAnswer,
			nextExecution: next,
			tokenRequests: tokenLog.map((entry) => entry.status),
			grantRevoked: emulator.control.getGrant(deployment.grantId).revoked,
		};
	} finally {
		await deployment.stop();
		await emulator.close();
		fs.rmSync(tls.dir, { recursive: true, force: true });
	}
}

if (require.main === module) {
	const i = process.argv.indexOf('--version');
	const version = (i > 0 ? process.argv[i + 1] : '2.41.1') as N8nVersion;
	killWorkerDuringRefresh(version)
		.then((figures) => console.log(JSON.stringify(figures, null, 2)))
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}
