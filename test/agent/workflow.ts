/**
 * The AI Agent workflow of the agent e2e test: Manual Trigger → for each case: Edit Fields (a
 * `chatInput` with a Notion link) → AI Agent, with an OpenAI Chat Model (pointed at the stub model)
 * and the Notion Access Check Tool as its tool. One execution runs every case, one after another.
 */
import { properties } from '../../nodes/NotionAccessCheck/description';
import { CREDENTIAL_TYPE, NODE_TYPE } from '../e2e/fixtures';
import type { CredentialFixture, N8nVersion, WorkflowFixture } from '../e2e/n8n';

export const TOOL_TYPE = `${NODE_TYPE}Tool`;
/** Fake, and obviously so: the stub model never checks it. */
export const FAKE_OPENAI_KEY = 'sk-fake-not-a-real-key';

/** The node versions each line ships as the newest: AI Agent 3 on 1.123.x, 3.1 on 2.41.x. */
export const AGENT_VERSION: Record<N8nVersion, number> = { '1.123.81': 3, '2.41.1': 3.1 };
export const CHAT_MODEL_VERSION = 1.3;

/**
 * The argument the model is asked for: what the editor writes when "Let the model define this
 * parameter" is clicked on the resource parameter. On both lines (editor-ui `buildValueFromOverride`)
 * the key is the parameter's displayName with characters outside [a-zA-Z0-9-] as `_`, and the
 * description is empty until the user types one.
 */
export const FROM_AI_KEY = properties.find((p) => p.name === 'resource')!.displayName.replace(/[^a-zA-Z0-9-]/g, '_');
export const FROM_AI_RESOURCE = `={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('${FROM_AI_KEY}', \`\`, 'string') }}`;

export function openAiCredential(id: string, baseUrl: string): CredentialFixture {
	return { id, name: 'OpenAI (stub model)', type: 'openAiApi', data: { apiKey: FAKE_OPENAI_KEY, url: baseUrl, header: false } };
}

export interface AgentCase {
	/** short, unique: names the case's nodes, e.g. "Agent accessible" */
	key: string;
	prompt: string;
	credential: { id: string; name: string };
	/** false: the chat model uses /v1/chat/completions instead of the Responses API */
	responsesApi?: boolean;
}

export const agentName = (c: AgentCase) => `Agent ${c.key}`;
export const toolName = (c: AgentCase) => `Notion Access Check ${c.key}`;

export function agentWorkflow(id: string, version: N8nVersion, openAi: { id: string; name: string }, cases: AgentCase[]): WorkflowFixture {
	const nodes: unknown[] = [{ id: `${id}-trigger`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	const connections: Record<string, unknown> = {
		Start: { main: [cases.map((c) => ({ node: `Prompt ${c.key}`, type: 'main', index: 0 }))] },
	};
	cases.forEach((c, i) => {
		const y = i * 400;
		nodes.push(
			{
				id: `${id}-prompt-${i}`, name: `Prompt ${c.key}`, type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, y],
				parameters: { assignments: { assignments: [{ id: `${id}-a-${i}`, name: 'chatInput', value: c.prompt, type: 'string' }] }, options: {} },
			},
			{
				id: `${id}-agent-${i}`, name: agentName(c), type: '@n8n/n8n-nodes-langchain.agent', typeVersion: AGENT_VERSION[version], position: [400, y],
				parameters: { promptType: 'define', text: '={{ $json.chatInput }}', options: {} },
			},
			{
				id: `${id}-model-${i}`, name: `Model ${c.key}`, type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', typeVersion: CHAT_MODEL_VERSION, position: [400, y + 200],
				parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4.1-mini' }, responsesApiEnabled: c.responsesApi ?? true, options: {} },
				credentials: { openAiApi: openAi },
			},
			{
				// No toolDescription: the agent gets the node's default one.
				id: `${id}-tool-${i}`, name: toolName(c), type: TOOL_TYPE, typeVersion: 1, position: [600, y + 200],
				parameters: { authentication: CREDENTIAL_TYPE, check: 'resource', resource: FROM_AI_RESOURCE, resourceType: 'auto', options: {} },
				credentials: { [CREDENTIAL_TYPE]: c.credential },
			},
		);
		connections[`Prompt ${c.key}`] = { main: [[{ node: agentName(c), type: 'main', index: 0 }]] };
		connections[`Model ${c.key}`] = { ai_languageModel: [[{ node: agentName(c), type: 'ai_languageModel', index: 0 }]] };
		connections[toolName(c)] = { ai_tool: [[{ node: agentName(c), type: 'ai_tool', index: 0 }]] };
	});
	return { id, name: 'AI Agent with the Notion Access Check Tool', nodes, connections, settings: { executionOrder: 'v1' } };
}
