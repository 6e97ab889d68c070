/**
 * What issue 17 found in the Access Check and the Watch, as properties over random input, through
 * the real `execute` and `poll` and the core-faithful fake (test/support/fakeN8nCore.ts):
 * - P1 (17.10) every options parameter of both nodes: a value its description does not offer (the
 *   names every object inherits, case variants, blanks, anything) sends no request and gives an error
 *   that names the item (the Check, in every On Error mode) or the parameter (the Watch).
 * - P2 (17.10) a link whose path segments name inherited properties (`toString`, `__proto__`,
 *   `constructor`, ...) never makes either node ask anything but /v1/users/me, /v1/search and
 *   /v1/{pages|databases|data_sources|blocks}/<id>: never /v1/undefined.
 * - P3 (17.2) an OAuth2 credential without a refresh token whose access token Notion refuses is
 *   Reauthorize `no_refresh_token` on both n8n lines, in every On Error mode, for every item: never
 *   OK, never n8n's error path, with nothing sent to the token endpoint; the Watch reports it as one
 *   token_lost.
 * FC_RUNS sets the number of cases per property (default 200).
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { NotionAccessCheck } from '../../nodes/NotionAccessCheck/NotionAccessCheck.node';
import { NotionAccessWatch } from '../../nodes/NotionAccessWatch/NotionAccessWatch.node';
import { type ApiAnswer, FAKE_ACCESS_TOKEN, FAKE_CLIENT_SECRET, FakeN8nCore, type OnError, type SentRequest, withErrorOutput } from '../support/fakeN8nCore';
import { runOnFakeClock } from '../support/fakeClock';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const ASSERT = { numRuns: RUNS, endOnFailure: process.env.FC_NO_SHRINK === '1' };
const ID = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const compact = (id: string) => id.replace(/-/g, '');
const MODES: OnError[] = ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'];
const LINES = ['1.x', '2.x'] as const;
const WATCH_TYPE = 'n8n-nodes-notion-access.notionAccessWatch';
/** The only paths either node may ask. */
const NOTION_PATH = /^\/v1\/(?:users\/me|search|(?:pages|databases|data_sources|blocks)\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

// ---------- values no options parameter offers ----------

const INHERITED = ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__'];

function choices(property: INodeProperties): string[] {
	return (property.options ?? []).flatMap((option) => ('value' in option && typeof option.value === 'string' ? [option.value] : []));
}

/** Anything but one of `allowed`: inherited names, case and blank variants of the real ones, other strings, other types. */
function notOneOf(allowed: string[]): fc.Arbitrary<unknown> {
	const variants = allowed.flatMap((value) => [value.toUpperCase(), value[0].toUpperCase() + value.slice(1), ` ${value}`, `${value} `, `${value}\n`, value.replace(/_/g, ' ')]);
	return fc
		.oneof(
			{ weight: 3, arbitrary: fc.constantFrom(...INHERITED) },
			{ weight: 3, arbitrary: fc.constantFrom(...variants) },
			{ weight: 1, arbitrary: fc.constantFrom('', ' ', 'undefined', 'null', '[object Object]') },
			{ weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
			{ weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 0, 1, true, [], {}, ['page']) },
		)
		.filter((value) => !(typeof value === 'string' && allowed.includes(value)));
}

function property(properties: INodeProperties[], name: string): INodeProperties {
	const found = properties.find((each) => each.name === name);
	if (!found) throw new Error(`no parameter ${name}`);
	return found;
}

const check = new NotionAccessCheck().description.properties;
const watch = new NotionAccessWatch().description.properties;
const optionOf = (properties: INodeProperties[], name: string) => property(property(properties, 'options').options as INodeProperties[], name);
const listEntry = (property(watch, 'resourceList').options as Array<{ values: INodeProperties[] }>)[0].values;

/** Every options parameter of each node (the test fails if one is added and not listed here). */
const CHECK_OPTIONS = { check: property(check, 'check'), resourceType: property(check, 'resourceType'), authentication: property(check, 'authentication'), notionVersion: optionOf(check, 'notionVersion') };
const WATCH_OPTIONS = {
	authentication: property(watch, 'authentication'),
	watch: property(watch, 'watch'),
	resourceInput: property(watch, 'resourceInput'),
	emit: property(watch, 'emit'),
	type: property(listEntry, 'type'),
	notionVersion: optionOf(watch, 'notionVersion'),
};

const never = (): ApiAnswer => ({ kind: 'http', status: 500, body: { object: 'error', status: 500, code: 'internal_server_error', message: 'no request should be sent' } });

describe('Access Check and Watch: options parameters, hostile links, no refresh token (fast-check, fake n8n-core)', () => {
	jest.setTimeout(600_000);

	it('lists every options parameter of both nodes', () => {
		const optionsParameters = (properties: INodeProperties[]): string[] =>
			properties.flatMap((each) => [
				...(each.type === 'options' ? [each.name] : []),
				...((each.type === 'collection' ? optionsParameters(each.options as INodeProperties[]) : [])),
				...(each.type === 'fixedCollection' ? (each.options as Array<{ values: INodeProperties[] }>).flatMap((group) => optionsParameters(group.values)) : []),
			]);
		expect(optionsParameters(check).sort()).toEqual(Object.keys(CHECK_OPTIONS).sort());
		expect(optionsParameters(watch).sort()).toEqual(Object.keys(WATCH_OPTIONS).sort());
	});

	it(`P1 the Check: a value no choice offers sends nothing and names the item, in every On Error mode (${RUNS} cases)`, async () => {
		const name = fc.constantFrom(...(Object.keys(CHECK_OPTIONS) as Array<keyof typeof CHECK_OPTIONS>));
		// An option left out of the Options collection (undefined) is its default.
		const value = (parameter: keyof typeof CHECK_OPTIONS) => notOneOf(choices(CHECK_OPTIONS[parameter])).filter((each) => parameter !== 'notionVersion' || each !== undefined);
		const cases = name.chain((parameter) => fc.record({ parameter: fc.constant(parameter), value: value(parameter), items: fc.integer({ min: 1, max: 4 }), onError: fc.constantFrom(...MODES) }));
		await fc.assert(
			fc.asyncProperty(cases, async ({ parameter, value, items, onError }) => {
				const parameters: Record<string, unknown> =
					parameter === 'notionVersion' ? { options: { requestsPerSecond: 1000, notionVersion: value } } : { check: 'resource', [parameter]: value };
				const core = new FakeN8nCore({ items: Array.from({ length: items }, () => ({ json: { resource: ID } })), onError, parameters, script: { api: never } });
				const displayName = CHECK_OPTIONS[parameter].displayName;
				const problem = (index: number) => `Item ${index}: The parameter "${displayName}" is `;
				const run = await runOnFakeClock(async () => await new NotionAccessCheck().execute.call(core.context()));
				if (core.requests.length > 0 || core.tokenRequests.length > 0) throw new Error(`${core.requests.length} requests sent`);
				if ('error' in run) {
					if (onError !== 'stopWorkflow') throw new Error(`execute() rejected under ${onError}: ${String(run.error)}`);
					if (!String((run.error as Error).message).startsWith(problem(0))) throw new Error(`the error reads: ${String(run.error)}`);
					return;
				}
				if (onError === 'stopWorkflow') throw new Error('no error under Stop Workflow');
				const outputs = onError === 'continueErrorOutput' ? withErrorOutput(run.value) : run.value;
				const errors = outputs[onError === 'continueErrorOutput' ? 4 : 3];
				if (outputs.flat().length !== items || errors.length !== items) throw new Error(`${errors.length} of ${items} items are errors`);
				for (const item of errors) {
					const index = (item.pairedItem as { item: number }).item;
					if (!String(item.json.error).startsWith(problem(index))) throw new Error(`item ${index}: ${String(item.json.error)}`);
				}
			}),
			ASSERT,
		);
	});

	it(`P1 the Watch: a value no choice offers stops the poll before anything is sent, naming the parameter (${RUNS} cases)`, async () => {
		const name = fc.constantFrom(...(Object.keys(WATCH_OPTIONS) as Array<keyof typeof WATCH_OPTIONS>));
		// A list entry without a Type (undefined or null) is Auto-Detect, and an option left out of the
		// Options collection (undefined) its default.
		const value = (parameter: keyof typeof WATCH_OPTIONS) =>
			notOneOf(choices(WATCH_OPTIONS[parameter])).filter((each) => !(parameter === 'type' && (each === undefined || each === null)) && !(parameter === 'notionVersion' && each === undefined));
		const cases = name.chain((parameter) => fc.record({ parameter: fc.constant(parameter), value: value(parameter), watchMode: fc.constantFrom('list', 'listAndSearch') }));
		await fc.assert(
			fc.asyncProperty(cases, async ({ parameter, value, watchMode }) => {
				const parameters: Record<string, unknown> = {
					watch: watchMode,
					resourceInput: 'collection',
					resourceList: { resources: [{ resource: ID, type: 'auto' }] },
					emit: 'changes',
					options: { requestsPerSecond: 1000 },
				};
				if (parameter === 'notionVersion') parameters.options = { requestsPerSecond: 1000, notionVersion: value };
				else if (parameter === 'type') parameters.resourceList = { resources: [{ resource: ID, type: 'page' }, { resource: ID, type: value }] };
				else parameters[parameter] = value;
				const core = new FakeN8nCore({ items: [], nodeType: WATCH_TYPE, parameters, script: { api: never } });
				const staticData: IDataObject = {};
				const run = await runOnFakeClock(async () => await new NotionAccessWatch().poll.call(core.pollContext(staticData)));
				if (core.requests.length > 0) throw new Error(`${core.requests.length} requests sent`);
				if (!('error' in run)) throw new Error('the poll went on');
				const expected = `${parameter === 'type' ? 'Resource 2: ' : ''}The parameter "${WATCH_OPTIONS[parameter].displayName}" is `;
				if (!String((run.error as Error).message).startsWith(expected)) throw new Error(`the error reads: ${String(run.error)}`);
				if (JSON.stringify(staticData) !== '{}') throw new Error('the poll changed its static data');
			}),
			ASSERT,
		);
	});

	it(`P2 links whose path segments name inherited properties never reach a path but Notion's (${RUNS} cases)`, async () => {
		const segment = fc.oneof(fc.constantFrom(...INHERITED, 'undefined', 'pages', 'v1'), fc.stringMatching(/^[A-Za-z_]{1,12}$/));
		const link = fc.oneof(
			segment.map((seg) => `https://api.notion.com/v1/${seg}/${ID}`),
			segment.map((seg) => `https://api.notion.com/${seg}/${seg}/${compact(ID)}`),
			segment.map((seg) => `https://www.notion.so/${seg}/${seg}-${compact(ID)}`),
			segment.map((seg) => `notion.so/${seg}/${compact(ID)}?${seg}=${seg}`),
		);
		const answer = (request: SentRequest): ApiAnswer => {
			const [, , collection, id] = request.path.split('/');
			if (collection === 'users') return { kind: 'http', status: 200, body: { object: 'user', id: 'bot' } };
			const object = { pages: 'page', databases: 'database', data_sources: 'data_source', blocks: 'block' }[collection];
			return object ? { kind: 'http', status: 200, body: { object, id, in_trash: false } } : { kind: 'http', status: 400, body: { object: 'error', status: 400, code: 'invalid_request_url', message: 'Invalid request URL.' } };
		};
		await fc.assert(
			fc.asyncProperty(fc.array(link, { minLength: 1, maxLength: 4 }), fc.constantFrom('auto', 'auto', 'page', 'database', 'data_source', 'block'), async (links, resourceType) => {
				const checkCore = new FakeN8nCore({ items: links.map((resource) => ({ json: { resource } })), onError: 'continueRegularOutput', parameters: { resourceType }, script: { api: answer } });
				const checked = await runOnFakeClock(async () => await new NotionAccessCheck().execute.call(checkCore.context()));
				if ('error' in checked) throw new Error(`the Check rejected: ${String(checked.error)}`);
				const watchCore = new FakeN8nCore({ items: [], nodeType: WATCH_TYPE, parameters: { watch: 'list', resourceInput: 'lines', resourcesText: links.join('\n'), emit: 'changes', options: { requestsPerSecond: 1000 } }, script: { api: answer } });
				await runOnFakeClock(async () => await new NotionAccessWatch().poll.call(watchCore.pollContext({})));
				const stray = [...checkCore.requests, ...watchCore.requests].find((request) => !NOTION_PATH.test(request.path));
				if (stray) throw new Error(`asked ${stray.path}`);
			}),
			ASSERT,
		);
	});

	it(`P3 no refresh token: Reauthorize no_refresh_token on both lines, in every On Error mode, for every item (${RUNS} cases)`, async () => {
		const cases = fc.record({
			line: fc.constantFrom(...LINES),
			onError: fc.constantFrom(...MODES),
			credentialType: fc.constantFrom('notionOAuth2Api', 'notionRotationSafeOAuth2Api'),
			checks: fc.array(fc.constantFrom('resource', 'token'), { minLength: 1, maxLength: 5 }),
			resourceType: fc.constantFrom('auto', 'page', 'database', 'data_source', 'block'),
			/**
			 * The refusal arrives at the token check (0), or only after it (1): the token check's
			 * /v1/users/me passes, and every later request is refused, whatever the order in which the
			 * token and the first resource were sent (they go side by side since issue 17.12).
			 */
			refusedFrom: fc.constantFrom(0, 1),
		});
		await fc.assert(
			fc.asyncProperty(cases, async ({ line, onError, credentialType, checks, resourceType, refusedFrom }) => {
				const unauthorized: ApiAnswer = { kind: 'http', status: 401, body: { object: 'error', status: 401, code: 'unauthorized', message: 'API token is invalid.' } };
				let tokenChecks = 0;
				const core = new FakeN8nCore({
					items: checks.map(() => ({ json: { resource: ID } })),
					credentialType,
					line,
					onError,
					stored: { clientId: 'fake-client-id', clientSecret: FAKE_CLIENT_SECRET, oauthTokenData: { access_token: FAKE_ACCESS_TOKEN } },
					parameters: { check: (itemIndex: number) => checks[itemIndex], resourceType },
					script: { api: (request) => (request.path === '/v1/users/me' && tokenChecks++ < refusedFrom ? { kind: 'http', status: 200, body: { object: 'user', id: 'bot' } } : unauthorized) },
				});
				const run = await runOnFakeClock(async () => await new NotionAccessCheck().execute.call(core.context()));
				if ('error' in run) throw new Error(`execute() rejected: ${String(run.error)}`);
				const outputs: INodeExecutionData[][] = onError === 'continueErrorOutput' ? withErrorOutput(run.value) : run.value;
				// Refused from the token check on: every item. Refused only at the resources: the items that ask one.
				const refusedItems = refusedFrom === 0 ? checks.length : checks.filter((each) => each === 'resource').length;
				const shown = JSON.stringify(outputs.map((items) => items.map((item) => item.json.error ?? (item.json.notionAccess as IDataObject).reason)));
				if (outputs[1].length !== refusedItems || outputs[0].length !== checks.length - refusedItems) throw new Error(`outputs ${shown}`);
				for (const item of outputs[1]) {
					const report = item.json.notionAccess as IDataObject;
					if (report.reason !== 'no_refresh_token') throw new Error(`reason ${String(report.reason)}`);
					if (!/credential "Notion \(fake\)" in n8n and click Reconnect\.$/.test(String(report.remediation))) throw new Error(`remediation: ${String(report.remediation)}`);
				}
				if (core.tokenRequests.length > 0) throw new Error('a token request was sent without a refresh token');
			}),
			ASSERT,
		);
	});

	it.each(LINES)('P3 the Watch on n8n %s: a token that can no longer be refreshed is one token_lost, no_refresh_token', async (line) => {
		let refused = false;
		const core = new FakeN8nCore({
			items: [],
			credentialType: 'notionOAuth2Api',
			line,
			nodeType: WATCH_TYPE,
			stored: { clientId: 'fake-client-id', clientSecret: FAKE_CLIENT_SECRET, oauthTokenData: { access_token: FAKE_ACCESS_TOKEN } },
			parameters: { watch: 'token', emit: 'changes', options: { requestsPerSecond: 1000 } },
			script: { api: () => (refused ? { kind: 'http', status: 401, body: { object: 'error', status: 401, code: 'unauthorized', message: 'API token is invalid.' } } : { kind: 'http', status: 200, body: { object: 'user', id: 'bot' } }) },
		});
		const staticData: IDataObject = {};
		expect(await new NotionAccessWatch().poll.call(core.pollContext(staticData))).toBeNull();
		refused = true;
		const [items] = (await new NotionAccessWatch().poll.call(core.pollContext(staticData))) ?? [[]];
		expect(items.map((item) => [item.json.event, item.json.verdict, item.json.reason])).toEqual([['token_lost', 'reauthorize', 'no_refresh_token']]);
		expect(await new NotionAccessWatch().poll.call(core.pollContext(staticData))).toBeNull();
	});
});
