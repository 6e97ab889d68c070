// `tsx test/emulator/cli.ts --port 8787 [--host h] [--tls-key f --tls-cert f] [--seed world.json]
//  [--pages shared,unshared,missing] [--tracker] [--mode key=value ...]`
// Starts the emulator, prints its URL and the world's ids, and runs until killed.
import { readFileSync } from 'node:fs';
import { DEFAULT_MODES, pagesSeed, startEmulator, TRACKER, trackerSeed, WORLD } from './index';
import type { Modes, WorldSeed } from './index';

function parseArgs(argv: string[]) {
	const args = { port: 8787, host: '127.0.0.1', tlsKey: '', tlsCert: '', seed: '', pages: '', tracker: false, modes: {} as Record<string, unknown> };
	for (let i = 0; i < argv.length; i++) {
		const value = () => {
			const next = argv[++i];
			if (next === undefined) throw new Error(`${argv[i - 1]} needs a value`);
			return next;
		};
		switch (argv[i]) {
			case '--port':
				args.port = Number(value());
				break;
			case '--host':
				args.host = value();
				break;
			case '--tls-key':
				args.tlsKey = value();
				break;
			case '--tls-cert':
				args.tlsCert = value();
				break;
			case '--seed':
				args.seed = value();
				break;
			case '--tracker':
				args.tracker = true;
				break;
			case '--pages':
				args.pages = value();
				break;
			case '--mode': {
				const [key, ...rest] = value().split('=');
				if (!(key in DEFAULT_MODES)) throw new Error(`Unknown mode ${key}; known: ${Object.keys(DEFAULT_MODES).join(', ')}`);
				args.modes[key] = parseValue(rest.join('='));
				break;
			}
			default:
				throw new Error(`Unknown argument ${argv[i]}`);
		}
	}
	return args;
}

/** `null`, numbers and JSON objects as JSON; anything else as a plain string (e.g. `rotation=grace`). */
function parseValue(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	let seed: WorldSeed | undefined;
	let pages: ReturnType<typeof pagesSeed> | undefined;
	if (args.seed) seed = JSON.parse(readFileSync(args.seed, 'utf8')) as WorldSeed;
	if (args.pages) {
		const [shared, unshared, missing] = args.pages.split(',').map((n) => Number(n) || 0);
		pages = pagesSeed({ shared, unshared, missing });
		seed = pages.seed;
	}
	const tls = args.tlsKey ? { key: readFileSync(args.tlsKey, 'utf8'), cert: readFileSync(args.tlsCert, 'utf8') } : undefined;
	// --tracker adds the Tasks database (two data sources, every property type) to whatever world came before.
	if (args.tracker) seed = trackerSeed(seed);
	const emulator = await startEmulator({ port: args.port, host: args.host, tls, seed, modes: args.modes as Partial<Modes> });
	process.stdout.write(`Notion emulator listening on ${emulator.url}\n`);
	process.stdout.write(`${JSON.stringify({ url: emulator.url, modes: emulator.control.getModes(), world: WORLD, pages, tracker: args.tracker ? TRACKER : undefined }, null, 2)}\n`);
	const stop = () => {
		emulator.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
