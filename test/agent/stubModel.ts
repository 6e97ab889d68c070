/**
 * A scripted stand-in for the OpenAI API, on loopback, for n8n's OpenAI Chat Model node. It serves
 * what that node sends through @langchain/openai: `POST /v1/responses` (the Responses API, the
 * default of node version 1.3) and `POST /v1/chat/completions` (1.2, or `responsesApiEnabled`
 * off). Non-streaming only: an AI Agent streams only when a Chat Trigger asks it to.
 *
 * The script plays a model that checks a page before it answers:
 * 1. no tool result yet: call the tool whose name contains "Notion" with the first Notion link (or
 *    32-hex id) of the user's message, under the one key the tool's schema asks for;
 * 2. a tool result: answer "Verdict: <verdict> (<reason>). <remediation>".
 * Every request is recorded with the tool result it carried and the tools it offered, so a test
 * can see what the model was given (the tool schema, the verdict) and search it for secrets.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface ModelRequest {
	path: string;
	body: Record<string, unknown>;
	/** the body as received, to search for secrets */
	raw: string;
	/** the last user message, to tell the conversations apart */
	userText: string;
	/** the tool result the model was given in this request, as the string it received */
	toolResult?: string;
	tools: OfferedTool[];
	/** what the stub answered: a tool call or a final text */
	reply?: Decision;
}

/** A tool as the model was offered it: name, description and JSON schema of its arguments. */
export interface OfferedTool {
	name: string;
	description?: string;
	parameters: { type?: string; properties?: Record<string, Record<string, unknown>>; required?: string[]; [key: string]: unknown };
}

export interface StubModel {
	/** the Base URL for the `openAiApi` credential's `url` field, e.g. http://127.0.0.1:PORT/v1 */
	baseUrl: string;
	requests: ModelRequest[];
	close(): Promise<void>;
}

/** Both APIs reduced to what the script needs. */
interface Turn {
	userText: string;
	toolResult?: string;
	tools: OfferedTool[];
}

const NOTION_REFERENCE = /https?:\/\/[^\s"'<>]*notion\.(?:so|site|com)[^\s"'<>]*|\b[0-9a-f]{32}\b/i;

function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => (part as { text?: string })?.text ?? '').join('\n');
	return '';
}

/** POST /v1/responses: `input` items; `tools` are `{type: 'function', name, description, parameters}`. */
function responsesTurn(body: Record<string, unknown>): Turn {
	const input = Array.isArray(body.input) ? (body.input as Array<Record<string, unknown>>) : [];
	const users = input.filter((item) => item.role === 'user');
	const results = input.filter((item) => item.type === 'function_call_output');
	const tools = ((body.tools as Array<Record<string, unknown>>) ?? []).filter((t) => t.type === 'function');
	return {
		userText: textOf(users[users.length - 1]?.content ?? (typeof body.input === 'string' ? body.input : '')),
		toolResult: results.length ? textOf(results[results.length - 1].output) : undefined,
		tools: tools.map((t) => ({ name: String(t.name), description: t.description as string, parameters: t.parameters as OfferedTool['parameters'] })),
	};
}

/** POST /v1/chat/completions: `messages`; `tools` are `{type: 'function', function: {name, description, parameters}}`. */
function chatTurn(body: Record<string, unknown>): Turn {
	const messages = (body.messages as Array<Record<string, unknown>>) ?? [];
	const users = messages.filter((m) => m.role === 'user');
	const results = messages.filter((m) => m.role === 'tool');
	const tools = ((body.tools as Array<{ function: OfferedTool }>) ?? []).map(({ function: t }) => ({ name: t.name, description: t.description, parameters: t.parameters }));
	return {
		userText: textOf(users[users.length - 1]?.content),
		toolResult: results.length ? textOf(results[results.length - 1].content) : undefined,
		tools,
	};
}

/** The verdict object anywhere in the tool's result (n8n hands the tool's items as a JSON string). */
export function findVerdict(value: unknown): Record<string, unknown> | undefined {
	if (typeof value === 'string') {
		try {
			return findVerdict(JSON.parse(value));
		} catch {
			return undefined;
		}
	}
	if (!value || typeof value !== 'object') return undefined;
	if (typeof (value as Record<string, unknown>).verdict === 'string') return value as Record<string, unknown>;
	for (const child of Object.values(value)) {
		const found = findVerdict(child);
		if (found) return found;
	}
	return undefined;
}

export type Decision = { call: { name: string; args: Record<string, string> } } | { text: string };

function decide(turn: Turn): Decision {
	if (turn.toolResult !== undefined) {
		const verdict = findVerdict(turn.toolResult);
		const text = verdict
			? `Verdict: ${verdict.verdict} (${verdict.reason}). ${verdict.remediation ?? ''}`.trim()
			: `The tool gave no verdict: ${turn.toolResult}`;
		return { text };
	}
	const tool = turn.tools.find((t) => /notion/i.test(t.name));
	const reference = NOTION_REFERENCE.exec(turn.userText)?.[0];
	const keys = Object.keys(tool?.parameters?.properties ?? {});
	if (!tool || !reference || keys.length !== 1) {
		const text = `Cannot check: tool ${tool?.name ?? 'missing'}, reference ${reference ?? 'missing'}, keys [${keys.join(', ')}]`;
		return { text };
	}
	return { call: { name: tool.name, args: { [keys[0]]: reference } } };
}

let seq = 0;

function responsesAnswer(body: Record<string, unknown>, decision: Decision): Record<string, unknown> {
	const n = ++seq;
	const output =
		'call' in decision
			? [{ type: 'function_call', id: `fc_stub_${n}`, call_id: `call_stub_${n}`, name: decision.call.name, arguments: JSON.stringify(decision.call.args), status: 'completed' }]
			: [{ type: 'message', id: `msg_stub_${n}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: decision.text, annotations: [] }] }];
	return {
		id: `resp_stub_${n}`, object: 'response', created_at: Math.floor(Date.now() / 1000), model: body.model, status: 'completed',
		output, output_text: 'text' in decision ? decision.text : '', incomplete_details: null, error: null,
		usage: { input_tokens: 10, output_tokens: 10, total_tokens: 20 },
	};
}

function chatAnswer(body: Record<string, unknown>, decision: Decision): Record<string, unknown> {
	const n = ++seq;
	const message =
		'call' in decision
			? { role: 'assistant', content: null, tool_calls: [{ id: `call_stub_${n}`, type: 'function', function: { name: decision.call.name, arguments: JSON.stringify(decision.call.args) } }] }
			: { role: 'assistant', content: decision.text };
	return {
		id: `chatcmpl-stub-${n}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: body.model,
		choices: [{ index: 0, message, finish_reason: 'call' in decision ? 'tool_calls' : 'stop' }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

export async function startStubModel(): Promise<StubModel> {
	const stub: StubModel = { baseUrl: '', requests: [], close: async () => {} };
	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
		req.on('end', () => {
			const path = (req.url ?? '').split('?')[0];
			const reply = (status: number, json: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(json));
			};
			let body: Record<string, unknown>;
			try {
				body = raw ? JSON.parse(raw) : {};
			} catch {
				return reply(400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
			}
			const responses = path === '/v1/responses';
			const turn: Turn = responses ? responsesTurn(body) : path === '/v1/chat/completions' ? chatTurn(body) : { userText: '', tools: [] };
			const request: ModelRequest = { path, body, raw, ...turn };
			stub.requests.push(request);
			if (req.method !== 'POST' || (path !== '/v1/responses' && path !== '/v1/chat/completions')) {
				return reply(404, { error: { message: `stub model does not serve ${req.method} ${path}`, type: 'invalid_request_error' } });
			}
			if (body.stream) {
				return reply(400, { error: { message: 'stub model does not stream', type: 'invalid_request_error' } });
			}
			request.reply = decide(turn);
			return reply(200, responses ? responsesAnswer(body, request.reply) : chatAnswer(body, request.reply));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	stub.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
	stub.close = () => new Promise((resolve) => server.close(() => resolve()));
	return stub;
}
