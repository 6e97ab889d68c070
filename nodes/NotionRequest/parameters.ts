// Checks of parameter values that n8n does not make: an expression, or a workflow imported from
// JSON, can give any value to any parameter, whatever the editor's field type. Each check says
// what was expected and what was given, before anything is sent.

import type { IDataObject } from 'n8n-workflow';

import { NOTION_VERSIONS } from '../shared/description';
import { CREDENTIAL_TYPES } from '../shared/transport';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A number at least `min` (a whole one if `whole`); text such as "10" is refused with a hint. */
export function checkNumber(label: string, value: unknown, min: number, whole = false): Checked<number> {
	const kind = whole ? 'a whole number' : 'a number';
	if (typeof value !== 'number' || !Number.isFinite(value) || (whole && !Number.isInteger(value)) || value < min) {
		const hint = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? ' (an expression that gives text needs Number(…) around it)' : '';
		return { ok: false, problem: `${label} must be ${kind} of at least ${min}, but it is ${describeValue(value)}${hint}.` };
	}
	return { ok: true, value };
}

export function checkBoolean(label: string, value: unknown): Checked<boolean> {
	if (typeof value !== 'boolean') return { ok: false, problem: `${label} must be true or false, but it is ${describeValue(value)}.` };
	return { ok: true, value };
}

/** One of the values the editor offers, compared as is: no lookup that could reach an inherited key. */
export function checkChoice<T extends string>(label: string, value: unknown, choices: readonly T[]): Checked<T> {
	const found = choices.find((choice) => choice === value);
	if (found === undefined) {
		return { ok: false, problem: `${label} must be one of ${choices.map((choice) => JSON.stringify(choice)).join(', ')}, but it is ${describeValue(value)}.` };
	}
	return { ok: true, value: found };
}

/** What a value is, for an error: short, with line breaks and the like shown escaped. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'empty (nothing was given, or an expression gave nothing)';
	if (value === null) return 'null';
	if (typeof value === 'string') return value.trim() === '' ? 'empty text' : `the text ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
	if (typeof value === 'number') return `the number ${String(value)}`;
	if (typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return 'a list';
	return `${typeof value === 'object' ? 'an object' : `a ${typeof value}`}`;
}

/** Labels as the editor shows them. */
const OPTION_LABELS = {
	maxWaitSeconds: 'The option "Max Wait for Rate Limits (Seconds)"',
	requestsPerSecond: 'The option "Requests per Second"',
	timeoutSeconds: 'The option "Timeout (Seconds)"',
	waitOnRateLimit: 'The option "Wait and Retry Rate-Limited Requests"',
	notionVersion: 'The option "Notion API Version"',
	output: 'The option "Output"',
	outputField: 'The option "Output Field"',
};

export const OUTPUT_CHOICES = ['perCall', 'perResult'] as const;

/**
 * The node-wide parameters (n8n reads Authentication and Options for item 0, for the whole
 * execution): a problem, or undefined. An option that was not added is absent and takes its
 * default; one that was added must hold a value of its kind. The transport's ranges stay its
 * own (it caps Max Wait and the timeout): here only what would be silently replaced is refused.
 */
export function nodeWideProblem(authentication: unknown, options: IDataObject): string | undefined {
	const given = (name: keyof typeof OPTION_LABELS) => Object.prototype.hasOwnProperty.call(options, name);
	const checks: Array<Checked<unknown>> = [checkChoice('Authentication', authentication, CREDENTIAL_TYPES)];
	if (given('maxWaitSeconds')) checks.push(checkNumber(OPTION_LABELS.maxWaitSeconds, options.maxWaitSeconds, 0));
	if (given('requestsPerSecond')) checks.push(checkNumber(OPTION_LABELS.requestsPerSecond, options.requestsPerSecond, 0.1));
	if (given('timeoutSeconds')) checks.push(checkNumber(OPTION_LABELS.timeoutSeconds, options.timeoutSeconds, 1));
	if (given('waitOnRateLimit')) checks.push(checkBoolean(OPTION_LABELS.waitOnRateLimit, options.waitOnRateLimit));
	if (given('notionVersion')) checks.push(checkChoice(OPTION_LABELS.notionVersion, options.notionVersion, NOTION_VERSIONS));
	if (given('output')) checks.push(checkChoice(OPTION_LABELS.output, options.output, OUTPUT_CHOICES));
	if (given('outputField') && typeof options.outputField !== 'string') {
		checks.push({ ok: false, problem: `${OPTION_LABELS.outputField} must be text, but it is ${describeValue(options.outputField)}.` });
	}
	for (const check of checks) if (!check.ok) return check.problem;
	return undefined;
}
