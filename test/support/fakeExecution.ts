/**
 * The least of IExecuteFunctions the Notion Access Check node touches, for runs of its `execute`
 * without n8n and without a network: the request helper answers at once with answers the emulator
 * gave for real (recorded once). Used by the overhead benchmark and the node's unit tests; the
 * end-to-end tests run the node in real n8n instead.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { pagesSeed, startEmulator } from '../emulator';

export const CREDENTIAL_TYPE = 'notionRotationSafeOAuth2Api';
export const NOTION_VERSION = '2025-09-03';
export const FAKE_ACCESS_TOKEN = 'fake-access-token-not-a-secret-0001';
export const FAKE_REFRESH_TOKEN = 'fake-refresh-token-not-a-secret-0001';
export const FAKE_CLIENT_SECRET = 'fake-client-secret-not-real';

export interface Recorded {
	statusCode: number;
	body: unknown;
	headers: Record<string, string>;
}

/** Every answer the node will ask for, as the emulator gives it (status, parsed JSON body, lower-case headers). */
export async function recordAnswers(counts: { shared: number; unshared?: number; missing?: number }) {
	const world = pagesSeed(counts);
	const emulator = await startEmulator({ seed: world.seed, modes: { rateLimit: null } });
	try {
		const grant = emulator.control.createGrant();
		const answers = new Map<string, Recorded>();
		const ids = [...world.shared, ...world.unshared, ...world.missing];
		for (const apiPath of ['/v1/users/me', ...ids.map((id) => `/v1/pages/${id}`)]) {
			const response = await fetch(`${emulator.url}${apiPath}`, {
				headers: { authorization: `Bearer ${grant.accessToken}`, 'notion-version': NOTION_VERSION },
			});
			const headers: Record<string, string> = {};
			response.headers.forEach((value, name) => (headers[name] = value));
			answers.set(apiPath, { statusCode: response.status, body: await response.json(), headers });
		}
		return { answers, ids, world };
	} finally {
		await emulator.close();
	}
}

export interface FakeOptions {
	/** e.g. `n8n-nodes-notion-access.notionAccessCheckTool`, the type n8n gives the node as an AI tool */
	nodeType?: string;
	/** node parameters; `resource` is each item's `json.resource`, as if `{{ $json.resource }}` */
	parameters?: Record<string, unknown>;
	continueOnFail?: boolean;
	onRequest?: () => void;
}

export function fakeContext(items: INodeExecutionData[], answers: Map<string, Recorded>, options: FakeOptions = {}): IExecuteFunctions {
	const parameters: Record<string, unknown> = {
		authentication: CREDENTIAL_TYPE,
		check: 'resource',
		resourceType: 'auto',
		options: { requestsPerSecond: 1e9, notionVersion: NOTION_VERSION },
		...options.parameters,
	};
	const node = {
		id: 'fake-check', name: 'Check', type: options.nodeType ?? 'n8n-nodes-notion-access.notionAccessCheck', typeVersion: 1, position: [0, 0],
		parameters: {}, credentials: { [CREDENTIAL_TYPE]: { id: 'fake-credential', name: 'Notion (fake)' } },
	};
	const onRequest = options.onRequest ?? (() => undefined);
	const ctx = {
		getInputData: () => items,
		getNode: () => node,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			if (name === 'resource') return items[itemIndex].json.resource;
			return name in parameters ? parameters[name] : fallback;
		},
		getCredentials: async () => ({
			clientId: 'fake-client-id', clientSecret: FAKE_CLIENT_SECRET,
			oauthTokenData: { access_token: FAKE_ACCESS_TOKEN, refresh_token: FAKE_REFRESH_TOKEN },
		}),
		continueOnFail: () => options.continueOnFail ?? false,
		logger: { info: onRequest, debug() {}, warn() {}, error() {} },
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: { url: string }) => {
				onRequest();
				const answer = answers.get(new URL(request.url).pathname);
				if (!answer) throw new Error(`no recorded answer for ${request.url}`);
				return answer;
			},
		},
	};
	return ctx as unknown as IExecuteFunctions;
}
