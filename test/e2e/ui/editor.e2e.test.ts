/**
 * Issue 6: what a user sees in the editor. One n8n 2.41.1 (package installed as Community Nodes
 * does), one Chromium: the node renders on the canvas with its icon, its four outputs are labelled,
 * a run from the canvas sends the readable page to Access OK and the unshared one to Share Page,
 * and the parameter panel shows the node's fields.
 */
import { byTestId, canvasNode, executeFromCanvas, openWorkflow, outputLabels, startEditor, type EditorSession } from '../../ui/editor';
import { CHECK_NODE, NODE_TYPE, OUTPUT_LABELS } from '../../ui/workflows';

// generous for a fresh machine, where Chromium comes from apt first; about 40 s otherwise
jest.setTimeout(600_000);

let session: EditorSession;

beforeAll(async () => {
	session = await startEditor();
	await openWorkflow(session);
});

afterAll(async () => {
	await session?.close();
});

test('the Notion Access Check node renders on the canvas with its icon and subtitle', async () => {
	const node = canvasNode(session.page, CHECK_NODE);
	expect(await node.evaluate((el) => el.getAttribute('data-node-type'))).toBe(NODE_TYPE);
	const icon = node.locator('img').first();
	expect(await icon.evaluate((img) => img.src)).toMatch(/\/icons\/n8n-nodes-notion-access\/dist\/nodes\/NotionAccessCheck\/notion\.svg$/);
	// the SVG was served and decoded, not a broken image
	await session.page.waitForFunction(
		`(() => { const img = document.querySelector('[data-test-id="canvas-node"][data-node-name="${CHECK_NODE}"] img'); return !!img && img.complete && img.naturalWidth > 0; })()`,
		undefined, { timeout: 10_000 });
	expect(await node.innerText()).toContain('Check resource');
});

test('its four outputs are labelled Access OK, Reauthorize, Share Page, Retry', async () => {
	expect(await outputLabels(session.page, CHECK_NODE)).toEqual(OUTPUT_LABELS);
});

test('a run from the canvas routes the readable page to Access OK and the unshared one to Share Page; the panel shows the fields', async () => {
	const { page } = session;
	await executeFromCanvas(page);
	await canvasNode(page, CHECK_NODE).dblclick();
	const ndv = byTestId(page, 'ndv');
	await ndv.waitFor();
	const tabs = byTestId(page, 'output-panel').locator('[role="tab"]');
	expect((await tabs.allInnerTexts()).map((text) => text.trim())).toEqual([
		'Access OK Branch (1 item)', 'Reauthorize Branch', 'Share Page Branch (1 item)', 'Retry Branch',
	]);
	const parameters = await byTestId(page, 'node-parameters').innerText();
	for (const label of ['Credential', 'Check', 'Notion Link or ID', 'Resource Type', 'Options']) expect(parameters).toContain(label);
});
