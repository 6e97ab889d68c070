// Page → Get Markdown and Block → Get Markdown: GET /v1/pages/{id}/markdown, which takes a block ID too.
import type { INodeProperties } from 'n8n-workflow';

import type { NotionReference, ResourceType } from '../../../../shared/core/types';
import { checkBoolean } from '../../../parameters';
import { objectField, readObject } from '../common';
import { operation, type Resource } from '../operation';

interface Plan {
	reference: NotionReference;
	includeTranscript: boolean;
}

const includeTranscriptField: INodeProperties = {
	displayName: 'Include Transcript',
	name: 'includeTranscript',
	type: 'boolean',
	default: false,
	description: "Whether to include meeting notes' full transcripts (else Notion shows a link to them)",
};

export function markdownOperation(resource: Extract<Resource, 'page' | 'block'>, kind: Extract<ResourceType, 'page' | 'block'>, field: string) {
	return operation<Plan>({
		resource,
		value: 'getMarkdown',
		name: 'Get Markdown',
		action: `Get ${kind === 'page' ? 'a page' : 'a block'} as Markdown`,
		description: `Get ${kind === 'page' ? "a page's" : "a block's"} content as Notion's enhanced Markdown`,
		fields: [objectField(kind, field), includeTranscriptField],
		writes: false,
		plan(ctx, itemIndex) {
			const includeTranscript = checkBoolean('Include Transcript', ctx.getNodeParameter('includeTranscript', itemIndex, false));
			if (!includeTranscript.ok) throw new Error(includeTranscript.problem);
			return { reference: readObject(ctx, itemIndex, field, kind), includeTranscript: includeTranscript.value };
		},
		async perform({ reference, includeTranscript }, notion) {
			const markdown = await notion.send({
				method: 'GET',
				path: `/v1/pages/${reference.id}/markdown`,
				...(includeTranscript ? { query: { include_transcript: true } } : {}),
				expect: 'page_markdown',
			});
			return { items: [markdown] };
		},
	});
}

export const getMarkdown = markdownOperation('page', 'page', 'pageId');
