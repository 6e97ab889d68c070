/**
 * One real n8n editor session for the screenshots and the editor test: the Notion emulator (TLS,
 * as api.notion.com), n8n 2.41.1 with the package installed the way Community Nodes installs it,
 * a connected credential, the owner account, and Chromium signed in.
 */
import * as fs from 'fs';

import { startEmulator, WORLD, type RunningEmulator, type WorldSeed } from '../emulator';
import { rotationSafeCredential } from '../e2e/fixtures';
import { createInstance, importCredentials, removeInstance, startProcess, type N8nInstance, type N8nProcess, type N8nVersion } from '../e2e/n8n';
import { createTestTls, type TestTls } from '../e2e/tls';
import { ensureChromium, launchBrowser, loadPlaywright, type Browser, type Locator, type Page } from './browser';
import { N8nRest, OWNER } from './rest';
import { canvasWorkflow, CHECK_NODE, DEMO_CREDENTIAL, notionUrl } from './workflows';

/** Shown as the OAuth Redirect URL in the credential dialog, as on a real deployment. */
export const EDITOR_BASE_URL = 'https://n8n.acme.example/';

export interface EditorSession {
	emulator: RunningEmulator;
	instance: N8nInstance;
	n8n: N8nProcess;
	rest: N8nRest;
	browser: Browser;
	page: Page;
	credential: { id: string; name: string };
	workflowId: string;
	close(): Promise<void>;
}

export interface EditorOptions {
	version?: N8nVersion;
	width?: number;
	height?: number;
	deviceScaleFactor?: number;
	/** keep the n8n user folder (database, logs) after close(), to look into a failure */
	keep?: boolean;
	/** the emulator's world (default: its default world) */
	seed?: WorldSeed;
}

export async function startEditor(options: EditorOptions = {}): Promise<EditorSession> {
	const cleanups: Array<() => Promise<void> | void> = [];
	const close = async () => {
		for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
	};
	try {
		// first, so that a machine without a browser fails (or installs one) before n8n starts
		ensureChromium();
		loadPlaywright();
		const tls: TestTls = createTestTls();
		cleanups.push(() => fs.rmSync(tls.dir, { recursive: true, force: true }));
		const emulator = await startEmulator({ tls: { key: tls.key, cert: tls.cert }, seed: options.seed, modes: { rateLimit: null } });
		cleanups.push(() => emulator.close());

		const instance = await createInstance(options.version ?? '2.41.1', {
			emulatorPort: emulator.port, caFile: tls.caFile, env: { N8N_EDITOR_BASE_URL: EDITOR_BASE_URL },
		});
		if (!options.keep) cleanups.push(() => removeInstance(instance));

		// Connected as if the user had clicked "Connect my account"; the client id and secret are the
		// demo ones a user would paste (the access token stays valid, so they are never used).
		const grant = emulator.control.createGrant({ integrationId: WORLD.publicIntegration.id });
		const stored = rotationSafeCredential('AcmeNotionCred01', DEMO_CREDENTIAL.name, grant);
		Object.assign(stored.data, DEMO_CREDENTIAL.data);
		await importCredentials(instance, [stored]);
		const credential = { id: stored.id, name: stored.name };

		const n8n = await startProcess(instance, 'start');
		cleanups.push(() => n8n.stop());
		const rest = new N8nRest(n8n.url);
		await rest.setupOwner();
		const pages = [
			notionUrl(WORLD.pages.sharedRoot.title, WORLD.pages.sharedRoot.id),
			notionUrl(WORLD.pages.unshared.title, WORLD.pages.unshared.id),
		];
		const { id: workflowId } = await rest.createWorkflow(canvasWorkflow(credential, pages));

		const browser = await launchBrowser(options);
		cleanups.push(() => browser.close());
		await signIn(browser.page, n8n.url);
		return { emulator, instance, n8n, rest, browser, page: browser.page, credential, workflowId, close };
	} catch (error) {
		await close();
		throw error;
	}
}

export async function signIn(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
	await page.locator('input[type=email]').fill(OWNER.email);
	await page.locator('input[type=password]').fill(OWNER.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.locator('[data-test-id="main-sidebar-settings"], [data-test-id="project-home-menu-item"]').first().waitFor({ timeout: 60_000 });
}

export const byTestId = (page: Page, id: string): Locator => page.locator(`[data-test-id="${id}"]`);

export const canvasNode = (page: Page, name: string): Locator =>
	page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

export async function openWorkflow(session: EditorSession): Promise<void> {
	await session.page.goto(`${session.n8n.url}/workflow/${session.workflowId}`, { waitUntil: 'domcontentloaded' });
	await canvasNode(session.page, CHECK_NODE).waitFor({ timeout: 60_000 });
}

/** The labels n8n draws beside a node's main outputs, in output order. */
export async function outputLabels(page: Page, nodeName: string): Promise<string[]> {
	const handles = page.locator(`[data-test-id="canvas-node-output-handle"][data-node-name="${nodeName}"][data-connection-type="main"]`);
	const labels: string[] = [];
	for (let i = 0; i < (await handles.count()); i++) labels.push((await handles.nth(i).innerText()).trim());
	return labels;
}

/** Runs the open workflow from the canvas and waits until every node has finished. */
export async function executeFromCanvas(page: Page): Promise<void> {
	await byTestId(page, 'execute-workflow-button').click();
	await page.getByText('Workflow executed successfully').first().waitFor({ timeout: 60_000 });
}

/** Closes toasts so they do not cover the picture. */
export async function dismissToasts(page: Page): Promise<void> {
	const closers = page.locator('.el-notification .el-notification__closeBtn');
	for (let i = (await closers.count()) - 1; i >= 0; i--) await closers.nth(i).click().catch(() => undefined);
	await page.waitForTimeout(400);
}
