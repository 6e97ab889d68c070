import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { CREDENTIAL_TYPES } from './transport';

/** The Notion-Version values the nodes offer, oldest first. */
export const NOTION_VERSIONS = ['2022-06-28', '2025-09-03', '2026-03-11', '2026-12-01'];

/** Every node takes this package's credential or either of n8n's own Notion credentials. */
export const notionCredentials: INodeCredentialDescription[] = CREDENTIAL_TYPES.map((name) => ({
	name,
	required: true,
	displayOptions: { show: { authentication: [name] } },
}));

export const authentication: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{
			name: 'Notion Rotation-Safe OAuth2',
			value: 'notionRotationSafeOAuth2Api',
			description: "This package's credential: refreshes safely when Notion rotates the refresh token",
		},
		{
			name: 'Notion OAuth2 (Built-In)',
			value: 'notionOAuth2Api',
			description: "The credential of n8n's own Notion node, to work with exactly what those nodes use",
		},
		{
			name: 'Notion Internal Integration (Built-In)',
			value: 'notionApi',
			description: "The Notion API credential of n8n's own Notion node: an internal integration's secret",
		},
	],
	default: 'notionRotationSafeOAuth2Api',
};

/** The options of the shared transport (transportOptions() reads them), the same in every node. */
export const connectionOptions = {
	maxWaitSeconds: {
		displayName: 'Max Wait for Rate Limits (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 60,
		// No displayOptions on waitOnRateLimit: n8n drops a collection option whose condition names an
		// option that was never added, and Max Wait would silently be 60 s.
		description:
			'The longest one run waits in all when Notion says "slow down" (Retry-After). Past it, rate-limited items go to Retry.',
	},
	notionVersion: {
		displayName: 'Notion API Version',
		name: 'notionVersion',
		type: 'options',
		options: NOTION_VERSIONS.map((version) => ({ name: version, value: version })),
		default: '2025-09-03',
		description: 'The Notion-Version header sent with each request (data sources need 2025-09-03 or later)',
	},
	requestsPerSecond: {
		displayName: 'Requests per Second',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0.1, numberPrecision: 1 },
		default: 3,
		description: 'How fast to send, shared by every run that uses this credential. Notion allows about 3 per second on average.',
	},
	timeoutSeconds: {
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description: 'How long to wait for Notion to answer one request before the item goes to Retry',
	},
	waitOnRateLimit: {
		displayName: 'Wait and Retry Rate-Limited Requests',
		name: 'waitOnRateLimit',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait as long as Notion asks (Retry-After) and send again, instead of sending the item to Retry at once. A write is sent again only after a 429: Notion did not process it.',
	},
} satisfies Record<string, INodeProperties>;

/**
 * What an AI agent is told about a node as a tool. Without it n8n offers the node's one-line
 * description; a `toolDescription` of the node's own replaces it, shown only on the Tool variant.
 */
export function toolDescription(text: string): INodeProperties {
	return {
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		default: text,
		required: true,
		typeOptions: { rows: 4 },
		description: 'What the AI agent is told this tool does, what to pass and what comes back',
		displayOptions: { show: { '@tool': [true] } },
	};
}
