import {
	APIErrorCode,
	APIResponseError,
	ClientErrorCode,
	UnknownHTTPResponseError,
} from '@notionhq/client';

import { classify } from '../../nodes/shared/core/classify';
import { describeFailure } from '../../nodes/shared/core/failure';
import type { Outcome } from '../../nodes/shared/core/types';

// Every error code @notionhq/client knows has a place in the classification. When the SDK adds a
// code, the first test fails until someone decides where it goes.

type Expected = Pick<Outcome, 'verdict' | 'reason'>;

/** APIErrorCode -> the HTTP status Notion documents for it, and the verdict it must get. */
const API_ERROR_CODES: Record<string, { status: number } & Expected> = {
	unauthorized: { status: 401, verdict: 'reauthorize', reason: 'token_invalid' },
	restricted_resource: { status: 403, verdict: 'share_page', reason: 'missing_capability' },
	object_not_found: { status: 404, verdict: 'share_page', reason: 'not_shared_or_missing' },
	rate_limited: { status: 429, verdict: 'retry', reason: 'rate_limited' },
	invalid_json: { status: 400, verdict: 'error', reason: 'request_invalid' },
	invalid_request_url: { status: 400, verdict: 'error', reason: 'request_invalid' },
	invalid_request: { status: 400, verdict: 'error', reason: 'request_invalid' },
	invalid_beta: { status: 400, verdict: 'error', reason: 'request_invalid' },
	validation_error: { status: 400, verdict: 'error', reason: 'request_invalid' },
	conflict_error: { status: 409, verdict: 'retry', reason: 'conflict' },
	internal_server_error: { status: 500, verdict: 'retry', reason: 'server_error' },
	service_overload: { status: 529, verdict: 'retry', reason: 'service_overload' },
	service_unavailable: { status: 503, verdict: 'retry', reason: 'service_unavailable' },
	gateway_timeout: { status: 504, verdict: 'retry', reason: 'gateway_timeout' },
};

/**
 * Codes Notion documents that the SDK (5.26.0) does not know: it reports them as
 * UnknownHTTPResponseError. They are classified all the same.
 */
const CODES_THE_SDK_LACKS: Record<string, { status: number } & Expected> = {
	missing_version: { status: 400, verdict: 'error', reason: 'request_invalid' },
	invalid_grant: { status: 400, verdict: 'reauthorize', reason: 'grant_revoked' },
	row_limit_exceeded: { status: 409, verdict: 'error', reason: 'request_invalid' },
	bad_gateway: { status: 502, verdict: 'retry', reason: 'bad_gateway' },
	database_connection_unavailable: { status: 503, verdict: 'retry', reason: 'service_unavailable' },
};

function apiResponseError(code: string, status: number) {
	const body = { object: 'error', status, code, message: `Notion says ${code}.`, request_id: `request-${code}` };
	return new APIResponseError({
		code: code as APIErrorCode,
		status,
		message: body.message,
		headers: new Headers({ 'x-notion-request-id': body.request_id }),
		rawBodyText: JSON.stringify(body),
		additional_data: undefined,
		request_id: body.request_id,
	});
}

describe('contract with @notionhq/client APIErrorCode', () => {
	it('places every APIErrorCode of the SDK in the table', () => {
		const unplaced = Object.values(APIErrorCode).filter((code) => !(code in API_ERROR_CODES));
		expect(unplaced).toEqual([]);
	});

	it('has no table entry that the SDK lacks', () => {
		const sdkCodes: string[] = Object.values(APIErrorCode);
		expect(Object.keys(API_ERROR_CODES).filter((code) => !sdkCodes.includes(code))).toEqual([]);
	});

	it.each(Object.values(APIErrorCode).map((code) => [code] as const))('%s', (code) => {
		const expected = API_ERROR_CODES[code];
		const outcome = classify(describeFailure(apiResponseError(code, expected.status), 'api'));
		expect(outcome).toMatchObject({
			verdict: expected.verdict,
			reason: expected.reason,
			code,
			httpStatus: expected.status,
			message: `Notion says ${code}.`,
			requestId: `request-${code}`,
		});
	});
});

describe('Notion codes the SDK does not know', () => {
	it('are still missing from the SDK (move them to the table above once it learns them)', () => {
		const sdkCodes: string[] = Object.values(APIErrorCode);
		expect(Object.keys(CODES_THE_SDK_LACKS).filter((code) => sdkCodes.includes(code))).toEqual([]);
	});

	it.each(Object.entries(CODES_THE_SDK_LACKS))('%s', (code, expected) => {
		const body = { object: 'error', status: expected.status, code, message: `Notion says ${code}.` };
		const error = new UnknownHTTPResponseError({
			status: expected.status,
			message: undefined,
			headers: new Headers({ 'content-type': 'application/json' }),
			rawBodyText: JSON.stringify(body),
		});
		expect(error.code).toBe(ClientErrorCode.ResponseError);
		expect(classify(describeFailure(error, 'api'))).toMatchObject({ verdict: expected.verdict, reason: expected.reason, code });
	});
});

describe('an answer the SDK does not know either', () => {
	it('classifies an unknown HTTP answer by its status: a 418 is unexpected', () => {
		const error = new UnknownHTTPResponseError({ status: 418, message: undefined, headers: new Headers(), rawBodyText: "I'm a teapot" });
		expect(classify(describeFailure(error, 'api'))).toMatchObject({ verdict: 'error', reason: 'unexpected_response', httpStatus: 418 });
	});
});
