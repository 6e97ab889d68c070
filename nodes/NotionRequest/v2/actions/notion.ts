// One item's way to Notion: every request of an operation goes through here, so the router can
// say what was sent and route whatever failed. Schemas are read once per execution.
import type { IDataObject } from 'n8n-workflow';

import { classify } from '../../../shared/core/classify';
import { asError } from '../../../shared/execute';
import type { Failure, NotionReference } from '../../../shared/core/types';
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

/**
 * What a reference given as a data source turned out to be: a data source (or unknown to Notion:
 * use it as is), the one data source of a database, or a question to ask (several, or none).
 * `unsettled`: the item trying it failed otherwise (a rate limit, say), so the next item tries again.
 */
type Settled = { use: string } | { asIs: true } | { ask: Error };
type Resolution = Settled | { unsettled: true };

/** What an execution shares between its items: the transport, each data source's schema (read once), and what each data source reference resolved to. */
export class NotionSession {
	private readonly schemas = new Map<string, Promise<Schema>>();
	/** Per reference id: its resolution, or the promise of the one item finding it out. */
	readonly resolutions = new Map<string, Promise<Resolution>>();

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
		const first = this.firstAnswer;
		this.firstAnswer = undefined;
		first?.(result.ok);
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

	/**
	 * Runs `use` with the data source a Data Source field means. A builder often gives a database
	 * (the link Notion's browser shows is the database's): when the id is no data source (its
	 * first request answers 404 object_not_found) or the link says database, the database is read
	 * once per execution; its one data source is used, several (or none) are an Error asking which.
	 * A data source id costs no extra request; a database link one (the database), a bare database
	 * id two (the 404 and the database). Items with the same reference wait for the first one's
	 * first answer, so the 404 and the database read happen once per execution, not once per item.
	 */
	async dataSource<T>(reference: NotionReference, use: (dataSourceId: string) => Promise<T>): Promise<T> {
		const resolutions = this.session.resolutions;
		const known = resolutions.get(reference.id);
		if (known) {
			const resolution = await known;
			if ('unsettled' in resolution) return await this.dataSource(reference, use);
			return await use(this.resolved(resolution, reference));
		}
		// This item finds out; the others with the same reference wait for what it learns.
		let settle: (resolution: Resolution) => void = () => undefined;
		resolutions.set(reference.id, new Promise<Resolution>((resolve) => (settle = resolve)));
		// A failure of this item's own (a rate limit, say) is not kept: the next item tries again.
		const forget = (failure: unknown): never => {
			resolutions.delete(reference.id);
			settle({ unsettled: true });
			throw asError(failure);
		};
		const learn = async (find: () => Promise<Settled>): Promise<Settled> => await find().catch(forget);
		if (reference.typeHint === 'database') {
			const resolution = await learn(async () => await this.fromDatabase(reference));
			settle(resolution);
			return await use(this.resolved(resolution, reference));
		}
		// Used as a data source: a first answer that is not a failure settles it for the others at once.
		const before = this.calls;
		this.firstAnswer = (ok) => ok && settle({ asIs: true });
		const tried = await use(reference.id).then(
			(done) => ({ done }),
			(failure: unknown) => ({ failure }),
		);
		this.firstAnswer = undefined;
		if ('done' in tried) {
			settle({ asIs: true });
			return tried.done;
		}
		const { failure } = tried;
		// Only when the item's first request was refused as not found is nothing written yet, so `use` may run again.
		const notFound = failure instanceof NotionFailed && !failure.wroteBefore && this.calls === before + 1 && classify(failure.failure).reason === 'not_shared_or_missing';
		if (!notFound) return forget(failure);
		const resolution = await learn(async () => await this.fromDatabase(reference, failure));
		settle(resolution);
		if ('asIs' in resolution) throw failure;
		return await use(this.resolved(resolution, reference));
	}

	/** Told the first answer of the item's next request (whether it was a success). */
	private firstAnswer?: (ok: boolean) => void;

	private resolved(resolution: Settled, reference: NotionReference): string {
		if ('ask' in resolution) throw resolution.ask;
		return 'use' in resolution ? resolution.use : reference.id;
	}

	/**
	 * GET /v1/databases/{id}: its one data source, or an Error listing them. Not shared (or no
	 * database either): `asIs`, and the data source's own 404 (`notFound`) is the answer to act on.
	 * Any other failure (a rate limit, say) is this item's, and is not kept.
	 */
	private async fromDatabase(reference: NotionReference, notFound?: NotionFailed): Promise<Settled> {
		const read = await this.send({ method: 'GET', path: `/v1/databases/${reference.id}`, expect: 'database' }).then(
			(database) => ({ database }),
			(failure: unknown) => ({ failure }),
		);
		if ('failure' in read) {
			// After the data source's 404: not a database either, or not shared, so that 404 is the one to act on.
			const outcome = read.failure instanceof NotionFailed ? classify(read.failure.failure) : undefined;
			if (notFound && (outcome?.reason === 'not_shared_or_missing' || outcome?.verdict === 'error')) return { asIs: true };
			throw asError(read.failure);
		}
		const { database } = read;
		const listed = Array.isArray(database.data_sources) ? (database.data_sources as IDataObject[]) : [];
		const sources = listed.filter((source) => typeof source?.id === 'string');
		if (sources.length === 1) return { use: sources[0].id as string };
		const names = sources.map((source) => `"${typeof source.name === 'string' && source.name !== '' ? source.name : 'Untitled'}" (${String(source.id)})`);
		const problem =
			sources.length === 0
				? `Data Source: the database ${reference.id} has no data source the integration can read. Share the database with the integration, or pick a data source from the list.`
				: `Data Source: the database ${reference.id} has ${sources.length} data sources: ${names.join(', ')}. Pick one in the Data Source field (From List), or give its ID.`;
		return { ask: new Error(this.transport.redact(problem)) };
	}

	/** A data source's schema (its properties), read at most once per execution. */
	async schema(dataSourceId: string): Promise<Schema> {
		return await this.session.schema(dataSourceId, async () => await this.send({ method: 'GET', path: `/v1/data_sources/${dataSourceId}`, expect: 'data_source' }));
	}
}
