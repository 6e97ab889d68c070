// Page → Move to Trash (n8n's `archive`) and Page → Restore: the same request, in_trash true or false.
import type { IDataObject } from 'n8n-workflow';

import type { NotionReference } from '../../../../shared/core/types';
import { simplifyPage } from '../../../../shared/properties/simplify';
import { objectField, readObject, readSimplify, simplifyField } from '../common';
import { notionVersionOf } from '../dataSource/versions';
import { operation } from '../operation';

/** Notion-Version from which a page's trash flag is written `in_trash` (before it, `archived`). */
const FIRST_IN_TRASH_VERSION = '2025-09-03';

interface Plan {
	reference: NotionReference;
	simple: boolean;
	notionVersion: string;
}

function trashOperation(value: 'archive' | 'restore', inTrash: boolean) {
	return operation<Plan>({
		resource: 'page',
		value,
		name: inTrash ? 'Move to Trash' : 'Restore',
		action: inTrash ? 'Move a page to the trash' : 'Restore a page from the trash',
		description: inTrash ? 'Move a page to the trash (n8n calls it archive)' : 'Take a page out of the trash',
		fields: [objectField('page', 'pageId'), simplifyField],
		writes: true,
		plan: (ctx, itemIndex) => ({
			reference: readObject(ctx, itemIndex, 'pageId', 'page'),
			simple: readSimplify(ctx, itemIndex),
			notionVersion: notionVersionOf(ctx, itemIndex),
		}),
		async perform({ reference, simple, notionVersion }, notion) {
			const body = notionVersion >= FIRST_IN_TRASH_VERSION ? { in_trash: inTrash } : { archived: inTrash };
			const page = await notion.send({ method: 'PATCH', path: `/v1/pages/${reference.id}`, body, expect: 'page' });
			return { items: [simple ? (simplifyPage(page) as unknown as IDataObject) : page] };
		},
	});
}

export const archive = trashOperation('archive', true);
export const restore = trashOperation('restore', false);
