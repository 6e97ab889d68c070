// A page's icon as the builder gives it: an emoji, or an http(s) link to a picture (n8n v3's `icon`).
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { NOTION_LIMITS } from '../../../../shared/properties/limits';

export const iconField: INodeProperties = {
	displayName: 'Icon',
	name: 'icon',
	type: 'string',
	default: '',
	placeholder: 'e.g. 🚀 or https://example.com/icon.png',
	description: 'An emoji or a link to a picture; leave empty for none',
};

/** The icon's JSON, or undefined when none is given. */
export function readIcon(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> | undefined {
	const icon = ctx.getNodeParameter('icon', itemIndex, '');
	if (icon === undefined || icon === null || icon === '') return undefined;
	if (typeof icon !== 'string') throw new Error('Icon must be text: an emoji or a link.');
	const text = icon.trim();
	if (text === '') return undefined;
	if (/^https?:\/\//i.test(text)) {
		if (text.length > NOTION_LIMITS.urlChars || /\s/.test(text)) throw new Error(`Icon: a link must have no spaces and at most ${NOTION_LIMITS.urlChars} characters.`);
		return { type: 'external', external: { url: text } };
	}
	return { type: 'emoji', emoji: text };
}
