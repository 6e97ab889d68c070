// Every operation of Notion Request v2, one line each. The router builds the editor's fields and
// runs the items from this list alone.
import { append as appendBlocks } from './block/append';
import { getAll as getBlocks } from './block/getAll';
import { getMarkdown as getBlockMarkdown } from './block/getMarkdown';
import { call } from './custom/call';
import { create as createDataSourcePage } from './dataSourcePage/create';
import { get as getDataSourcePage } from './dataSourcePage/get';
import { getAll as getAllDataSourcePages } from './dataSourcePage/getAll';
import { update as updateDataSourcePage } from './dataSourcePage/update';
import { get as getDatabase } from './database/get';
import { get as getDataSource } from './dataSource/get';
import { search as searchDataSources } from './dataSource/search';
import { upsert as upsertDataSourcePage } from './dataSourcePage/upsert';
import type { Operation } from './operation';
import { create as createPage } from './page/create';
import { get as getPage } from './page/get';
import { getMarkdown as getPageMarkdown } from './page/getMarkdown';
import { search as searchPages } from './page/search';
import { archive as archivePage, restore as restorePage } from './page/trash';
import { update as updatePage } from './page/update';
import { updateMarkdown as updatePageMarkdown } from './page/updateMarkdown';
import { get as getUser } from './user/get';
import { getAll as getUsers } from './user/getAll';

export const OPERATIONS: Operation[] = [
	createPage,
	getPage,
	createDataSourcePage,
	getDataSourcePage,
	getAllDataSourcePages,
	updateDataSourcePage,
	updatePage,
	archivePage,
	restorePage,
	getPageMarkdown,
	updatePageMarkdown,
	searchPages,
	getDataSource,
	searchDataSources,
	getDatabase,
	appendBlocks,
	getBlocks,
	getBlockMarkdown,
	getUser,
	getUsers,
	upsertDataSourcePage,
	call,
];
