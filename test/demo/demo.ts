/**
 * The demo: a Notion public integration "Acme Sync" (in the emulator) connected through this
 * package's credential in real n8n, and one workflow checking a handful of pages. One of them was
 * never shared, one is rate limited, and the access token has just expired, so the run shows a
 * rotation-safe refresh too.
 */
import { startEmulator, WORLD } from '../emulator';
import { checkWorkflow, connectCredential } from '../e2e/fixtures';
import { createInstance, execute, exportCredential, importWorkflow, removeInstance, type N8nVersion } from '../e2e/n8n';
import { createTestTls } from '../e2e/tls';

const OUTPUT_NAMES = ['Access OK', 'Reauthorize', 'Share Page', 'Retry'];

async function main() {
	const version = (process.env.DEMO_N8N_VERSION ?? '2.41.1') as N8nVersion;
	const tls = createTestTls();
	const emulator = await startEmulator({ tls: { key: tls.key, cert: tls.cert } });
	const inst = await createInstance(version, { emulatorPort: emulator.port, caFile: tls.caFile });
	try {
		const credential = { id: 'DemoNotionCred01', name: 'Notion (Acme Sync)' };
		const grant = await connectCredential(inst, emulator, credential);
		const pages = [
			{ resource: `https://www.notion.so/acme/Team-Handbook-${WORLD.pages.sharedRoot.id.replace(/-/g, '')}` },
			{ resource: `https://www.notion.so/acme/Projects-${WORLD.database.id.replace(/-/g, '')}?v=0123456789abcdef0123456789abcdef` },
			{ resource: WORLD.pages.sharedChild.id },
			{ resource: `https://www.notion.so/acme/Private-Notes-${WORLD.pages.unshared.id.replace(/-/g, '')}` },
			{ resource: WORLD.pages.databaseRow.id },
		];
		await importWorkflow(inst, checkWorkflow('demoAccessCheck1', 'Demo: check Notion access', [
			{ name: 'Notion Access Check', credential, items: pages, options: { waitOnRateLimit: false } },
		]));
		emulator.control.expireGrant(grant.grantId);
		emulator.control.addFault({ path: `/v1/pages/${WORLD.pages.databaseRow.id}`, count: 1, fault: 'http429', retryAfter: '20' });

		console.log(`Running the demo workflow in n8n ${version} against the Notion emulator...`);
		const run = await execute(inst, 'demoAccessCheck1');
		const outputs = run.runData['Notion Access Check']?.[0]?.data?.main ?? [];
		outputs.forEach((items, output) => {
			for (const item of items ?? []) {
				const report = item.json.notionAccess as Record<string, unknown>;
				const resource = report.resource as { title?: string; id: string };
				console.log(`\n[${OUTPUT_NAMES[output]}] ${resource.title ?? resource.id} (${report.reason})\n  ${report.remediation}`);
			}
		});
		const log = emulator.control.getLog();
		const stored = (await exportCredential(inst, credential.id)).oauthTokenData as { refresh_token?: string };
		const refreshed = stored.refresh_token === emulator.control.getGrant(grant.grantId).refreshToken;
		console.log(`\nNotion saw ${log.filter((e) => e.path === '/v1/oauth/token').length} token request(s) and ` +
			`${log.filter((e) => e.path.startsWith('/v1/') && !e.path.startsWith('/v1/oauth')).length} API request(s); ` +
			`n8n stored the newest refresh token: ${refreshed ? 'yes' : 'NO'}.`);
		if (!run.ok || !refreshed) process.exitCode = 1;
	} finally {
		removeInstance(inst);
		await emulator.close();
	}
}

void main();
