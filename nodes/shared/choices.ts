import type { INodeProperties } from 'n8n-workflow';

/**
 * An options parameter can hold anything the editor does not offer: an expression, a tool's
 * argument, an imported workflow. Its value is checked against the choices its own description
 * lists (one list for the editor and the check) before anything is sent.
 */
export function invalidChoice(property: INodeProperties, value: unknown): string | undefined {
	const choices = choicesOf(property);
	if (typeof value === 'string' && choices.includes(value)) return undefined;
	return `The parameter "${property.displayName}" is ${shown(value)}, which is not one of its choices: ${choices.map((choice) => JSON.stringify(choice)).join(', ')}.`;
}

export function choicesOf(property: INodeProperties): string[] {
	return (property.options ?? []).flatMap((option) => ('value' in option && typeof option.value === 'string' ? [option.value] : []));
}

function shown(value: unknown): string {
	if (value === undefined || value === null || value === '') return 'empty';
	if (typeof value !== 'string') return `a ${Array.isArray(value) ? 'list' : typeof value}`;
	return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}
