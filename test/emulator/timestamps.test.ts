// Data source queries filtered and sorted by timestamp, minute-rounded timestamps, trash and
// restore, and the control API's edit stream: what the Notion Trigger polls.
import { WORLD } from './index';
import { controlCall, useEmulator } from './testing';

const emulator = useEmulator();

async function query(body: unknown) {
	const res = await fetch(`${emulator().url}/v1/data_sources/${WORLD.dataSource.id}/query`, {
		method: 'POST',
		headers: { authorization: `Bearer ${WORLD.internalIntegration.secret}`, 'notion-version': '2025-09-03', 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.status, json: (await res.json()) as any }; // any: the test reads the list it asked for
}

const control = (method: string, path: string, body?: unknown) => controlCall(emulator().url, method, path, body);

describe('data source queries by timestamp', () => {
	it('a new row and an edit carry minute-rounded timestamps; on_or_after and ascending sorts find them', async () => {
		const before = new Date();
		const { json: added } = await control('POST', `/objects/${WORLD.dataSource.id}/rows`, { title: 'Fresh row' });
		const minute = new Date(before.getTime() - (before.getTime() % 60_000)).toISOString();
		const since = await query({ filter: { timestamp: 'last_edited_time', last_edited_time: { on_or_after: minute } }, sorts: [{ timestamp: 'last_edited_time', direction: 'ascending' }] });
		expect(since.status).toBe(200);
		expect(since.json.results.map((page: { id: string }) => page.id)).toEqual([added.id]);
		const [page] = since.json.results;
		expect(page.created_time).toMatch(/:00\.000Z$/);
		expect(page.last_edited_time >= minute).toBe(true);

		await control('POST', `/objects/${added.id}/edit`, { properties: { Status: { id: 'ZX%3B%7C', type: 'select', select: { name: 'Done' } } } });
		const edited = await query({ filter: { timestamp: 'last_edited_time', last_edited_time: { on_or_after: minute } } });
		expect(edited.json.results[0].properties.Status.select.name).toBe('Done');
		// The seeded rows were last edited in 2025: nothing before the minute comes back.
		const old = await query({ filter: { timestamp: 'last_edited_time', last_edited_time: { before: '2025-06-02T14:05:00.000Z' } } });
		expect(old.json.results).toEqual([]);
	});

	it('trash and restore move last_edited_time; in_trash: true asks for the trashed rows only', async () => {
		const { json: added } = await control('POST', `/objects/${WORLD.dataSource.id}/rows`, { title: 'Soon trashed' });
		await control('POST', `/objects/${added.id}/trash`);
		const live = await query({});
		const trashed = await query({ in_trash: true });
		expect(live.json.results.map((page: { id: string }) => page.id)).not.toContain(added.id);
		expect(trashed.json.results.map((page: { id: string; in_trash: boolean }) => [page.id, page.in_trash])).toEqual([[added.id, true]]);
		expect((await control('POST', `/objects/${added.id}/edit`, { title: 'x' })).status).toBe(400);
		await control('POST', `/objects/${added.id}/restore`);
		expect((await query({})).json.results.map((page: { id: string }) => page.id)).toContain(added.id);
	});

	it('descending created_time sorts, and a bad timestamp filter is a validation_error', async () => {
		const first = (await control('POST', `/objects/${WORLD.dataSource.id}/rows`, { title: 'A' })).json.id;
		const sorted = await query({ sorts: [{ timestamp: 'created_time', direction: 'descending' }], page_size: 1 });
		expect(sorted.json.results[0].id).toBe(first);
		const bad = await query({ filter: { timestamp: 'last_edited_time', last_edited_time: { on_or_after: 'soon' } } });
		expect(bad).toMatchObject({ status: 400, json: { code: 'validation_error' } });
	});
});
