/**
 * Credentials and workflows for the end-to-end scenarios. Every secret here is the emulator's fake
 * one (see test/emulator/world.ts).
 */
import { WORLD, type GrantCreated, type RunningEmulator } from '../emulator';
import { importCredentials, type CredentialFixture, type N8nInstance, type WorkflowFixture } from './n8n';

export const NODE_TYPE = 'n8n-nodes-notion-access.notionAccessCheck';
export const CREDENTIAL_TYPE = 'notionRotationSafeOAuth2Api';

export interface GrantTokens {
	accessToken: string;
	refreshToken: string;
	botId?: string;
	workspaceId?: string;
	workspaceName?: string;
}

/** This package's credential, connected to an emulator grant, as n8n stores it after "Connect". */
export function rotationSafeCredential(
	id: string,
	name: string,
	grant: GrantTokens,
	integration: { clientId: string; clientSecret: string } = WORLD.publicIntegration,
): Omit<CredentialFixture, 'data'> & { data: Record<string, unknown> } {
	return {
		id,
		name,
		type: CREDENTIAL_TYPE,
		data: {
			grantType: 'authorizationCode',
			authUrl: 'https://api.notion.com/v1/oauth/authorize',
			accessTokenUrl: 'https://api.notion.com/v1/oauth/token',
			clientId: integration.clientId,
			clientSecret: integration.clientSecret,
			scope: '',
			authQueryParameters: 'owner=user',
			authentication: 'header',
			tokenExpiredStatusCode: 401,
			oauthTokenData: {
				access_token: grant.accessToken,
				refresh_token: grant.refreshToken,
				token_type: 'bearer',
				bot_id: grant.botId,
				workspace_id: grant.workspaceId,
				workspace_name: grant.workspaceName,
			},
		},
	};
}

/**
 * What "Connect my account" does: a fresh grant in the emulator, stored in n8n as this package's
 * credential under the given id and name. Returns the grant, whose tokens the tests follow.
 */
export async function connectCredential(
	inst: N8nInstance,
	emulator: RunningEmulator,
	credential: { id: string; name: string },
): Promise<GrantCreated> {
	const grant = emulator.control.createGrant({ integrationId: WORLD.publicIntegration.id });
	await importCredentials(inst, [rotationSafeCredential(credential.id, credential.name, grant)]);
	return grant;
}

/** The built-in credentials of n8n's Notion node, connected to the same emulator. */
export function builtInCredentials(ids: { api: string; oauth2: string }, grant: GrantTokens): CredentialFixture[] {
	const oauth2 = rotationSafeCredential(ids.oauth2, 'Notion OAuth2 (built-in)', grant);
	return [
		{ id: ids.api, name: 'Notion internal integration (built-in)', type: 'notionApi', data: { apiKey: WORLD.internalIntegration.secret } },
		{ ...oauth2, type: 'notionOAuth2Api', data: { ...oauth2.data, authQueryParameters: '', tokenExpiredStatusCode: undefined } },
	];
}

export interface CheckBranch {
	/** the check node's name; its item source is named "<name> items" */
	name: string;
	credentialType?: string;
	credential: { id: string; name: string };
	/** the items fed to the check: each has `resource` unless the check is token-only */
	items: Array<Record<string, unknown>>;
	check?: 'resource' | 'token';
	resourceType?: string;
	options?: Record<string, unknown>;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
}

/**
 * Manual Trigger → for each branch: Code (its items) → Notion Access Check. The checks' outputs
 * are left unconnected, so the run data holds each output's items.
 */
export function checkWorkflow(id: string, name: string, branches: CheckBranch[]): WorkflowFixture {
	const nodes: unknown[] = [{ id: `${id}-trigger`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	const connections: Record<string, unknown> = {
		Start: { main: [branches.map((branch) => ({ node: `${branch.name} items`, type: 'main', index: 0 }))] },
	};
	branches.forEach((branch, i) => {
		const credentialType = branch.credentialType ?? CREDENTIAL_TYPE;
		const check = branch.check ?? 'resource';
		nodes.push(
			{
				id: `${id}-items-${i}`, name: `${branch.name} items`, type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, i * 200],
				parameters: { jsCode: `return ${JSON.stringify(branch.items.map((json) => ({ json })))};` },
			},
			{
				id: `${id}-check-${i}`, name: branch.name, type: NODE_TYPE, typeVersion: 1, position: [400, i * 200],
				...(branch.onError ? { onError: branch.onError } : {}),
				parameters: {
					authentication: credentialType,
					check,
					...(check === 'resource' ? { resource: '={{ $json.resource }}', resourceType: branch.resourceType ?? 'auto' } : {}),
					options: branch.options ?? {},
				},
				credentials: { [credentialType]: branch.credential },
			},
		);
		connections[`${branch.name} items`] = { main: [[{ node: branch.name, type: 'main', index: 0 }]] };
	});
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' } };
}

interface CheckOptions {
	credentialType?: string;
	credential: { id: string; name: string };
	/** one resource per item; empty: check the token only */
	resources?: string[];
	resourceType?: string;
	options?: Record<string, unknown>;
	/** a Webhook trigger (responding with the check's output) instead of the Manual Trigger */
	webhookPath?: string;
	/**
	 * With a webhook: all four outputs lead to one No Op node, "Verdict", so that the webhook answers
	 * with the item whichever output it left by. (n8n's "last node" answer reads output 0 only, and
	 * answers "No item to return was found" when the item left by another.)
	 */
	answerFromEveryOutput?: boolean;
}

/**
 * Trigger → (Code: one item per resource) → Notion Access Check. The check node is named "Check";
 * its four outputs are left unconnected, so the run data holds each output's items.
 */
export function accessCheckWorkflow(id: string, name: string, check: CheckOptions): WorkflowFixture {
	const credentialType = check.credentialType ?? CREDENTIAL_TYPE;
	const resources = check.resources ?? [];
	const trigger = check.webhookPath
		? {
				id: `${id}-trigger`, name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: `${id}-hook`,
				parameters: { path: check.webhookPath, httpMethod: 'POST', responseMode: 'lastNode', options: {} },
			}
		: { id: `${id}-trigger`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const items = {
		id: `${id}-items`, name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0],
		parameters: { jsCode: `return ${JSON.stringify(resources.length ? resources.map((resource) => ({ json: { resource } })) : [{ json: {} }])};` },
	};
	const checkNode = {
		id: `${id}-check`, name: 'Check', type: NODE_TYPE, typeVersion: 1, position: [400, 0],
		parameters: {
			authentication: credentialType,
			check: resources.length ? 'resource' : 'token',
			...(resources.length ? { resource: '={{ $json.resource }}', resourceType: check.resourceType ?? 'auto' } : {}),
			options: check.options ?? {},
		},
		credentials: { [credentialType]: check.credential },
	};
	const verdict = { id: `${id}-verdict`, name: 'Verdict', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [600, 0], parameters: {} };
	const answerFromEveryOutput = Boolean(check.webhookPath && check.answerFromEveryOutput);
	return {
		id,
		name,
		nodes: answerFromEveryOutput ? [trigger, items, checkNode, verdict] : [trigger, items, checkNode],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Check', type: 'main', index: 0 }]] },
			...(answerFromEveryOutput ? { Check: { main: [0, 1, 2, 3].map(() => [{ node: 'Verdict', type: 'main', index: 0 }]) } } : {}),
		},
		settings: { executionOrder: 'v1' },
	};
}
