// Small request helpers for the emulator's own tests (and any test that talks to it with fetch).
import { startEmulator } from './server';
import type { RunningEmulator } from './types';
import { WORLD } from './world';

export const basic = (clientId: string = WORLD.publicIntegration.clientId, secret: string = WORLD.publicIntegration.clientSecret) =>
	`Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;

export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	/** The body parsed as JSON, or undefined when it is not JSON. */
	json: any; // any: tests read whatever shape they asked for
}

async function answer(response: Response): Promise<Answer> {
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

/** A REST call: bearer token and Notion-Version unless told otherwise (`null` leaves a header out). */
export async function api(
	baseUrl: string,
	path: string,
	opts: { token?: string | null; version?: string | null; method?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
	const headers: Record<string, string> = { ...opts.headers };
	const token = opts.token === undefined ? WORLD.internalIntegration.secret : opts.token;
	const version = opts.version === undefined ? '2022-06-28' : opts.version;
	if (token !== null) headers.authorization = `Bearer ${token}`;
	if (version !== null) headers['notion-version'] = version;
	const signal = opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined;
	return answer(await fetch(`${baseUrl}${path}`, { method: opts.method ?? 'GET', headers, signal }));
}

/** POST /v1/oauth/token (or another OAuth endpoint) as n8n sends it by default: a form body with Basic client auth. */
export async function oauthPost(
	baseUrl: string,
	params: Record<string, string>,
	opts: { path?: string; json?: boolean; authorization?: string | null; version?: string; timeoutMs?: number } = {},
): Promise<Answer> {
	const headers: Record<string, string> = {
		'content-type': opts.json ? 'application/json' : 'application/x-www-form-urlencoded',
		accept: 'application/json',
	};
	const auth = opts.authorization === undefined ? basic() : opts.authorization;
	if (auth !== null) headers.authorization = auth;
	if (opts.version) headers['notion-version'] = opts.version;
	const body = opts.json ? JSON.stringify(params) : new URLSearchParams(params).toString();
	const signal = opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined;
	return answer(await fetch(`${baseUrl}${opts.path ?? '/v1/oauth/token'}`, { method: 'POST', headers, body, signal }));
}

/** JSON in and out of the control API. */
export async function controlCall(baseUrl: string, method: string, path: string, body?: unknown): Promise<Answer> {
	const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
	if (body !== undefined) init.body = JSON.stringify(body);
	return answer(await fetch(`${baseUrl}/__emulator${path}`, init));
}

/**
 * One emulator for a test file, started before its tests and reset before each one, with the rate
 * limit off unless a test turns it on. Returns a getter, since the emulator starts later.
 */
export function useEmulator(): () => RunningEmulator {
	let emulator: RunningEmulator;
	beforeAll(async () => {
		emulator = await startEmulator();
	});
	afterAll(async () => await emulator.close());
	beforeEach(() => {
		emulator.control.reset();
		emulator.control.setModes({ rateLimit: null });
	});
	return () => emulator;
}
