/**
 * n8n's own Community Nodes installer, for real, on n8n 1.123.81 and 2.41.1: the package is
 * published to a local registry (test/e2e/registry.ts) and n8n installs, updates and uninstalls it
 * by name through the REST calls its Settings → Community Nodes page makes, as the instance owner:
 *   POST   /rest/community-packages {name}            (Install)
 *   PATCH  /rest/community-packages {name[, version]} (Update)
 *   DELETE /rest/community-packages?name=NAME         (Uninstall)
 * In between, the installed node checks a page against the Notion emulator, on an expired access
 * token, so n8n core must refresh on Notion's 401 with a credential that stores no
 * tokenExpiredStatusCode (the credential declares none). Then queue mode: a worker with a folder
 * of its own installs what the main installed, and runs the node for a webhook.
 */
import * as fs from 'fs';
import * as path from 'path';

import { WORLD } from '../../emulator/world';
import { N8nRest } from '../../ui/rest';
import { NODE_TYPE } from '../../ui/workflows';
import { accessCheckWorkflow, rotationSafeCredential } from '../fixtures';
import {
	blockedConnections, createInstance, execute, importCredentials, importWorkflow, N8N_VERSIONS, nodeItems, queueModeEnv, removeInstance,
	REPO_DIR, startProcess, startRedis, type N8nInstance, type N8nProcess, type RedisServer,
} from '../n8n';
import { useNotionEmulator } from '../notion';
import { startLocalRegistry, type LocalRegistry } from '../registry';

jest.setTimeout(600_000);

const PACKAGE = 'n8n-nodes-notion-access';

/**
 * The node types the editor loads. n8n rewrites that file after an install, update or uninstall;
 * 1.x can serve it empty while it does, so ask again until it parses (within 60 s).
 */
async function nodeTypeNames(rest: N8nRest): Promise<string[]> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const types = await rest.nodeTypes().catch(() => undefined);
		if (Array.isArray(types)) return types.map((t) => t.name);
		if (Date.now() > deadline) throw new Error('GET /types/nodes.json did not answer a list within 60 s');
		await new Promise((r) => setTimeout(r, 500));
	}
}

interface InstalledPackageAnswer {
	packageName: string;
	installedVersion: string;
	installedNodes: Array<{ type: string; latestVersion: number }>;
}

describe.each(N8N_VERSIONS)('n8n %s: its Community Nodes installer, from a registry', (version) => {
	const notion = useNotionEmulator({ rateLimit: null });
	let registry: LocalRegistry;
	let instance: N8nInstance;
	let n8n: N8nProcess;
	let rest: N8nRest;
	const nodesDir = () => path.join(instance.userFolder, '.n8n', 'nodes');
	const ledger = () => JSON.parse(fs.readFileSync(path.join(nodesDir(), 'package.json'), 'utf8')).dependencies;

	beforeAll(async () => {
		const { emulator, tls } = notion();
		registry = await startLocalRegistry(tls);
		registry.publish(REPO_DIR, '0.1.0');
		instance = await createInstance(version, { emulatorPort: emulator.port, caFile: tls.caFile, packageDir: null });
		// `start` installs into this folder (startProcess links it into the process's own user
		// folder), so that `n8n execute` below loads what n8n's installer installed
		fs.mkdirSync(nodesDir(), { recursive: true });
		n8n = await startProcess(instance, 'start', { env: registry.npmEnv });
		rest = new N8nRest(n8n.url);
		await rest.setupOwner();
	});

	afterAll(async () => {
		await n8n?.stop();
		await registry?.close();
		if (instance) removeInstance(instance);
	});

	test('Install: n8n downloads 0.1.0 by name from the registry and loads the node', async () => {
		const installed = await rest.request<InstalledPackageAnswer>('POST', '/rest/community-packages', { name: PACKAGE });
		expect(installed.packageName).toBe(PACKAGE);
		expect(installed.installedVersion).toBe('0.1.0');
		expect(installed.installedNodes.map((node) => node.type)).toEqual([NODE_TYPE]);
		expect(ledger()).toEqual({ [PACKAGE]: '0.1.0' });
		expect(JSON.parse(fs.readFileSync(path.join(nodesDir(), 'node_modules', PACKAGE, 'package.json'), 'utf8')).version).toBe('0.1.0');
		// n8n's npm fetched the metadata and the tarball from "registry.npmjs.org", i.e. the proxy;
		// the only other host anything asked the proxy for is api.n8n.io (2.x's in-process requests
		// take npm_config_https_proxy too): n8n's package-status check, which counts as OK unanswered
		expect(registry.proxied).toEqual(expect.arrayContaining([`GET /${PACKAGE}`, `GET /${PACKAGE}/-/${PACKAGE}-0.1.0.tgz`]));
		expect(registry.refused.filter((target) => target !== 'api.n8n.io:443')).toEqual([]);
		expect(await nodeTypeNames(rest)).toContain(NODE_TYPE);
	});

	test('the installed node checks a page on an expired token: n8n refreshes on the 401, Access OK', async () => {
		const { emulator } = notion();
		const grant = emulator.control.createGrant({ integrationId: WORLD.publicIntegration.id });
		const credential = rotationSafeCredential('instcred0000001', 'Notion (installer test)', grant);
		delete credential.data.tokenExpiredStatusCode; // what the credential dialog stores: the type declares none
		await importCredentials(instance, [credential]);
		await importWorkflow(instance, accessCheckWorkflow('instwf000000001', 'Installer check', {
			credential: { id: credential.id, name: credential.name }, resources: [WORLD.pages.sharedRoot.id],
		}));
		emulator.control.expireGrant(grant.grantId);
		emulator.control.clearLog();

		const result = await execute(instance, 'instwf000000001');
		if (!result.ok) throw new Error(`n8n execute failed: ${JSON.stringify(result.error)}\n${result.cli.stdout.slice(-3000)}${result.cli.stderr.slice(-2000)}`);
		const ok = nodeItems(result.runData, 'Check', 0);
		expect(ok).toHaveLength(1);
		expect(ok[0].notionAccess).toMatchObject({ verdict: 'access_ok', reason: 'accessible' });
		const log = emulator.control.getLog();
		expect(log.filter((entry) => entry.path === '/v1/oauth/token')).toHaveLength(1);
	});

	test('Update: n8n replaces 0.1.0 with 0.1.1 published to the same registry', async () => {
		registry.publish(REPO_DIR, '0.1.1');
		// the page's Update button sends the name only: n8n updates to the registry's latest
		const updated = await rest.request<InstalledPackageAnswer>('PATCH', '/rest/community-packages', { name: PACKAGE });
		expect(updated.installedVersion).toBe('0.1.1');
		expect(registry.proxied).toContain(`GET /${PACKAGE}/-/${PACKAGE}-0.1.1.tgz`);
		expect(ledger()).toEqual({ [PACKAGE]: '0.1.1' });
		expect(JSON.parse(fs.readFileSync(path.join(nodesDir(), 'node_modules', PACKAGE, 'package.json'), 'utf8')).version).toBe('0.1.1');
		expect(await nodeTypeNames(rest)).toContain(NODE_TYPE);
	});

	test('Uninstall: n8n removes the package, its files and its node type', async () => {
		await rest.request('DELETE', `/rest/community-packages?name=${PACKAGE}`);
		expect(fs.existsSync(path.join(nodesDir(), 'node_modules', PACKAGE))).toBe(false);
		// 1.x's removeNpmPackage deletes the directory and leaves the ledger entry; 2.x removes both
		expect(ledger()).toEqual(version.startsWith('1.') ? { [PACKAGE]: '0.1.1' } : {});
		expect(await nodeTypeNames(rest)).not.toContain(NODE_TYPE);
		// what the preload refused on the way: n8n's in-process registry and package-status checks
		const blocked = blockedConnections(instance);
		expect(blocked.every((target) => /^(registry\.npmjs\.org|api\.n8n\.io):443$/.test(target))).toBe(true);
	});
});

/**
 * Queue mode, as n8n documents it for community packages: the main process installs, and each
 * worker (a host of its own here: its own user folder, nothing shared on disk) installs the same
 * package and version when the main's `community-package-install` command reaches it over Redis,
 * and then runs executions of it.
 */
describe.each(N8N_VERSIONS)('n8n %s in queue mode: a worker installs what the main installed', (version) => {
	const notion = useNotionEmulator({ rateLimit: null });
	let registry: LocalRegistry;
	let redis: RedisServer;
	let instance: N8nInstance;
	let main: N8nProcess;
	let worker: N8nProcess;
	let rest: N8nRest;

	beforeAll(async () => {
		const { emulator, tls } = notion();
		registry = await startLocalRegistry(tls);
		registry.publish(REPO_DIR, '0.1.0');
		redis = await startRedis();
		instance = await createInstance(version, { emulatorPort: emulator.port, caFile: tls.caFile, packageDir: null });
		const env = { ...queueModeEnv(redis), ...registry.npmEnv };
		main = await startProcess(instance, 'start', { env });
		worker = await startProcess(instance, 'worker', { env });
		rest = new N8nRest(main.url);
		await rest.setupOwner();
	});

	afterAll(async () => {
		await worker?.stop();
		await main?.stop();
		await redis?.stop();
		await registry?.close();
		if (instance) removeInstance(instance);
	});

	test('Install on the main: the worker downloads 0.1.0 into its own folder', async () => {
		const installed = await rest.request<InstalledPackageAnswer>('POST', '/rest/community-packages', { name: PACKAGE });
		expect(installed.installedVersion).toBe('0.1.0');

		const processes = path.join(instance.userFolder, 'processes');
		const installedIn = (kind: string) => fs.readdirSync(processes)
			.filter((name) => name.endsWith(`-${kind}`))
			.map((name) => path.join(processes, name, '.n8n', 'nodes', 'node_modules', PACKAGE, 'package.json'))
			.filter((file) => fs.existsSync(file))
			.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')).version);
		expect(installedIn('start')).toEqual(['0.1.0']);
		const deadline = Date.now() + 180_000;
		while (installedIn('worker').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
		expect(installedIn('worker')).toEqual(['0.1.0']);
		// what the worker logged on the way: the command from the main, and the install
		const workerSaid = worker.records().map((record) => record.message);
		expect(workerSaid).toEqual(expect.arrayContaining([expect.stringMatching(/community-package-install/)]));
		expect(registry.refused.filter((target) => target !== 'api.n8n.io:443')).toEqual([]);
	});

	test('a webhook execution of the installed node runs on the worker: Access OK', async () => {
		const { emulator } = notion();
		const grant = emulator.control.createGrant({ integrationId: WORLD.publicIntegration.id });
		const credential = rotationSafeCredential('instqcred000001', 'Notion (queue installer test)', grant);
		await importCredentials(instance, [credential]);
		await importWorkflow(instance, accessCheckWorkflow('instqwf00000001', 'Installer queue check', {
			credential: { id: credential.id, name: credential.name }, resources: [WORLD.pages.sharedRoot.id], webhookPath: 'installer-queue',
		}));
		// activate as the editor's Publish / Active toggle does
		const { versionId } = await rest.request<{ versionId: string }>('GET', '/rest/workflows/instqwf00000001');
		await rest.request('POST', '/rest/workflows/instqwf00000001/activate', { versionId });

		const jobsBefore = (worker.output().match(/started execution/gi) ?? []).length;
		// 2.x registers an activated workflow's webhook a moment later: until then it answers 404
		const deadline = Date.now() + 60_000;
		let response = await fetch(`${main.url}/webhook/installer-queue`, { method: 'POST' });
		while (response.status === 404 && Date.now() < deadline) {
			await new Promise((r) => setTimeout(r, 500));
			response = await fetch(`${main.url}/webhook/installer-queue`, { method: 'POST' });
		}
		const text = await response.text();
		expect({ status: response.status, body: text.slice(0, 500) }).toMatchObject({ status: 200 });
		expect(JSON.parse(text).notionAccess).toMatchObject({ verdict: 'access_ok', reason: 'accessible' });
		expect((worker.output().match(/started execution/gi) ?? []).length).toBe(jobsBefore + 1);
	});
});
