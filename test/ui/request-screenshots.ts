/**
 * The Notion Request node's README screenshots in real n8n 2.41.1 and Chromium (about a minute):
 *   npx tsx test/ui/request-screenshots.ts [OUT_DIR]     (default: docs/)
 * - request-canvas.png: examples/bulk-update-retry-and-report.json after a run against the emulator
 *   (two pages updated, one not shared);
 * - request-parameters.png: the node's panel, with the Share Page branch's output.
 * Reuses the editor session of screenshots.ts; needs `npm run build` first.
 */
import * as fs from 'fs';
import * as path from 'path';

import { REPO_DIR } from '../e2e/n8n';
import { byTestId, canvasNode, dismissToasts, executeFromCanvas, startEditor } from './editor';

const EXAMPLE = path.join(REPO_DIR, 'examples', 'bulk-update-retry-and-report.json');
const NODE = 'Notion Request';
const WIDTH = 1600;
const HEIGHT = 1000;

async function main(outDir: string): Promise<void> {
	fs.mkdirSync(outDir, { recursive: true });
	const session = await startEditor({ width: 1400, height: 860, deviceScaleFactor: 1.25 });
	const { page } = session;
	try {
		const example = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
		// The example names a placeholder credential; point it at the session's connected one, as a user would.
		for (const node of example.nodes) if (node.credentials) node.credentials = { notionRotationSafeOAuth2Api: session.credential };
		const { id } = await session.rest.createWorkflow({ name: example.name, nodes: example.nodes, connections: example.connections, settings: example.settings });
		await page.goto(`${session.n8n.url}/workflow/${id}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
		await canvasNode(page, NODE).waitFor({ timeout: 120_000 });
		await executeFromCanvas(page);
		await dismissToasts(page);
		await byTestId(page, 'zoom-to-fit').click();
		await page.mouse.move(5, 855);
		await page.waitForTimeout(800);
		await page.screenshot({ path: path.join(outDir, 'request-canvas.png') });

		await page.setViewportSize({ width: WIDTH, height: HEIGHT });
		await canvasNode(page, NODE).dblclick();
		await byTestId(page, 'ndv').waitFor();
		await byTestId(page, 'output-panel').locator('[data-test-id="tab-2"]').click(); // Share Page Branch
		await page.waitForTimeout(800);
		await page.screenshot({ path: path.join(outDir, 'request-parameters.png') });
	} finally {
		await session.close();
	}
	console.log(`screenshots in ${path.relative(process.cwd(), outDir) || '.'}`);
}

main(path.resolve(process.argv[2] ?? path.join(REPO_DIR, 'docs'))).catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
