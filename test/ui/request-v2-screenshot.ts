/**
 * The README's picture of Notion Request v2's property fields, in real n8n 2.41.1 and Chromium:
 *   npx tsx test/ui/request-v2-screenshot.ts [OUT_DIR]     (default: docs/)
 * - request-properties.png: Data Source Page → Create with the Tasks data source picked From list
 *   and three property rows (a select with its option picked from the schema, a date and a text
 *   mapped from the item), after a run: the new row, simplified, in the output panel.
 * The emulator serves the tracker world (a Tasks data source with one property of each type).
 * Needs `npm run build` first.
 */
import * as fs from 'fs';
import * as path from 'path';

import { TRACKER, trackerSeed } from '../emulator/tracker';
import { REPO_DIR } from '../e2e/n8n';
import { byTestId, canvasNode, dismissToasts, executeFromCanvas, startEditor } from './editor';
import { CREDENTIAL_TYPE } from './workflows';

const NODE = 'Add task to Notion';
const WIDTH = 1600;
/** tall enough for the three property rows */
const HEIGHT = 1560;

function workflow(credential: { id: string; name: string }) {
	const trigger = 'When clicking ‘Execute workflow’';
	return {
		name: 'Add a task to a Notion data source',
		nodes: [
			{ id: 'trigger', name: trigger, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'tasks', name: 'New task', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0],
				parameters: { jsCode: "return [{ json: { task: 'Print the event banners', due: '2026-12-18', notes: 'Two roll-ups for the booth' } }];" },
			},
			{
				id: 'request', name: NODE, type: 'n8n-nodes-notion-access.notionRequest', typeVersion: 2, position: [460, 0],
				parameters: {
					authentication: CREDENTIAL_TYPE, resource: 'dataSourcePage', operation: 'create',
					dataSourceId: { __rl: true, mode: 'list', value: TRACKER.tasks.id, cachedResultName: TRACKER.tasks.title, cachedResultUrl: `https://www.notion.so/${TRACKER.tasks.id.replace(/-/g, '')}` },
					title: '={{ $json.task }}',
					propertiesUi: {
						propertyValues: [
							{ key: 'Priority|select', selectValue: 'High' },
							{ key: 'Due|date', includeTime: false, date: '={{ $json.due }}' },
							{ key: 'Notes|rich_text', textContent: '={{ $json.notes }}' },
						],
					},
					simple: true,
					options: {},
				},
				credentials: { [CREDENTIAL_TYPE]: credential },
			},
		],
		connections: {
			[trigger]: { main: [[{ node: 'New task', type: 'main', index: 0 }]] },
			'New task': { main: [[{ node: NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

async function main(outDir: string): Promise<void> {
	fs.mkdirSync(outDir, { recursive: true });
	const session = await startEditor({ width: WIDTH, height: HEIGHT, deviceScaleFactor: 1.25, seed: trackerSeed() });
	const { page } = session;
	try {
		const { id } = await session.rest.createWorkflow(workflow(session.credential));
		await page.goto(`${session.n8n.url}/workflow/${id}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
		await canvasNode(page, NODE).waitFor({ timeout: 120_000 });
		await executeFromCanvas(page);
		await dismissToasts(page);
		await canvasNode(page, NODE).dblclick();
		const ndv = byTestId(page, 'ndv');
		await ndv.waitFor();
		// The Key fields show a property's name once the editor has loaded the schema (getWritableProperties),
		// and the select its option (getPropertyOptions): wait for both before the picture.
		const shown = (value: string) => `[...document.querySelectorAll('[data-test-id="ndv"] input')].some((input) => input.value === ${JSON.stringify(value)})`;
		await page.waitForFunction(`${shown('Priority')} && ${shown('High')}`, undefined, { timeout: 60_000 });
		await page.waitForTimeout(1000);
		await page.screenshot({ path: path.join(outDir, 'request-properties.png') });
	} finally {
		await session.close();
	}
	console.log(`request-properties.png in ${path.relative(process.cwd(), outDir) || '.'}`);
}

main(path.resolve(process.argv[2] ?? path.join(REPO_DIR, 'docs'))).catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
