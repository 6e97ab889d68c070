/**
 * The workflow shown in the README's screenshots: Manual Trigger → a list of pages → Notion Access
 * Check → one node per output.
 */
export const NODE_TYPE = 'n8n-nodes-notion-access.notionAccessCheck';
export const CREDENTIAL_TYPE = 'notionRotationSafeOAuth2Api';
export const OUTPUT_LABELS = ['Access OK', 'Reauthorize', 'Share Page', 'Retry'];
export const CHECK_NODE = 'Notion Access Check';
export const OUTPUT_NODES = ['Access OK: carry on', 'Reauthorize: ask to reconnect', 'Share Page: ask to share', 'Retry: wait'];

/** What a user types into the credential dialog (never a real client). */
export const DEMO_CREDENTIAL = {
	name: 'Notion (Acme workspace)',
	type: CREDENTIAL_TYPE,
	data: { clientId: '1f0d872b-594c-80a1-9b1e-0037c0ffee00', clientSecret: 'secret_not-a-real-client-secret-0000000000000' },
};

/** A Notion link as a user copies it (••• → Copy link). */
export function notionUrl(title: string, id: string): string {
	return `https://www.notion.so/acme/${title.replace(/\W+/g, '-')}-${id.replace(/-/g, '')}`;
}

export function canvasWorkflow(credential: { id: string; name: string }, pageUrls: string[]) {
	const noOp = (name: string, index: number) => ({
		id: `out-${index}`, name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [800, -208 + index * 160], parameters: {},
	});
	return {
		name: 'Check Notion access before syncing',
		nodes: [
			{ id: 'trigger', name: 'When clicking ‘Execute workflow’', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'pages', name: 'Pages to sync', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0],
				parameters: { jsCode: `return [\n${pageUrls.map((url) => `  { json: { pageUrl: '${url}' } },\n`).join('')}];` },
			},
			{
				id: 'check', name: CHECK_NODE, type: NODE_TYPE, typeVersion: 1, position: [480, 0],
				parameters: { authentication: CREDENTIAL_TYPE, check: 'resource', resource: '={{ $json.pageUrl }}', resourceType: 'auto', options: {} },
				credentials: { [CREDENTIAL_TYPE]: credential },
			},
			...OUTPUT_NODES.map(noOp),
		],
		connections: {
			'When clicking ‘Execute workflow’': { main: [[{ node: 'Pages to sync', type: 'main', index: 0 }]] },
			'Pages to sync': { main: [[{ node: CHECK_NODE, type: 'main', index: 0 }]] },
			[CHECK_NODE]: { main: OUTPUT_NODES.map((node) => [{ node, type: 'main', index: 0 }]) },
		},
		settings: { executionOrder: 'v1' },
	};
}
