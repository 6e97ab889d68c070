/**
 * The README's picture of the Notion Access Watch, in real n8n 2.41.1 and Chromium:
 *   npx tsx test/ui/watch-screenshot.ts [OUT_DIR]     (default: docs/)
 * - watch.png: examples/watch-access-alert.json on two pages (one readable, one never shared), the
 *   watch's panel open after "Fetch Test Event": the current state of each page, as events carry it.
 * Needs `npm run build` first.
 */
import * as fs from 'fs';
import * as path from 'path';

import { WORLD } from '../emulator';
import { REPO_DIR } from '../e2e/n8n';
import { byTestId, canvasNode, dismissToasts, startEditor } from './editor';
import { notionUrl } from './workflows';

const WATCH = 'Notion Access Watch';
const WIDTH = 1600;
const HEIGHT = 1000;

async function main(outDir: string): Promise<void> {
	fs.mkdirSync(outDir, { recursive: true });
	const session = await startEditor({ width: WIDTH, height: HEIGHT, deviceScaleFactor: 1.25 });
	const { page } = session;
	try {
		const example = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'examples', 'watch-access-alert.json'), 'utf8'));
		for (const node of example.nodes) {
			if (node.credentials) node.credentials = { notionRotationSafeOAuth2Api: session.credential };
			if (node.name === WATCH) {
				node.parameters.resourcesText = [
					notionUrl(WORLD.pages.sharedRoot.title, WORLD.pages.sharedRoot.id),
					notionUrl(WORLD.pages.unshared.title, WORLD.pages.unshared.id),
				].join('\n');
			}
		}
		const { id } = await session.rest.createWorkflow({ name: example.name, nodes: example.nodes, connections: example.connections, settings: example.settings });
		await page.goto(`${session.n8n.url}/workflow/${id}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
		await canvasNode(page, WATCH).waitFor({ timeout: 120_000 });
		await canvasNode(page, WATCH).dblclick();
		await byTestId(page, 'ndv').waitFor();
		await byTestId(page, 'node-execute-button').first().click(); // "Fetch Test Event": poll() in manual mode
		await byTestId(page, 'output-panel').locator('text=current_state').first().waitFor({ timeout: 120_000 });
		await byTestId(page, 'output-panel').locator('[data-test-id="radio-button-json"]').click();
		await dismissToasts(page);
		await page.waitForTimeout(800);
		await page.screenshot({ path: path.join(outDir, 'watch.png') });
	} finally {
		await session.close();
	}
	console.log(`watch.png in ${path.relative(process.cwd(), outDir) || '.'}`);
}

main(path.resolve(process.argv[2] ?? path.join(REPO_DIR, 'docs'))).catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
