// The Custom API Call's fields, the same in both versions of Notion Request: version 1 shows them
// for its "custom" operation, version 2 for its Custom API Call resource.
import type { INodeProperties } from 'n8n-workflow';

import { METHODS } from './request';

export const methodField: INodeProperties = {
	displayName: 'Method',
	name: 'method',
	type: 'options',
	options: METHODS.map((method) => ({ name: method, value: method })),
	default: 'GET',
};

export const pathField: INodeProperties = {
	displayName: 'Path',
	name: 'path',
	type: 'string',
	default: '/v1/pages/{ID}',
	required: true,
	placeholder: '/v1/pages/{ID}',
	description: 'A path under https://api.notion.com/v1/. {ID} is replaced by the ID or link below.',
	hint: 'Paths that would leave https://api.notion.com/v1/ (.., //, encoded separators, other hosts) are refused before anything is sent',
};

export const referenceField: INodeProperties = {
	displayName: 'Notion Link or ID',
	name: 'reference',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://www.notion.so/acme/Roadmap-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
	description: 'A Notion ID or any Notion link, for the {ID} in the path. Leave empty if the path has none.',
};

export const queryField: INodeProperties = {
	displayName: 'Query Parameters',
	name: 'query',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Parameter',
	default: {},
	options: [
		{
			displayName: 'Parameter',
			name: 'parameter',
			values: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			],
		},
	],
};

/** Shown only for a method that takes a body. */
export const bodyField: INodeProperties = {
	displayName: 'Body (JSON)',
	name: 'body',
	type: 'json',
	default: '',
	description: 'The JSON body to send; leave empty for none',
};

export const outputChoiceField: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	options: [
		{ name: 'One Item per Call', value: 'perCall', description: "Notion's answer as it is; a list keeps its results together" },
		{ name: 'One Item per Result', value: 'perResult', description: 'Each result of a list becomes its own item' },
	],
	default: 'perCall',
};

/** The Options entry that names the report's field, in every version. */
export const outputFieldOption: INodeProperties = {
	displayName: 'Output Field',
	name: 'outputField',
	type: 'string',
	default: 'notionRequest',
	description: 'The field that items on Success, Reauthorize, Share Page and Retry get with the verdict, reason and what to do',
};
