import type { INodeTypeBaseDescription, IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import { NotionRequestV1 } from './NotionRequestV1.node';
import { NotionRequestV2 } from './NotionRequestV2.node';

/**
 * Notion Request, versioned the way n8n versions its own nodes: a workflow saved with version 1
 * keeps version 1's parameters and behaviour; a node added now is version 2.
 */
export class NotionRequest extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Notion Request',
			name: 'notionRequest',
			icon: { light: 'file:notion.svg', dark: 'file:notion.dark.svg' },
			group: ['transform'],
			description: 'Work with Notion pages, data sources, blocks and users, and route each item to Success, Reauthorize, Share Page or Retry',
			defaultVersion: 2,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new NotionRequestV1(),
			2: new NotionRequestV2(),
		};
		super(nodeVersions, baseDescription);
	}
}
