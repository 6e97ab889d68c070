/**
 * `npm run demo` (after test/demo/run.sh has built the package and installed n8n): the package's
 * three nodes in real n8n, against the Notion emulator standing in for api.notion.com, told the way
 * a builder would see it. Every setting of every node is its default.
 *
 * The world: a Notion public integration "Acme Sync", connected in n8n twice: "Notion (Acme Sync)",
 * whose access token has just expired, and "Notion (old connection)", whose grant someone revoked.
 * One page answers "slow down" once, one answers 503 once, one was never shared.
 */
import * as fs from 'fs';
import * as path from 'path';

import { startEmulator, WORLD, type LogEntry } from '../emulator';
import { CREDENTIAL_TYPE, NODE_TYPE, rotationSafeCredential } from '../e2e/fixtures';
import {
	activateWorkflow, createInstance, execute, exportCredential, importCredentials, importWorkflow, nodeItems, readExecutions, removeInstance, REPO_DIR,
	runProblem, startProcess, type N8nInstance, type N8nVersion, type WorkflowFixture,
} from '../e2e/n8n';
import { createTestTls } from '../e2e/tls';

const version = (process.env.DEMO_N8N_VERSION ?? '2.41.1') as N8nVersion;
const ACME = { id: 'DemoNotionCred01', name: 'Notion (Acme Sync)' };
const OLD = { id: 'DemoNotionCred02', name: 'Notion (old connection)' };

/** A Notion link as a builder copies it (••• → Copy link). */
const link = (title: string, id: string, query = '') => `https://www.notion.so/acme/${title.replace(/\W+/g, '-')}-${id.replace(/-/g, '')}${query}`;
const HANDBOOK = link(WORLD.pages.sharedRoot.title, WORLD.pages.sharedRoot.id);
const ONBOARDING = link(WORLD.pages.sharedChild.title, WORLD.pages.sharedChild.id);
const LAUNCH_PLAN = link(WORLD.pages.databaseRow.title, WORLD.pages.databaseRow.id);
const PROJECTS = link(WORLD.database.title, WORLD.database.id, '?v=0123456789abcdef0123456789abcdef');
const PRIVATE = link(WORLD.pages.unshared.title, WORLD.pages.unshared.id);

/** What each output means, in the words of someone building a workflow. */
const MEANING: Record<string, string> = {
	'Access OK': 'the connection works and the integration can read it: your Notion steps can go ahead',
	Success: 'Notion did it; the item carries Notion\'s answer',
	Reauthorize: 'the connection itself is broken: someone must open the credential in n8n and click Reconnect',
	'Share Page': 'the connection works, but the integration cannot see this page: it must be shared with it in Notion',
	Retry: 'Notion is busy or down for a moment, which says nothing about access: send the item again at retryAt',
};

const say = (text = '') => console.log(text);
const indent = (text: string, by = '      ') => text.replace(/^/gm, by);

async function main(): Promise<void> {
	const started = Date.now();
	const tls = createTestTls();
	const emulator = await startEmulator({ tls: { key: tls.key, cert: tls.cert } });
	const inst = await createInstance(version, { emulatorPort: emulator.port, caFile: tls.caFile });
	try {
		// What "Connect my account" leaves behind, for two connections of the same integration.
		const acme = emulator.control.createGrant({ integrationId: WORLD.publicIntegration.id });
		const old = emulator.control.createGrant({ integrationId: WORLD.publicIntegration.id });
		await importCredentials(inst, [rotationSafeCredential(ACME.id, ACME.name, acme), rotationSafeCredential(OLD.id, OLD.name, old)]);
		const watch = watchWorkflow();
		await importWorkflow(inst, [demoWorkflow(), watch]);
		await activateWorkflow(inst, watch.id);
		emulator.control.revokeGrant(old.grantId);
		emulator.control.expireGrant(acme.grantId);
		emulator.control.addFault({ path: `/v1/pages/${WORLD.pages.databaseRow.id}`, method: 'GET', count: 1, fault: 'http429', retryAfter: '2' });
		emulator.control.addFault({ path: `/v1/pages/${WORLD.pages.sharedChild.id}`, method: 'GET', count: 1, fault: 'http503' });

		say(`Notion Access demo: n8n ${version} with this package, and a stand-in for Notion (the emulator) on this machine.`);
		say('Nothing leaves the machine; every token is fake. Every node runs with its default settings.');
		say();
		say(`In n8n, the Notion public integration "${WORLD.publicIntegration.name}" is connected twice:`);
		say(`  - "${ACME.name}": works, but its access token has just expired (Notion tokens do, without warning);`);
		say(`  - "${OLD.name}": someone removed the integration in Notion, so this grant is revoked.`);
		say('Notion is set to answer "slow down" (a rate limit) once for Launch Plan, and "503 service unavailable" once');
		say('for Onboarding Checklist. Nobody ever shared Private Notes with the integration.');

		const run = await execute(inst, 'demoNotionAccess1');
		if (!run.ok) throw new Error(`the demo workflow did not finish:\n${runProblem(run)}`);
		const log = emulator.control.getLog();

		say();
		say('1. Notion Access Check: checks each link before your Notion steps run, and sends it to one of four outputs.');
		for (const node of ['Notion Access Check', 'Access Check (old connection)']) {
			['Access OK', 'Reauthorize', 'Share Page', 'Retry'].forEach((output, index) => {
				for (const item of nodeItems(run.runData, node, index)) describe(output, item.notionAccess as Report, log);
			});
		}

		say();
		say('2. Notion Request: does the Notion step itself (here Page → Update, renaming two pages) and');
		say('   routes the outcome the same way: Success, Reauthorize, Share Page or Retry.');
		['Success', 'Reauthorize', 'Share Page', 'Retry'].forEach((output, index) => {
			for (const item of nodeItems(run.runData, 'Notion Request', index)) {
				const report = item.notionRequest as Report;
				if (output !== 'Success') describe(output, report, log);
				else {
					const title = titleOf(item);
					say(`   ${label('Success')}${report.resource?.input}`);
					say(indent(`renamed to "${title}". ${MEANING.Success}.`));
				}
			}
		});

		const tokenRequests = log.filter((entry) => entry.path === '/v1/oauth/token');
		const apiRequests = log.filter((entry) => entry.path.startsWith('/v1/') && !entry.path.startsWith('/v1/oauth/'));
		const stored = (await exportCredential(inst, ACME.id)).oauthTokenData as { refresh_token?: string };
		const newest = stored.refresh_token === emulator.control.getGrant(acme.grantId).refreshToken;
		say();
		say('What Notion saw during that run:');
		say(`   ${count(tokenRequests.length, 'token request')}: calls to Notion's token endpoint, where n8n trades a refresh token for a new`);
		say('   access token. Notion hands out a new refresh token each time and the old one stops working, so a');
		say('   connection survives only if n8n refreshes once and stores the new pair.');
		for (const entry of tokenRequests) {
			const who = entry.grantId === acme.grantId ? ACME.name : entry.grantId === old.grantId ? OLD.name : 'another credential';
			say(`     - "${who}": ${entry.status === 200 ? 'refreshed (the expired access token was replaced, once, for both nodes)' : `refused (HTTP ${entry.status}: the grant was revoked)`}`);
		}
		say(`   n8n stored the newest refresh token of "${ACME.name}": ${newest ? 'yes' : 'NO'}.`);
		say(`   ${count(apiRequests.length, 'API request')}: calls to Notion's API itself (a token check, a page read or a page`);
		say('   update). The nodes pace them at 3 per second (their Requests per Second), and learn Notion\'s budget from its 429s.');

		const watched = await watchDemo(inst, watch.id, acme.grantId, emulator.control);
		say();
		say(`All done in ${Math.round((Date.now() - started) / 1000)} s. To use the package in your own n8n, see the README's Install section;`);
		say('examples/ holds a workflow to import for each node.');
		if (!newest || !watched) process.exitCode = 1;
	} finally {
		removeInstance(inst);
		await emulator.close();
		fs.rmSync(tls.dir, { recursive: true, force: true });
	}
}

interface Report {
	verdict: string;
	reason: string;
	httpStatus?: number;
	code?: string;
	remediation: string;
	retryAt?: string;
	resource?: { input: string; id: string; title?: string };
	credential: { name: string };
}

function describe(output: string, report: Report, log: LogEntry[]): void {
	const subject = report.resource ? report.resource.input : `the connection "${report.credential.name}"`;
	say(`   ${label(output)}${subject}`);
	const facts: string[] = [];
	if (report.resource?.title) facts.push(`This is "${report.resource.title}".`);
	if (report.resource && report.verdict === 'access_ok') {
		const asked = log.filter((entry) => entry.path.endsWith(report.resource!.id) && entry.method === 'GET');
		if (asked.some((entry) => entry.status === 429)) {
			facts.push('Notion first answered "slow down" (429, retry after 2 s): the node waited 2 s and asked again.');
		}
	}
	if (report.reason === 'grant_revoked') {
		facts.push(`Checked through "${report.credential.name}": its access token was refused, and Notion refused to refresh it too (the grant is revoked), so the page itself was never asked.`);
	} else if (report.verdict !== 'access_ok') {
		facts.push(`Notion answered ${report.httpStatus ?? ''} ${report.code ?? ''} (reason: ${report.reason}).`);
	}
	say(indent(`${facts.join(' ')}\nMeaning: ${MEANING[output]}.`));
	if (report.verdict !== 'access_ok') say(indent(`What to do, as the item says: ${report.remediation}`));
	if (report.retryAt) say(indent(`retryAt: ${report.retryAt}`));
}

/** The title of a page as Notion answers it, or as Simplify gives it (`name`). */
function titleOf(page: Record<string, unknown>): string | undefined {
	if (typeof page.name === 'string') return page.name;
	const properties = page.properties as Record<string, { type: string; title?: Array<{ plain_text: string }> }> | undefined;
	return Object.values(properties ?? {}).find((property) => property.type === 'title')?.title?.[0]?.plain_text;
}

const label = (output: string) => `[${output}]`.padEnd(19);
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Manual Trigger → three branches: two Access Checks (one per credential) and a Notion Request. */
function demoWorkflow(): WorkflowFixture {
	const items = (name: string, y: number, list: Array<Record<string, string>>) => ({
		id: name, name, type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, y],
		parameters: { jsCode: `return ${JSON.stringify(list.map((json) => ({ json })))};` },
	});
	const check = (name: string, y: number, credential: { id: string; name: string }) => ({
		id: name, name, type: NODE_TYPE, typeVersion: 1, position: [420, y],
		parameters: { authentication: CREDENTIAL_TYPE, check: 'resource', resource: '={{ $json.pageUrl }}', resourceType: 'auto', options: {} },
		credentials: { [CREDENTIAL_TYPE]: credential },
	});
	return {
		id: 'demoNotionAccess1',
		name: 'Demo: Notion Access Check and Notion Request',
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			items('Links to check', 0, [HANDBOOK, PROJECTS, LAUNCH_PLAN, ONBOARDING, PRIVATE].map((pageUrl) => ({ pageUrl }))),
			check('Notion Access Check', 0, ACME),
			items('Links for the old connection', 200, [{ pageUrl: HANDBOOK }]),
			check('Access Check (old connection)', 200, OLD),
			items('Pages to rename', 400, [
				{ pageUrl: HANDBOOK, newTitle: 'Team Handbook (reviewed)' },
				{ pageUrl: PRIVATE, newTitle: 'Private Notes (reviewed)' },
			]),
			{
				id: 'request', name: 'Notion Request', type: 'n8n-nodes-notion-access.notionRequest', typeVersion: 2, position: [420, 400],
				parameters: {
					authentication: CREDENTIAL_TYPE, resource: 'page', operation: 'update',
					pageId: { __rl: true, mode: 'url', value: '={{ $json.pageUrl }}' }, title: '={{ $json.newTitle }}', options: {},
				},
				credentials: { [CREDENTIAL_TYPE]: ACME },
			},
		],
		connections: {
			Start: { main: [['Links to check', 'Links for the old connection', 'Pages to rename'].map((node) => ({ node, type: 'main', index: 0 }))] },
			'Links to check': { main: [[{ node: 'Notion Access Check', type: 'main', index: 0 }]] },
			'Links for the old connection': { main: [[{ node: 'Access Check (old connection)', type: 'main', index: 0 }]] },
			'Pages to rename': { main: [[{ node: 'Notion Request', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** The Access Watch as examples/watch-access-alert.json ships it, on two pages. */
function watchWorkflow(): WorkflowFixture {
	const example = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'examples', 'watch-access-alert.json'), 'utf8')) as WorkflowFixture;
	for (const node of example.nodes as Array<{ name: string; parameters: Record<string, unknown>; credentials?: unknown }>) {
		if (node.credentials) node.credentials = { [CREDENTIAL_TYPE]: ACME };
		if (node.name === 'Notion Access Watch') {
			node.parameters.resourcesText = `${HANDBOOK}\n${PRIVATE}`;
			// n8n's schedule would poll again in 5 minutes; here each start of n8n is one poll.
			node.parameters.pollTimes = { item: [{ mode: 'custom', cronExpression: '0 0 0 1 1 *' }] };
		}
	}
	return example;
}

/**
 * n8n polls an active workflow once when it starts: the first start takes a baseline, then access
 * changes while n8n is down, and the second start reports it.
 */
async function watchDemo(inst: N8nInstance, workflowId: string, grantId: string, control: Awaited<ReturnType<typeof startEmulator>>['control']): Promise<boolean> {
	say();
	say('3. Notion Access Watch: a trigger that polls on a schedule and starts its workflow only when access');
	say('   changes, before another workflow fails on it. Here it watches Team Handbook and Private Notes, and its');
	say('   workflow turns each change into a message for Slack or email (examples/watch-access-alert.json).');
	const first = await poll(inst, workflowId);
	say(`   Poll 1 (n8n starts with the workflow active): ${first.length === 0 ? 'takes a baseline and reports nothing.' : `${count(first.length, 'change')}, which a baseline should not have.`}`);
	control.unshareObject(WORLD.pages.sharedRoot.id, { grantId });
	control.shareObject(WORLD.pages.unshared.id, { grantId });
	say(`   Meanwhile, in Notion, someone removes "${WORLD.publicIntegration.name}" from Team Handbook's connections and adds it to Private Notes.`);
	const second = await poll(inst, workflowId);
	say(`   Poll 2: ${count(second.length, 'change')}.`);
	for (const item of second) {
		say(`   ${label(item.event)}${item.resource?.input ?? ''}`);
		say(indent(`now ${item.verdict} (${item.reason}), before ${item.previous?.verdict}. The message it builds:\n"${item.message}"`));
	}
	return first.length === 0 && second.map((item) => item.event).sort().join() === 'access_lost,access_restored';
}

interface WatchItem {
	event: string;
	verdict: string;
	reason: string;
	resource?: { input: string };
	previous?: { verdict: string };
	message?: string;
}

/** One `n8n start`: its activation polls once. Returns what the watch emitted, with the message built from it. */
async function poll(inst: N8nInstance, workflowId: string): Promise<WatchItem[]> {
	const before = readExecutions(inst, workflowId).length;
	const proc = await startProcess(inst, 'start', { readyTimeoutMs: 300_000 });
	try {
		const changes = await waitFor(() => {
			const line = proc.records().find((record) => record.message.startsWith('Notion Access Watch "Notion Access Watch":'));
			return line ? Number(/: (\d+) change/.exec(line.message)?.[1] ?? 0) : undefined;
		});
		if (changes === 0) return [];
		const run = await waitFor(() => readExecutions(inst, workflowId).slice(before).find((r) => r.status !== 'running' && r.status !== 'new'));
		const messages = nodeItems(run.runData, 'Alert message');
		return nodeItems(run.runData, 'Notion Access Watch').map((item, i) => ({ ...(item as unknown as WatchItem), message: messages[i]?.message as string }));
	} finally {
		await proc.stop();
	}
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 120_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error('timed out waiting for n8n');
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
