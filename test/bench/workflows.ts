/**
 * The benchmark's items and its two workflows. Both start the same way (Manual Trigger → Code node
 * that returns the items), so only the checking node differs:
 * - A: the Notion Access Check node, paced at the emulator's rate.
 * - B: n8n's HTTP Request node with this package's credential, one GET per item, On Error set to
 *   the error output: what users do today.
 */
import { benchPageId } from '../emulator';
import type { N8nVersion, WorkflowFixture } from '../e2e/n8n';

export const NODE_TYPE = 'n8n-nodes-notion-access.notionAccessCheck';
export const CREDENTIAL_TYPE = 'notionRotationSafeOAuth2Api';
export const NOTION_VERSION = '2025-09-03';

export type Truth = 'shared' | 'unshared' | 'missing';

export const PAGE_COUNTS: Record<Truth, number> = { shared: 70, unshared: 20, missing: 10 };
export const ITEM_COUNT = 1000;
/**
 * The requests workflow A needs, its stated bound with Resource Type "auto-detect": the token
 * (users/me), one GET /pages per distinct page, and one GET /data_sources after each 404 at /pages
 * (a data source given by a bare id answers 404 there). Choosing the Resource Type saves that request.
 */
const PAGES = PAGE_COUNTS.shared + PAGE_COUNTS.unshared + PAGE_COUNTS.missing;
const NOT_FOUND = PAGE_COUNTS.unshared + PAGE_COUNTS.missing;
export const A_REQUESTS = 1 + PAGES + NOT_FOUND;
export const A_REQUESTS_SUM = `users/me + ${PAGES} pages + ${NOT_FOUND} 404s (auto-detect then asks /data_sources) = ${A_REQUESTS}`;
/** The emulator's limit during the runs, and the Requests per Second given to workflow A. */
export const RATE = { ratePerSecond: 30, burst: 10 };

export interface BenchItem {
	pageId: string;
}

/** 100 distinct pages, each referenced ITEM_COUNT / 100 times, in a fixed shuffled order. */
export function benchItems(): { items: BenchItem[]; truth: Map<string, Truth> } {
	const truth = new Map<string, Truth>();
	for (const kind of Object.keys(PAGE_COUNTS) as Truth[]) {
		for (let i = 0; i < PAGE_COUNTS[kind]; i++) truth.set(benchPageId(kind, i), kind);
	}
	const ids = [...truth.keys()];
	const items = Array.from({ length: ITEM_COUNT }, (_, i) => ({ pageId: ids[i % ids.length] }));
	shuffle(items, 20250903);
	return { items, truth };
}

/** Fisher–Yates with a small LCG, so every run and every n8n version sees the same order. */
function shuffle<T>(list: T[], seed: number): void {
	let state = seed >>> 0;
	const next = () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
	for (let i = list.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[list[i], list[j]] = [list[j], list[i]];
	}
}

export const CHECK_NODE = 'Check';
export const HTTP_NODE = 'HTTP Request';

/** The HTTP Request node version a user gets today when dropping the node in (each line's default). */
const HTTP_REQUEST_VERSION: Record<N8nVersion, number> = { '1.123.81': 4.3, '2.41.1': 4.5 };

function start(id: string, items: BenchItem[]) {
	return [
		{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: `${id}-items`, name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0],
			parameters: { jsCode: `return ${JSON.stringify(items.map((json) => ({ json })))};` },
		},
	];
}

function chain(last: string) {
	return {
		Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
		Items: { main: [[{ node: last, type: 'main', index: 0 }]] },
	};
}

export function workflowA(id: string, credential: { id: string; name: string }, items: BenchItem[]): WorkflowFixture {
	return {
		id, name: 'bench A: Notion Access Check',
		nodes: [
			...start(id, items),
			{
				id: `${id}-check`, name: CHECK_NODE, type: NODE_TYPE, typeVersion: 1, position: [440, 0],
				parameters: {
					authentication: CREDENTIAL_TYPE,
					check: 'resource',
					resource: '={{ $json.pageId }}',
					resourceType: 'auto',
					options: { requestsPerSecond: RATE.ratePerSecond, notionVersion: NOTION_VERSION },
				},
				credentials: { [CREDENTIAL_TYPE]: credential },
			},
		],
		connections: chain(CHECK_NODE),
		settings: { executionOrder: 'v1' },
	};
}

export function workflowB(id: string, version: N8nVersion, credential: { id: string; name: string }, items: BenchItem[]): WorkflowFixture {
	return {
		id, name: 'bench B: HTTP Request per item',
		nodes: [
			...start(id, items),
			{
				id: `${id}-http`, name: HTTP_NODE, type: 'n8n-nodes-base.httpRequest', typeVersion: HTTP_REQUEST_VERSION[version], position: [440, 0],
				onError: 'continueErrorOutput',
				parameters: {
					method: 'GET',
					url: '=https://api.notion.com/v1/pages/{{ $json.pageId }}',
					authentication: 'predefinedCredentialType',
					nodeCredentialType: CREDENTIAL_TYPE,
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'Notion-Version', value: NOTION_VERSION }] },
					options: {},
				},
				credentials: { [CREDENTIAL_TYPE]: credential },
			},
		],
		connections: chain(HTTP_NODE),
		settings: { executionOrder: 'v1' },
	};
}

export function httpRequestVersion(version: N8nVersion): number {
	return HTTP_REQUEST_VERSION[version];
}
