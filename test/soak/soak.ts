/**
 * `npm run soak [-- --minutes N] [--version 2.41.1|1.123.81]`: the package in n8n's production topology for a
 * while. Queue mode on PostgreSQL 17 + Redis, a main and 2 workers; the emulator expires every
 * access token 60 s after it was issued and kills an old refresh token at once on rotation. A
 * steady stream of webhook executions runs the Access Check on one page with one credential.
 * Prints executions, token requests against rotations (goal: one per rotation), items routed to
 * Reauthorize (goal: 0), 429s, and each process's RSS at the start and the end. Default 30 minutes.
 *
 * test/e2e/soak.e2e.test.ts runs 2 minutes of it inside `npm test` and asserts the counts.
 */
import * as fs from 'fs';

import { startEmulator, WORLD, type Modes } from '../emulator';
import { accessCheckWorkflow } from '../e2e/fixtures';
import { N8N_VERSIONS, type N8nVersion } from '../e2e/n8n';
import { createTestTls } from '../e2e/tls';
import { rssBytes, startDeployment } from './deployment';

const CREDENTIAL = { id: 'SoakCredential01', name: 'Notion (soak)' };
const HOOK = 'soak-check';
export const SOAK_MODES: Partial<Modes> = { accessTokenTtlMs: 60_000, rotation: 'immediate', rateLimit: { ratePerSecond: 3, burst: 3 } };

export interface SoakOptions {
	version: N8nVersion;
	minutes: number;
	/** one execution started every this many ms, whether or not the previous one has ended */
	intervalMs?: number;
	log?: (message: string) => void;
}

export interface SoakFigures {
	version: N8nVersion;
	minutes: number;
	executions: number;
	/** verdict reason → executions */
	reasons: Record<string, number>;
	reauthorize: number;
	/** answers that were not a verdict (an n8n error, a failed request) */
	failed: number;
	tokenRequests: number;
	invalidGrant: number;
	rotations: number;
	grantRevoked: boolean;
	tooManyRequests: number;
	rssBytes: Array<{ process: string; start?: number; end?: number }>;
}

/** Webhook → one shared page → Check → every output into one node, so the webhook answers with the verdict whatever it is. */
export function verdictWorkflow(id: string, credential: { id: string; name: string }, webhookPath: string) {
	const wf = accessCheckWorkflow(id, 'Verdict by webhook', { credential, resources: [WORLD.pages.sharedRoot.id], webhookPath });
	wf.nodes.push({ id: `${id}-verdict`, name: 'Verdict', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [600, 0], parameters: {} });
	wf.connections.Check = { main: [0, 1, 2, 3].map(() => [{ node: 'Verdict', type: 'main', index: 0 }]) };
	return wf;
}

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
	const log = options.log ?? (() => undefined);
	const tls = createTestTls();
	const emulator = await startEmulator({ tls: { key: tls.key, cert: tls.cert }, modes: SOAK_MODES });
	try {
		log(`n8n ${options.version}: PostgreSQL, Redis, main, importing`);
		const deployment = await startDeployment({
			version: options.version, emulator, caFile: tls.caFile, credential: CREDENTIAL, workflows: [verdictWorkflow('soakCheckHook001', CREDENTIAL, HOOK)],
		});
		try {
			await deployment.startWorkers(2, 5);
			const processes = [{ name: 'main', proc: deployment.main }, ...deployment.workers.map((proc, i) => ({ name: `worker ${i + 1}`, proc }))];
			const reasons: Record<string, number> = {};
			let reauthorize = 0;
			let failed = 0;
			const runOne = async () => {
				const answer = (await deployment.webhook(HOOK).catch((error: Error) => ({ error: error.message }))) as
					{ notionAccess?: { verdict?: string; reason?: string } };
				const reason = answer.notionAccess?.reason;
				if (!reason) failed++;
				if (answer.notionAccess?.verdict === 'reauthorize') reauthorize++;
				const key = reason ?? 'no verdict';
				reasons[key] = (reasons[key] ?? 0) + 1;
			};
			// Warm up: the RSS at the start is that of processes that have run the node once.
			const warm = (await deployment.webhook(HOOK)) as { notionAccess?: { reason?: string } };
			if (warm.notionAccess?.reason !== 'accessible') throw new Error(`the first execution answered ${JSON.stringify(warm).slice(0, 500)}`);
			emulator.control.clearLog();
			const rotationsBefore = emulator.control.getGrant(deployment.grantId).rotations;
			const start = processes.map(({ proc }) => rssBytes(proc));
			const intervalMs = options.intervalMs ?? 2000;
			const end = Date.now() + options.minutes * 60_000;
			const running: Array<Promise<void>> = [];
			let lastReport = Date.now();
			while (Date.now() < end) {
				running.push(runOne());
				await new Promise((resolve) => setTimeout(resolve, intervalMs));
				if (Date.now() - lastReport >= 60_000) {
					lastReport = Date.now();
					log(`${running.length} executions, ${emulator.control.getGrant(deployment.grantId).rotations - rotationsBefore} rotations, ${reauthorize} Reauthorize`);
				}
			}
			await Promise.all(running);
			const entries = emulator.control.getLog();
			const tokenEntries = entries.filter((entry) => entry.path === '/v1/oauth/token');
			const grant = emulator.control.getGrant(deployment.grantId);
			return {
				version: options.version,
				minutes: options.minutes,
				executions: running.length,
				reasons,
				reauthorize,
				failed,
				tokenRequests: tokenEntries.length,
				invalidGrant: tokenEntries.filter((entry) => entry.status === 400).length,
				rotations: grant.rotations - rotationsBefore,
				grantRevoked: grant.revoked,
				tooManyRequests: entries.filter((entry) => entry.status === 429).length,
				rssBytes: processes.map(({ name, proc }, i) => ({ process: name, start: start[i], end: rssBytes(proc) })),
			};
		} finally {
			await deployment.stop();
		}
	} finally {
		await emulator.close();
		fs.rmSync(tls.dir, { recursive: true, force: true });
	}
}

export function soakReport(f: SoakFigures): string {
	const mb = (bytes?: number) => (bytes === undefined ? '?' : `${(bytes / 2 ** 20).toFixed(0)} MB`);
	return [
		`Soak, n8n ${f.version}, ${f.minutes} min: queue mode on PostgreSQL 17 + Redis, main + 2 workers; access tokens expire 60 s after issue, ` +
		'old refresh tokens die at once on rotation; one webhook execution (Access Check, one page) every 2 s on one credential.',
		'',
		'| executions | verdicts | Reauthorize | token requests | rotations | invalid_grant | 429s | RSS start → end |',
		'|---|---|---|---|---|---|---|---|',
		`| ${f.executions} | ${Object.entries(f.reasons).map(([reason, n]) => `${reason} ${n}`).join(', ')} | ${f.reauthorize} | ${f.tokenRequests} | ` +
		`${f.rotations} | ${f.invalidGrant} | ${f.tooManyRequests} | ${f.rssBytes.map((r) => `${r.process} ${mb(r.start)} → ${mb(r.end)}`).join('; ')} |`,
	].join('\n');
}

if (require.main === module) {
	const arg = (name: string) => {
		const i = process.argv.indexOf(`--${name}`);
		return i > 0 ? process.argv[i + 1] : undefined;
	};
	const minutes = Number(arg('minutes') ?? 30);
	const version = (arg('version') ?? '2.41.1') as N8nVersion;
	if (!(minutes > 0) || !(N8N_VERSIONS as readonly string[]).includes(version)) {
		console.error(`usage: npm run soak -- [--minutes N] [--version ${N8N_VERSIONS.join('|')}]`);
		process.exit(2);
	}
	const started = Date.now();
	runSoak({ version, minutes, log: (message) => console.error(`[soak +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`) })
		.then((figures) => {
			console.log(soakReport(figures));
			console.log(`\n${JSON.stringify({ date: new Date().toISOString(), ...figures })}`);
		})
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}
