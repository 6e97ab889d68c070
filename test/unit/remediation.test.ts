import { remediation } from '../../nodes/shared/core/remediation';
import type { Outcome, Reason, RemediationContext, Verdict } from '../../nodes/shared/core/types';

const PAGE_URL = 'https://www.notion.so/acme/Roadmap-1429989fe8ac4effbc8f57f56486db54';
const PAGE_ID = '1429989f-e8ac-4eff-bc8f-57f56486db54';

const VERDICT_OF: Record<Reason, Verdict | 'error'> = {
	token_valid: 'access_ok',
	accessible: 'access_ok',
	token_invalid: 'reauthorize',
	grant_revoked: 'reauthorize',
	client_invalid: 'reauthorize',
	not_connected: 'reauthorize',
	no_refresh_token: 'reauthorize',
	not_shared_or_missing: 'share_page',
	missing_capability: 'share_page',
	in_trash: 'share_page',
	rate_limited: 'retry',
	workspace_rate_limited: 'retry',
	service_overload: 'retry',
	conflict: 'retry',
	server_error: 'retry',
	bad_gateway: 'retry',
	service_unavailable: 'retry',
	gateway_timeout: 'retry',
	timeout: 'retry',
	connection_failed: 'retry',
	tls_failed: 'retry',
	cancelled: 'retry',
	bad_response: 'retry',
	token_endpoint_unavailable: 'retry',
	request_invalid: 'error',
	unexpected_response: 'error',
	write_unconfirmed: 'error',
};
const REASONS = Object.keys(VERDICT_OF) as Reason[];

function outcome(reason: Reason, extra: Partial<Outcome> = {}): Outcome {
	return { verdict: VERDICT_OF[reason], reason, ...extra };
}

const FULL_CONTEXT: RemediationContext = {
	credentialName: 'Notion (Acme)',
	integrationName: 'Acme Sync',
	resourceId: PAGE_ID,
	resourceUrl: PAGE_URL,
	resourceType: 'page',
	retryAfterSeconds: 42,
};

describe('remediation', () => {
	it.each(REASONS.map((reason) => [reason] as const))('%s: one plain sentence, with or without context', (reason) => {
		for (const ctx of [FULL_CONTEXT, {}]) {
			const sentence = remediation(outcome(reason), ctx);
			expect(sentence).toMatch(/^[A-Z].*\.$/s);
			expect(sentence).not.toMatch(/undefined|null|\s{2}|\( |\$\{/);
			expect(sentence).not.toContain('\n');
		}
	});

	it('tells Reauthorize to reconnect the named credential', () => {
		for (const reason of ['token_invalid', 'grant_revoked'] as const) {
			expect(remediation(outcome(reason), FULL_CONTEXT)).toMatch(/open the credential "Notion \(Acme\)" in n8n and click Reconnect\.$/);
		}
		expect(remediation(outcome('not_connected'), FULL_CONTEXT)).toBe('The credential "Notion (Acme)" was never connected to Notion: open it in n8n and click Connect.');
		expect(remediation(outcome('client_invalid'), FULL_CONTEXT)).toMatch(/client ID and secret .* then click Reconnect\.$/);
	});

	it('asks for a new secret, not a reconnect, when the credential is an internal integration secret', () => {
		const sentence = remediation(outcome('token_invalid'), { ...FULL_CONTEXT, credentialIsSecret: true });
		expect(sentence).toBe(
			'Notion no longer accepts this internal integration token (it may have expired or been rotated): in the integration\'s settings in Notion, rotate the token or copy the current one, and paste it into the credential "Notion (Acme)" in n8n.',
		);
	});

	it('falls back to "the credential used by this node" without a name', () => {
		expect(remediation(outcome('token_invalid'), {})).toContain('open the credential used by this node in n8n and click Reconnect.');
	});

	it('tells Share Page where to click, for which page and which integration', () => {
		expect(remediation(outcome('not_shared_or_missing'), FULL_CONTEXT)).toBe(
			`In Notion, open the page ${PAGE_URL}, click ••• > Connections and add "Acme Sync" (if it is already there, check that the page still exists and was not moved to the trash).`,
		);
	});

	it('uses the id when there is no url, and the integration name from Notion when the context has none', () => {
		const sentence = remediation(outcome('not_shared_or_missing', { integrationName: 'From Notion' }), { resourceId: PAGE_ID, resourceType: 'database' });
		expect(sentence).toContain(`open the database ${PAGE_ID}, click ••• > Connections and add "From Notion"`);
	});

	it('says "your integration" when no name is known', () => {
		expect(remediation(outcome('not_shared_or_missing'), {})).toContain('add your integration');
	});

	it('points a block at the page that holds it', () => {
		expect(remediation(outcome('not_shared_or_missing'), { resourceType: 'block', resourceId: PAGE_ID })).toContain(`open the page that holds the block ${PAGE_ID}`);
	});

	it('names the "Read content" capability for missing_capability', () => {
		expect(remediation(outcome('missing_capability'), FULL_CONTEXT)).toBe(
			`In Notion's integration settings, give "Acme Sync" the "Read content" capability (if it already has it, the workspace may have reached its block limit).`,
		);
	});

	it('gives Retry a wait in seconds, from the context first, then the outcome', () => {
		expect(remediation(outcome('rate_limited', { retryAfterSeconds: 7 }), FULL_CONTEXT)).toBe(
			'Notion is limiting how fast this integration may send requests: try again after 42 seconds.',
		);
		expect(remediation(outcome('rate_limited', { retryAfterSeconds: 7 }), {})).toMatch(/try again after 7 seconds\.$/);
		expect(remediation(outcome('workspace_rate_limited', { retryAfterSeconds: 120 }), {})).toBe(
			"Other integrations in this Notion workspace are using up its shared request budget (Notion's workspace limit, not this workflow's speed): try again after 120 seconds.",
		);
		expect(remediation(outcome('service_unavailable', { retryAfterSeconds: 1 }), {})).toMatch(/try again after 1 second\.$/);
		expect(remediation(outcome('bad_gateway'), {})).toMatch(/try again after a short while\.$/);
	});

	it('every retry reason says when to try again', () => {
		for (const reason of REASONS.filter((candidate) => VERDICT_OF[candidate] === 'retry')) {
			expect(remediation(outcome(reason, { retryAfterSeconds: 30 }), {})).toMatch(/try again after 30 seconds\.$/);
		}
	});

	it('says the connection is probably fine when only the token endpoint failed', () => {
		expect(remediation(outcome('token_endpoint_unavailable', { retryAfterSeconds: 30 }), FULL_CONTEXT)).toBe(
			'Notion could not renew the access token of the credential "Notion (Acme)" just now, but the connection itself is probably fine: try again after 42 seconds.',
		);
	});

	it('gives errors the facts to report', () => {
		expect(remediation(outcome('unexpected_response', { httpStatus: 418, requestId: 'r-1' }), {})).toBe(
			"Notion gave an answer this node does not recognise (HTTP 418, request id r-1): try again later, and report it to the node's maintainers if it keeps happening.",
		);
		expect(remediation(outcome('request_invalid', { code: 'validation_error', httpStatus: 400 }), { resourceId: PAGE_ID })).toBe(
			`Notion rejected the request as invalid (validation_error, HTTP 400): check that the reference ${PAGE_ID} is the ID or link of a Notion page, database or block, and report it to the node's maintainers if it is.`,
		);
	});

	it('gives different advice for different reasons', () => {
		const sentences = REASONS.map((reason) => remediation(outcome(reason, { retryAfterSeconds: 5 }), FULL_CONTEXT));
		expect(new Set(sentences).size).toBe(REASONS.length);
	});
});
