import type { INodeProperties } from 'n8n-workflow';

import { authentication, connectionOptions, toolDescription } from '../../shared/description';
import { bodyField, methodField, outputChoiceField, outputFieldOption, pathField, queryField, referenceField } from '../customFields';
import { CUSTOM, PRESETS } from './presets';

export { OUTPUT_NAMES } from '../written';

/** The list presets: Return All or a limit. A custom call gets Return All only (a limit would add page_size to any path). */
const PAGINATED = PRESETS.filter((preset) => preset.paginated).map((preset) => preset.value);

/**
 * What an AI agent is told about the tool. Without it n8n offers the node's one-line description;
 * a `toolDescription` of the node's own replaces it.
 */
export const TOOL_DESCRIPTION =
	'Calls the Notion API through the connected Notion integration: retrieve, update, create or trash a page, query a data source, ' +
	'list or append the blocks of a page, search, or call any endpoint under https://api.notion.com/v1/. Pass a Notion link or ID where one is asked for. ' +
	'Returns the verdict: success (with Notion\'s answer under response), reauthorize (the Notion connection must be reconnected in n8n), ' +
	'share_page (the page must be shared with the integration in Notion, or restored from the trash) or retry (Notion is busy or down: try again at retryAt); ' +
	'the reason, a short code; and remediation, one sentence telling the user what to do.';

/** Each preset's id field, one per parameter, shown for the presets that take it. */
const ID_PARAMETERS = [...new Map(PRESETS.flatMap((preset) => (preset.idParameter ? [[preset.idParameter.name, preset.idParameter]] : []))).values()];
const idField = ({ name, displayName, kind }: (typeof ID_PARAMETERS)[number]): INodeProperties => ({
	// As a tool, "Let the model define this parameter" names the model's argument after the
	// displayName: it has to say what to pass.
	displayName: `${displayName} Link or ID`,
	name,
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. https://www.notion.so/acme/Roadmap-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
	description: `The ${kind}'s Notion ID or any Notion link to it`,
	hint: 'Usually an expression that takes the ID or link from each item, e.g. {{ $json.pageUrl }}',
	displayOptions: { show: { operation: PRESETS.filter((preset) => preset.idParameter?.name === name).map((preset) => preset.value) } },
});

/** The Body (JSON) field of each preset that takes one, prefilled with its example. */
const bodyFields = PRESETS.flatMap((preset): INodeProperties[] => {
	if (!preset.example) return [];
	const { body, description } = preset.example;
	return [{ displayName: 'Body (JSON)', name: 'body', type: 'json', default: body, description, displayOptions: { show: { operation: [preset.value] } } }];
});

const RETURN_ALL_HINT =
	"Follows Notion's next_cursor until has_more is false. If a call fails midway, the item goes to that failure's output with the number of results fetched so far.";

/** The subtitle under the node: the operation's own name, or a custom call's method and path. */
// Two arrays rather than an object literal: braces inside {{ }} are not safe in every n8n expression engine.
const PRESET_VALUES = JSON.stringify(PRESETS.map((preset) => preset.value));
const PRESET_NAMES = JSON.stringify(PRESETS.map((preset) => preset.name));
export const SUBTITLE = `={{ $parameter["operation"] === "${CUSTOM}" ? $parameter["method"] + " " + $parameter["path"] : ${PRESET_NAMES}[${PRESET_VALUES}.indexOf($parameter["operation"])] }}`;

export const properties: INodeProperties[] = [
	toolDescription(TOOL_DESCRIPTION),
	authentication,
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			...PRESETS.map((preset) => ({ name: preset.name, value: preset.value, action: preset.action, description: preset.request })),
			{ name: 'Custom API Call', value: CUSTOM, action: 'Call any API endpoint', description: 'Any method and path under https://api.notion.com/v1/' },
		].sort((a, b) => a.name.localeCompare(b.name)),
		default: 'getPage',
	},
	{ ...methodField, displayOptions: { show: { operation: [CUSTOM] } } },
	{ ...pathField, displayOptions: { show: { operation: [CUSTOM] } } },
	{ ...referenceField, displayOptions: { show: { operation: [CUSTOM] } } },
	...ID_PARAMETERS.map(idField),
	{ ...queryField, displayOptions: { show: { operation: [CUSTOM] } } },
	{ ...bodyField, displayOptions: { show: { operation: [CUSTOM], method: ['POST', 'PATCH', 'DELETE'] } } },
	...bodyFields,
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		hint: RETURN_ALL_HINT,
		displayOptions: { show: { operation: PAGINATED } },
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		// A write is sent once: following its cursor would send it again.
		hint: `${RETURN_ALL_HINT} Only for GET, and POST to /v1/data_sources/{ID}/query, /v1/databases/{ID}/query or /v1/search: a write is sent once.`,
		displayOptions: { show: { operation: [CUSTOM], method: ['GET', 'POST'] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { operation: PAGINATED, returnAll: [false] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			connectionOptions.maxWaitSeconds,
			connectionOptions.notionVersion,
			outputChoiceField,
			outputFieldOption,
			connectionOptions.requestsPerSecond,
			connectionOptions.timeoutSeconds,
			connectionOptions.waitOnRateLimit,
		],
	},
];
