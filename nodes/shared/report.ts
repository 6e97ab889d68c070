import type { IDataObject } from 'n8n-workflow';

import { notionUrl } from './core/notion';
import { remediation } from './core/remediation';
import type { NotionReference, Outcome, ResourceType, Verdict } from './core/types';
import { withoutUndefined } from './core/withoutUndefined';
import type { DataSourceCheck } from './checks';
import type { NotionTransport } from './transport';
import type { RefreshCounts } from './transport/refresh';

/** What the token check learnt of the integration behind the credential. */
export interface Integration {
	name?: string;
	botId?: string;
	workspaceName?: string;
}

/** The Notion object a report is about, as far as it is known. */
export interface Subject {
	reference?: NotionReference;
	type?: ResourceType;
	title?: string;
	url?: string;
	/** A database's data sources as checked, and the one whose outcome the report gives (see checks.ts). */
	dataSources?: DataSourceCheck[];
	failedDataSource?: DataSourceCheck;
}

/**
 * The object every node emits for an outcome: the verdict, Notion's own words, and one sentence
 * saying what to do. Everything that came from Notion or the user passes through redact.
 */
export function buildReport(
	transport: NotionTransport,
	outcome: Outcome & { verdict: Verdict },
	integration: Integration,
	subject: Subject = {},
	now: Date = new Date(),
): IDataObject {
	const { reference, failedDataSource } = subject;
	const resourceUrl = subject.url ?? (reference ? notionUrl(reference.id) : undefined);
	const integrationName = outcome.integrationName ?? integration.name;
	// A database's verdict that is one of its data sources': what to do is about that data source.
	const failedUrl = failedDataSource?.id === undefined ? resourceUrl : notionUrl(failedDataSource.id);
	const sentence = remediation(outcome, {
		credentialName: transport.credentialName,
		credentialIsSecret: !transport.isOAuth2,
		integrationName,
		resourceId: failedDataSource ? (failedDataSource.id ?? reference?.id) : reference?.id,
		resourceUrl: failedDataSource ? failedUrl : resourceUrl,
		resourceType: failedDataSource ? 'data_source' : subject.type,
		retryAfterSeconds: outcome.retryAfterSeconds,
	});
	const retry =
		outcome.verdict === 'retry' && outcome.retryAfterSeconds !== undefined
			? {
					retryAfterSeconds: outcome.retryAfterSeconds,
					retryAt: new Date(now.getTime() + outcome.retryAfterSeconds * 1000).toISOString(),
					rateLimitReason: outcome.rateLimitReason,
				}
			: {};
	return withoutUndefined({
		verdict: outcome.verdict,
		reason: outcome.reason,
		code: outcome.code,
		httpStatus: outcome.httpStatus,
		message: outcome.message === undefined ? undefined : transport.redact(outcome.message),
		requestId: outcome.requestId,
		resource: reference
			? withoutUndefined({
					input: transport.redact(reference.input),
					id: reference.id,
					type: subject.type,
					title: subject.title === undefined ? undefined : transport.redact(subject.title),
					url: resourceUrl,
				})
			: undefined,
		dataSource: failedDataSource
			? withoutUndefined({ id: failedDataSource.id, name: failedDataSource.name === undefined ? undefined : transport.redact(failedDataSource.name), url: failedDataSource.id === undefined ? undefined : failedUrl })
			: undefined,
		dataSources: subject.dataSources?.map((each) =>
			withoutUndefined({ id: each.id, name: each.name === undefined ? undefined : transport.redact(each.name), verdict: each.outcome.verdict, reason: each.outcome.reason }),
		),
		integration: withoutUndefined({ name: integrationName, botId: integration.botId, workspaceName: integration.workspaceName }),
		credential: withoutUndefined({ type: transport.credentialType, name: transport.credentialName }),
		remediation: transport.redact(sentence),
		...retry,
		checkedAt: now.toISOString(),
	});
}

/** The plain sentence for an outcome that goes to n8n's error handling instead of an output. */
export function errorRemediation(transport: NotionTransport, outcome: Outcome, subject: Subject = {}): string {
	return transport.redact(
		remediation(outcome, {
			credentialName: transport.credentialName,
			credentialIsSecret: !transport.isOAuth2,
			resourceId: subject.reference?.id,
			resourceType: subject.type,
		}),
	);
}

/** Kept for the callers that import it from here; core/notion is its one source. */
export { notionUrl };

// ---------- the Notion Request node ----------

/** The request an item sent, as its report names it. */
export interface SentRequest {
	method: string;
	path: string;
	/** The Notion object the request is about, when the item named one. */
	reference?: NotionReference;
}

/** How far an item's calls got: `paginated` when the item asked for a list page by page. */
export interface RequestProgress {
	paginated: boolean;
	/** Requests sent for the item. */
	calls: number;
	/** Results fetched, when the answer is a list. */
	fetched?: number;
}

/** The Request node's Reauthorize, Share Page and Retry report: the Access Check's, plus the request and how far a list got. */
export function requestFailureReport(
	transport: NotionTransport,
	outcome: Outcome & { verdict: Verdict },
	request: SentRequest,
	progress: RequestProgress,
	now: Date = new Date(),
): IDataObject {
	const { reference } = request;
	return withoutUndefined({
		...buildReport(transport, outcome, { name: outcome.integrationName }, reference ? { reference } : {}, now),
		request: { method: request.method, path: request.path },
		// A list that failed midway says how far it got: never a silently short Success.
		fetched: progress.paginated ? (progress.fetched ?? 0) : undefined,
		calls: progress.paginated ? progress.calls : undefined,
	});
}

/** The Request node's Success report: what was sent, and for a list how many results came back in how many calls. */
export function requestSuccessReport(
	transport: NotionTransport,
	request: SentRequest,
	progress: Omit<RequestProgress, 'paginated'> & { requestId?: unknown },
	now: Date = new Date(),
): IDataObject {
	const { reference } = request;
	const { fetched } = progress;
	return withoutUndefined({
		verdict: 'success',
		requestId: typeof progress.requestId === 'string' ? progress.requestId : undefined,
		request: { method: request.method, path: request.path },
		resource: reference ? { input: transport.redact(reference.input), id: reference.id, url: notionUrl(reference.id) } : undefined,
		fetched,
		calls: fetched === undefined ? undefined : progress.calls,
		credential: withoutUndefined({ type: transport.credentialType, name: transport.credentialName }),
		checkedAt: now.toISOString(),
	});
}

// ---------- the Notion Access Watch ----------

/** A Watch item: the event, the report of what the poll saw (buildReport's), and what was known before. */
export function watchEventReport(event: string, report: IDataObject | undefined, previous: object | null | undefined): IDataObject {
	return { event, ...report, previous: previous as IDataObject | null | undefined };
}

/** What one poll of the Watch saw, for its health report. */
export interface WatchHealth {
	/** The token's report (buildReport's). */
	token: IDataObject;
	/** Since when the token has had its verdict. */
	tokenSince: string | null;
	outage?: object;
	/** One verdict and reason per resource the poll saw. */
	outcomes: Array<{ verdict: string; reason: string }>;
	/** The reports of the resources that are not Access OK. */
	problems: IDataObject[];
	search: { found: number; complete: boolean } | null;
	refreshes: RefreshCounts;
}

/** The Watch's health report: the token's status, counts by verdict and reason, and each problem with what to do. */
export function watchHealthReport(health: WatchHealth, now: Date): IDataObject {
	const byVerdict: Record<string, number> = {};
	const byReason: Record<string, number> = {};
	for (const { verdict, reason } of health.outcomes) {
		byVerdict[verdict] = (byVerdict[verdict] ?? 0) + 1;
		byReason[reason] = (byReason[reason] ?? 0) + 1;
	}
	const { token } = health;
	return {
		event: 'health_report',
		token: { verdict: token.verdict, reason: token.reason, since: health.tokenSince, remediation: token.remediation },
		outage: (health.outage ?? null) as IDataObject | null,
		resources: health.outcomes.length,
		counts: { byVerdict, byReason },
		problems: token.verdict === 'access_ok' ? health.problems : [token, ...health.problems],
		search: health.search,
		refreshes: health.refreshes,
		integration: token.integration,
		credential: token.credential,
		checkedAt: now.toISOString(),
	};
}
