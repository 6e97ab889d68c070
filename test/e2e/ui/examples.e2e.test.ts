/**
 * Issue 6: every workflow in examples/ imports with `n8n import:workflow --input=FILE` exactly as
 * shipped, and runs against the Notion emulator, on n8n 1.123.81 and 2.41.1. The examples refer
 * to the credential `{id: 'notionCredential', name: 'Notion account'}`; the test imports a
 * connected one under that id, as a user would pick theirs after importing.
 */
import * as fs from 'fs';
import * as path from 'path';

import { MAX_SENDS_PER_CALL } from '../../../nodes/shared/transport';
import { WORLD } from '../../emulator';
import { connectCredential } from '../fixtures';
import {
	createInstance, execute, N8N_VERSIONS, nodeItems, REPO_DIR, removeInstance, runCli,
	type ExecuteResult, type N8nInstance,
} from '../n8n';
import { useNotionEmulator } from '../notion';

jest.setTimeout(300_000);

const EXAMPLES_DIR = path.join(REPO_DIR, 'examples');
const EXAMPLE_CREDENTIAL = { id: 'notionCredential', name: 'Notion account' };
const CHECK = 'Notion Access Check';
const PAGE_PATH = `/v1/pages/${WORLD.pages.sharedRoot.id}`;
const notionUrl = (id: string) => `https://www.notion.so/${id.replace(/-/g, '')}`;

interface Example {
	file: string;
	/** n8n 2.x's import:workflow needs one (1.x makes one up); the editor's Import from File ignores it */
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; typeVersion: number; parameters?: { content?: string }; credentials?: Record<string, { id: string; name: string }> }>;
	connections: Record<string, { main?: Array<Array<{ node: string }>> }>;
}

const PACKAGE_PREFIX = 'n8n-nodes-notion-access.';
/** How many main outputs each of the package's nodes has; a node not listed here has one. */
const OUTPUTS: Record<string, number> = { notionAccessCheck: 4, notionRequest: 4 };

const ALL: Example[] = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort()
	.map((file) => ({ file, ...JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) }));
// `n8n execute` runs a workflow from its Manual Trigger. Examples that start at another trigger run
// under `n8n start` in their node's own test (the watch's in test/e2e/watch.e2e.test.ts, the trigger's in trigger.e2e.test.ts);
// add-row-from-form.json is imported as shipped, activated and its form submitted in request-v2.e2e.test.ts.
const EXAMPLES = ALL.filter((e) => e.nodes.some((node) => node.type === 'n8n-nodes-base.manualTrigger'));

const notion = useNotionEmulator({ rateLimit: null });

test('the examples use node versions that exist on both n8n lines and the placeholder credential', () => {
	expect(EXAMPLES.map((e) => e.file)).toEqual(['access-check-route-every-output.json', 'bulk-update-retry-and-report.json']);
	const allowed: Record<string, number[]> = {
		'n8n-nodes-base.manualTrigger': [1], 'n8n-nodes-base.code': [2], 'n8n-nodes-base.set': [3.4], 'n8n-nodes-base.if': [2.2],
		'n8n-nodes-base.wait': [1.1], 'n8n-nodes-base.noOp': [1], 'n8n-nodes-base.stickyNote': [1],
		'n8n-nodes-notion-access.notionAccessCheck': [1], 'n8n-nodes-notion-access.notionRequest': [1],
	};
	for (const { file, nodes } of EXAMPLES) {
		for (const node of nodes) {
			expect({ file, node: node.name, version: allowed[node.type]?.includes(node.typeVersion) }).toEqual({ file, node: node.name, version: true });
			for (const credential of Object.values(node.credentials ?? {})) expect(credential).toEqual(EXAMPLE_CREDENTIAL);
		}
	}
});

test('one example per node of the package, and in each every output of the package\'s nodes and of an If leads somewhere', () => {
	const nodeTypes = (JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8')).n8n.nodes as string[])
		.map((file) => path.basename(file, '.node.js'))
		.map((name) => PACKAGE_PREFIX + name[0].toLowerCase() + name.slice(1));
	for (const type of nodeTypes) expect({ type, examples: ALL.filter((e) => e.nodes.some((node) => node.type === type)).length > 0 }).toEqual({ type, examples: true });
	for (const { file, nodes, connections } of ALL) {
		for (const node of nodes) {
			const outputs = node.type.startsWith(PACKAGE_PREFIX) ? OUTPUTS[node.type.slice(PACKAGE_PREFIX.length)] ?? 1 : node.type === 'n8n-nodes-base.if' ? 2 : 0;
			const led = Array.from({ length: outputs }, (_, i) => (connections[node.name]?.main?.[i] ?? []).length > 0);
			expect({ file, node: node.name, led }).toEqual({ file, node: node.name, led: led.map(() => true) });
		}
	}
});

test('each example says after importing what to open, naming its own nodes, and has a note per output', () => {
	for (const { file, nodes } of ALL) {
		const notes = nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote').map((node) => node.parameters?.content ?? '');
		const about = notes.find((text) => text.includes('**After importing:**')) ?? '';
		const packageNodes = nodes.filter((node) => node.type.startsWith(PACKAGE_PREFIX)).map((node) => node.name);
		expect({ file, opens: packageNodes.map((name) => about.includes(`open *${name}*`)) }).toEqual({ file, opens: packageNodes.map(() => true) });
		const outputs = nodes.filter((node) => node.type.startsWith(PACKAGE_PREFIX)).reduce((sum, node) => sum + (OUTPUTS[node.type.slice(PACKAGE_PREFIX.length)] ?? 1), 0);
		expect({ file, notes: notes.length }).toEqual({ file, notes: 1 + outputs });
	}
});

describe.each(N8N_VERSIONS)('examples in n8n %s', (version) => {
	let instance: N8nInstance;
	let grantId: string;

	/** A freshly connected credential under the examples' placeholder id. */
	async function connect() {
		notion().emulator.control.reset();
		notion().emulator.control.setModes({ rateLimit: null });
		grantId = (await connectCredential(instance, notion().emulator, EXAMPLE_CREDENTIAL)).grantId;
	}

	async function run(file: string): Promise<ExecuteResult> {
		const result = await execute(instance, EXAMPLES.find((e) => e.file === file)!.id);
		if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.error ?? result.cli.stderr.slice(-1500))}`);
		return result;
	}

	beforeAll(async () => {
		instance = await createInstance(version, { emulatorPort: notion().emulator.port, caFile: notion().tls.caFile });
		await connect();
	});

	afterAll(() => {
		if (instance) removeInstance(instance);
	});

	test('each file imports with `n8n import:workflow --input=FILE` as shipped', async () => {
		for (const { file } of EXAMPLES) {
			const result = await runCli(instance, ['import:workflow', `--input=${path.join(EXAMPLES_DIR, file)}`]);
			expect({ file, code: result.code, errors: result.records.filter((r) => r.level === 'error').map((r) => r.message) })
				.toEqual({ file, code: 0, errors: [] });
		}
		const listed = await runCli(instance, ['list:workflow']);
		for (const { id, name } of EXAMPLES) expect(listed.stdout).toContain(`${id}|${name}`);
	});

	const EVERY_OUTPUT = 'access-check-route-every-output.json';

	test('Access Check, Share Page: the readable page reaches your Notion steps; the message names the page to share and the integration to add', async () => {
		const result = await run(EVERY_OUTPUT);
		expect(nodeItems(result.runData, 'Your Notion steps')).toHaveLength(1);
		const [ask] = nodeItems(result.runData, 'Ask to share the page');
		const page = notionUrl(WORLD.pages.unshared.id);
		expect(ask).toEqual({
			page,
			integration: WORLD.publicIntegration.name,
			subject: `Please share a Notion page with "${WORLD.publicIntegration.name}"`,
			message: expect.stringContaining(`cannot open ${page}. Please open it in Notion, click ••• > Connections and add "${WORLD.publicIntegration.name}"`),
		});
	});

	test('Access Check, Retry: one busy answer, a wait until retryAt, and the second check reaches Access OK', async () => {
		notion().emulator.control.addFault({ path: PAGE_PATH, count: 1, fault: 'http409' });
		const result = await run(EVERY_OUTPUT);
		const rounds = result.runData[CHECK].map((_, round) => [0, 1, 2, 3].map((output) => nodeItems(result.runData, CHECK, output, round).length));
		expect(rounds).toEqual([[0, 0, 1, 1], [1, 0, 0, 0]]);
		const waited = result.runData['Wait until retryAt'];
		expect(waited).toHaveLength(1);
		const [retried] = nodeItems(result.runData, CHECK, 3, 0);
		const retryAt = Date.parse((retried.notionAccess as { retryAt: string }).retryAt);
		// the second check started no earlier than retryAt (second precision: n8n's Wait rounds down)
		expect(result.runData[CHECK][1].startTime! + 1000).toBeGreaterThanOrEqual(retryAt);
		expect(nodeItems(result.runData, 'Your Notion steps')).toHaveLength(1);
		expect(result.runData['Give up: tell someone']).toBeUndefined();
	});

	test('Access Check, Retry: three busy answers in a row end in the give-up branch after the third check', async () => {
		notion().emulator.control.clearFaults();
		notion().emulator.control.clearLog();
		notion().emulator.control.addFault({ path: PAGE_PATH, count: 3, fault: 'http409' });
		const result = await run(EVERY_OUTPUT);
		expect(result.runData[CHECK]).toHaveLength(3);
		expect(result.runData['Wait until retryAt']).toHaveLength(2);
		const [giveUp] = nodeItems(result.runData, 'Give up: tell someone');
		expect(giveUp).toEqual({
			page: notionUrl(WORLD.pages.sharedRoot.id),
			message: expect.stringMatching(/^Notion still answered "conflict" after 3 checks for https:\/\/www\.notion\.so\/\w{32}\. Notion saw two changes/),
		});
		expect(result.runData['Your Notion steps']).toBeUndefined();
		expect(notion().emulator.control.getLog().filter((e) => e.path === PAGE_PATH)).toHaveLength(3);
	});

	test('Notion Request, bulk update: a write rate limited past its sends and one answered 409 go round the Wait once and succeed; the unshared page is reported', async () => {
		notion().emulator.control.clearFaults();
		notion().emulator.control.clearLog();
		const child = `/v1/pages/${WORLD.pages.sharedChild.id}`;
		const row = `/v1/pages/${WORLD.pages.databaseRow.id}`;
		notion().emulator.control.addFault({ path: child, method: 'PATCH', count: MAX_SENDS_PER_CALL, fault: 'http429', retryAfter: '1' });
		notion().emulator.control.addFault({ path: row, method: 'PATCH', count: 1, fault: 'http409' });
		const result = await run('bulk-update-retry-and-report.json');
		const REQUEST = 'Notion Request';
		const rounds = result.runData[REQUEST].map((_, round) => [0, 1, 2, 3].map((output) => nodeItems(result.runData, REQUEST, output, round).length));
		expect(rounds).toEqual([[0, 0, 1, 2], [2, 0, 0, 0]]);
		const retried = nodeItems(result.runData, REQUEST, 3, 0).map((json) => (json.notionRequest as { reason: string }).reason);
		expect(retried.sort()).toEqual(['conflict', 'rate_limited']);
		// A page's title property is `title`; a database row's is named after its column (here "Name").
		const titleOf = (json: Record<string, unknown>) =>
			Object.values(json.properties as Record<string, { type: string; title?: Array<{ plain_text: string }> }>).find((p) => p.type === 'title')?.title?.[0]?.plain_text;
		expect(nodeItems(result.runData, 'Updated').map(titleOf).sort()).toEqual([
			'Launch Plan (reviewed)', 'Onboarding Checklist (reviewed)',
		]);
		const [report] = nodeItems(result.runData, 'Report pages to share');
		expect(report).toEqual({
			pages: [notionUrl(WORLD.pages.unshared.id)],
			subject: `Please share 1 Notion page(s) with "${WORLD.publicIntegration.name}"`,
			message: expect.stringContaining(`- ${notionUrl(WORLD.pages.unshared.id)} (not shared)`),
		});
		expect(result.runData['Give up: report']).toBeUndefined();
		// Inside the node a write is sent again only after a 429: the 409 went round the workflow's Wait.
		const writes = notion().emulator.control.getWrites();
		expect(writes.filter((w) => w.path === child).map((w) => w.status)).toEqual([...Array.from({ length: MAX_SENDS_PER_CALL }, () => 429), 200]);
		expect(writes.filter((w) => w.path === row).map((w) => w.status)).toEqual([409, 200]);
	});

	test('Access Check, Reauthorize: a revoked connection becomes one message naming the credential and what to click', async () => {
		notion().emulator.control.clearFaults();
		notion().emulator.control.revokeGrant(grantId);
		const result = await run(EVERY_OUTPUT);
		expect(nodeItems(result.runData, CHECK, 1)).toHaveLength(2); // both pages: the connection failed first
		expect(result.runData['Your Notion steps']).toBeUndefined();
		const messages = nodeItems(result.runData, 'Message the credential owner');
		expect(messages).toEqual([{
			credential: EXAMPLE_CREDENTIAL.name,
			subject: `Notion connection "${EXAMPLE_CREDENTIAL.name}" needs to be reconnected`,
			message: `The n8n credential "${EXAMPLE_CREDENTIAL.name}" can no longer reach Notion (grant_revoked). Notion revoked this connection `
				+ `or its refresh token expired: open the credential "${EXAMPLE_CREDENTIAL.name}" in n8n and click Reconnect.`,
		}]);
		await connect(); // leave a working credential behind
	});
});
