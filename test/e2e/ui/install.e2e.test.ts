/**
 * Issue 6: the package installs like a community package. `npm pack` of the built package goes
 * into a fresh n8n user folder with the very steps of n8n's Community Nodes installer (see
 * test/ui/community.ts), then `n8n start`; the editor's type endpoints must list the node, with
 * its four labelled outputs, the credential, and the icons. On n8n 1.123.81 and 2.41.1.
 */
import * as fs from 'fs';
import * as path from 'path';

import { createInstance, N8N_VERSIONS, removeInstance, REPO_DIR, startProcess, type N8nInstance, type N8nProcess } from '../n8n';
import { createTestTls, type TestTls } from '../tls';
import { installAsCommunityPackage, type InstalledPackage } from '../community';
import { N8nRest, type NodeTypeDescription } from '../../ui/rest';
import { CREDENTIAL_TYPE, NODE_TYPE, OUTPUT_LABELS } from '../../ui/workflows';
import { TOOL_DESCRIPTION } from '../../../nodes/NotionAccessCheck/description';

jest.setTimeout(300_000);

let tls: TestTls;
beforeAll(() => {
	tls = createTestTls();
});
afterAll(() => {
	fs.rmSync(tls.dir, { recursive: true, force: true });
});

describe.each(N8N_VERSIONS)('installed as a community package in n8n %s', (version) => {
	let instance: N8nInstance;
	let installed: InstalledPackage;
	let n8n: N8nProcess;
	let rest: N8nRest;
	let nodeTypes: NodeTypeDescription[];

	beforeAll(async () => {
		// port 9: nothing here talks to Notion
		instance = await createInstance(version, { emulatorPort: 9, caFile: tls.caFile, packageDir: null });
		installed = installAsCommunityPackage(instance.userFolder, REPO_DIR);
		n8n = await startProcess(instance, 'start');
		rest = new N8nRest(n8n.url);
		await rest.setupOwner();
		nodeTypes = await rest.nodeTypes();
	});

	afterAll(async () => {
		await n8n?.stop();
		if (instance) removeInstance(instance);
	});

	test('the tarball holds only the built package, and installing it adds no dependencies', () => {
		const unexpected = installed.tarballFiles.filter((file) => !/^(dist\/.+\.(js|json|svg)|package\.json|README\.md|LICENSE)$/.test(file));
		expect(unexpected).toEqual([]);
		expect(installed.tarballFiles).toEqual(expect.arrayContaining([
			'dist/nodes/NotionAccessCheck/NotionAccessCheck.node.js',
			'dist/credentials/NotionRotationSafeOAuth2Api.credentials.js',
		]));
		// n8n-workflow comes from n8n itself: a copy of its own would be a second, different n8n-workflow
		expect(fs.existsSync(path.join(installed.directory, 'node_modules'))).toBe(false);
		const ledger = JSON.parse(fs.readFileSync(path.join(instance.userFolder, '.n8n', 'nodes', 'package.json'), 'utf8'));
		expect(ledger.dependencies).toEqual({ [installed.name]: installed.version });
	});

	test('n8n loads it without a warning or error about the package', () => {
		const problems = n8n.records().filter((r) => (r.level === 'error' || r.level === 'warn') && /notion-access|notionAccess|NotionRotation/i.test(JSON.stringify(r)));
		expect(problems).toEqual([]);
	});

	test('the editor lists the Notion Access Check node with four labelled outputs', () => {
		const node = nodeTypes.find((type) => type.name === NODE_TYPE);
		expect(node).toMatchObject({
			displayName: 'Notion Access Check',
			inputs: ['main'],
			outputs: ['main', 'main', 'main', 'main'],
			outputNames: OUTPUT_LABELS,
			credentials: expect.arrayContaining([expect.objectContaining({ name: CREDENTIAL_TYPE })]),
		});
		// toolDescription is shown only in the Tool variant ('@tool')
		expect(node!.properties.map((p) => p.name)).toEqual(['toolDescription', 'authentication', 'check', 'resource', 'resourceType', 'options']);
	});

	test('the editor lists the Notion (Rotation-Safe) OAuth2 API credential, an OAuth2 credential', async () => {
		const credential = (await rest.credentialTypes()).find((type) => type.name === CREDENTIAL_TYPE);
		expect(credential).toMatchObject({ displayName: 'Notion (Rotation-Safe) OAuth2 API', extends: ['oAuth2Api'] });
	});

	test('the node and credential icons are served', async () => {
		const node = nodeTypes.find((type) => type.name === NODE_TYPE)!;
		const credential = (await rest.credentialTypes()).find((type) => type.name === CREDENTIAL_TYPE)!;
		const urls = [node.iconUrl, credential.iconUrl].flatMap((icon) => (typeof icon === 'object' ? [icon.light, icon.dark] : [icon]));
		expect(urls).toHaveLength(4);
		for (const url of urls) {
			const response = await fetch(`${n8n.url}/${url}`);
			expect({ url, status: response.status, type: response.headers.get('content-type') }).toEqual({ url, status: 200, type: expect.stringMatching(/^image\/svg\+xml/) });
		}
	});

	test('usableAsTool: n8n generates the tool variant for AI agents', () => {
		const tool = nodeTypes.find((type) => type.name === `${NODE_TYPE}Tool`);
		expect(tool).toMatchObject({ displayName: 'Notion Access Check Tool', outputs: ['ai_tool'] });
		// the editor offers the node's own tool description (n8n adds neither its own nor a
		// "Set Automatically" choice), the one an agent gets when it is left as it is
		expect(tool!.properties.filter((p) => /description/i.test(p.name)).map((p) => [p.name, (p as { default?: unknown }).default])).toEqual([['toolDescription', TOOL_DESCRIPTION]]);
	});
});
