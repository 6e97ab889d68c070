import type { Pagination } from '../../../pagination';
import { paginationFields, readPagination } from '../common';
import { operation } from '../operation';

interface Plan {
	pagination: Pagination;
}

export const getAll = operation<Plan>({
	resource: 'user',
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many users',
	description: 'Get the people and bots of the workspace',
	fields: paginationFields,
	writes: false,
	plan: (ctx, itemIndex) => ({ pagination: readPagination(ctx, itemIndex) }),
	async perform({ pagination }, notion) {
		const users = await notion.list({ method: 'GET', path: '/v1/users' }, pagination);
		return { items: users, response: users, fetched: users.length };
	},
});
