import { isWrite } from './calls';
import { ownValue } from './ownValue';
import type { CallOf, Outcome, Reason, RemediationContext, ResourceType } from './types';

// What the user opens in Notion to add a connection: a data source is shared through the
// database that holds it, and a block through its page.
const RESOURCE_NAMES: Record<ResourceType, string> = {
	page: 'page',
	database: 'database',
	data_source: 'database',
	block: 'page that holds the block',
};

/** One plain sentence, for someone who builds workflows without code, saying what to do next. */
export function remediation(outcome: Outcome, ctx: RemediationContext): string {
	const words = wording(ctx, outcome);
	return SENTENCES[outcome.reason](words);
}

interface Words {
	credential: string;
	credentialIsSecret: boolean;
	integration: string;
	/** Empty, or a space and the resource's url or id. */
	resource: string;
	resourceName: string;
	wait: string;
	request: string;
	/** The capability Notion names in its integration settings that the failed call needs. */
	capability: string;
	/** Empty, or a space and the failed call: ` (POST /v1/pages)`. */
	call: string;
	/** What became of a write that Notion may have done, with `{call}` where the call goes. */
	unconfirmed: string;
}

const SENTENCES: Record<Reason, (words: Words) => string> = {
	token_valid: () => 'Nothing to do: Notion accepts the credential.',
	accessible: ({ resourceName, resource }) => `Nothing to do: the integration can read the ${resourceName}${resource}.`,
	token_invalid: ({ credential, credentialIsSecret }) =>
		credentialIsSecret
			? `Notion no longer accepts this internal integration token (it may have expired or been rotated): in the integration's settings in Notion, rotate the token or copy the current one, and paste it into the credential ${credential} in n8n.`
			: `Notion no longer accepts this credential's access token: open the credential ${credential} in n8n and click Reconnect.`,
	grant_revoked: ({ credential }) =>
		`Notion revoked this connection or its refresh token expired: open the credential ${credential} in n8n and click Reconnect.`,
	client_invalid: ({ credential }) =>
		`Notion rejected the OAuth client ID or secret: open the credential ${credential} in n8n, copy the client ID and secret again from your Notion integration's settings, then click Reconnect.`,
	not_connected: ({ credential }) =>
		`The credential ${credential} was never connected to Notion: open it in n8n and click Connect.`,
	no_refresh_token: ({ credential }) =>
		`Notion no longer accepts the access token of the credential ${credential}, and the credential holds no refresh token to renew it: open the credential ${credential} in n8n and click Reconnect.`,
	not_shared_or_missing: ({ resourceName, resource, integration }) =>
		`In Notion, open the ${resourceName}${resource}, click ••• > Connections and add ${integration} (if it is already there, check that the ${resourceName} still exists and was not moved to the trash).`,
	in_trash: ({ resourceName, resource }) =>
		`The ${resourceName}${resource} is in Notion's trash: restore it in Notion (Trash > Restore), or point the workflow at another ${resourceName}.`,
	missing_capability: ({ integration, capability }) =>
		`In Notion's integration settings, give ${integration} the "${capability}" capability (if it already has it, the workspace may have reached its block limit).`,
	rate_limited: ({ wait }) => `Notion is limiting how fast this integration may send requests: try again after ${wait}.`,
	workspace_rate_limited: ({ wait }) =>
		`Other integrations in this Notion workspace are using up its shared request budget (Notion's workspace limit, not this workflow's speed): try again after ${wait}.`,
	service_overload: ({ wait }) => `Notion is overloaded right now: try again after ${wait}.`,
	conflict: ({ wait }) => `Notion saw two changes to the same data at once: try again after ${wait}.`,
	server_error: ({ wait }) => `Notion had an internal error: try again after ${wait}.`,
	bad_gateway: ({ wait }) => `Notion could not be reached through its gateway: try again after ${wait}.`,
	service_unavailable: ({ wait }) => `Notion is temporarily unavailable: try again after ${wait}.`,
	gateway_timeout: ({ wait }) => `Notion took too long to answer: try again after ${wait}.`,
	timeout: ({ wait }) => `The request to Notion timed out: try again after ${wait}.`,
	connection_failed: ({ wait }) =>
		`This n8n server could not connect to Notion: check that it can reach api.notion.com, then try again after ${wait}.`,
	tls_failed: ({ wait, request }) =>
		`This n8n server could not set up a secure connection to api.notion.com${request}: check the server's clock and any proxy that intercepts HTTPS traffic, then try again after ${wait}.`,
	cancelled: ({ wait }) => `The execution was cancelled before Notion answered: try again after ${wait}.`,
	bad_response: ({ wait }) =>
		`Notion's answer was cut off or garbled on the way (not the JSON Notion sends): try again after ${wait}.`,
	token_endpoint_unavailable: ({ wait, credential }) =>
		`Notion could not renew the access token of the credential ${credential} just now, but the connection itself is probably fine: try again after ${wait}.`,
	request_invalid: ({ request, resource }) =>
		`Notion rejected the request as invalid${request}: check that the reference${resource} is the ID or link of a Notion page, database or block, and report it to the node's maintainers if it is.`,
	unexpected_response: ({ request }) =>
		`Notion gave an answer this node does not recognise${request}: try again later, and report it to the node's maintainers if it keeps happening.`,
	write_unconfirmed: ({ call, unconfirmed }) =>
		`${unconfirmed.replace('{call}', call)}, so Notion may have done it: check in Notion whether the change is there before sending it again.`,
};

/**
 * The capability a call needs, as Notion's integration settings name them: reads need "Read
 * content"; creating a page, appending blocks or any other POST that writes needs "Insert content";
 * changing or deleting needs "Update content"; comments have capabilities of their own.
 */
function capabilityFor(call: CallOf | undefined): string {
	if (call === undefined) return 'Read content';
	const comments = /^\/v1\/comments(?:\/|$)/.test(call.path);
	if (!isWrite(call)) return comments ? 'Read comments' : 'Read content';
	if (comments) return 'Insert comments';
	const appends = call.method === 'PATCH' && /\/children\/?$/.test(call.path);
	return call.method === 'POST' || appends ? 'Insert content' : 'Update content';
}

function wording(ctx: RemediationContext, outcome: Outcome): Words {
	const seconds = ctx.retryAfterSeconds ?? outcome.retryAfterSeconds;
	const integrationName = ctx.integrationName ?? outcome.integrationName;
	const details = [
		outcome.code,
		outcome.httpStatus === undefined ? undefined : `HTTP ${outcome.httpStatus}`,
		outcome.requestId === undefined ? undefined : `request id ${outcome.requestId}`,
	].filter((part) => part !== undefined);
	return {
		credential: ctx.credentialName ? `"${ctx.credentialName}"` : 'used by this node',
		credentialIsSecret: ctx.credentialIsSecret === true,
		integration: integrationName ? `"${integrationName}"` : 'your integration',
		resource: ctx.resourceUrl || ctx.resourceId ? ` ${ctx.resourceUrl || ctx.resourceId}` : '',
		resourceName: ownValue(RESOURCE_NAMES, ctx.resourceType) ?? 'page or database',
		wait: seconds === undefined ? 'a short while' : seconds === 1 ? '1 second' : `${seconds} seconds`,
		request: details.length > 0 ? ` (${details.join(', ')})` : '',
		capability: capabilityFor(outcome.call),
		call: outcome.call === undefined ? '' : ` (${outcome.call.method} ${outcome.call.path})`,
		unconfirmed: unconfirmedWrite(outcome),
	};
}

/** A write's answer that does not say whether Notion did it: a garbled success, an error from Notion's side, or none at all. */
function unconfirmedWrite(outcome: Outcome): string {
	const status = outcome.httpStatus;
	if (status !== undefined && status >= 200 && status < 300) {
		return 'Notion answered this write{call} with success but not with the answer it sends (it was cut off or garbled on the way)';
	}
	if (status !== undefined) {
		const code = outcome.code === undefined ? '' : ` ${outcome.code}`;
		return `Notion answered this write{call} with HTTP ${status}${code}, which does not say whether it was done (Notion may fail or time out after making the change)`;
	}
	const cause = outcome.networkCode === undefined ? '' : ` (${outcome.networkCode})`;
	return `No answer came to this write{call}: the request timed out or the connection was lost after it was sent${cause}`;
}

/** What `appendProgress` (properties/blocks.ts) says of an append done chunk by chunk. */
export interface AppendFacts {
	complete: boolean;
	totalBlocks: number;
	totalChunks: number;
	blocksWritten: number;
	chunksWritten: number;
	/** The chunk that did not succeed was answered (failed), not answered clearly (may be written), or never sent. */
	failed?: 'failed' | 'unknown' | 'not_sent';
}

/** One sentence on how far an append of many blocks got, and what to do about the rest. */
export function appendSummary(facts: AppendFacts): string {
	const { totalBlocks, totalChunks, blocksWritten, chunksWritten } = facts;
	if (facts.complete) return `Appended all ${totalBlocks} blocks in ${totalChunks} request(s).`;
	const failedChunk = chunksWritten + 1;
	const rest = `blocks ${blocksWritten + 1}-${totalBlocks}`;
	const done = chunksWritten === 0 ? `none of ${totalChunks} requests` : `requests 1-${chunksWritten} of ${totalChunks}`;
	const what =
		facts.failed === 'unknown'
			? `Request ${failedChunk} got no clear answer: its blocks may or may not have been appended; check the page before sending ${rest} again.`
			: facts.failed === 'failed'
				? `Request ${failedChunk} failed, so ${rest} were not appended.`
				: `Request ${failedChunk} was not sent, so ${rest} were not appended.`;
	return `Appended ${blocksWritten} of ${totalBlocks} blocks (${done}). ${what}`;
}
