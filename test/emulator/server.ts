// The HTTP(S) server: the log and faults in front of every Notion route, and the control API under /__emulator.
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { applyFault, takeFault } from './faults';
import { authorization, header, newRequestId, notionError, readBody } from './http';
import type { Ctx } from './http';
import { authorize, introspect, releaseBarrier, revoke, token } from './oauth';
import { handleRest } from './rest';
import { State } from './state';
import type { Grant } from './state';
import { FAULT_KINDS } from './types';
import { shareKey } from './search';
import type { EmulatorControl, EmulatorOptions, FaultRule, GrantState, LogEntry, Modes, PageEdit, RunningEmulator, ShareTarget } from './types';
import { canonicalId, WORLD } from './world';
import { bodyDigest, writesOf } from './writes';
import type { ObjectSeed, WorldSeed } from './world';

const CONTROL_PREFIX = '/__emulator';

/** A control request the emulator cannot honour: answered with this status and message. */
class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

class Control implements EmulatorControl {
	state: State;

	constructor(
		private readonly initialSeed: WorldSeed | undefined,
		private readonly initialModes: Partial<Modes> = {},
	) {
		this.state = this.fresh(initialSeed);
	}

	private fresh(seed?: WorldSeed): State {
		const state = new State(seed ?? this.initialSeed);
		Object.assign(state.modes, structuredClone(this.initialModes));
		return state;
	}

	reset(seed?: WorldSeed): void {
		releaseBarrier(this.state);
		this.state = this.fresh(seed);
	}

	setModes(modes: Partial<Modes>): Modes {
		const known = Object.keys(this.state.modes);
		const unknown = Object.keys(modes).filter((key) => !known.includes(key));
		if (unknown.length) throw new ControlError(400, `Unknown mode(s): ${unknown.join(', ')}`);
		Object.assign(this.state.modes, structuredClone(modes));
		if (!this.state.modes.tokenBarrier) releaseBarrier(this.state);
		return this.getModes();
	}

	getModes(): Modes {
		return structuredClone(this.state.modes);
	}

	createGrant(opts: { integrationId?: string; sharedWith?: string[] } = {}) {
		const integration = this.state.world.integrations.get(opts.integrationId ?? WORLD.publicIntegration.id);
		if (!integration || integration.kind !== 'public') {
			throw new ControlError(400, `No public integration with id ${opts.integrationId}`);
		}
		const grant = this.state.createGrant(integration, opts.sharedWith);
		const { workspace } = this.state.world.seed;
		return {
			grantId: grant.id,
			accessToken: grant.accessToken,
			refreshToken: grant.refreshToken,
			botId: grant.botId,
			workspaceId: workspace.id,
			workspaceName: workspace.name,
		};
	}

	private grant(grantId: string): Grant {
		const grant = this.state.grants.get(grantId);
		if (!grant) throw new ControlError(404, `No grant ${grantId}`);
		return grant;
	}

	getGrant(grantId: string): GrantState {
		const grant = this.grant(grantId);
		return {
			grantId: grant.id,
			accessToken: grant.accessToken,
			refreshToken: grant.refreshToken,
			rotations: grant.rotations,
			revoked: grant.revoked,
		};
	}

	expireGrant(grantId: string): void {
		this.state.expire(this.grant(grantId));
	}

	revokeGrant(grantId: string): void {
		this.state.revoke(this.grant(grantId));
	}

	addFault(rule: FaultRule): void {
		if (typeof rule?.path !== 'string' || !FAULT_KINDS.includes(rule.fault) || !(rule.count > 0)) {
			throw new ControlError(400, `A fault needs path, count > 0 and fault in ${FAULT_KINDS.join(', ')}`);
		}
		this.state.faults.push({ ...rule });
	}

	clearFaults(): void {
		this.state.faults = [];
	}

	getLog(): LogEntry[] {
		return structuredClone(this.state.log);
	}

	clearLog(): void {
		this.state.log = [];
	}

	getWrites() {
		return writesOf(this.state.log);
	}

	shareObject(objectId: string, target: ShareTarget = {}): void {
		const id = this.object(objectId).id;
		const now = Date.now();
		for (const grant of this.grantsOf(target)) {
			grant.sharedWith.add(id);
			this.state.sharedAt.set(shareKey({ grantId: grant.id, integration: grant.integration }, id), now);
		}
		for (const integration of this.internalsOf(target)) {
			if (!integration.sharedWith.some((shared) => canonicalId(shared) === id)) integration.sharedWith.push(id);
			this.state.sharedAt.set(shareKey({ integration }, id), now);
		}
	}

	unshareObject(objectId: string, target: ShareTarget = {}): void {
		const id = this.object(objectId).id;
		for (const grant of this.grantsOf(target)) grant.sharedWith.delete(id);
		for (const integration of this.internalsOf(target)) {
			integration.sharedWith = integration.sharedWith.filter((shared) => canonicalId(shared) !== id);
		}
	}

	trashObject(objectId: string): void {
		const { object } = this.object(objectId);
		object.inTrash = true;
		if (object.kind === 'page') object.lastEditedTime = new Date().toISOString();
	}

	restoreObject(objectId: string): void {
		const { object } = this.object(objectId);
		object.inTrash = false;
		if (object.kind === 'page') object.lastEditedTime = new Date().toISOString();
	}

	editPage(objectId: string, edit: PageEdit = {}): void {
		const { object } = this.object(objectId);
		if (object.kind !== 'page') throw new ControlError(400, `${objectId} is a ${object.kind}, not a page`);
		if (object.inTrash) throw new ControlError(400, `${objectId} is in the trash: restore it first`);
		if (edit.title !== undefined) object.title = String(edit.title);
		if (edit.properties !== undefined) object.properties = { ...object.properties, ...edit.properties };
		object.lastEditedTime = edit.at ?? new Date().toISOString();
	}

	addRow(dataSourceId: string, row: PageEdit = {}): { id: string } {
		const { id, object: source } = this.object(dataSourceId);
		if (source.kind !== 'data_source') throw new ControlError(400, `${dataSourceId} is a ${source.kind}, not a data source`);
		const now = new Date().toISOString();
		const page: ObjectSeed = { id: randomUUID(), kind: 'page', title: String(row.title ?? ''), parentId: id, properties: row.properties, createdTime: now, lastEditedTime: now };
		this.state.world.objects.set(page.id, page);
		return { id: page.id };
	}

	setCapabilities(integrationId: string, capabilities: { readContent: boolean }): void {
		const integration = this.state.world.integrations.get(integrationId);
		if (!integration) throw new ControlError(404, `No integration ${integrationId}`);
		if (typeof capabilities?.readContent !== 'boolean') throw new ControlError(400, 'capabilities need readContent: true or false');
		integration.readContent = capabilities.readContent;
	}

	private object(objectId: string) {
		const id = canonicalId(objectId);
		const object = id ? this.state.world.get(id) : undefined;
		if (!id || !object) throw new ControlError(404, `No object ${objectId}`);
		return { id, object };
	}

	private grantsOf(target: ShareTarget): Grant[] {
		if (target.grantId) return [this.grant(target.grantId)];
		return [...this.state.grants.values()].filter((grant) => !target.integrationId || grant.integration.id === target.integrationId);
	}

	private internalsOf(target: ShareTarget) {
		if (target.grantId) return [];
		return [...this.state.world.integrations.values()].filter(
			(integration) => integration.kind === 'internal' && (!target.integrationId || integration.id === target.integrationId),
		);
	}
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
	const control = new Control(opts.seed, opts.modes);
	const handler = (req: IncomingMessage, res: ServerResponse) => {
		handle(control, req, res).catch((error: unknown) => {
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'content-type': 'text/plain' });
				res.end(`emulator error: ${error instanceof Error ? error.message : String(error)}`);
			}
		});
	};
	const server: Server = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, handler) : createHttpServer(handler);
	const host = opts.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
	return {
		url: `${opts.tls ? 'https' : 'http'}://${urlHost}:${port}`,
		port,
		control,
		close: () =>
			new Promise<void>((resolve) => {
				releaseBarrier(control.state);
				server.close(() => resolve());
				// 'hang' faults and keep-alive sockets would otherwise hold close() forever.
				server.closeAllConnections();
			}),
	};
}

async function handle(control: Control, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const url = new URL(req.url ?? '/', 'http://emulator');
	const method = (req.method ?? 'GET').toUpperCase();
	const body = await readBody(req);
	if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
		return handleControl(control, method, url.pathname.slice(CONTROL_PREFIX.length), body, res);
	}

	const state = control.state;
	const auth = authorization(req);
	const entry: LogEntry = {
		seq: ++state.seq,
		time: Date.now(),
		method,
		path: url.pathname,
		status: 0,
		auth: auth.kind,
	};
	if (auth.kind === 'bearer') entry.token = auth.token;
	const ctx: Ctx = { req, res, method, path: url.pathname, query: url.searchParams, body, entry, requestId: newRequestId() };
	entry.notionVersion = header(ctx, 'notion-version');
	entry.contentType = header(ctx, 'content-type');
	if (method !== 'GET') entry.bodyDigest = bodyDigest(body);
	state.log.push(entry);

	const fault = takeFault(state.faults, method, url.pathname);
	if (fault) return applyFault(ctx, fault);

	switch (url.pathname) {
		case '/v1/oauth/authorize':
			return method === 'GET' ? authorize(state, ctx) : invalidUrl(ctx);
		case '/v1/oauth/token':
			return method === 'POST' ? token(state, ctx) : invalidUrl(ctx);
		case '/v1/oauth/introspect':
			return method === 'POST' ? introspect(state, ctx) : invalidUrl(ctx);
		case '/v1/oauth/revoke':
			return method === 'POST' ? revoke(state, ctx) : invalidUrl(ctx);
	}
	return url.pathname.startsWith('/v1/') ? handleRest(state, ctx) : invalidUrl(ctx);
}

function invalidUrl(ctx: Ctx): void {
	notionError(ctx, 400, 'invalid_request_url', 'Invalid request URL.');
}

function handleControl(control: Control, method: string, path: string, body: Buffer, res: ServerResponse): void {
	const reply = (status: number, value: unknown) => {
		const text = JSON.stringify(value ?? {});
		res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
		res.end(text);
	};
	try {
		const input = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
		const grantRoute = /^\/grants\/([^/]+)(?:\/(expire|revoke))?$/.exec(path);
		const objectRoute = /^\/(objects|integrations)\/([^/]+)\/(share|unshare|trash|restore|capabilities|edit|rows)$/.exec(path);
		const route = objectRoute
			? `${method} /${objectRoute[1]}/:id/${objectRoute[3]}`
			: `${method} ${grantRoute ? `/grants/:id${grantRoute[2] ? `/${grantRoute[2]}` : ''}` : path}`;
		switch (route) {
			case 'GET /health':
				return reply(200, { ok: true });
			case 'POST /reset':
				control.reset(input.seed as WorldSeed | undefined);
				return reply(200, { ok: true });
			case 'GET /modes':
				return reply(200, control.getModes());
			case 'POST /modes':
				return reply(200, control.setModes(input as Partial<Modes>));
			case 'POST /grants':
				return reply(200, control.createGrant(input as { integrationId?: string; sharedWith?: string[] }));
			case 'GET /grants/:id':
				return reply(200, control.getGrant(grantRoute![1]));
			case 'POST /grants/:id/expire':
				control.expireGrant(grantRoute![1]);
				return reply(200, control.getGrant(grantRoute![1]));
			case 'POST /grants/:id/revoke':
				control.revokeGrant(grantRoute![1]);
				return reply(200, control.getGrant(grantRoute![1]));
			case 'POST /faults':
				control.addFault(input as unknown as FaultRule);
				return reply(200, { ok: true });
			case 'DELETE /faults':
				control.clearFaults();
				return reply(200, { ok: true });
			case 'GET /log':
				return reply(200, control.getLog());
			case 'DELETE /log':
				control.clearLog();
				return reply(200, { ok: true });
			case 'POST /objects/:id/share':
				control.shareObject(objectRoute![2], input as ShareTarget);
				return reply(200, { ok: true });
			case 'POST /objects/:id/unshare':
				control.unshareObject(objectRoute![2], input as ShareTarget);
				return reply(200, { ok: true });
			case 'POST /objects/:id/trash':
				control.trashObject(objectRoute![2]);
				return reply(200, { ok: true });
			case 'POST /objects/:id/restore':
				control.restoreObject(objectRoute![2]);
				return reply(200, { ok: true });
			case 'POST /objects/:id/edit':
				control.editPage(objectRoute![2], input as PageEdit);
				return reply(200, { ok: true });
			case 'POST /objects/:id/rows':
				return reply(200, control.addRow(objectRoute![2], input as PageEdit));
			case 'POST /integrations/:id/capabilities':
				control.setCapabilities(objectRoute![2], input as { readContent: boolean });
				return reply(200, { ok: true });
			case 'GET /writes':
				return reply(200, control.getWrites());
			case 'GET /world':
				return reply(200, worldSummary(control.state.world.seed));
			default:
				return reply(404, { error: `No control route ${method} ${CONTROL_PREFIX}${path}` });
		}
	} catch (error) {
		if (error instanceof ControlError) return reply(error.status, { error: error.message });
		return reply(400, { error: error instanceof Error ? error.message : String(error) });
	}
}

/** What a script needs to aim at the world: its ids and names, without any secret. */
function worldSummary(seed: WorldSeed): Record<string, unknown> {
	return {
		workspace: seed.workspace,
		integrations: seed.integrations.map(({ id, name, kind, clientId, readContent }) => ({ id, name, kind, clientId, readContent })),
		objects: seed.objects.map(({ id, kind, title, parentId, inTrash }) => ({ id: canonicalId(id) ?? id, kind, title, parentId, inTrash })),
	};
}
