/**
 * The few calls of n8n's internal REST API (the one its editor uses) that the UI tests need:
 * owner setup, the node and credential types the editor loads, and creating a credential and a
 * workflow the way the editor saves them. Same shapes on 1.123.x and 2.41.x.
 */
export const OWNER = { email: 'owner@example.com', firstName: 'Ada', lastName: 'Lovelace', password: 'Owner-passw0rd-e2e' };

export interface NodeTypeDescription {
	name: string;
	displayName: string;
	version: number | number[];
	inputs: unknown;
	outputs: unknown;
	outputNames?: string[];
	credentials?: Array<{ name: string }>;
	iconUrl?: string | { light: string; dark: string };
	usableAsTool?: boolean;
	properties: Array<{ name: string; displayName: string }>;
	[key: string]: unknown;
}

export interface CredentialTypeDescription {
	name: string;
	displayName: string;
	extends?: string[];
	iconUrl?: string | { light: string; dark: string };
	properties: Array<{ name: string; displayName: string; type: string; default?: unknown }>;
	[key: string]: unknown;
}

export class N8nRest {
	private cookie = '';

	constructor(readonly baseUrl: string) {}

	/** The `n8n-auth` cookie, e.g. to hand to a browser. */
	get authCookie(): { name: string; value: string } {
		const [name, value] = this.cookie.split('=');
		return { name, value };
	}

	async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(this.baseUrl + path, {
			method,
			headers: {
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(this.cookie ? { cookie: this.cookie } : {}),
				'browser-id': 'notion-access-ui-tests',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		const auth = setCookie?.match(/n8n-auth=[^;]+/)?.[0];
		if (auth) this.cookie = auth;
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
		const json = text ? JSON.parse(text) : undefined;
		// /rest/* answers {data}; /types/*.json answer the bare array
		return (path.startsWith('/rest/') && json && typeof json === 'object' && 'data' in json ? json.data : json) as T;
	}

	/** A fresh instance has no owner yet: create it; the answer logs us in. */
	async setupOwner(): Promise<void> {
		await this.request('POST', '/rest/owner/setup', OWNER);
	}

	async nodeTypes(): Promise<NodeTypeDescription[]> {
		return await this.request('GET', '/types/nodes.json');
	}

	async credentialTypes(): Promise<CredentialTypeDescription[]> {
		return await this.request('GET', '/types/credentials.json');
	}

	async createCredential(credential: { name: string; type: string; data: Record<string, unknown> }): Promise<{ id: string; name: string }> {
		return await this.request('POST', '/rest/credentials', credential);
	}

	async createWorkflow(workflow: { name: string; nodes: unknown[]; connections: unknown; settings?: unknown }): Promise<{ id: string }> {
		return await this.request('POST', '/rest/workflows', { active: false, settings: { executionOrder: 'v1' }, ...workflow });
	}
}
