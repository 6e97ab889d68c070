import type { IDataObject } from 'n8n-workflow';

import { remediation } from './core/remediation';
import type { NotionReference, Outcome, ResourceType, Verdict } from './core/types';
import { withoutUndefined } from './core/withoutUndefined';
import type { DataSourceCheck } from './checks';
import type { NotionTransport } from './transport';

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

export function notionUrl(id: string): string {
	return `https://www.notion.so/${id.replace(/-/g, '')}`;
}
