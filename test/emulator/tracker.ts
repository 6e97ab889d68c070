// A richer world for the Notion Request's schema-driven operations: a "Tasks" database with TWO data
// sources (Tasks, with one property of every common type, and Bugs), rows with values of each type,
// a relation of 30 entries (past the page object's 25), and two more people. Opt in with
// `trackerSeed()`: the default world stays as it was, so tests that count its objects keep passing.
import type { PropertySchema, Schema } from './properties';
import { defaultSeed, stableId, WORLD } from './world';
import type { ObjectSeed, WorldSeed } from './world';

const id = (label: string) => stableId(`tracker:${label}`);

export const TRACKER = {
	/** A page under the shared root holding the database. */
	page: { id: id('page'), title: 'Task Tracker' },
	database: { id: id('database'), title: 'Tasks' },
	tasks: { id: id('source:tasks'), title: 'Tasks' },
	bugs: { id: id('source:bugs'), title: 'Bugs' },
	people: {
		grace: { id: id('user:grace'), name: 'Grace Hopper', email: 'grace@acme.example' },
		linus: { id: id('user:linus'), name: 'Linus Chen', email: 'linus@acme.example' },
	},
	rows: {
		docs: { id: id('row:docs'), title: 'Write docs' },
		ship: { id: id('row:ship'), title: 'Ship v2' },
		login: { id: id('row:login'), title: 'Fix login' },
	},
	/** The i-th (0-based) row of Bugs; `ship` relates to all 30. */
	bug: (i: number) => id(`bug:${i}`),
	bugCount: 30,
	/** Status options of Stage, with their groups. */
	stages: { notStarted: 'Not started', inProgress: 'In progress', blocked: 'Blocked', done: 'Done' },
} as const;

const opt = (name: string, color: string) => ({ id: id(`option:${name}`), name, color, description: null });

function prop(name: string, propertyId: string, type: string, config: unknown = {}): [string, PropertySchema] {
	return [name, { id: propertyId, name, type, description: null, [type]: config }];
}

/** Tasks: one property of each type builders use, plus read-only ones. Property ids are URL-encoded short strings, as Notion's are. */
export function tasksSchema(): Schema {
	const s = TRACKER.stages;
	const stage = [opt(s.notStarted, 'default'), opt(s.inProgress, 'blue'), opt(s.blocked, 'red'), opt(s.done, 'green')];
	return Object.fromEntries([
		prop('Name', 'title', 'title'),
		prop('Notes', 'n%3Dte', 'rich_text'),
		prop('Estimate', 'e%3Ast', 'number', { format: 'number' }),
		prop('Done', 'd%3Bne', 'checkbox'),
		prop('Website', 'w%40eb', 'url'),
		prop('Contact', 'c%40nt', 'email'),
		prop('Phone', 'ph%3Dn', 'phone_number'),
		prop('Priority', 'pr%3Fo', 'select', { options: [opt('High', 'red'), opt('Medium', 'yellow'), opt('Low', 'gray')] }),
		prop('Tags', 't%5Bgs', 'multi_select', { options: [opt('Frontend', 'blue'), opt('Backend', 'purple'), opt('Docs', 'brown')] }),
		prop('Stage', 'st%3Ag', 'status', {
			options: stage,
			groups: [
				{ id: id('group:todo'), name: 'To-do', color: 'gray', option_ids: [stage[0].id] },
				{ id: id('group:doing'), name: 'In progress', color: 'blue', option_ids: [stage[1].id, stage[2].id] },
				{ id: id('group:complete'), name: 'Complete', color: 'green', option_ids: [stage[3].id] },
			],
		}),
		prop('Due', 'du%3Ee', 'date'),
		prop('Owner', 'ow%3Cr', 'people'),
		prop('Related', 're%7Cl', 'relation', { data_source_id: TRACKER.bugs.id, database_id: TRACKER.database.id, type: 'single_property', single_property: {} }),
		prop('Attachments', 'at%26t', 'files'),
		prop('Score', 'sc%2Bre', 'formula', { expression: 'prop("Estimate") * 2' }),
		prop('Related count', 'rc%2Ant', 'rollup', { relation_property_name: 'Related', relation_property_id: 're%7Cl', rollup_property_name: 'Name', rollup_property_id: 'title', function: 'count' }),
		prop('Created', 'cr%3Dt', 'created_time'),
		prop('Created by', 'cr%3Db', 'created_by'),
		prop('Edited', 'ed%3Dt', 'last_edited_time'),
		prop('Task ID', 'ti%3Dd', 'unique_id', { prefix: 'TASK' }),
	]);
}

export function bugsSchema(): Schema {
	return Object.fromEntries([
		prop('Name', 'title', 'title'),
		prop('Severity', 'sv%3Ar', 'select', { options: [opt('Critical', 'red'), opt('Minor', 'gray')] }),
		prop('Fixed', 'fx%3Dd', 'checkbox'),
	]);
}

const text = (content: string) => [{ type: 'text', text: { content, link: null }, annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' }, plain_text: content, href: null }];
const choice = (name: string, color: string) => ({ id: id(`option:${name}`), name, color });

/** The default world (or `seed`) plus the tracker: its page, database, two data sources, rows and people. */
export function trackerSeed(seed: WorldSeed = defaultSeed()): WorldSeed {
	const t = TRACKER;
	const user = (userId: string) => ({ object: 'user', id: userId });
	const row = (rowId: string, title: string, properties: Record<string, unknown>, minutes: number): ObjectSeed => ({
		id: rowId,
		kind: 'page',
		title,
		parentId: t.tasks.id,
		properties,
		createdTime: new Date(Date.UTC(2026, 10, 2, 9, minutes)).toISOString(),
		lastEditedTime: new Date(Date.UTC(2026, 10, 2, 10, minutes)).toISOString(),
	});
	const bugs: ObjectSeed[] = Array.from({ length: t.bugCount }, (_, i) => ({
		id: t.bug(i),
		kind: 'page',
		title: `Bug ${i + 1}`,
		parentId: t.bugs.id,
		properties: { Severity: { type: 'select', select: choice(i % 2 ? 'Minor' : 'Critical', i % 2 ? 'gray' : 'red') }, Fixed: { type: 'checkbox', checkbox: i < 10 } },
		createdTime: new Date(Date.UTC(2026, 10, 1, 8, i)).toISOString(),
		lastEditedTime: new Date(Date.UTC(2026, 10, 1, 8, i)).toISOString(),
	}));
	seed.people = [...(seed.people ?? []), { ...t.people.grace }, { ...t.people.linus }];
	seed.objects.push(
		{ id: t.page.id, kind: 'page', title: t.page.title, parentId: WORLD.pages.sharedRoot.id },
		{ id: t.database.id, kind: 'database', title: t.database.title, parentId: t.page.id },
		{ id: t.tasks.id, kind: 'data_source', title: t.tasks.title, parentId: t.database.id, schema: tasksSchema() },
		{ id: t.bugs.id, kind: 'data_source', title: t.bugs.title, parentId: t.database.id, schema: bugsSchema() },
		row(
			t.rows.docs.id,
			t.rows.docs.title,
			{
				Notes: { type: 'rich_text', rich_text: text('First draft') },
				Estimate: { type: 'number', number: 3 },
				Priority: { type: 'select', select: choice('Medium', 'yellow') },
				Tags: { type: 'multi_select', multi_select: [choice('Docs', 'brown')] },
				Stage: { type: 'status', status: choice(t.stages.notStarted, 'default') },
				Due: { type: 'date', date: { start: '2026-12-10', end: null, time_zone: null } },
				Owner: { type: 'people', people: [user(WORLD.user.id)] },
			},
			0,
		),
		row(
			t.rows.ship.id,
			t.rows.ship.title,
			{
				Estimate: { type: 'number', number: 8 },
				Priority: { type: 'select', select: choice('High', 'red') },
				Tags: { type: 'multi_select', multi_select: [choice('Frontend', 'blue'), choice('Backend', 'purple')] },
				Stage: { type: 'status', status: choice(t.stages.inProgress, 'blue') },
				Due: { type: 'date', date: { start: '2026-11-30T09:00:00.000Z', end: '2026-12-04T17:00:00.000Z', time_zone: null } },
				Owner: { type: 'people', people: [user(t.people.grace.id), user(t.people.linus.id)] },
				Related: { type: 'relation', relation: bugs.map((bug) => ({ id: bug.id })) },
			},
			1,
		),
		row(
			t.rows.login.id,
			t.rows.login.title,
			{
				Estimate: { type: 'number', number: 2 },
				Done: { type: 'checkbox', checkbox: true },
				Website: { type: 'url', url: 'https://acme.example/login' },
				Contact: { type: 'email', email: 'support@acme.example' },
				Phone: { type: 'phone_number', phone_number: '+1 555 0100' },
				Priority: { type: 'select', select: choice('High', 'red') },
				Stage: { type: 'status', status: choice(t.stages.done, 'green') },
				Attachments: { type: 'files', files: [{ name: 'trace.txt', type: 'external', external: { url: 'https://acme.example/trace.txt' } }] },
				Related: { type: 'relation', relation: [{ id: t.bug(0) }] },
			},
			2,
		),
		...bugs,
	);
	return seed;
}
