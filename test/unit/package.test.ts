import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('the published package', () => {
	it('has no runtime dependencies and n8n-workflow only as a peer', () => {
		expect(manifest.dependencies ?? {}).toEqual({});
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(manifest.keywords).toContain('n8n-community-node-package');
		expect(manifest.license).toBe('MIT');
	});

	it('packs dist (with icons and codex), the README and the licence, and nothing else', () => {
		const [pack] = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
		) as Array<{ files: Array<{ path: string }> }>;
		const files = pack.files.map((file) => file.path).sort();
		const outsideDist = files.filter((file) => !file.startsWith('dist/'));
		expect(outsideDist.sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
		for (const registered of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
			expect(files).toContain(registered);
		}
		expect(files).toEqual(
			expect.arrayContaining([
				'dist/nodes/NotionAccessCheck/notion.svg',
				'dist/nodes/NotionAccessCheck/notion.dark.svg',
				'dist/nodes/NotionAccessCheck/NotionAccessCheck.node.json',
				'dist/credentials/icons/notion.svg',
				'dist/credentials/icons/notion.dark.svg',
			]),
		);
		expect(files.filter((file) => /\.test\.|\/test\/|\.map$|\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
	});
});
