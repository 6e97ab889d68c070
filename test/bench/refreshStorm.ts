/**
 * The refresh storm, side by side: 20 executions in one n8n process start together while the
 * stored access token has expired, and Notion (the emulator) kills the old refresh token at once.
 * A runs the Notion Access Check node; B runs n8n's HTTP Request node with the same credential,
 * so it gets n8n core's own refresh. Counts come from the emulator's request log and n8n's
 * execute-batch report. Nothing here asserts: it prints what it saw.
 */
import { WORLD, type RunningEmulator } from '../emulator';
import { accessCheckWorkflow, connectCredential, CREDENTIAL_TYPE } from '../e2e/fixtures';
import {
	createInstance, executeBatch, importWorkflow, removeInstance, type N8nVersion, type WorkflowFixture,
} from '../e2e/n8n';
import { httpRequestVersion } from './workflows';

export const STORM_EXECUTIONS = 20;

export interface StormFigures {
	workflow: 'A' | 'B';
	tokenRequests: number;
	invalidGrant: number;
	executionsOk: number;
	/** executions that ended telling the user to reconnect (or routed to Reauthorize) */
	toldToReconnect: number;
	otherFailures: number;
}

const credential = { id: 'StormCredential1', name: 'Notion (refresh storm)' };

function httpRequestWorkflow(id: string, version: N8nVersion): WorkflowFixture {
	return {
		id, name: `Storm B ${id}`, settings: { executionOrder: 'v1' },
		nodes: [
			{ id: `${id}-t`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: `${id}-h`, name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest', typeVersion: httpRequestVersion(version), position: [200, 0],
				parameters: {
					url: `https://api.notion.com/v1/pages/${WORLD.pages.sharedRoot.id}`, authentication: 'predefinedCredentialType',
					nodeCredentialType: CREDENTIAL_TYPE, sendHeaders: true,
					headerParameters: { parameters: [{ name: 'Notion-Version', value: '2025-09-03' }] }, options: {},
				},
				credentials: { [CREDENTIAL_TYPE]: credential },
			},
		],
		connections: { Start: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } },
	};
}

async function storm(version: N8nVersion, emulator: RunningEmulator, caFile: string, workflow: 'A' | 'B'): Promise<StormFigures> {
	const inst = await createInstance(version, { emulatorPort: emulator.port, caFile });
	try {
		emulator.control.setModes({ rateLimit: null, rotation: 'immediate' });
		const grant = await connectCredential(inst, emulator, credential);
		const ids = Array.from({ length: STORM_EXECUTIONS }, (_, i) => `storm${workflow}${String(i).padStart(10, '0')}`);
		await importWorkflow(inst, ids.map((id) => (workflow === 'A'
			? accessCheckWorkflow(id, `Storm A ${id}`, { credential, resources: [WORLD.pages.sharedRoot.id] })
			: httpRequestWorkflow(id, version))));
		emulator.control.expireGrant(grant.grantId);
		emulator.control.clearLog();
		const batch = await executeBatch(inst, ids, STORM_EXECUTIONS);
		const tokens = emulator.control.getLog().filter((entry) => entry.path === '/v1/oauth/token');
		const reconnect = /reconnect|authorization grant|grant_revoked|invalid_grant/i;
		let executionsOk = 0;
		let toldToReconnect = 0;
		for (const execution of batch.executions) {
			// OK means proven: an item on Access OK (A), or Notion's user object from the HTTP Request node (B).
			const check = execution.runData?.Check?.[0]?.data?.main;
			const answered = execution.runData?.['HTTP Request']?.[0]?.data?.main?.[0] ?? [];
			const ok = workflow === 'A' ? (check?.[0] ?? []).length > 0 : answered.some((item) => item.json.object === 'user');
			const reauthorized = (check?.[1] ?? []).length > 0;
			if (execution.executionStatus === 'success' && ok) executionsOk++;
			else if (reauthorized || reconnect.test(execution.error ?? '')) toldToReconnect++;
		}
		return {
			workflow,
			tokenRequests: tokens.length,
			invalidGrant: tokens.filter((entry) => entry.status === 400).length,
			executionsOk,
			toldToReconnect,
			otherFailures: STORM_EXECUTIONS - executionsOk - toldToReconnect,
		};
	} finally {
		removeInstance(inst);
	}
}

export async function refreshStorm(version: N8nVersion, emulator: RunningEmulator, caFile: string): Promise<StormFigures[]> {
	return [await storm(version, emulator, caFile, 'A'), await storm(version, emulator, caFile, 'B')];
}

export function stormTable(results: Array<{ version: N8nVersion; figures: StormFigures[] }>): string {
	const rows = [
		['', ...results.flatMap(({ version }) => [`${version} A: Access Check`, `${version} B: HTTP Request`])],
		['token requests', ...results.flatMap(({ figures }) => figures.map((f) => String(f.tokenRequests)))],
		['  of which invalid_grant', ...results.flatMap(({ figures }) => figures.map((f) => String(f.invalidGrant)))],
		[`executions OK (of ${STORM_EXECUTIONS})`, ...results.flatMap(({ figures }) => figures.map((f) => String(f.executionsOk)))],
		['told to reconnect', ...results.flatMap(({ figures }) => figures.map((f) => String(f.toldToReconnect)))],
		['other failures', ...results.flatMap(({ figures }) => figures.map((f) => String(f.otherFailures)))],
	];
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
	return [line(rows[0]), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
