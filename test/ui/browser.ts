/**
 * A real browser for the editor tests and screenshots: Debian's Chromium driven by playwright-core
 * (a devDependency). Chromium comes from apt: playwright's own browser download is unreachable here.
 * The types are the small subset used here, since the repo's tsconfig has no DOM lib.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const CHROMIUM = '/usr/bin/chromium';

/** What the page-side callbacks use of a DOM element (the repo's tsconfig has no DOM lib). */
export interface DomElement {
	getAttribute(name: string): string | null;
	textContent: string | null;
	[property: string]: unknown;
}

export interface Locator {
	first(): Locator;
	nth(index: number): Locator;
	filter(options: { hasText?: string | RegExp }): Locator;
	locator(selector: string): Locator;
	count(): Promise<number>;
	click(options?: { force?: boolean; position?: { x: number; y: number }; timeout?: number }): Promise<void>;
	dblclick(options?: { force?: boolean; timeout?: number }): Promise<void>;
	hover(options?: { force?: boolean; timeout?: number }): Promise<void>;
	fill(value: string): Promise<void>;
	textContent(): Promise<string | null>;
	innerText(): Promise<string>;
	allInnerTexts(): Promise<string[]>;
	isVisible(): Promise<boolean>;
	waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
	boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
	screenshot(options?: { path?: string }): Promise<Buffer>;
	evaluate<R>(fn: (element: DomElement) => R): Promise<R>;
}

export interface Page {
	goto(url: string, options?: { waitUntil?: 'load' | 'domcontentloaded' | 'networkidle'; timeout?: number }): Promise<unknown>;
	url(): string;
	locator(selector: string): Locator;
	getByText(text: string | RegExp, options?: { exact?: boolean }): Locator;
	getByRole(role: string, options?: { name?: string | RegExp; exact?: boolean }): Locator;
	getByTestId(id: string): Locator;
	waitForTimeout(ms: number): Promise<void>;
	/** `expression` runs in the page: a string, since the repo's tsconfig has no DOM lib */
	waitForFunction(expression: string, arg?: unknown, options?: { timeout?: number }): Promise<unknown>;
	screenshot(options?: { path?: string; fullPage?: boolean; clip?: { x: number; y: number; width: number; height: number } }): Promise<Buffer>;
	evaluate<R>(expression: string): Promise<R>;
	setViewportSize(size: { width: number; height: number }): Promise<void>;
	keyboard: { press(key: string): Promise<void> };
	mouse: { click(x: number, y: number): Promise<void>; move(x: number, y: number): Promise<void> };
	on(event: 'console' | 'pageerror', listener: (arg: { text?: () => string; message?: string }) => void): void;
}

export interface BrowserContext {
	newPage(): Promise<Page>;
	pages(): Page[];
	addCookies(cookies: Array<{ name: string; value: string; url: string }>): Promise<void>;
	route(url: string | RegExp | ((url: URL) => boolean), handler: (route: { abort(): Promise<void>; continue(): Promise<void>; request(): { url(): string } }) => Promise<void>): Promise<void>;
	close(): Promise<void>;
}

interface PlaywrightCore {
	chromium: {
		launchPersistentContext(userDataDir: string, options: Record<string, unknown>): Promise<BrowserContext>;
	};
}

/** Debian's Chromium, installed with apt when missing (we are root on these machines). */
export function ensureChromium(): string {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
	execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'ignore', env });
	if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get install chromium left no ${CHROMIUM}`);
	return CHROMIUM;
}

export function loadPlaywright(): PlaywrightCore {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require('playwright-core') as PlaywrightCore;
}

export interface Browser {
	context: BrowserContext;
	page: Page;
	/** requests the page tried to send off the machine (blocked) */
	blocked: string[];
	close(): Promise<void>;
}

/**
 * Chromium with a fresh profile, headless, no GPU, no background traffic. Every request that is
 * not to loopback is aborted, so the editor's calls to outside services fail fast instead of
 * hanging a test.
 */
export async function launchBrowser(options: { width?: number; height?: number; deviceScaleFactor?: number } = {}): Promise<Browser> {
	const executablePath = ensureChromium();
	const { chromium } = loadPlaywright();
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'notion-access-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
			'--disable-component-update', '--disable-sync'],
		viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
		deviceScaleFactor: options.deviceScaleFactor ?? 1,
		colorScheme: 'light',
		locale: 'en-US',
		timezoneId: 'UTC',
	});
	const blocked: string[] = [];
	await context.route((url) => !/^(127\.0\.0\.1|localhost|\[::1\])$/.test(url.hostname) && /^(https?|wss?):$/.test(url.protocol), async (route) => {
		blocked.push(route.request().url());
		await route.abort();
	});
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		context, page, blocked,
		async close() {
			await context.close().catch(() => undefined);
			fs.rmSync(profile, { recursive: true, force: true });
		},
	};
}
