/**
 * Issue 12: the Notion Access Check as an AI Agent's tool, in a real agent loop in real n8n. The
 * AI Agent's OpenAI Chat Model talks to a scripted stub model on loopback (test/agent/stubModel.ts):
 * its first answer calls the tool with the link from the prompt, its second quotes the verdict
 * and the remediation it was given. One execution runs every case (one agent per case, each with
 * its own credential), so each line starts n8n once.
 */
import * as fs from 'fs';
import * as path from 'path';

import { WORLD, type GrantCreated, type LogEntry } from '../emulator';
import { findVerdict, startStubModel, type ModelRequest, type StubModel } from '../agent/stubModel';
import { agentName, agentWorkflow, FAKE_OPENAI_KEY, openAiCredential, toolName, type AgentCase } from '../agent/workflow';
import { TOOL_DESCRIPTION } from '../../nodes/NotionAccessCheck/description';
import { connectCredential } from './fixtures';
import {
	blockedConnections, createInstance, execute, importCredentials, importWorkflow, N8N_VERSIONS, nodeItems, readLogs, removeInstance,
	type ExecuteResult, type N8nInstance,
} from './n8n';
import { useNotionEmulator } from './notion';

jest.setTimeout(900_000);

const W = WORLD;
const link = (id: string, slug: string) => `https://www.notion.so/acme/${slug}-${id.replace(/-/g, '')}`;
const hex = (id: string) => id.replace(/-/g, '');

interface Case extends AgentCase {
	pageId: string;
	expect: { verdict: string; reason: string; remediation: RegExp };
	grant?: GrantCreated;
	/** the grant's access tokens: the one stored at first and, after a refresh, the new one */
	accessTokens?: string[];
}

const CASES: Case[] = [
	{
		key: 'accessible', credential: { id: 'AgentCredOk00001', name: 'Notion (agent, accessible)' },
		pageId: W.pages.sharedRoot.id,
		prompt: `Can our integration read this Notion page? ${link(W.pages.sharedRoot.id, 'Team-Handbook')}`,
		expect: { verdict: 'access_ok', reason: 'accessible', remediation: /^Nothing to do: the integration can read the page/ },
	},
	{
		key: 'unshared', credential: { id: 'AgentCredShare01', name: 'Notion (agent, unshared)' },
		pageId: W.pages.unshared.id,
		prompt: `Before I write to it: may I update ${link(W.pages.unshared.id, 'Secret-Plans')} ?`,
		expect: { verdict: 'share_page', reason: 'not_shared_or_missing', remediation: new RegExp(`Connections and add "${W.publicIntegration.name}"`) },
	},
	{
		key: 'expired', credential: { id: 'AgentCredExpir01', name: 'Notion (agent, expired token)' },
		pageId: W.pages.sharedChild.id,
		prompt: `Check access to ${link(W.pages.sharedChild.id, 'Onboarding')} please.`,
		expect: { verdict: 'access_ok', reason: 'accessible', remediation: /^Nothing to do/ },
	},
	{
		key: 'revoked', credential: { id: 'AgentCredRevok01', name: 'Notion (agent, revoked)' },
		pageId: W.pages.databaseRow.id,
		prompt: `Is ${link(W.pages.databaseRow.id, 'Row')} readable?`,
		expect: { verdict: 'reauthorize', reason: 'grant_revoked', remediation: /open the credential "Notion \(agent, revoked\)" in n8n and click Reconnect/ },
	},
	{
		// The same question through /v1/chat/completions (chat model v1.3 with the Responses API off).
		key: 'chat-completions', credential: { id: 'AgentCredChat001', name: 'Notion (agent, chat completions)' }, responsesApi: false,
		pageId: W.pages.sharedRoot.id,
		prompt: `Can our integration read ${hex(W.pages.sharedRoot.id)}?`,
		expect: { verdict: 'access_ok', reason: 'accessible', remediation: /^Nothing to do/ },
	},
];

const notion = useNotionEmulator({ rateLimit: null });

describe.each(N8N_VERSIONS)('Notion Access Check Tool in an AI Agent on n8n %s', (version) => {
	let inst: N8nInstance;
	let stub: StubModel;
	let run: ExecuteResult;
	let log: LogEntry[];
	const secrets = new Set<string>([W.publicIntegration.clientSecret]);
	/** the requests of one case's conversation: its prompt is in every one of them */
	const conversation = (c: Case): ModelRequest[] => stub.requests.filter((r) => r.userText.includes(c.prompt));

	beforeAll(async () => {
		const { emulator, tls } = notion();
		emulator.control.reset();
		stub = await startStubModel();
		inst = await createInstance(version, { emulatorPort: emulator.port, caFile: tls.caFile });
		for (const c of CASES) {
			c.grant = await connectCredential(inst, emulator, c.credential);
		}
		await importCredentials(inst, [openAiCredential('AgentOpenAiStub1', stub.baseUrl)]);
		await importWorkflow(inst, agentWorkflow('agentNotionCheck', version, { id: 'AgentOpenAiStub1', name: 'OpenAI (stub model)' }, CASES));
		emulator.control.expireGrant(CASES.find((c) => c.key === 'expired')!.grant!.grantId);
		emulator.control.revokeGrant(CASES.find((c) => c.key === 'revoked')!.grant!.grantId);
		emulator.control.clearLog();
		run = await execute(inst, 'agentNotionCheck');
		log = emulator.control.getLog();
		for (const c of CASES) {
			const state = emulator.control.getGrant(c.grant!.grantId);
			c.accessTokens = [c.grant!.accessToken, state.accessToken];
			for (const token of [c.grant!.accessToken, c.grant!.refreshToken, state.accessToken, state.refreshToken]) secrets.add(token);
		}
	});

	afterAll(async () => {
		await stub?.close();
		// KEEP_N8N keeps the instance, and with it what the model was sent, to read
		if (inst && process.env.KEEP_N8N) fs.writeFileSync(path.join(inst.logDir, 'model-requests.json'), JSON.stringify(stub.requests, null, 2));
		if (inst && !process.env.KEEP_N8N) removeInstance(inst);
	});

	it('runs the workflow, and nothing tried to reach a host off this machine (no real model provider)', () => {
		expect({ ok: run.ok, error: run.error?.message }).toEqual({ ok: true, error: undefined });
		expect(blockedConnections(inst)).toEqual([]);
		expect(stub.requests.length).toBeGreaterThan(0);
		expect(stub.requests.filter((r) => r.path !== '/v1/responses' && r.path !== '/v1/chat/completions')).toEqual([]);
	});

	it('offers the model the tool under its node name, with the default description and a one-argument schema from $fromAI()', () => {
		for (const c of CASES) {
			const [first] = conversation(c);
			expect(first.path).toBe(c.responsesApi === false ? '/v1/chat/completions' : '/v1/responses');
			expect(first.tools).toEqual([
				{
					name: toolName(c).replace(/[^A-Za-z0-9_-]/g, '_'),
					description: TOOL_DESCRIPTION,
					parameters: expect.objectContaining({
						type: 'object',
						properties: { Notion_Link_or_ID: { type: 'string' } },
						required: ['Notion_Link_or_ID'],
						additionalProperties: false,
					}),
				},
			]);
		}
	});

	it.each(CASES.map((c) => [c.key, c] as const))('%s: the tool ran, the model got verdict, reason and remediation, and the agent answered with them', (_key, c) => {
		const requests = conversation(c);
		// answer 1 called the tool with the link from the prompt; answer 2 had its result
		expect(requests.map((r) => (r.reply && 'call' in r.reply ? 'call' : r.toolResult !== undefined ? 'result' : 'other'))).toEqual(['call', 'result']);
		const call = requests[0].reply as { call: { args: Record<string, string> } };
		expect(call.call.args).toEqual({ Notion_Link_or_ID: expect.any(String) });
		expect(c.prompt).toContain(call.call.args.Notion_Link_or_ID);

		// the tool ran: the emulator saw this credential's token check and its check of the page. The
		// token and the first page are asked side by side (issue 17.12), so a token Notion refuses
		// costs at most that one page request: 401, then (expired) once more after the one refresh
		// with the new token, or (revoked) nothing more.
		const own = log.filter((e) => e.token !== undefined && c.accessTokens!.includes(e.token));
		expect(own.filter((e) => e.path === '/v1/users/me').length).toBeGreaterThan(0);
		const pageChecks = own.filter((e) => e.path === `/v1/pages/${c.pageId}` || e.path === `/v1/pages/${hex(c.pageId)}`);
		const statuses = pageChecks.map((e) => e.status);
		if (c.key === 'revoked') expect([[], [401]]).toContainEqual(statuses);
		else if (c.key === 'expired') expect([[200], [401, 200]]).toContainEqual(statuses);
		else expect(statuses).toEqual([c.expect.verdict === 'access_ok' ? 200 : 404]);

		// what the model received: the tool's one item, only the report (the agent's input item,
		// the arguments and toolCallId that n8n puts into a tool's input are not echoed back)
		const items = JSON.parse(requests[1].toolResult!);
		expect(items).toEqual([{ notionAccess: expect.any(Object) }]);
		expect(requests[1].toolResult).not.toContain(c.prompt);
		const received = findVerdict(items);
		expect(received).toMatchObject({ verdict: c.expect.verdict, reason: c.expect.reason, remediation: expect.stringMatching(c.expect.remediation) });
		expect(received!.resource).toMatchObject({ id: c.pageId });

		// what the agent answered
		const output = nodeItems(run.runData, agentName(c)).map((json) => json.output);
		expect(output).toHaveLength(1);
		expect(String(output[0])).toContain(`Verdict: ${c.expect.verdict} (${c.expect.reason}).`);
		expect(String(output[0])).toContain(String(received!.remediation));
		expect(run.runData[toolName(c)]?.length).toBe(1);
	});

	it('made 2 token requests: 1 refresh for the expired access token (which then worked), 1 refused for the revoked grant', () => {
		const tokenRequests = log.filter((e) => e.path === '/v1/oauth/token');
		expect(tokenRequests.map((e) => e.status).sort()).toEqual([200, 400]);
		const expired = CASES.find((c) => c.key === 'expired')!;
		// a refresh that succeeds is logged with its grant; a revoked grant's refresh token belongs to none
		expect(tokenRequests.filter((e) => e.grantId === expired.grant!.grantId).map((e) => e.status)).toEqual([200]);
		expect(expired.accessTokens![1]).not.toBe(expired.accessTokens![0]);
		expect(log.filter((e) => e.token === expired.accessTokens![1] && e.path.startsWith('/v1/pages/')).map((e) => e.status)).toEqual([200]);
	});

	it('no token or secret reached the model, and none is in n8n\'s logs', () => {
		expect(secrets.size).toBe(1 + CASES.length * 2 + 2); // two tokens per grant, plus the refreshed pair
		const everythingTheModelGot = stub.requests.map((r) => r.raw).join('\n');
		const logs = readLogs(inst);
		for (const secret of secrets) {
			expect({ secret, inModelRequests: everythingTheModelGot.includes(secret), inLogs: logs.includes(secret) })
				.toEqual({ secret, inModelRequests: false, inLogs: false });
		}
		expect(everythingTheModelGot).not.toContain(FAKE_OPENAI_KEY);
	});
});
