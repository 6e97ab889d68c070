/**
 * Issue 18: Notion Request version 2 in real n8n 1.123.x and 2.41.x against the emulator's tracker
 * world (a Tasks data source with one property of each common type). Per line, one `n8n execute`
 * of one workflow with several branches, then one `n8n start` for what needs a server: the
 * editor's own REST calls (the resource locator's list, the property list, a select's options)
 * and examples/add-row-from-form.json, active, with its form submitted.
 */
import * as fs from 'fs';
import * as path from 'path';

import { stableId, WORLD, type EmulatorControl } from '../emulator';
import { TRACKER, trackerSeed } from '../emulator/tracker';
import { N8nRest } from '../ui/rest';
import { CREDENTIAL_TYPE, rotationSafeCredential } from './fixtures';
import {
	activateWorkflow, createInstance, execute, importCredentials, importWorkflow, N8N_VERSIONS, readExecutions, readLogs, removeInstance, REPO_DIR,
	runProblem, startProcess, type ExecuteResult, type N8nInstance, type N8nProcess, type RunData, type WorkflowFixture,
} from './n8n';
import { useNotionEmulator } from './notion';

jest.setTimeout(600_000);

const NODE_TYPE = 'n8n-nodes-notion-access.notionRequest';
const OUTPUTS = ['success', 'reauthorize', 'share_page', 'retry', 'error'];
/** The examples' placeholder credential: the form example runs as shipped. */
const MAIN = { id: 'notionCredential', name: 'Notion account' };
const REVOKED = { id: 'RequestV2Revoked', name: 'Notion (revoked)' };
/** Exists in the world, under a page never shared with any integration. */
const UNSHARED_SOURCE = stableId('data-source:finance');
const EXAMPLE_FILE = path.join(REPO_DIR, 'examples', 'add-row-from-form.json');
const EXAMPLE = JSON.parse(fs.readFileSync(EXAMPLE_FILE, 'utf8')) as WorkflowFixture & { id: string };
const FORM_PATH = 'add-task';

const notion = useNotionEmulator({ rateLimit: null });
const control = (): EmulatorControl => notion().emulator.control;

const locator = (value: string) => ({ __rl: true, mode: 'id', value });

/** The row the builder maps from an item: every value comes from the item, by expression; no JSON. */
const ROW = {
	task: 'Plan the launch', notes: 'Dates, owners and the checklist', estimate: 5, done: true, website: 'https://acme.example/launch',
	contact: 'launch@acme.example', phone: '+1 555 0199', priority: 'High', tags: ['Frontend', 'Docs'], stage: TRACKER.stages.inProgress, due: '2026-12-24',
};
const PROPERTY_FIELDS = [
	{ key: 'Notes|rich_text', textContent: '={{ $json.notes }}' },
	{ key: 'Estimate|number', numberValue: '={{ $json.estimate }}' },
	{ key: 'Done|checkbox', checkboxValue: '={{ $json.done }}' },
	{ key: 'Website|url', urlValue: '={{ $json.website }}' },
	{ key: 'Contact|email', emailValue: '={{ $json.contact }}' },
	{ key: 'Phone|phone_number', phoneValue: '={{ $json.phone }}' },
	{ key: 'Priority|select', selectValue: '={{ $json.priority }}' },
	{ key: 'Tags|multi_select', multiSelectValue: '={{ $json.tags }}' },
	{ key: 'Stage|status', statusValue: '={{ $json.stage }}' },
	{ key: 'Due|date', includeTime: false, date: '={{ $json.due }}' },
];

interface Step {
	name: string;
	parameters: Record<string, unknown>;
	credential?: { id: string; name: string };
}

/** Manual Trigger → per branch: Code (its items) → the branch's Notion Request nodes in a chain, each fed by the previous one's Success. */
function v2Workflow(id: string, name: string, branches: Array<{ items: Array<Record<string, unknown>>; steps: Step[] }>): WorkflowFixture {
	const nodes: unknown[] = [{ id: `${id}-t`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	const connections: Record<string, unknown> = { Start: { main: [branches.map((branch) => ({ node: `${branch.steps[0].name} items`, type: 'main', index: 0 }))] } };
	branches.forEach((branch, row) => {
		const itemsNode = `${branch.steps[0].name} items`;
		nodes.push({
			id: `${id}-i${row}`, name: itemsNode, type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, row * 200],
			parameters: { jsCode: `return ${JSON.stringify(branch.items.map((json) => ({ json })))};` },
		});
		let previous = itemsNode;
		branch.steps.forEach((step, column) => {
			const credential = step.credential ?? MAIN;
			nodes.push({
				id: `${id}-r${row}-${column}`, name: step.name, type: NODE_TYPE, typeVersion: 2, position: [400 + column * 220, row * 200],
				parameters: { authentication: CREDENTIAL_TYPE, ...step.parameters },
				credentials: { [CREDENTIAL_TYPE]: credential },
			});
			connections[previous] = { main: [[{ node: step.name, type: 'main', index: 0 }]] };
			previous = step.name;
		});
	});
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' } };
}

interface Out {
	output: string;
	json: Record<string, any>; // any: Notion's answers, read field by field
	item: number;
}

function routed(runData: RunData, node: string): Out[] {
	const outputs = runData[node]?.[0]?.data?.main ?? [];
	return outputs.flatMap((items, output) =>
		(items ?? []).map((item) => ({ output: OUTPUTS[output], json: item.json as Record<string, any>, item: (item.pairedItem as { item: number }).item })),
	);
}

const rowsTitled = (title: string) => {
	const { state } = control() as unknown as { state: { world: { objects: Map<string, { id: string; kind: string; parentId?: string; title: string; properties?: Record<string, any> }> } } };
	return [...state.world.objects.values()].filter((object) => object.kind === 'page' && object.parentId === TRACKER.tasks.id && object.title === title);
};

const ROUTES = 'requestV2Routes1';
const ONE = [{}];
const fromPrevious = locator('={{ $json.id }}');

/** The page, block, data source, database and user operations: one branch each, or a chain where each step gives one item. */
const OTHER_OPERATIONS = [
	{
		items: ONE,
		steps: [
			{ name: 'Page create', parameters: { resource: 'page', operation: 'create', pageId: locator(WORLD.pages.sharedRoot.id), title: 'Meeting notes', contentType: 'markdown', markdown: '## Agenda\n- Launch date\n- Budget', simple: true } },
			{ name: 'Page markdown', parameters: { resource: 'page', operation: 'getMarkdown', pageId: fromPrevious } },
		],
	},
	{
		items: ONE,
		steps: [
			{ name: 'Page trash', parameters: { resource: 'page', operation: 'archive', pageId: locator(TRACKER.rows.docs.id), simple: true } },
			{ name: 'Page restore', parameters: { resource: 'page', operation: 'restore', pageId: fromPrevious, simple: true } },
		],
	},
	{
		items: ONE,
		steps: [{ name: 'Block append', parameters: { resource: 'block', operation: 'append', blockId: locator(WORLD.pages.sharedChild.id), contentType: 'blockUi', blockUi: { blockValues: [{ type: 'paragraph', textContent: 'Appended by n8n' }, { type: 'to_do', textContent: 'Book the room', checked: false }] } } }],
	},
	{
		items: ONE,
		steps: [{
			name: 'Rows query',
			parameters: {
				resource: 'dataSourcePage', operation: 'getAll', dataSourceId: locator(TRACKER.tasks.id), returnAll: true, simple: true, options: {},
				filterType: 'manual', matchType: 'allConditions', filters: { conditions: [{ key: 'Priority|select', type: 'select', condition: 'equals', optionValue: 'High' }] },
			},
		}],
	},
	{
		// Two items with one key in one execution: one page, created by the first and updated by the second.
		items: [{ email: 'ops@acme.example', task: 'Upserted', estimate: 1 }, { email: 'ops@acme.example', task: 'Upserted', estimate: 2 }],
		steps: [{
			name: 'Upsert',
			parameters: {
				resource: 'dataSourcePage', operation: 'upsert', dataSourceId: locator(TRACKER.tasks.id), keyProperty: 'Contact|email', keyValue: '={{ $json.email }}',
				title: '={{ $json.task }}', propertiesUi: { propertyValues: [{ key: 'Estimate|number', numberValue: '={{ $json.estimate }}' }] }, simple: true, options: {},
			},
		}],
	},
	{ items: ONE, steps: [{ name: 'Block children', parameters: { resource: 'block', operation: 'getAll', blockId: locator(WORLD.pages.sharedRoot.id), returnAll: true } }] },
	{ items: ONE, steps: [{ name: 'Page search', parameters: { resource: 'page', operation: 'search', text: 'Task Tracker', returnAll: true, simple: true } }] },
	{ items: ONE, steps: [{ name: 'Data source search', parameters: { resource: 'dataSource', operation: 'search', text: 'Bugs', returnAll: true } }] },
	{
		items: ONE,
		steps: [
			{ name: 'Data source get', parameters: { resource: 'dataSource', operation: 'get', dataSourceId: locator(TRACKER.bugs.id), simple: true } },
			{ name: 'Database get', parameters: { resource: 'database', operation: 'get', databaseId: locator(TRACKER.database.id) } },
			{ name: 'User get', parameters: { resource: 'user', operation: 'get', userId: TRACKER.people.grace.id } },
			{ name: 'Users', parameters: { resource: 'user', operation: 'getAll', returnAll: true } },
		],
	},
];

describe.each(N8N_VERSIONS)('Notion Request v2 in n8n %s', (version) => {
	let inst: N8nInstance;
	/** `n8n start` and its signed-in owner, started by the first test that needs them (a retried test reuses them). */
	let server: { proc: N8nProcess; rest: N8nRest } | undefined;
	/** The one run of the workflow: the first test checks the rows, the second the other operations. */
	let lastRun: ExecuteResult | undefined;
	const secrets = new Set<string>([WORLD.publicIntegration.clientSecret]);

	beforeAll(async () => {
		inst = await createInstance(version, { emulatorPort: notion().emulator.port, caFile: notion().tls.caFile });
		control().reset(trackerSeed());
		control().setModes({ rateLimit: null });
		const main = control().createGrant({ integrationId: WORLD.publicIntegration.id });
		const revoked = control().createGrant({ integrationId: WORLD.publicIntegration.id });
		for (const grant of [main, revoked]) secrets.add(grant.accessToken).add(grant.refreshToken);
		control().revokeGrant(revoked.grantId);
		await importCredentials(inst, [rotationSafeCredential(MAIN.id, MAIN.name, main), rotationSafeCredential(REVOKED.id, REVOKED.name, revoked)]);
		const create = (dataSourceId: string, title: string) => ({
			resource: 'dataSourcePage', operation: 'create', dataSourceId: locator(dataSourceId), title, propertiesUi: { propertyValues: PROPERTY_FIELDS }, simple: true, options: {},
		});
		await importWorkflow(inst, [
			v2Workflow(ROUTES, 'Notion Request v2: create, read back, routes', [
				{
					items: [ROW],
					steps: [
						{ name: 'Create row', parameters: create(TRACKER.tasks.id, '={{ $json.task }}') },
						{
							name: 'Update row',
							parameters: {
								resource: 'dataSourcePage', operation: 'update', pageId: locator('={{ $json.id }}'), simple: true, options: {},
								propertiesUi: { propertyValues: [{ key: 'Priority|select', selectValue: 'Low' }, { key: 'Done|checkbox', checkboxValue: false }] },
							},
						},
						{ name: 'Read back', parameters: { resource: 'dataSourcePage', operation: 'get', pageId: locator('={{ $json.id }}'), simple: true } },
					],
				},
				{ items: [ROW], steps: [{ name: 'Create unshared', parameters: create(UNSHARED_SOURCE, '={{ $json.task }}') }] },
				{ items: [ROW], steps: [{ name: 'Create revoked', credential: REVOKED, parameters: create(TRACKER.tasks.id, 'Never written') }] },
				...OTHER_OPERATIONS,
			]),
			EXAMPLE,
		]);
		await activateWorkflow(inst, EXAMPLE.id);
	});

	afterAll(async () => {
		await server?.proc.stop();
		if (inst && !process.env.KEEP_N8N) removeInstance(inst);
	});

	it('creates a row from property fields, updates it and reads it back; an unshared data source goes to Share Page, a revoked token to Reauthorize', async () => {
		control().clearLog();
		const run = await execute(inst, ROUTES);
		lastRun = run;
		expect(runProblem(run)).toBeUndefined();
		const [created] = routed(run.runData, 'Create row');
		expect(created.output).toBe('success');
		const expected = {
			Name: ROW.task, Notes: ROW.notes, Estimate: ROW.estimate, Done: true, Website: ROW.website, Contact: ROW.contact, Phone: ROW.phone,
			Priority: ROW.priority, Tags: ROW.tags, Stage: ROW.stage,
		};
		expect(created.json).toMatchObject({ id: expect.any(String), name: ROW.task, properties: expected });
		const [updated] = routed(run.runData, 'Update row');
		expect(updated).toMatchObject({ output: 'success', json: { id: created.json.id, properties: { Priority: 'Low', Done: false } } });
		const [read] = routed(run.runData, 'Read back');
		expect(read).toMatchObject({ output: 'success', json: { id: created.json.id, name: ROW.task, properties: { ...expected, Priority: 'Low', Done: false } } });
		expect(JSON.stringify(read.json.properties.Due)).toContain(ROW.due);
		// The row exists once in the data source, with the values Notion stored.
		const rows = rowsTitled(ROW.task);
		expect(rows).toHaveLength(1);
		expect(rows[0].properties).toMatchObject({ Priority: { select: { name: 'Low' } }, Estimate: { number: 5 }, Due: { date: { start: ROW.due } } });

		const [unshared] = routed(run.runData, 'Create unshared');
		expect(unshared).toMatchObject({ output: 'share_page', json: { notionRequest: { verdict: 'share_page', reason: 'not_shared_or_missing', httpStatus: 404 } } });
		expect(unshared.json.notionRequest.remediation).toContain(WORLD.publicIntegration.name);
		const [revoked] = routed(run.runData, 'Create revoked');
		expect(revoked.output).toBe('reauthorize');
		expect(revoked.json.notionRequest).toMatchObject({ verdict: 'reauthorize', credential: { name: REVOKED.name } });
		expect(rowsTitled('Never written')).toHaveLength(0);

		// The row's create and update reached Notion once each: 10 property fields in one POST, plus at most the schema read.
		const log = control().getLog();
		expect(log.filter((entry) => entry.method === 'PATCH' && entry.path === `/v1/pages/${created.json.id}`).map((entry) => entry.status)).toEqual([200]);
		expect(created.json.notionRequest.calls).toBeLessThanOrEqual(2);
	});

	it('every other operation reaches Success with what the emulator holds', async () => {
		const run = lastRun ?? (await execute(inst, ROUTES));
		const outputs = (node: string) => routed(run.runData, node).map((out) => out.output);
		const text = (node: string) => JSON.stringify(routed(run.runData, node).map((out) => out.json));
		for (const node of ['Page create', 'Page markdown', 'Page trash', 'Page restore', 'Data source get', 'Database get', 'User get']) {
			expect({ node, outputs: outputs(node) }).toEqual({ node, outputs: ['success'] });
		}
		// One item per appended block, per child, per result, per user.
		for (const node of ['Block append', 'Block children', 'Page search', 'Data source search', 'Users']) {
			expect({ node, success: outputs(node).length > 0 && outputs(node).every((output) => output === 'success') }).toEqual({ node, success: true });
		}
		expect(outputs('Block append')).toHaveLength(2);
		expect(routed(run.runData, 'Page create')[0].json).toMatchObject({ name: 'Meeting notes' });
		expect(text('Page markdown')).toContain('Launch date');
		expect(routed(run.runData, 'Page trash')[0].json).toMatchObject({ id: TRACKER.rows.docs.id, inTrash: true });
		expect(routed(run.runData, 'Page restore')[0].json).toMatchObject({ id: TRACKER.rows.docs.id, inTrash: false });
		expect(text('Block children')).toContain(WORLD.block.text);
		expect(text('Page search')).toContain(TRACKER.page.title);
		expect(text('Data source search')).toContain(TRACKER.bugs.id);
		expect(text('Data source get')).toContain('Severity');
		expect(text('Database get')).toContain(TRACKER.bugs.id);
		expect(text('User get')).toContain(TRACKER.people.grace.name);
		expect(text('Users')).toContain(TRACKER.people.linus.name);
		// Get Many with a filter built in the editor: the rows whose Priority is High (the new row was updated to Low before).
		const high = routed(run.runData, 'Rows query').map((out) => out.json.name).sort();
		expect(high).toEqual([TRACKER.rows.login.title, TRACKER.rows.ship.title]);
		// Upsert: both items Success, one page, holding the second item's value.
		expect(outputs('Upsert')).toEqual(['success', 'success']);
		const upserted = rowsTitled('Upserted');
		expect(upserted).toHaveLength(1);
		expect(upserted[0].properties).toMatchObject({ Contact: { email: 'ops@acme.example' }, Estimate: { number: 2 } });
		expect(new Set(routed(run.runData, 'Upsert').map((out) => out.json.id))).toEqual(new Set([upserted[0].id]));
		// The appended blocks are in the page, in order.
		const { state } = control() as unknown as { state: { world: { objects: Map<string, { kind: string; parentId?: string; text?: string }> } } };
		const children = [...state.world.objects.values()].filter((object) => object.kind === 'block' && object.parentId === WORLD.pages.sharedChild.id).map((block) => block.text);
		expect(children).toEqual(['Appended by n8n', 'Book the room']);
	});

	it('the editor\'s REST calls list the data sources, the writable properties and a select\'s options; the form example adds a row', async () => {
		if (!server) {
			const proc = await startProcess(inst, 'start', { readyTimeoutMs: 300_000 });
			server = { proc, rest: new N8nRest(proc.url) };
			await server.rest.setupOwner();
		}
		const { proc, rest } = server;
		const credentials = { [CREDENTIAL_TYPE]: MAIN };
		const nodeTypeAndVersion = { name: NODE_TYPE, version: 2 };
		const parameters = (key: string) => ({
			authentication: CREDENTIAL_TYPE, resource: 'dataSourcePage', operation: 'create',
			dataSourceId: { __rl: true, mode: 'list', value: TRACKER.tasks.id, cachedResultName: 'Tasks' }, title: '',
			propertiesUi: { propertyValues: [{ key }] }, simple: true, options: {},
		});
		control().clearLog();
		// What the locator's "From list" asks when the builder types "Tas" (POST /rest/dynamic-node-parameters/resource-locator-results).
		const list = await rest.request<{ results: Array<{ name: string; value: string; url?: string }> }>('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
			nodeTypeAndVersion, path: 'parameters.dataSourceId', methodName: 'searchDataSources', filter: 'Tas', currentNodeParameters: parameters(''), credentials,
		});
		expect(list.results).toContainEqual(expect.objectContaining({ name: TRACKER.tasks.title, value: TRACKER.tasks.id }));
		// The Key list of a property row (POST /rest/dynamic-node-parameters/options), from the data source's schema.
		const keys = await rest.request<Array<{ name: string; value: string }>>('POST', '/rest/dynamic-node-parameters/options', {
			nodeTypeAndVersion, path: 'parameters.propertiesUi.propertyValues[0].key', methodName: 'getWritableProperties', currentNodeParameters: parameters(''), credentials,
		});
		const values = keys.map((key) => key.value);
		expect(values).toEqual(expect.arrayContaining(['Notes|rich_text', 'Priority|select', 'Tags|multi_select', 'Stage|status', 'Due|date', 'Owner|people', 'Related|relation']));
		expect(values.filter((value) => /\|(formula|rollup|created_time|unique_id)$/.test(value))).toEqual([]);
		// The Select field of a row whose Key is Priority: its options, from the same schema.
		const options = await rest.request<Array<{ name: string; value: string }>>('POST', '/rest/dynamic-node-parameters/options', {
			nodeTypeAndVersion, path: 'parameters.propertiesUi.propertyValues[0].selectValue', methodName: 'getPropertyOptions', currentNodeParameters: parameters('Priority|select'), credentials,
		});
		expect(options.map((option) => option.value)).toEqual(['High', 'Medium', 'Low']);
		const editorCalls = control().getLog().map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
		expect(editorCalls).toEqual(expect.arrayContaining(['POST /v1/search 200', `GET /v1/data_sources/${TRACKER.tasks.id} 200`]));

		// The example, active as shipped: a person submits its form (multipart, as the browser sends it).
		const form = new FormData();
		form.append('field-0', 'Order the banners');
		form.append('field-1', 'Two roll-ups for the booth');
		form.append('field-2', 'Medium');
		form.append('field-3', '2026-12-18');
		form.append('field-4', 'events@acme.example');
		const before = readExecutions(inst, EXAMPLE.id).length;
		const answer = await fetch(`${proc.url}/form/${FORM_PATH}`, { method: 'POST', body: form });
		expect(answer.status).toBe(200);
		let executions = readExecutions(inst, EXAMPLE.id).slice(before);
		for (let waited = 0; !executions.some((e) => e.status !== 'running' && e.status !== 'new') && waited < 60_000; waited += 500) {
			await new Promise((resolve) => setTimeout(resolve, 500));
			executions = readExecutions(inst, EXAMPLE.id).slice(before);
		}
		expect(executions.map((e) => e.status)).toEqual(['success']);
		expect(routed(executions[0].runData, 'Notion Request').map((out) => out.output)).toEqual(['success']);
		const [row] = rowsTitled('Order the banners').slice(-1);
		expect(row.properties).toMatchObject({
			Priority: { select: { name: 'Medium' } }, Contact: { email: 'events@acme.example' }, Due: { date: { start: '2026-12-18' } },
			Notes: { rich_text: [expect.objectContaining({ plain_text: 'Two roll-ups for the booth' })] },
		});
	});

	it('puts no token, refresh token or client secret in n8n\'s log', () => {
		for (const entry of control().getLog()) if (entry.token) secrets.add(entry.token);
		const logs = readLogs(inst);
		expect(logs).toContain('notionRequest');
		expect([...secrets].filter((secret) => logs.includes(secret))).toEqual([]);
	});
});
