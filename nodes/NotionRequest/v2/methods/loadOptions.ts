// The editor's lists that depend on the data source the builder picked: its properties (for the
// property fields, the filters and the sorts) and a property's options. Read through the shared
// transport, so they are paced with every run on the same credential.
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { classify } from '../../../shared/core/classify';
import { readLocator } from '../../../shared/locators';
import { optionNames, propertyOptions, readSchema, type Schema } from '../../../shared/properties/schema';
import { errorRemediation } from '../../../shared/report';
import { type CredentialType, NotionTransport, type TransportContext, transportOptions } from '../../../shared/transport';

function transportFor(ctx: ILoadOptionsFunctions): NotionTransport {
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const authentication = ctx.getNodeParameter('authentication', 'notionRotationSafeOAuth2Api') as CredentialType;
	// The editor waits for the list: a rate limit is not waited out past a few seconds.
	return new NotionTransport(ctx as unknown as TransportContext, authentication, { ...transportOptions(options), maxWaitSeconds: 5 });
}

/** The schema of the data source in the `dataSourceId` field; none yet (no data source picked) is an empty schema. */
async function schemaOf(ctx: ILoadOptionsFunctions): Promise<Schema> {
	const parsed = readLocator(ctx.getNodeParameter('dataSourceId', ''));
	if (!parsed.ok) return new Map();
	const transport = transportFor(ctx);
	const result = await transport.get(`/v1/data_sources/${parsed.reference.id}`, 'data_source');
	if (!result.ok) {
		const outcome = classify(result.failure);
		throw new NodeOperationError(ctx.getNode(), transport.redact(`Notion did not give the data source's properties: ${outcome.message ?? outcome.reason}`), {
			description: errorRemediation(transport, outcome, { reference: parsed.reference, type: 'data_source' }),
		});
	}
	return readSchema((result.response.body as IDataObject).properties);
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

export const loadOptions = { getProperties, getWritableProperties, getPropertyOptions };
