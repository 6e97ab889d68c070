// One item's way to Notion: every request of an operation goes through here, so the router can
// say what was sent and route whatever failed. Schemas are read once per execution.
import type { IDataObject } from 'n8n-workflow';

import type { Failure } from '../../../shared/core/types';
import { readSchema, type Schema } from '../../../shared/properties/schema';
import type { NotionCall, NotionTransport } from '../../../shared/transport';
import { type Answer, fetchPages, type Paged, type Pagination } from '../../pagination';

/** A request Notion (or the way to it) did not answer as asked: the router classifies `failure`. */
export class NotionFailed extends Error {
	constructor(
		readonly failure: Failure,
		/** For a list that failed midway: how many results were fetched before it. */
		readonly fetched?: number,
		/** What was already done when a later request of the same item failed, in a sentence. */
		readonly progress?: string,
		/**
		 * Whether an earlier request of the item wrote to Notion. Sending the item again would write
		 * that again, so it goes to n8n's error handling with `progress`, never to Retry.
		 */
		readonly wroteBefore = false,
	) {
		super('Notion did not answer the request as asked');
	}
}

/** What an execution shares between its items: the transport, and each data source's schema (read once). */
export class NotionSession {
	private readonly schemas = new Map<string, Promise<Schema>>();

	constructor(readonly transport: NotionTransport) {}

	forItem(): Notion {
		return new Notion(this);
	}

	/** The schema of a data source, read at most once per execution; a failed read is not kept. */
	schema(dataSourceId: string, read: () => Promise<IDataObject>): Promise<Schema> {
		let schema = this.schemas.get(dataSourceId);
		if (!schema) {
			schema = read().then((dataSource) => readSchema(dataSource.properties));
			schema.catch(() => this.schemas.delete(dataSourceId));
			this.schemas.set(dataSourceId, schema);
		}
		return schema;
	}
}

export class Notion {
	/** Requests this item sent, and the last one, for the report. */
	calls = 0;
	last?: { method: string; path: string; requestId?: string };

	constructor(private readonly session: NotionSession) {}

	get transport(): NotionTransport {
		return this.session.transport;
	}

	/** One request; its answer's JSON object, or a NotionFailed. */
	async send(call: NotionCall): Promise<IDataObject> {
		const answer = await this.answer(call);
		if (!answer.ok) throw new NotionFailed(answer.failure);
		return answer.response.body;
	}

	/** One request's answer; a failure carries its call (a write's garbled 2xx, a 403, are judged by it). */
	private async answer(call: NotionCall): Promise<{ ok: true; response: { body: IDataObject } } | { ok: false; failure: Failure }> {
		this.calls++;
		this.last = { method: call.method, path: call.path };
		const result = await this.transport.request(call);
		if (!result.ok) return { ok: false, failure: { ...result.failure, call: { method: call.method, path: call.path } } };
		const body = result.response.body as IDataObject;
		if (typeof body?.request_id === 'string') this.last.requestId = body.request_id;
		return { ok: true, response: { body } };
	}

	/**
	 * A list endpoint's results: one call, or following next_cursor up to the limit (Return All:
	 * to the end, within the pagination's own bound). A failure midway says how many were fetched.
	 */
	async list(call: NotionCall, pagination: Pagination): Promise<IDataObject[]> {
		return (await this.pages({ ...call, expect: call.expect ?? 'list' }, pagination)).results;
	}

	/**
	 * Every answer of a walk (a request that is not a list, or without pagination, is one call):
	 * for callers that give Notion's answers as they are.
	 */
	async pages(call: NotionCall, pagination: Pagination | undefined): Promise<Paged<Failure>> {
		const paged = await fetchPages(call, async (request): Promise<Answer<Failure>> => await this.answer(request), pagination);
		if (paged.failure) throw new NotionFailed(paged.failure, paged.isList ? paged.results.length : undefined);
		if (paged.problem) throw new Error(`${paged.problem} ${paged.results.length} results were fetched before it.`);
		return paged;
	}

	/** A data source's schema (its properties), read at most once per execution. */
	async schema(dataSourceId: string): Promise<Schema> {
		return await this.session.schema(dataSourceId, async () => await this.send({ method: 'GET', path: `/v1/data_sources/${dataSourceId}`, expect: 'data_source' }));
	}
}
