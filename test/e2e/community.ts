/**
 * Installs the package into an n8n user folder exactly the way n8n's Community Nodes installer does
 * (Settings → Community Nodes → Install), except that the tarball comes from `npm pack` of this
 * repository instead of `npm pack NAME@VERSION` from the registry.
 *
 * Read from n8n 1.123.81 and 2.41.1, `dist/modules/community-packages/community-packages.service.js`,
 * `downloadPackage()` (both lines do the same):
 *   1. in `~/.n8n/nodes`: `npm pack NAME@VERSION --quiet` (prints the tarball's file name)
 *   2. `tar -xzf TARBALL -C node_modules/NAME --strip-components=1`
 *   3. rewrite `node_modules/NAME/package.json` without devDependencies, peerDependencies and
 *      optionalDependencies
 *   4. in `node_modules/NAME`: `npm install --audit=false --fund=false --bin-links=false
 *      --install-strategy=shallow --ignore-scripts=true --package-lock=false --registry=REGISTRY`
 *   5. set `dependencies[NAME] = VERSION` in `~/.n8n/nodes/package.json` (the "ledger", created as
 *      `{name: 'installed-nodes', private: true, dependencies: {}}`), then delete the tarball.
 * The UI installer also records the package in the database (installed_packages); n8n loads
 * `~/.n8n/nodes/node_modules/n8n-nodes-*` at start either way, which is what a restart after
 * `npm install` in `~/.n8n/nodes` (the README's manual route) relies on.
 *
 * Why the copy stays: every e2e test gets its instance through createInstance(), which calls this,
 * and it takes a second or two. n8n's installer itself needs a running `n8n start`, an owner, a
 * local registry and a publish first (tens of seconds per instance on a loaded machine), and many
 * tests start n8n only through the CLI. So the bulk of the tests keep these copied steps, and
 * test/e2e/ui/installer.e2e.test.ts is the proof that n8n's own installer (install by name, update,
 * uninstall, and workers in queue mode) ends with the same files and a node that works.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';


/** n8n's NPM_COMMON_ARGS + NPM_INSTALL_ARGS (1.123.81 and 2.41.1). */
export const N8N_NPM_INSTALL_ARGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

export interface InstalledPackage {
	name: string;
	version: string;
	directory: string;
	/** files in the tarball, as `npm pack` listed them */
	tarballFiles: string[];
}

function registry(): string {
	const value = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	return value.replace(/\/+$/, '') || 'https://registry.npmjs.org';
}

/** `npm pack` of packageDir into destination; returns the tarball's path and file list. */
export function packPackage(packageDir: string, destination: string): { tarball: string; files: string[] } {
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination, packageDir], {
		encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
	});
	const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
	return { tarball: path.join(destination, info.filename), files: info.files.map((f) => f.path) };
}

/** Steps 1–5 above, into `<userFolder>/.n8n/nodes`. */
export function installAsCommunityPackage(userFolder: string, packageDir: string): InstalledPackage {
	if (!fs.existsSync(path.join(packageDir, 'dist'))) throw new Error(`${packageDir}/dist does not exist: run \`npm run build\` first`);
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const ledger = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(ledger)) {
		fs.writeFileSync(ledger, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}

	const { tarball, files } = packPackage(packageDir, nodesDir);
	try {
		const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { name: string };
		const directory = path.join(nodesDir, 'node_modules', manifest.name);
		fs.rmSync(directory, { recursive: true, force: true });
		fs.mkdirSync(directory, { recursive: true });
		execFileSync('tar', ['-xzf', path.basename(tarball), '-C', directory, '--strip-components=1'], { cwd: nodesDir });

		const packageJsonPath = path.join(directory, 'package.json');
		// eslint-disable-next-line @typescript-eslint/no-unused-vars
		const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
		fs.writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2));
		execFileSync('npm', ['install', ...N8N_NPM_INSTALL_ARGS, `--registry=${registry()}`], {
			cwd: directory, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' },
		});

		const ledgerJson = JSON.parse(fs.readFileSync(ledger, 'utf8'));
		ledgerJson.dependencies[packageJson.name] = packageJson.version;
		fs.writeFileSync(ledger, JSON.stringify(ledgerJson, null, 2));
		return { name: packageJson.name, version: packageJson.version, directory, tarballFiles: files };
	} finally {
		fs.rmSync(tarball, { force: true });
	}
}
