// Notion's documented shapes for the data source page tests: a data source's schema, its pages,
// and the parameters the editor saves.
import type { IDataObject } from 'n8n-workflow';

export const DATA_SOURCE = '5c1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
export const PAGE = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
export const OTHER = '1429989f-e8ac-4eff-bc8f-57f56486db54';
export const USER = 'a8aebfaa-4b29-4e38-9a70-4b1c2f7e5d10';

export const dataSource = {
	object: 'data_source',
	id: DATA_SOURCE,
	properties: {
		Task: { id: 'title', name: 'Task', type: 'title', title: {} },
		Notes: { id: 'n%3Dt', name: 'Notes', type: 'rich_text', rich_text: {} },
		Hours: { id: 'h0', name: 'Hours', type: 'number', number: { format: 'number' } },
		Done: { id: 'd0', name: 'Done', type: 'checkbox', checkbox: {} },
		Link: { id: 'u0', name: 'Link', type: 'url', url: {} },
		Email: { id: 'e0', name: 'Email', type: 'email', email: {} },
		Phone: { id: 'p0', name: 'Phone', type: 'phone_number', phone_number: {} },
		Priority: { id: 's0', name: 'Priority', type: 'select', select: { options: [{ name: 'High' }, { name: 'Low' }] } },
		Tags: { id: 'm0', name: 'Tags', type: 'multi_select', multi_select: { options: [{ name: 'a' }, { name: 'b' }] } },
		Status: { id: 'st', name: 'Status', type: 'status', status: { options: [{ name: 'Doing' }], groups: [{ name: 'In progress' }] } },
		Due: { id: 'dt', name: 'Due', type: 'date', date: {} },
		Owner: { id: 'pe', name: 'Owner', type: 'people', people: {} },
		Related: { id: 'rl', name: 'Related', type: 'relation', relation: { data_source_id: DATA_SOURCE } },
		Files: { id: 'fi', name: 'Files', type: 'files', files: {} },
		Score: { id: 'fo', name: 'Score', type: 'formula', formula: { expression: '1' } },
	},
};

export function pageOf(id: string, properties: IDataObject = {}): IDataObject {
	return {
		object: 'page',
		id,
		url: `https://www.notion.so/${id.replace(/-/g, '')}`,
		created_time: '2026-12-01T10:00:00.000Z',
		last_edited_time: '2026-12-01T10:00:00.000Z',
		in_trash: false,
		parent: { type: 'data_source_id', data_source_id: DATA_SOURCE },
		properties: { Task: { id: 'title', type: 'title', title: [{ plain_text: 'Ship it', text: { content: 'Ship it' } }] }, ...properties },
	};
}

export const locator = (value: string) => ({ __rl: true, mode: 'id', value });

export function row(key: string, fields: IDataObject = {}): IDataObject {
	return { key, type: key.slice(key.lastIndexOf('|') + 1), ...fields };
}

/** The message of the error the node threw (Stop Workflow), or '' when it threw none. */
export function thrown(result: { error: unknown } | { value: unknown }): string {
	return 'error' in result ? String((result.error as Error).message) : '';
}
