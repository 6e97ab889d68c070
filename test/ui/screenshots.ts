/**
 * Takes the README's screenshots in real n8n 2.41.1 and Chromium (about a minute). `npm run
 * screenshots` builds and runs this, request-screenshots.ts, request-v2-screenshot.ts and
 * watch-screenshot.ts; alone:
 *   npx tsx test/ui/screenshots.ts [OUT_DIR]     (default: docs/)
 * - canvas.png: Manual Trigger → Pages to sync → Notion Access Check → one node per output, after a
 *   run against the Notion emulator (one page readable, one not shared);
 * - parameters.png: the node's parameter panel, with the input and the Share Page branch's output;
 * - credential.png: the Notion (Rotation-Safe) OAuth2 API credential dialog, connected.
 * Needs `npm run build` first; installs n8n, Chromium and playwright-core when missing.
 */
import * as fs from 'fs';
import * as path from 'path';

import { REPO_DIR } from '../e2e/n8n';
import { byTestId, canvasNode, dismissToasts, executeFromCanvas, openWorkflow, outputLabels, startEditor } from './editor';
import { CHECK_NODE, OUTPUT_LABELS } from './workflows';

/** the canvas fills a laptop-sized window; the node panel needs a wider one to show its output */
const CANVAS = { width: 1280, height: 800 };
const WIDTH = 1600;
const HEIGHT = 1000;
/** the credential dialog grows with the window: tall enough for every field and the notice */
const DIALOG_HEIGHT = 1300;

async function main(outDir: string): Promise<void> {
	fs.mkdirSync(outDir, { recursive: true });
	const started = Date.now();
	const session = await startEditor({ ...CANVAS, deviceScaleFactor: 1.25 });
	const { page } = session;
	try {
		await openWorkflow(session);
		const labels = await outputLabels(page, CHECK_NODE);
		if (JSON.stringify(labels) !== JSON.stringify(OUTPUT_LABELS)) throw new Error(`output labels: ${JSON.stringify(labels)}`);
		await executeFromCanvas(page);
		await dismissToasts(page);
		await byTestId(page, 'zoom-to-fit').click();
		await page.mouse.move(5, CANVAS.height - 5); // no hover toolbar on a node
		await page.waitForTimeout(800);
		await page.screenshot({ path: path.join(outDir, 'canvas.png') });

		await page.setViewportSize({ width: WIDTH, height: HEIGHT });
		await canvasNode(page, CHECK_NODE).dblclick();
		await byTestId(page, 'ndv').waitFor();
		await byTestId(page, 'output-panel').locator('[data-test-id="tab-2"]').click(); // Share Page Branch
		await page.waitForTimeout(800);
		await page.screenshot({ path: path.join(outDir, 'parameters.png') });
		await byTestId(page, 'ndv-close-button').click();

		await page.setViewportSize({ width: WIDTH, height: DIALOG_HEIGHT });
		await page.goto(`${session.n8n.url}/home/credentials/${session.credential.id}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
		const dialog = byTestId(page, 'editCredential-modal');
		await byTestId(page, 'oauth-connect-success-banner').waitFor({ timeout: 120_000 });
		await page.waitForTimeout(800);
		const box = await dialog.boundingBox();
		await page.screenshot({ path: path.join(outDir, 'credential.png'), ...(box ? { clip: pad(box, 0) } : {}) });
		if (session.browser.blocked.length) console.log(`requests the editor tried to send off this machine (blocked): ${session.browser.blocked.join(', ')}`);
	} finally {
		await session.close();
	}
	console.log(`screenshots in ${path.relative(process.cwd(), outDir) || '.'} (${Math.round((Date.now() - started) / 1000)} s)`);
}

function pad(box: { x: number; y: number; width: number; height: number }, by: number) {
	const x = Math.max(0, box.x - by);
	const y = Math.max(0, box.y - by);
	return { x, y, width: Math.min(WIDTH - x, box.width + 2 * by), height: Math.min(DIALOG_HEIGHT - y, box.height + 2 * by) };
}

main(path.resolve(process.argv[2] ?? path.join(REPO_DIR, 'docs'))).catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
