/** core/notion.ts: the one source of Notion's versions, collections and id forms. */
import {
	COLLECTIONS,
	compactId,
	DEFAULT_NOTION_VERSION,
	filterPropertiesQuery,
	FIRST_DATA_SOURCE_VERSION,
	KIND_OF_COLLECTION,
	knowsDataSources,
	NOTION_VERSIONS,
	notionUrl,
} from '../../nodes/shared/core/notion';
import { parseReference } from '../../nodes/shared/core/reference';
import { connectionOptions } from '../../nodes/shared/description';
import { transportOptions } from '../../nodes/shared/transport';

describe('core/notion', () => {
	it('offers the versions oldest first, 2026-12-01 the newest, and the default is one of them', () => {
		expect(NOTION_VERSIONS).toEqual([...NOTION_VERSIONS].sort());
		expect(NOTION_VERSIONS[NOTION_VERSIONS.length - 1]).toBe('2026-12-01');
		expect(NOTION_VERSIONS).toContain(DEFAULT_NOTION_VERSION);
		expect(NOTION_VERSIONS).toContain(FIRST_DATA_SOURCE_VERSION);
	});

	it('the nodes show what core/notion says, and the transport fallback agrees', () => {
		expect((connectionOptions.notionVersion.options as Array<{ value: string }>).map((option) => option.value)).toEqual(NOTION_VERSIONS);
		expect(connectionOptions.notionVersion.default).toBe(DEFAULT_NOTION_VERSION);
		expect(connectionOptions.notionVersion.description).toContain(FIRST_DATA_SOURCE_VERSION);
		expect(transportOptions({}).notionVersion).toBe(DEFAULT_NOTION_VERSION);
	});

	it('knows data sources from 2025-09-03 on', () => {
		expect(NOTION_VERSIONS.map(knowsDataSources)).toEqual([false, true, true, true]);
	});

	it('reads the collections both ways, and an API link gets its kind from its collection', () => {
		for (const [kind, collection] of Object.entries(COLLECTIONS)) {
			expect(KIND_OF_COLLECTION[collection]).toBe(kind);
			const parsed = parseReference(`https://api.notion.com/v1/${collection}/0f1e2d3c4b5a69788796a5b4c3d2e1f0`);
			expect(parsed).toMatchObject({ ok: true, reference: { typeHint: kind } });
		}
		expect(Object.keys(KIND_OF_COLLECTION)).toHaveLength(Object.keys(COLLECTIONS).length);
	});

	it('compacts an id for links and comparisons', () => {
		expect(compactId('0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0')).toBe('0f1e2d3c4b5a69788796a5b4c3d2e1f0');
		expect(notionUrl('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0')).toBe('https://www.notion.so/0f1e2d3c4b5a69788796a5b4c3d2e1f0');
	});

	it('names properties for filter_properties as @notionhq/client 5.26 does: repeated, each id decoded then encoded once', () => {
		// Schema ids come percent-encoded (`%3AUPp` is `:UPp`); the SDK decodes each before URLSearchParams encodes it.
		const query = filterPropertiesQuery(['title', '%3AUPp', 'pr%3Fo', 'a b', '%E0%A4%A']);
		expect(query).toBe('filter_properties=title&filter_properties=%3AUPp&filter_properties=pr%3Fo&filter_properties=a+b&filter_properties=%25E0%25A4%25A');
		expect(new URLSearchParams(query).getAll('filter_properties')).toEqual(['title', ':UPp', 'pr?o', 'a b', '%E0%A4%A']);
		expect(filterPropertiesQuery([])).toBe('');
	});
});
