// n8n's community package scanner (@n8n/scan-community-package), run offline the way
// `npx @n8n/scan-community-package NAME` runs it after download: analyzePackage() on the sources
// (SOURCE_FILE_PATTERNS: package.json, nodes/, credentials/) and on the unpacked `npm pack`
// tarball (compiled .js and the published package.json). Its ESLint config has inline config
// off, so an `eslint-disable` comment does not count here. Needs dist/ (`npm run build`).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
if (!fs.existsSync(path.join(root, 'dist'))) {
	console.error('test/lint/scan.mjs: dist/ does not exist, run `npm run build` first');
	process.exit(1);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
// The scanner makes a temp dir when it is imported and never removes it: make it inside `work`.
process.env.TMPDIR = work;
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
let failed = 0;
try {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work, root], { encoding: 'utf8' }),
	);
	const unpacked = path.join(work, 'package');
	execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', work]);

	for (const [label, dir, patterns] of [
		['sources', root, SOURCE_FILE_PATTERNS],
		[`tarball ${packed.filename}`, unpacked, ['**/*.js', 'package.json']],
	]) {
		const result = await analyzePackage(dir, patterns);
		if (result.passed && result.message === undefined) {
			console.log(`n8n scanner, ${label}: passed`);
		} else {
			// "No files found to analyze" also reports passed: a scan that saw nothing is a failure here.
			failed++;
			console.error(`n8n scanner, ${label}: ${result.message}\n${result.details ?? ''}`);
		}
	}
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
