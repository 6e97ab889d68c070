// Every operation of Notion Request v2, one line each. The router builds the editor's fields and
// runs the items from this list alone.
import { call } from './custom/call';
import { create as createDataSourcePage } from './dataSourcePage/create';
import { get as getDataSourcePage } from './dataSourcePage/get';
import { update as updateDataSourcePage } from './dataSourcePage/update';
import type { Operation } from './operation';
import { get as getPage } from './page/get';

export const OPERATIONS: Operation[] = [
	getPage,
	createDataSourcePage,
	getDataSourcePage,
	updateDataSourcePage,
	call,
];
