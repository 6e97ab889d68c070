/**
 * The Access Check's invariants, on random workloads and random fault scripts, through the real
 * `execute` and the core-faithful fake (test/support/fakeN8nCore.ts), on a fake clock:
 * - I1 fail closed: an item is on Access OK only if this execution's requests proved its token and
 *   its resource (a 2xx that is the object asked for, not in the trash), in every On Error mode and
 *   as a tool; `execute` never rejects under a Continue mode (n8n would pass the input through to
 *   Access OK).
 * - I2 conservation: every item leaves by exactly one output with its pairedItem, or, under Stop
 *   Workflow, one NodeOperationError names the item.
 * - I3 bounded work: requests per distinct resource and the execution's (virtual) time stay within
 *   the stated bounds, whatever Retry-After says.
 * - I4 no secret in any output, error or log line.
 * FC_RUNS sets the number of cases per property (CI runs the default, 2,400 in all).
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NotionAccessCheck } from '../../nodes/NotionAccessCheck/NotionAccessCheck.node';
import { FakeN8nCore, type SentRequest } from '../support/fakeN8nCore';
import { runOnFakeClock } from '../support/fakeClock';
import {
	ASSERT_OPTIONS,
	type AnswerSpec,
	compact,
	type Faults,
	faults,
	IDS,
	MAX_SENDS_PER_CALL,
	nSideFaults,
	type OkSpec,
	outageFaults,
	runSettings,
	RUNS,
	scriptOf,
	settle,
	storedCredential,
	timeBoundMs,
	toAnswer,
	withRunSettings,
} from '../support/faults';

const KIND_OF_PATH: Record<string, string> = { pages: 'page', databases: 'database', data_sources: 'data_source', blocks: 'block' };

function okBody(request: SentRequest, spec: OkSpec): IDataObject {
	const [, , collection, id] = request.path.split('/');
	if (collection === 'users') return { object: 'user', id: 'b0b0b0b0-0000-4000-8000-000000000001', type: 'bot', name: 'Acme Sync', bot: { workspace_name: 'Acme' } };
	const kind = KIND_OF_PATH[collection] ?? 'page';
	return {
		object: spec.wrongKind ? 'list' : kind,
		id: spec.wrongId ? IDS.find((other) => other !== id) : id,
		url: `https://www.notion.so/${compact(id)}`,
		...(spec.trash === 'in_trash' ? { in_trash: true } : spec.trash === 'archived' ? { archived: true } : { in_trash: false }),
		properties: { Name: { type: 'title', title: [{ plain_text: 'Roadmap' }] } },
	};
}

// ---------- what the workflow looks like ----------

const reference = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom(...IDS, `https://www.notion.so/acme/Roadmap-${compact(IDS[1])}`, `https://www.notion.so/${compact(IDS[2])}?v=${compact(IDS[0])}`) },
	{ weight: 1, arbitrary: fc.constantFrom('not a page', '../../v1/users', 42 as unknown, null as unknown, 'https://example.com/x', { id: IDS[0] } as unknown) },
	{ weight: 1, arbitrary: fc.constant('THROW' as unknown) },
);

const workload = withRunSettings(fc.record({
	references: fc.array(reference, { minLength: 1, maxLength: 7 }),
	check: fc.constantFrom('resource', 'resource', 'resource', 'token'),
	resourceType: fc.constantFrom('auto', 'auto', 'page', 'database', 'data_source', 'block'),
	notionVersion: fc.constantFrom('2022-06-28', '2025-09-03', '2026-03-11'),
}), runSettings(6, 3));

type Workload = typeof workload extends fc.Arbitrary<infer T> ? T : never;

let executionNumber = 0;

async function runCase(work: Workload, fault: Faults) {
	const items: INodeExecutionData[] = work.references.map((resource, n) => ({ json: { resource, n } as IDataObject }));
	// A credential of its own per case: pacers and refresh flights are per credential and process.
	const credentialId = `fake-credential-${++executionNumber}`;
	let core!: FakeN8nCore;
	core = new FakeN8nCore({
		items,
		credentialType: work.credentialType,
		credentialId,
		stored: storedCredential(work.credentialType, work.notConnected),
		nodeType: work.tool ? 'n8n-nodes-notion-access.notionAccessCheckTool' : undefined,
		onError: work.onError,
		line: work.line,
		cancelAfterRequests: fault.cancelAfter ?? undefined,
		resourceOf: (item) => {
			if (item.json.resource === 'THROW') throw new Error('invalid syntax in expression');
			return item.json.resource;
		},
		parameters: {
			check: work.check,
			resourceType: work.resourceType,
			options: {
				maxWaitSeconds: work.maxWaitSeconds,
				timeoutSeconds: work.timeoutSeconds,
				waitOnRateLimit: work.waitOnRateLimit,
				requestsPerSecond: work.requestsPerSecond,
				notionVersion: work.notionVersion,
			},
		},
		script: scriptOf(fault, (spec: AnswerSpec, request: SentRequest) => toAnswer(spec, request, core, okBody)),
	});
	const run = await runOnFakeClock(async () => await new NotionAccessCheck().execute.call(core.context()));
	return { core, items, run };
}

type CaseResult = Awaited<ReturnType<typeof runCase>>;

/** Checks I1-I4 for one case; returns a description of the first broken invariant, or undefined. */
function brokenInvariant(work: Workload, { core, items, run }: CaseResult): string | undefined {

	// I3: requests and time.
	const distinct = new Set(work.references.filter((r) => typeof r === 'string').map((r) => String(r))).size;
	const calls = 1 + 4 * distinct; // the token, and at most one call per endpoint per resource
	const apiBound = calls * 4 * MAX_SENDS_PER_CALL;
	if (core.requests.length > apiBound) return `I3: ${core.requests.length} API requests > ${apiBound}`;
	if (core.tokenRequests.length > calls * MAX_SENDS_PER_CALL) return `I3: ${core.tokenRequests.length} token requests`;
	const timeBound = timeBoundMs(work, core);
	if (run.elapsedMs > timeBound) return `I3: took ${run.elapsedMs} ms > ${timeBound} ms`;
	if (core.requests.some((request) => request.afterCancel)) return 'cancel: a request was sent after the execution was cancelled';

	const settled = settle(core, run, work.onError, items.length, 'Access OK', 4);
	if ('broken' in settled) return settled.broken;
	if ('stopped' in settled) return undefined;
	const { outputs } = settled;

	const paired = outputs.flat().map((item) => (item.pairedItem as { item: number }).item).sort((a, b) => a - b);
	if (JSON.stringify(paired) !== JSON.stringify(items.map((_, i) => i))) return `I2: paired items ${JSON.stringify(paired)}`;
	// I1: what is on Access OK (as a tool: what says access_ok) was proven by this execution's requests.
	const proven = (path: (collection: string, id: string) => boolean) =>
		core.requests.some((request) => {
			const [, , collection, id] = request.path.split('/');
			if (request.status === undefined || request.status < 200 || request.status >= 300 || request.inTrash) return false;
			if (!path(collection, id)) return false;
			return collection === 'users' ? request.object === 'user' : request.object === KIND_OF_PATH[collection] && compact(request.id) === compact(id);
		});
	const okItems = work.tool
		? outputs[0].filter((item) => (item.json.notionAccess as IDataObject | undefined)?.verdict === 'access_ok')
		: outputs[0];
	for (const item of okItems) {
		const report = item.json.notionAccess as IDataObject | undefined;
		if (item.json.error !== undefined || report?.verdict !== 'access_ok') return `I1: item ${JSON.stringify(item.pairedItem)} on Access OK without access_ok`;
		if (!proven((collection) => collection === 'users')) return 'I1: Access OK without a proven token';
		const resourceId = (report.resource as IDataObject | undefined)?.id as string | undefined;
		if (work.check === 'resource' && !resourceId) return 'I1: a resource item on Access OK without a resource';
		if (resourceId && !proven((collection, id) => collection !== 'users' && compact(id) === compact(resourceId))) {
			return `I1: resource ${resourceId} on Access OK without a proving answer`;
		}
	}
	if (!work.tool) {
		const verdicts = ['access_ok', 'reauthorize', 'share_page', 'retry'];
		for (let output = 1; output < 4; output++) {
			for (const item of outputs[output]) {
				const verdict = (item.json.notionAccess as IDataObject | undefined)?.verdict;
				if (item.json.error === undefined && verdict !== verdicts[output]) return `routing: ${String(verdict)} on output ${output}`;
				if (item.json.error !== undefined && (output !== 3 || work.onError !== 'continueRegularOutput')) return `routing: an error item on output ${output}`;
			}
		}
	} else {
		for (const item of outputs[0]) {
			if (item.json.error === undefined && Object.keys(item.json).join() !== 'notionAccess') return 'tool: the input item was echoed back';
		}
	}
	return undefined;
}

describe('Access Check invariants on random workloads and faults (fast-check, fake n8n-core, fake clock)', () => {
	jest.setTimeout(600_000);

	it(`I1-I4 hold for every workload and fault script (${RUNS} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(workload, faults, async (work, fault) => {
				const broken = brokenInvariant(work, await runCase(work, fault));
				if (broken) throw new Error(broken);
			}),
			ASSERT_OPTIONS,
		);
	});

	it(`I1-I4 hold when Notion answers every request with a rate limit or an outage (${RUNS} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(workload, outageFaults, async (work, fault) => {
				const result = await runCase(work, fault);
				const broken = brokenInvariant(work, result);
				if (broken) throw new Error(broken);
				// Never Access OK while every answer is a refusal.
				if (!('error' in result.run) && !work.tool && result.run.value[0].length > 0) throw new Error('Access OK during an outage');
			}),
			ASSERT_OPTIONS,
		);
	});

	it(`I1-I4 hold for n8n-side faults: credential reads that fail, refreshes that fail, cancellation (${RUNS} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(workload, nSideFaults, async (work, fault) => {
				const broken = brokenInvariant(work, await runCase(work, fault));
				if (broken) throw new Error(broken);
			}),
			ASSERT_OPTIONS,
		);
	});
});
