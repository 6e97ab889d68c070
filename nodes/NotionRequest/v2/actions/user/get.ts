import { parseReference } from '../../../../shared/core/reference';
import { operation } from '../operation';

interface Plan {
	userId: string;
}

export const get = operation<Plan>({
	resource: 'user',
	value: 'get',
	name: 'Get',
	action: 'Get a user',
	description: 'Get a person or bot of the workspace by ID',
	fields: [{ displayName: 'User ID', name: 'userId', type: 'string', default: '', required: true, placeholder: 'e.g. 6794760a-1f15-45cd-9c65-0dfe42f5135a' }],
	writes: false,
	plan(ctx, itemIndex) {
		const parsed = parseReference(ctx.getNodeParameter('userId', itemIndex, ''));
		if (!parsed.ok) throw new Error(`User ID: ${parsed.problem}`);
		// Not the item's `reference`: a user is not a page or block the reports would link to.
		return { userId: parsed.reference.id };
	},
	async perform({ userId }, notion) {
		return { items: [await notion.send({ method: 'GET', path: `/v1/users/${userId}`, expect: 'user' })] };
	},
});
