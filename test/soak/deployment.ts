/**
 * n8n as its users run it at scale, for the workers benchmark and the soak: queue mode on a
 * throwaway PostgreSQL 17 and Redis, one main, N workers, this package's credential connected to
 * an emulator grant, and workflows started by webhook through the main.
 */
import * as fs from 'fs';

import { type RunningEmulator } from '../emulator';
import { connectCredential } from '../e2e/fixtures';
import {
	activateWorkflow, createInstance, importCredentials, importWorkflow, queueModeEnv, removeInstance, startProcess, startRedis,
	type CredentialFixture, type N8nInstance, type N8nProcess, type N8nVersion, type RedisServer, type WorkflowFixture,
} from '../e2e/n8n';
import { postgresEnv, startPostgres, type PostgresServer } from '../e2e/postgres';

export interface Deployment {
	inst: N8nInstance;
	postgres: PostgresServer;
	redis: RedisServer;
	main: N8nProcess;
	workers: N8nProcess[];
	grantId: string;
	/** Starts `count` workers taking `slots` executions at once each (N8N_CONCURRENCY_PRODUCTION_LIMIT). */
	startWorkers(count: number, slots: number): Promise<N8nProcess[]>;
	stopWorkers(): Promise<void>;
	/** POST to the main's webhook; the parsed JSON answer, or {status, text} when it is not JSON. */
	webhook(path: string, query?: Record<string, string>): Promise<unknown>;
	stop(): Promise<void>;
}

export interface DeploymentOptions {
	version: N8nVersion;
	emulator: RunningEmulator;
	caFile: string;
	/** package.json + dist/ to install (default this repo) */
	packageDir?: string;
	credential: { id: string; name: string };
	/** more credentials to import (n8n's built-in ones, for side-by-side runs) */
	extraCredentials?: CredentialFixture[];
	/** webhook-triggered workflows, activated before the main starts */
	workflows: WorkflowFixture[];
}

export async function startDeployment(options: DeploymentOptions): Promise<Deployment> {
	const postgres = await startPostgres();
	const cleanup: Array<() => Promise<void> | void> = [async () => await postgres.stop()];
	try {
		const inst = await createInstance(options.version, {
			emulatorPort: options.emulator.port, caFile: options.caFile, packageDir: options.packageDir, env: postgresEnv(postgres),
		});
		cleanup.unshift(() => {
			if (!process.env.KEEP_N8N) removeInstance(inst);
		});
		const { grantId } = await connectCredential(inst, options.emulator, options.credential);
		if (options.extraCredentials?.length) await importCredentials(inst, options.extraCredentials);
		await importWorkflow(inst, options.workflows);
		for (const workflow of options.workflows) await activateWorkflow(inst, workflow.id);
		const redis = await startRedis();
		cleanup.unshift(async () => await redis.stop());
		const queue = queueModeEnv(redis);
		const main = await startProcess(inst, 'start', { env: queue });
		cleanup.unshift(async () => await main.stop());
		// 2.x registers published workflows' webhooks shortly after the editor is up.
		const deadline = Date.now() + 60_000;
		while (options.version.startsWith('2.') && !main.output().includes('Added webhook') && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		const deployment: Deployment = {
			inst, postgres, redis, main, grantId, workers: [],
			async startWorkers(count, slots) {
				const env = { ...queue, N8N_CONCURRENCY_PRODUCTION_LIMIT: String(slots) };
				const started = await Promise.all(Array.from({ length: count }, async () => await startProcess(inst, 'worker', { env })));
				deployment.workers.push(...started);
				return started;
			},
			async stopWorkers() {
				await Promise.all(deployment.workers.map(async (worker) => await worker.stop()));
				deployment.workers = [];
			},
			async webhook(path, query = {}) {
				const response = await fetch(`${main.url}/webhook/${path}?${new URLSearchParams(query)}`, { method: 'POST' });
				const text = await response.text();
				try {
					return JSON.parse(text) as unknown;
				} catch {
					return { status: response.status, text: text.slice(0, 300) };
				}
			},
			async stop() {
				await deployment.stopWorkers();
				for (const step of cleanup) await step();
			},
		};
		return deployment;
	} catch (error) {
		for (const step of cleanup) await step();
		throw error;
	}
}

/** Resident set size of one n8n process (its task runners not included), from /proc. */
export function rssBytes(proc: N8nProcess): number | undefined {
	try {
		const status = fs.readFileSync(`/proc/${proc.child.pid}/status`, 'utf8');
		const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
		return kb ? Number(kb[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}
