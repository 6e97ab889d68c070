// The editor's lists that depend on the data source the builder picked: its properties (for the
// property fields, the filters and the sorts) and a property's options. Read through the shared
// transport, so they are paced with every run on the same credential.
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { classify } from '../../../shared/core/classify';
import type { Failure, NotionReference, ResourceType } from '../../../shared/core/types';
import { readLocator } from '../../../shared/locators';
import { conditionsFor } from '../../../shared/properties/filters';
import { optionNames, propertyOptions, type Schema } from '../../../shared/properties/schema';
import { UPSERT_KEY_TYPES } from '../../../shared/properties/upsert';
import { errorRemediation } from '../../../shared/report';
import { type CredentialType, NotionTransport, type TransportContext, transportOptions } from '../../../shared/transport';
import { NotionFailed, NotionSession } from '../actions/notion';

function transportFor(ctx: ILoadOptionsFunctions): NotionTransport {
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const authentication = ctx.getNodeParameter('authentication', 'notionRotationSafeOAuth2Api') as CredentialType;
	// The editor waits for the list: a rate limit is not waited out past a few seconds.
	return new NotionTransport(ctx as unknown as TransportContext, authentication, { ...transportOptions(options), maxWaitSeconds: 5 });
}

/** What a failed read says in the editor: Notion's message and what to do. */
function readError(ctx: ILoadOptionsFunctions, transport: NotionTransport, failure: Failure, what: string, reference?: NotionReference, type?: ResourceType): NodeOperationError {
	const outcome = classify(failure);
	return new NodeOperationError(ctx.getNode(), transport.redact(`Notion did not give ${what}: ${outcome.message ?? outcome.reason}`), {
		description: errorRemediation(transport, outcome, reference ? { reference, type } : undefined),
	});
}

/** The data source's schema; a database given instead is resolved as an execution resolves it (notion.ts). */
async function readDataSource(ctx: ILoadOptionsFunctions, transport: NotionTransport, reference: NotionReference): Promise<Schema> {
	const notion = new NotionSession(transport).forItem();
	try {
		return await notion.dataSource(reference, async (id) => await notion.schema(id));
	} catch (error) {
		if (error instanceof NotionFailed) throw readError(ctx, transport, error.failure, "the data source's properties", reference, 'data_source');
		throw new NodeOperationError(ctx.getNode(), error instanceof Error ? error.message : String(error));
	}
}

/** The schema of the data source in the `dataSourceId` field; none yet (no data source picked) is an empty schema. */
async function schemaOf(ctx: ILoadOptionsFunctions): Promise<Schema> {
	const parsed = readLocator(ctx.getNodeParameter('dataSourceId', ''));
	if (!parsed.ok) return new Map();
	return await readDataSource(ctx, transportFor(ctx), parsed.reference);
}

/** The schema of the data source that the page in the `pageId` field is a row of (two reads); a page that is no row has none. */
async function schemaOfPage(ctx: ILoadOptionsFunctions): Promise<Schema> {
	const parsed = readLocator(ctx.getNodeParameter('pageId', ''));
	if (!parsed.ok) return new Map();
	const transport = transportFor(ctx);
	const result = await transport.get(`/v1/pages/${parsed.reference.id}`, 'page');
	if (!result.ok) throw readError(ctx, transport, result.failure, 'the page', parsed.reference, 'page');
	const parent = (result.response.body as IDataObject).parent as IDataObject | undefined;
	const dataSourceId = typeof parent?.data_source_id === 'string' ? parent.data_source_id : undefined;
	if (!dataSourceId) return new Map();
	return await readDataSource(ctx, transport, { input: dataSourceId, id: dataSourceId });
}

/** Every property, as `name|type` (the value n8n's own Notion node uses). */
export async function getProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return propertyOptions(await schemaOf(this));
}

/** The properties a page create or update can set. */
export async function getWritableProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return propertyOptions(await schemaOf(this), { writableOnly: true });
}

/** The options of the select, multi-select or status property in the current row's `key` field. */
export async function getPropertyOptions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const key = this.getCurrentNodeParameter('&key');
	if (typeof key !== 'string') return [];
	return optionNames(await schemaOf(this), key).map((name) => ({ name, value: name }));
}

/** For an update: the properties a page's own data source lets it set. */
export async function getWritablePropertiesFromPage(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return propertyOptions(await schemaOfPage(this), { writableOnly: true });
}

/** For an update: the options of the row's property, from the page's own data source. */
export async function getPropertyOptionsFromPage(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const key = this.getCurrentNodeParameter('&key');
	if (typeof key !== 'string') return [];
	return optionNames(await schemaOfPage(this), key).map((name) => ({ name, value: name }));
}

/** The properties a filter or a sort can use: those with filter conditions, and formulas (by their result type). */
export async function getFilterProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const schema = await schemaOf(this);
	return propertyOptions(schema).filter((option) => {
		const type = option.value.slice(option.value.lastIndexOf('|') + 1);
		return type === 'formula' || conditionsFor(type).length > 0;
	});
}

/** The properties an upsert can find a page by (filterable by equals, and writable). */
export async function getUpsertKeyProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return propertyOptions(await schemaOf(this)).filter((option) => UPSERT_KEY_TYPES.includes(option.value.slice(option.value.lastIndexOf('|') + 1)));
}

/** Pages of users the editor reads at most: 10 × 100 people. */
const MAX_USER_PAGES = 10;

/** The workspace's people (not bots), by name, for a people property. */
export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const transport = transportFor(this);
	const users: INodePropertyOptions[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < MAX_USER_PAGES; page++) {
		const result = await transport.request({ method: 'GET', path: '/v1/users', query: { page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) }, expect: 'list' });
		if (!result.ok) throw readError(this, transport, result.failure, 'the users');
		const body = result.response.body as IDataObject;
		for (const user of (Array.isArray(body.results) ? body.results : []) as IDataObject[]) {
			if (user.type !== 'person' || typeof user.id !== 'string') continue;
			const email = (user.person as IDataObject | undefined)?.email;
			users.push({ name: typeof user.name === 'string' && user.name !== '' ? user.name : user.id, value: user.id, ...(typeof email === 'string' ? { description: email } : {}) });
		}
		if (body.has_more !== true || typeof body.next_cursor !== 'string') break;
		cursor = body.next_cursor;
	}
	return users.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every IANA time zone this Node.js knows, after the workflow's own. */
export async function getTimezones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? ['UTC'];
	return [{ name: "Workflow's Time Zone", value: 'default' }, ...supported.map((zone) => ({ name: zone, value: zone }))];
}

export const loadOptions = {
	getProperties,
	getWritableProperties,
	getPropertyOptions,
	getWritablePropertiesFromPage,
	getPropertyOptionsFromPage,
	getFilterProperties,
	getUpsertKeyProperties,
	getUsers,
	getTimezones,
};
