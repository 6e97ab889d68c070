/**
 * The Notion side of an end-to-end test file: a test CA, and the emulator serving api.notion.com's
 * certificate on loopback (n8n reaches it through preload.js). Started before the file's tests,
 * stopped after them.
 */
import * as fs from 'fs';

import { startEmulator, type Modes, type RunningEmulator } from '../emulator';
import { createTestTls, type TestTls } from './tls';

export interface NotionSide {
	emulator: RunningEmulator;
	tls: TestTls;
}

export function useNotionEmulator(modes: Partial<Modes> = {}): () => NotionSide {
	let side: NotionSide;
	beforeAll(async () => {
		const tls = createTestTls();
		side = { tls, emulator: await startEmulator({ tls: { key: tls.key, cert: tls.cert }, modes }) };
	});
	afterAll(async () => {
		await side?.emulator.close();
		if (side) fs.rmSync(side.tls.dir, { recursive: true, force: true });
	});
	return () => side;
}
