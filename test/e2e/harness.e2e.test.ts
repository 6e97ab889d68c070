/**
 * Proves the harness on both n8n lines with stock nodes: the preload and test CA bring
 * api.notion.com to a local HTTPS stub, the CLI helpers work, the package is seen as a community
 * package, and queue mode runs a webhook execution on a worker.
 */
import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';
import {
	N8N_VERSIONS, N8nInstance, REPO_DIR, activateWorkflow, createInstance, execute, executeBatch, exportCredential,
	importCredentials, importWorkflow, nodeItems, queueModeEnv, blockedConnections, removeInstance, runCli, startProcess, startRedis,
	WorkflowFixture, runProblem,
} from './n8n';
import { createTestTls, NOTION_HOST, TestTls } from './tls';
import { startEmulator, WORLD } from '../emulator';

jest.setTimeout(600_000);

const TOKEN = 'fake-e2e-harness-token-not-a-secret';
const BOT = { object: 'user', id: 'b0b0b0b0-0000-4000-8000-000000000001', type: 'bot', bot: { workspace_name: 'E2E Workspace' } };

interface SeenRequest { method?: string; url?: string; authorization?: string; servername?: string | false; host?: string }

/** A stand-in for the emulator: just GET /v1/users/me, and it records what reached it. */
async function startStub(tls: TestTls): Promise<{ port: number; seen: SeenRequest[]; close(): Promise<void> }> {
	const seen: SeenRequest[] = [];
	const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
		seen.push({
			method: req.method, url: req.url, authorization: req.headers.authorization, host: req.headers.host,
			servername: (req.socket as import('tls').TLSSocket & { servername?: string | false }).servername,
		});
		res.setHeader('content-type', 'application/json');
		if (req.url === '/v1/users/me' && req.headers.authorization === `Bearer ${TOKEN}`) {
			res.end(JSON.stringify(BOT));
		} else {
			res.statusCode = 401;
			res.end(JSON.stringify({ object: 'error', status: 401, code: 'unauthorized', message: 'API token is invalid.' }));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as import('net').AddressInfo).port,
		seen,
		close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
	};
}

const CREDENTIAL = { id: 'e2eHeaderAuth001', name: 'Notion header', type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${TOKEN}` } };

const getMe = (position: [number, number]) => ({
	id: 'http-get-me', name: 'Get me', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position,
	parameters: {
		url: `https://${NOTION_HOST}/v1/users/me`,
		authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth',
		sendHeaders: true, headerParameters: { parameters: [{ name: 'Notion-Version', value: '2022-06-28' }] },
		options: {},
	},
	credentials: { httpHeaderAuth: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
});

function manualWorkflow(id: string): WorkflowFixture {
	return {
		id, name: `smoke ${id}`,
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			getMe([220, 0]),
		],
		connections: { Start: { main: [[{ node: 'Get me', type: 'main', index: 0 }]] } },
	};
}

/** HTTP Request with n8n's built-in Notion OAuth2 credential: a 401 makes core refresh through @n8n/client-oauth2. */
function oauthWorkflow(id: string, credentialId: string): WorkflowFixture {
	const wf = manualWorkflow(id);
	Object.assign(wf.nodes[1] as object, {
		credentials: { notionOAuth2Api: { id: credentialId, name: 'Notion OAuth2' } },
	});
	Object.assign((wf.nodes[1] as { parameters: object }).parameters, {
		authentication: 'predefinedCredentialType', nodeCredentialType: 'notionOAuth2Api', genericAuthType: undefined,
	});
	return wf;
}

function webhookWorkflow(id: string, webhookPath: string): WorkflowFixture {
	return {
		id, name: `queue ${id}`,
		nodes: [
			{
				id: 'hook', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0],
				webhookId: '5f0c3c52-8a3e-4b8e-9d55-0e2e0e2e0e01',
				parameters: { httpMethod: 'GET', path: webhookPath, responseMode: 'lastNode', options: {} },
			},
			getMe([220, 0]),
		],
		connections: { Webhook: { main: [[{ node: 'Get me', type: 'main', index: 0 }]] } },
	};
}

const hasDist = fs.existsSync(path.join(REPO_DIR, 'dist'));
const timings: string[] = [];

afterAll(() => {
	if (!hasDist) console.warn('SKIPPED the community package check: /work/main/dist does not exist yet (npm run build).');
	console.log(`n8n CLI timings:\n${timings.join('\n')}`);
});

describe.each(N8N_VERSIONS)('n8n %s', (version) => {
	let tls: TestTls;
	let stub: Awaited<ReturnType<typeof startStub>>;
	let inst: N8nInstance;

	beforeAll(async () => {
		tls = createTestTls();
		stub = await startStub(tls);
		inst = await createInstance(version, { emulatorPort: stub.port, caFile: tls.caFile, packageDir: hasDist ? REPO_DIR : null });
		await importCredentials(inst, [CREDENTIAL]);
		await importWorkflow(inst, [manualWorkflow('e2eSmoke00000001'), manualWorkflow('e2eSmoke00000002'), manualWorkflow('e2eSmoke00000003')]);
	});

	afterAll(async () => {
		await stub?.close();
		if (inst) removeInstance(inst);
		if (tls) fs.rmSync(tls.dir, { recursive: true, force: true });
	});

	test('HTTP Request to api.notion.com reaches the local stub through the preload and the test CA', async () => {
		const before = stub.seen.length;
		const result = await execute(inst, 'e2eSmoke00000001');
		timings.push(`${version} execute: ${result.cli.durationMs} ms`);
		const second = await execute(inst, 'e2eSmoke00000001');
		timings.push(`${version} execute (again): ${second.cli.durationMs} ms`);

		expect(result.error).toBeUndefined();
		expect(runProblem(result)).toBeUndefined();
		expect(nodeItems(result.runData, 'Get me')).toEqual([BOT]);
		const seen = stub.seen.slice(before);
		expect(seen).toHaveLength(2);
		expect(seen[0]).toMatchObject({ method: 'GET', url: '/v1/users/me', authorization: `Bearer ${TOKEN}`, servername: NOTION_HOST, host: NOTION_HOST });
		// the guard in the preload refuses anything but loopback; n8n should not even try
		expect(blockedConnections(inst)).toEqual([]);
	});

	test('a 401 from the stub comes back as a failed execution with the error', async () => {
		const wf = manualWorkflow('e2eSmoke0000bad1');
		(wf.nodes[1] as { credentials: unknown }).credentials = undefined;
		(wf.nodes[1] as { parameters: Record<string, unknown> }).parameters.authentication = 'none';
		await importWorkflow(inst, wf);
		const result = await execute(inst, wf.id);
		expect(result.ok).toBe(false);
		expect(JSON.stringify(result.error ?? result.runData)).toMatch(/401|unauthorized|Authorization failed/i);
	});

	test('with the emulator: a refresh by the built-in Notion OAuth2 credential reaches its token endpoint too', async () => {
		const emu = await startEmulator({ tls: { key: tls.key, cert: tls.cert }, modes: { rateLimit: null } });
		const stubPort = inst.emulatorPort;
		inst.emulatorPort = emu.port;
		try {
			const grant = emu.control.createGrant();
			emu.control.expireGrant(grant.grantId);
			const credentialId = 'e2eNotionOAuth01';
			await importCredentials(inst, [{
				id: credentialId, name: 'Notion OAuth2', type: 'notionOAuth2Api',
				data: {
					clientId: WORLD.publicIntegration.clientId, clientSecret: WORLD.publicIntegration.clientSecret,
					oauthTokenData: { access_token: grant.accessToken, refresh_token: grant.refreshToken, token_type: 'bearer' },
				},
			}]);
			await importWorkflow(inst, oauthWorkflow('e2eSmokeOAuth001', credentialId));

			const result = await execute(inst, 'e2eSmokeOAuth001');
			expect(result.error).toBeUndefined();
			expect(nodeItems(result.runData, 'Get me')[0]).toMatchObject({ object: 'user', type: 'bot' });
			const log = emu.control.getLog();
			expect(log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
				'GET /v1/users/me 401', 'POST /v1/oauth/token 200', 'GET /v1/users/me 200',
			]);
			const current = emu.control.getGrant(grant.grantId);
			const stored = await exportCredential(inst, credentialId);
			expect((stored.oauthTokenData as Record<string, unknown>).refresh_token).toBe(current.refreshToken);
		} finally {
			inst.emulatorPort = stubPort;
			await emu.close();
		}
	});

	test('execute-batch runs several workflows in one process and returns their run data', async () => {
		const ids = ['e2eSmoke00000001', 'e2eSmoke00000002', 'e2eSmoke00000003'];
		const before = stub.seen.length;
		const batch = await executeBatch(inst, ids, 3);
		timings.push(`${version} execute-batch x3: ${batch.cli.durationMs} ms`);
		expect(batch.summary).toMatchObject({ successfulExecutions: 3, failedExecutions: 0, warningExecutions: 0 });
		expect(batch.executions.map((e) => e.workflowId).sort()).toEqual(ids);
		for (const e of batch.executions) expect(nodeItems(e.runData!, 'Get me')).toEqual([BOT]);
		expect(stub.seen.length - before).toBe(3);
	});

	test('export:credentials returns the decrypted data', async () => {
		expect(await exportCredential(inst, CREDENTIAL.id)).toEqual(CREDENTIAL.data);
	});

	(hasDist ? test : test.skip)('n8n loads the built package as a community package', async () => {
		const out = path.join(inst.userFolder, 'nodes.json');
		const result = await runCli(inst, ['export:nodes', `--output=${out}`]);
		expect(result.code).toBe(0);
		const types = (JSON.parse(fs.readFileSync(out, 'utf8')) as Array<{ name: string }>).map((t) => t.name);
		const ours = types.filter((t) => t.startsWith(`${inst.packageName}.`));
		expect(ours).toContain(`${inst.packageName}.notionAccessCheck`);
	});

	test('queue mode: main + one worker on Redis run a webhook execution on the worker', async () => {
		const redis = await startRedis();
		const env = queueModeEnv(redis);
		const stops: Array<() => Promise<void>> = [redis.stop];
		try {
			await importWorkflow(inst, webhookWorkflow('e2eQueueHook0001', 'e2e-queue'));
			await activateWorkflow(inst, 'e2eQueueHook0001');

			let t = Date.now();
			const main = await startProcess(inst, 'start', { env });
			stops.unshift(() => main.stop());
			timings.push(`${version} start (queue mode) ready: ${Date.now() - t} ms`);
			t = Date.now();
			const worker = await startProcess(inst, 'worker', { env });
			stops.unshift(() => worker.stop());
			timings.push(`${version} worker ready: ${Date.now() - t} ms`);

			t = Date.now();
			const response = await fetch(`${main.url}/webhook/e2e-queue`);
			timings.push(`${version} webhook round trip via worker: ${Date.now() - t} ms`);
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual(BOT);

			const ran = worker.records().filter((r) => /^Worker (started|finished) execution/.test(r.message));
			expect(ran.map((r) => r.message.split(' ')[1])).toEqual(['started', 'finished']);
			expect(main.output()).not.toContain('Worker started execution');
			expect(blockedConnections(inst)).toEqual([]);
		} finally {
			for (const stop of stops) await stop();
		}
	});
});
