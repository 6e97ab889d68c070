/**
 * Issue 3: the Notion Access Check node in real n8n 1.123.x and 2.41.x against the emulator. Each
 * item carries the reason it should come out with, so one execution checks many cases at once.
 */
import { benchPageId, defaultSeed, stableId, WORLD, type FaultKind, type WorldSeed } from '../emulator';
import { builtInCredentials, checkWorkflow, connectCredential, CREDENTIAL_TYPE, NODE_TYPE, rotationSafeCredential } from './fixtures';
import {
	createInstance, execute, exportCredential, importCredentials, importWorkflow, N8N_VERSIONS, readLogs, removeInstance,
	type N8nInstance, type RunData, runProblem,
} from './n8n';
import { useNotionEmulator } from './notion';

jest.setTimeout(600_000);

const OUTPUTS = ['access_ok', 'reauthorize', 'share_page', 'retry'] as const;
const ERROR_OUTPUT = 4;
const W = WORLD;
const url = (id: string, slug = 'Page') => `https://www.notion.so/acme/${slug}-${id.replace(/-/g, '')}`;

/** A database with two data sources under the shared root: Tasks readable, Archive in the trash. */
const ROADMAP = { database: stableId('database:roadmap'), tasks: stableId('data-source:roadmap-tasks'), archive: stableId('data-source:roadmap-archive') };
function seedWithTwoSources(): WorldSeed {
	const seed = defaultSeed();
	seed.objects.push(
		{ id: ROADMAP.database, kind: 'database', title: 'Roadmap', parentId: W.pages.sharedRoot.id },
		{ id: ROADMAP.tasks, kind: 'data_source', title: 'Tasks', parentId: ROADMAP.database },
		{ id: ROADMAP.archive, kind: 'data_source', title: 'Archive', parentId: ROADMAP.database, inTrash: true },
	);
	return seed;
}

const CREDENTIALS = {
	main: { id: 'AccessCheckCred1', name: 'Notion (Acme Sync)' },
	noRead: { id: 'AccessCheckCred2', name: 'Notion (Acme Sync Lite)' },
	api: { id: 'AccessCheckApi01', name: 'Notion internal integration (built-in)' },
	oauth2: { id: 'AccessCheckOA201', name: 'Notion OAuth2 (built-in)' },
};

/** Ids that only exist to carry a fault: the fault answers before the emulator looks anything up. */
const faultId = (fault: string) => benchPageId('missing', 9000 + [...fault].reduce((sum, c) => sum + c.charCodeAt(0), 0));
const FAULTS: Array<[FaultKind, string]> = [
	['http500', 'server_error'],
	['http502_html', 'bad_gateway'],
	['http503', 'service_unavailable'],
	['http503_db', 'service_unavailable'],
	['http504', 'gateway_timeout'],
	['http529', 'service_overload'],
	['http409', 'conflict'],
	['reset', 'connection_failed'],
	['hang', 'timeout'],
	['malformed_json', 'bad_response'],
	['empty_body', 'bad_response'],
	// Last: a 429 that names Notion's limit holds the credential for every request after it (issue
	// 20), so an item sent after it would be answered by the hold (rate_limited), not by its fault.
	['http429', 'rate_limited'],
];

// Notion's documented average, 3 requests/s: the node's default pacing has to stay under it.
const notion = useNotionEmulator();

interface Routed {
	output: number;
	json: Record<string, unknown>;
	report: Record<string, unknown>;
	pairedItem: number;
}

/** Every item that left a check node, with the output it left by. */
function routed(runData: RunData, node: string): Routed[] {
	const outputs = runData[node]?.[0]?.data?.main ?? [];
	return outputs.flatMap((items, output) =>
		(items ?? []).map((item) => ({
			output,
			json: item.json,
			report: (item.json.notionAccess ?? {}) as Record<string, unknown>,
			pairedItem: (item.pairedItem as { item: number }).item,
		})),
	);
}

/** Each input item left exactly once, and the reason it carries is the one it expected. */
function expectEveryItemOnceAsExpected(runData: RunData, node: string, expected: Array<{ expect: string }>) {
	const out = routed(runData, node);
	expect(out.map((item) => item.pairedItem).sort((a, b) => a - b)).toEqual(expected.map((_, i) => i));
	for (const item of out) {
		const want = expected[item.pairedItem].expect;
		const got = item.output === ERROR_OUTPUT ? 'error' : String(item.report.reason);
		expect({ item: item.pairedItem, reason: got }).toEqual({ item: item.pairedItem, reason: want });
		if (item.output < ERROR_OUTPUT) expect(OUTPUTS[item.output]).toBe(item.report.verdict);
	}
	return out;
}

describe.each(N8N_VERSIONS)('Notion Access Check in n8n %s', (version) => {
	let inst: N8nInstance;
	const secrets = new Set<string>([W.publicIntegration.clientSecret, W.noReadIntegration.clientSecret, W.internalIntegration.secret]);

	beforeAll(async () => {
		inst = await createInstance(version, { emulatorPort: notion().emulator.port, caFile: notion().tls.caFile });
		notion().emulator.control.reset(seedWithTwoSources());
		const main = notion().emulator.control.createGrant({ integrationId: W.publicIntegration.id });
		const noRead = notion().emulator.control.createGrant({ integrationId: W.noReadIntegration.id });
		const builtIn = notion().emulator.control.createGrant({ integrationId: W.publicIntegration.id });
		for (const grant of [main, noRead, builtIn]) secrets.add(grant.accessToken).add(grant.refreshToken);
		await importCredentials(inst, [
			rotationSafeCredential(CREDENTIALS.main.id, CREDENTIALS.main.name, main),
			rotationSafeCredential(CREDENTIALS.noRead.id, CREDENTIALS.noRead.name, noRead, W.noReadIntegration),
			...builtInCredentials({ api: CREDENTIALS.api.id, oauth2: CREDENTIALS.oauth2.id }, builtIn),
		]);
	});

	afterAll(() => {
		if (inst && !process.env.KEEP_N8N) removeInstance(inst);
	});

	it('routes every kind of reference to the right output, with the fields it adds', async () => {
		const items = [
			{ resource: url(W.pages.sharedRoot.id, 'Team-Handbook'), expect: 'accessible' },
			{ resource: ` ${W.pages.sharedChild.id.toUpperCase()} `, expect: 'accessible' },
			{ resource: `${url(W.database.id, 'Projects')}?v=0123456789abcdef0123456789abcdef`, expect: 'accessible' },
			{ resource: W.database.id, expect: 'accessible' }, // a database id, asked for as a page first
			{ resource: `${url(W.pages.sharedRoot.id)}#${W.block.id.replace(/-/g, '')}`, expect: 'accessible' },
			{ resource: W.pages.unshared.id, expect: 'not_shared_or_missing' },
			{ resource: `https://acme.notion.site/Nothing-${W.missingId.replace(/-/g, '')}`, expect: 'not_shared_or_missing' },
			{ resource: W.pages.sharedRoot.id, expect: 'accessible' }, // the same page again: asked once
			{ resource: 'not a notion link', expect: 'error' },
			{ resource: `https://www.notion.so/${W.pages.sharedRoot.id}/../users`, expect: 'error' },
		];
		const dataSource = [{ resource: W.dataSource.id, expect: 'accessible' }];
		await importWorkflow(inst, checkWorkflow('accessRouting001', 'Routing', [
			{ name: 'Check', credential: CREDENTIALS.main, items, onError: 'continueErrorOutput' },
			{ name: 'Check data source', credential: CREDENTIALS.main, items: dataSource, resourceType: 'data_source' },
			{ name: 'Check without read content', credential: CREDENTIALS.noRead, items: [{ resource: W.pages.sharedRoot.id, expect: 'missing_capability' }] },
			{ name: 'Check token', credential: CREDENTIALS.main, items: [{ expect: 'token_valid' }], check: 'token' },
		]));
		notion().emulator.control.clearLog();
		const run = await execute(inst, 'accessRouting001');
		expect(runProblem(run)).toBeUndefined();

		const out = expectEveryItemOnceAsExpected(run.runData, 'Check', items);
		expectEveryItemOnceAsExpected(run.runData, 'Check data source', dataSource);
		expectEveryItemOnceAsExpected(run.runData, 'Check without read content', [{ expect: 'missing_capability' }]);
		expectEveryItemOnceAsExpected(run.runData, 'Check token', [{ expect: 'token_valid' }]);

		const [handbook] = out.filter((item) => item.pairedItem === 0);
		expect(handbook.json.resource).toBe(items[0].resource); // the input json is kept
		expect(handbook.report).toMatchObject({
			verdict: 'access_ok', reason: 'accessible', httpStatus: 200, requestId: expect.any(String),
			resource: { input: items[0].resource, id: W.pages.sharedRoot.id, type: 'page', title: W.pages.sharedRoot.title, url: expect.stringContaining('notion.so') },
			integration: { name: W.publicIntegration.name, botId: expect.any(String), workspaceName: W.workspace.name },
			credential: { type: CREDENTIAL_TYPE, name: CREDENTIALS.main.name },
			remediation: expect.any(String),
			checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		expect(out.find((item) => item.pairedItem === 3)?.report.resource).toMatchObject({ type: 'database', title: W.database.title });
		expect(out.find((item) => item.pairedItem === 4)?.report.resource).toMatchObject({ id: W.block.id, type: 'block' });

		const unshared = out.find((item) => item.pairedItem === 5)!.report;
		expect(unshared).toMatchObject({
			verdict: 'share_page', code: 'object_not_found', httpStatus: 404, requestId: expect.any(String),
			integration: { name: W.publicIntegration.name },
			resource: { id: W.pages.unshared.id, url: expect.stringContaining(W.pages.unshared.id.replace(/-/g, '')) },
		});
		expect(String(unshared.message)).toContain(`"${W.publicIntegration.name}"`);
		expect(String(unshared.remediation)).toContain(W.publicIntegration.name);

		const badInput = out.find((item) => item.pairedItem === 8)!;
		expect(String(badInput.json.error)).toMatch(/^Item 8\b/);
		const noRead = routed(run.runData, 'Check without read content')[0].report;
		expect(noRead).toMatchObject({ verdict: 'share_page', code: 'restricted_resource', httpStatus: 403 });

		// Each distinct resource was asked once, and the token once per check node.
		const log = notion().emulator.control.getLog().filter((entry) => entry.path.startsWith('/v1/') && !entry.path.startsWith('/v1/oauth'));
		const rootAsked = log.filter((entry) => entry.path === `/v1/pages/${W.pages.sharedRoot.id}` && entry.token !== undefined);
		expect(rootAsked.filter((entry) => entry.integrationId === W.publicIntegration.id)).toHaveLength(1);
		expect(log.filter((entry) => entry.path === '/v1/users/me')).toHaveLength(4);
		expect(log.filter((entry) => entry.status === 429)).toHaveLength(0);
		expect(log.every((entry) => entry.notionVersion === '2025-09-03')).toBe(true);
	});

	it('takes the resource as a locator (By URL expression, From List, By ID) or a plain string, and checks each data source of a database', async () => {
		const items = [
			{ resource: url(W.pages.sharedRoot.id, 'Team-Handbook'), expect: 'accessible' },
			// Two data sources, one in the trash: the database is not Access OK, and the report says which.
			{ resource: url(ROADMAP.database, 'Roadmap'), expect: 'in_trash' },
			{ resource: W.database.id, expect: 'accessible' },
		];
		const check = (name: string, y: number, resource: unknown, extra: Record<string, unknown> = {}) => ({
			id: `locator-${y}`, name, type: NODE_TYPE, typeVersion: 1, position: [400, y * 200],
			parameters: { authentication: CREDENTIAL_TYPE, check: 'resource', resource, resourceType: 'auto', options: {}, ...extra },
			credentials: { [CREDENTIAL_TYPE]: CREDENTIALS.main },
		});
		const names = ['By URL', 'From List', 'By ID, one data source', 'Plain string'];
		await importWorkflow(inst, {
			id: 'accessLocator001',
			name: 'Locators',
			nodes: [
				{ id: 'locator-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{ id: 'locator-items', name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: `return ${JSON.stringify(items.map((json) => ({ json })))};` } },
				check(names[0], 0, { __rl: true, mode: 'url', value: '={{ $json.resource }}' }),
				check(names[1], 1, { __rl: true, mode: 'list', value: W.pages.sharedChild.id, cachedResultName: W.pages.sharedChild.title }),
				check(names[2], 2, { __rl: true, mode: 'id', value: ROADMAP.database.replace(/-/g, '') }, { resourceType: 'database', options: { dataSource: 'Tasks' } }),
				// As saved before the parameter became a locator.
				check(names[3], 3, W.pages.sharedRoot.id),
			],
			connections: {
				Start: { main: [[{ node: 'Items', type: 'main', index: 0 }, ...names.slice(1).map((node) => ({ node, type: 'main', index: 0 }))]] },
				Items: { main: [[{ node: names[0], type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		});
		notion().emulator.control.clearLog();
		const run = await execute(inst, 'accessLocator001');
		expect(runProblem(run)).toBeUndefined();

		const byUrl = expectEveryItemOnceAsExpected(run.runData, names[0], items);
		expectEveryItemOnceAsExpected(run.runData, names[1], [{ expect: 'accessible' }]);
		expectEveryItemOnceAsExpected(run.runData, names[2], [{ expect: 'accessible' }]);
		expectEveryItemOnceAsExpected(run.runData, names[3], [{ expect: 'accessible' }]);
		expect(routed(run.runData, names[1])[0].report.resource).toMatchObject({ id: W.pages.sharedChild.id, type: 'page' });

		const roadmap = byUrl.find((item) => item.pairedItem === 1)!;
		expect(roadmap.output).toBe(OUTPUTS.indexOf('share_page'));
		expect(roadmap.report).toMatchObject({
			verdict: 'share_page',
			reason: 'in_trash',
			resource: { id: ROADMAP.database, type: 'database', title: 'Roadmap' },
			dataSource: { id: ROADMAP.archive, name: 'Archive' },
			dataSources: [
				{ id: ROADMAP.tasks, name: 'Tasks', verdict: 'access_ok', reason: 'accessible' },
				{ id: ROADMAP.archive, name: 'Archive', verdict: 'share_page', reason: 'in_trash' },
			],
		});
		expect(String(roadmap.report.remediation)).toContain(ROADMAP.archive.replace(/-/g, ''));
		expect(routed(run.runData, names[2])[0].report).toMatchObject({ dataSources: [{ id: ROADMAP.tasks, name: 'Tasks', verdict: 'access_ok' }] });

		// Bounded: the database at /pages (a 400 naming it) and /databases once per node, and each data source once per node that reads it.
		const log = notion().emulator.control.getLog().filter((entry) => entry.path.startsWith('/v1/'));
		expect(log.filter((entry) => entry.path === `/v1/data_sources/${ROADMAP.archive}`)).toHaveLength(1);
		expect(log.filter((entry) => entry.path === `/v1/data_sources/${ROADMAP.tasks}`)).toHaveLength(2);
		expect(log.filter((entry) => entry.path === `/v1/databases/${ROADMAP.database}`)).toHaveLength(2);
	});

	it('maps each fault Notion or its edge can answer to its verdict', async () => {
		notion().emulator.control.clearFaults();
		const items = FAULTS.map(([fault, expect]) => ({ resource: faultId(fault), fault, expect }));
		for (const [fault] of FAULTS) notion().emulator.control.addFault({ path: `/v1/pages/${faultId(fault)}`, count: 1, fault, retryAfter: '7' });
		await importWorkflow(inst, checkWorkflow('accessFaults0001', 'Faults', [
			{ name: 'Check', credential: CREDENTIALS.main, items, onError: 'continueErrorOutput', resourceType: 'page', options: { waitOnRateLimit: false, timeoutSeconds: 3 } },
		]));
		const run = await execute(inst, 'accessFaults0001');
		const out = expectEveryItemOnceAsExpected(run.runData, 'Check', items);
		for (const item of out.filter((each) => each.output === 3)) {
			expect(item.report.retryAfterSeconds).toEqual(expect.any(Number));
			expect(Date.parse(String(item.report.retryAt))).toBeGreaterThan(Date.parse(String(item.report.checkedAt)) - 1);
		}
		const rateLimited = out.find((item) => item.json.fault === 'http429')!.report;
		expect(rateLimited).toMatchObject({ code: 'rate_limited', httpStatus: 429, retryAfterSeconds: 7 });
		const edge = out.find((item) => item.json.fault === 'http502_html')!.report;
		expect(edge).toMatchObject({ httpStatus: 502 });
		expect(String(edge.message)).not.toMatch(/<html|<body/i);
	});

	it('waits out Retry-After inside the node when asked to, and then reports the real answer', async () => {
		notion().emulator.control.clearFaults();
		notion().emulator.control.addFault({ path: `/v1/pages/${W.pages.sharedChild.id}`, count: 1, fault: 'http429', retryAfter: '1' });
		await importWorkflow(inst, checkWorkflow('accessWaits00001', 'Waits', [
			{ name: 'Check', credential: CREDENTIALS.main, items: [{ resource: W.pages.sharedChild.id, expect: 'accessible' }] },
		]));
		notion().emulator.control.clearLog();
		const run = await execute(inst, 'accessWaits00001');
		expectEveryItemOnceAsExpected(run.runData, 'Check', [{ expect: 'accessible' }]);
		const asked = notion().emulator.control.getLog().filter((entry) => entry.path === `/v1/pages/${W.pages.sharedChild.id}`);
		expect(asked.map((entry) => entry.status)).toEqual([429, 200]);
		expect(asked[1].time - asked[0].time).toBeGreaterThanOrEqual(1000);
	});

	it('sends each of 100 items out exactly once, sharing verdicts between items that point at the same page', async () => {
		const pool = [
			{ resource: W.pages.sharedRoot.id, expect: 'accessible' },
			{ resource: W.pages.sharedChild.id, expect: 'accessible' },
			{ resource: W.pages.unshared.id, expect: 'not_shared_or_missing' },
			{ resource: W.missingId, expect: 'not_shared_or_missing' },
			{ resource: W.database.id, expect: 'accessible' },
		];
		const items = Array.from({ length: 100 }, (_, i) => ({ ...pool[i % pool.length], n: i }));
		await importWorkflow(inst, checkWorkflow('accessHundred001', 'Hundred', [{ name: 'Check', credential: CREDENTIALS.main, items }]));
		notion().emulator.control.clearLog();
		const run = await execute(inst, 'accessHundred001');
		const out = expectEveryItemOnceAsExpected(run.runData, 'Check', items);
		expect(out).toHaveLength(100);
		for (const item of out) expect(item.json.n).toBe(item.pairedItem);
		const asked = notion().emulator.control.getLog().filter((entry) => /^\/v1\/(pages|databases)\//.test(entry.path));
		// 5 distinct resources; the database id is asked at /pages first, then at /databases.
		expect(asked).toHaveLength(6);
	});

	it('checks the very credentials n8n\'s own Notion nodes use: notionApi and notionOAuth2Api', async () => {
		await importWorkflow(inst, checkWorkflow('accessBuiltIn001', 'Built-in credentials', [
			{
				name: 'Check internal', credentialType: 'notionApi', credential: CREDENTIALS.api,
				items: [{ resource: W.pages.sharedRoot.id, expect: 'accessible' }, { resource: W.pages.unshared.id, expect: 'not_shared_or_missing' }],
			},
			{
				name: 'Check built-in OAuth2', credentialType: 'notionOAuth2Api', credential: CREDENTIALS.oauth2,
				items: [{ resource: W.pages.sharedRoot.id, expect: 'accessible' }, { resource: W.pages.unshared.id, expect: 'not_shared_or_missing' }],
			},
		]));
		const run = await execute(inst, 'accessBuiltIn001');
		const internal = expectEveryItemOnceAsExpected(run.runData, 'Check internal', [{ expect: 'accessible' }, { expect: 'not_shared_or_missing' }]);
		expectEveryItemOnceAsExpected(run.runData, 'Check built-in OAuth2', [{ expect: 'accessible' }, { expect: 'not_shared_or_missing' }]);
		expect(internal[0].report).toMatchObject({ integration: { name: W.internalIntegration.name }, credential: { type: 'notionApi' } });
		expect(internal.find((item) => item.output === 2)!.report).toMatchObject({ integration: { name: W.internalIntegration.name } });
	});

	it('lends its credential to the HTTP Request node (predefined credential type), refresh included', async () => {
		const credential = { id: 'AccessCheckHttp1', name: 'Notion (for HTTP Request)' };
		const grant = await connectCredential(inst, notion().emulator, credential);
		secrets.add(grant.accessToken).add(grant.refreshToken);
		await importWorkflow(inst, {
			id: 'accessHttpReq001', name: 'HTTP Request with the credential', settings: { executionOrder: 'v1' },
			nodes: [
				{ id: 'h1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'h2', name: 'Who am I', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [200, 0],
					parameters: {
						url: 'https://api.notion.com/v1/users/me', authentication: 'predefinedCredentialType', nodeCredentialType: CREDENTIAL_TYPE,
						sendHeaders: true, headerParameters: { parameters: [{ name: 'Notion-Version', value: '2025-09-03' }] }, options: {},
					},
					credentials: { [CREDENTIAL_TYPE]: credential },
				},
			],
			connections: { Start: { main: [[{ node: 'Who am I', type: 'main', index: 0 }]] } },
		});
		notion().emulator.control.expireGrant(grant.grantId);
		notion().emulator.control.clearLog();
		const run = await execute(inst, 'accessHttpReq001');
		expect(runProblem(run)).toBeUndefined();
		expect(run.runData['Who am I'][0].data!.main![0]![0].json).toMatchObject({ object: 'user', type: 'bot', name: W.publicIntegration.name });
		const tokenRequests = notion().emulator.control.getLog().filter((entry) => entry.path === '/v1/oauth/token');
		expect(tokenRequests.map((entry) => [entry.auth, entry.grantType])).toEqual([['basic', 'refresh_token']]);
		const newest = notion().emulator.control.getGrant(grant.grantId);
		secrets.add(newest.accessToken).add(newest.refreshToken);
		const stored = (await exportCredential(inst, credential.id)).oauthTokenData as Record<string, unknown>;
		expect(stored.refresh_token).toBe(newest.refreshToken);
	});

	it('fails closed when n8n cannot read the credential: no item reaches Access OK under either Continue mode', async () => {
		// One credential the database does not hold (deleted after import), and one whose data no
		// longer decrypts (say, the encryption key changed): getCredentials throws at run time.
		const gone = { id: 'AccessCheckGone1', name: 'Notion (deleted)' };
		const garbled = { id: 'AccessCheckBad01', name: 'Notion (undecryptable)' };
		await importCredentials(inst, [{ ...garbled, type: CREDENTIAL_TYPE, data: 'U2FsdGVkX1-not-what-this-key-encrypted-0000000000' }]);
		const items = [{ resource: W.pages.sharedRoot.id, expect: 'error' }, { resource: W.pages.sharedChild.id, expect: 'error' }];
		const branches = (credential: { id: string; name: string }, tag: string) => [
			{ name: `${tag} regular`, credential, items, onError: 'continueRegularOutput' as const },
			{ name: `${tag} error output`, credential, items, onError: 'continueErrorOutput' as const },
		];
		await importWorkflow(inst, [
			checkWorkflow('accessGoneCred01', 'Credential gone', branches(gone, 'Gone')),
			checkWorkflow('accessBadCred001', 'Credential undecryptable', branches(garbled, 'Garbled')),
		]);
		for (const [workflowId, tag] of [['accessBadCred001', 'Garbled'], ['accessGoneCred01', 'Gone']]) {
			const run = await execute(inst, workflowId);
			if (tag === 'Gone' && Object.keys(run.runData).length === 0) {
				// n8n 2.x refuses to start a workflow whose credential does not exist: nothing ran at all.
				expect(version).not.toBe('1.123.81');
				continue;
			}
			const regular = routed(run.runData, `${tag} regular`);
			expect(regular.map((item) => [item.output, item.pairedItem])).toEqual([[3, 0], [3, 1]]);
			for (const item of regular) expect(String(item.json.error)).toMatch(/^Item \d+: /);
			const errorOutput = routed(run.runData, `${tag} error output`);
			expect(errorOutput.map((item) => item.output)).toEqual([ERROR_OUTPUT, ERROR_OUTPUT]);
			expect(errorOutput.map((item) => item.pairedItem).sort()).toEqual([0, 1]);
		}
	});

	it('ends within its bounds when Notion answers 429 with Retry-After: 0 forever, and the item goes to Retry', async () => {
		notion().emulator.control.clearFaults();
		const page = faultId('retry-after-zero');
		notion().emulator.control.addFault({ path: `/v1/pages/${page}`, count: 1_000_000, fault: 'http429', retryAfter: '0' });
		await importWorkflow(inst, checkWorkflow('accessRetryZero1', 'Retry-After 0 forever', [
			{ name: 'Check', credential: CREDENTIALS.main, items: [{ resource: page, expect: 'rate_limited' }], resourceType: 'page' },
		]));
		notion().emulator.control.clearLog();
		const run = await execute(inst, 'accessRetryZero1');
		notion().emulator.control.clearFaults();
		const [item] = expectEveryItemOnceAsExpected(run.runData, 'Check', [{ expect: 'rate_limited' }]);
		expect(item.output).toBe(3);
		// at most 4 sends of one call, each wait at least a second
		expect(notion().emulator.control.getLog().filter((entry) => entry.path === `/v1/pages/${page}`)).toHaveLength(4);
	});

	it.each(['2022-06-28', '2025-09-03', '2026-03-11'])('sends a page in the trash to Share Page (in_trash), never Access OK, with Notion-Version %s', async (notionVersion) => {
		const id = `accessTrash${notionVersion.replace(/-/g, '')}`.slice(0, 16);
		await importWorkflow(inst, checkWorkflow(id, `Trashed page ${notionVersion}`, [
			{ name: 'Check', credential: CREDENTIALS.main, items: [{ resource: W.pages.trashed.id, expect: 'in_trash' }], options: { notionVersion } },
		]));
		const run = await execute(inst, id);
		const [item] = expectEveryItemOnceAsExpected(run.runData, 'Check', [{ expect: 'in_trash' }]);
		expect(item.output).toBe(2);
		expect(String(item.report.remediation)).toMatch(/trash/i);
	});

	it('puts no token, refresh token or client secret in any output or in n8n\'s debug log', () => {
		for (const entry of notion().emulator.control.getLog()) if (entry.token) secrets.add(entry.token);
		const logs = readLogs(inst);
		expect(logs).toContain('notionAccess'); // the outputs are in there
		const leaked = [...secrets].filter((secret) => logs.includes(secret));
		expect(leaked).toEqual([]);
	});
});
