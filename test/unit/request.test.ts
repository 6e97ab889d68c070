/**
 * Notion Request: building a request from an item's parameters, and the rule that nothing leaves
 * https://api.notion.com/v1/. Pure functions; the node's own loop is in request-node.test.ts.
 */
import fc from 'fast-check';

import { rejectedField } from '../../nodes/shared/core/rejectedField';
import { bodyFrom, buildRequest, queryFrom } from '../../nodes/NotionRequest/request';
import { properties } from '../../nodes/NotionRequest/v1/description';
import { CUSTOM, PRESETS, presetFor } from '../../nodes/NotionRequest/v1/presets';

const ID = '5c1e0f3a-9b7d-4e2c-8a61-0123456789ab';
const HEX = ID.replace(/-/g, '');

const built = (path: string, reference?: unknown, method: 'GET' | 'POST' | 'PATCH' | 'DELETE' = 'GET') => buildRequest({ method, path, reference });
const pathOf = (path: string, reference?: unknown) => {
	const result = built(path, reference);
	return result.ok ? result.request.path : undefined;
};

describe('buildRequest', () => {
	it('accepts a path in the forms people paste and puts it under /v1/', () => {
		expect(pathOf('/v1/users/me')).toBe('/v1/users/me');
		expect(pathOf('v1/users/me')).toBe('/v1/users/me');
		expect(pathOf('users/me')).toBe('/v1/users/me');
		expect(pathOf('https://api.notion.com/v1/users/me')).toBe('/v1/users/me');
		expect(pathOf(' /v1/search ')).toBe('/v1/search');
		expect(pathOf('/v1/blocks/{id}/children/', HEX)).toBe(`/v1/blocks/${ID}/children/`);
		expect(pathOf('/v1/pages/{id}/properties/ZX%3B%7C', ID)).toBe(`/v1/pages/${ID}/properties/ZX%3B%7C`);
	});

	it('fills {id} (any placeholder name) from an id or any Notion link, as the reference parser reads it', () => {
		expect(pathOf('/v1/pages/{id}', `https://www.notion.so/acme/Roadmap-${HEX}`)).toBe(`/v1/pages/${ID}`);
		expect(pathOf('/v1/pages/{page_id}', ID.toUpperCase())).toBe(`/v1/pages/${ID}`);
		const withRef = built('/v1/pages/{id}', ` ${HEX} `);
		expect(withRef.ok && withRef.request.reference).toEqual({ input: HEX, id: ID });
	});

	it('refuses a path that would change the host or climb out of /v1/, before anything is sent', () => {
		const hostile = [
			'',
			'/v1/../oauth/token',
			'/v1/pages/..',
			'/v1/pages/./x',
			'/v1/%2e%2e/oauth/token',
			'/v1/%2E%2E/x',
			'/v1/pages%2f..%2f..',
			'/v1/pages/%252e%252e',
			'//evil.com/v1/pages',
			'/v1//evil.com',
			'/v1/pages\\..\\..\\x',
			'\\\\evil.com\\v1',
			'https://evil.com/v1/pages',
			'http://api.notion.com/v1/pages',
			'https://api.notion.com.evil.com/v1/pages',
			'https://api.notion.com@evil.com/v1/pages',
			'https://api.notion.com/v2/pages',
			'javascript:alert(1)',
			'file:///etc/passwd',
			'/oauth/token',
			'/v2/pages',
			'/v1/',
			'/v1/pages?filter=x',
			'/v1/pages#x',
			'/v1/pages/ x',
			'/v1/pages/\u0000',
			'/v1/pages/\u2024\u2024',
		];
		for (const path of hostile) expect({ path, ok: built(path).ok }).toEqual({ path, ok: false });
	});

	it('refuses a reference that would inject a query, fragment or path into the id', () => {
		const references = [
			`${ID}?x=1`,
			`${ID}#frag`,
			`${ID}/../../oauth/token`,
			`../${ID}`,
			`${HEX}%2f..`,
			'https://evil.com/x-' + HEX,
			`//evil.com/${HEX}`,
			`${ID}\\..`,
			'',
			undefined,
			42,
		];
		for (const reference of references) {
			const result = built('/v1/pages/{id}', reference);
			if (result.ok) expect({ reference, path: result.request.path }).toEqual({ reference, path: `/v1/pages/${ID}` });
			else expect(result.problem).toEqual(expect.any(String));
		}
		// The ones that are not Notion links at all are refused outright.
		for (const reference of [`${ID}?x=1`, `../${ID}`, `${HEX}%2f..`, 'https://evil.com/x-' + HEX, `${ID}\\..`, '']) {
			expect({ reference, ok: built('/v1/pages/{id}', reference).ok }).toEqual({ reference, ok: false });
		}
	});

	it('says when the path has no {id} for a given reference, or needs one that is missing', () => {
		expect(built('/v1/users/me', ID)).toEqual({ ok: false, problem: expect.stringContaining('no {id}') });
		expect(built('/v1/pages/{id}', '')).toEqual({ ok: false, problem: expect.stringContaining('empty') });
	});

	it('whatever path and reference it is given, an accepted request stays under https://api.notion.com/v1/', () => {
		const piece = fc.oneof(
			fc.constantFrom('..', '.', '%2e', '%2E%2e', '%2f', '%5c', '%25', '/', '//', '\\', '?', '#', '@', ':', 'evil.com', 'v1', 'pages', '{id}', ID, HEX, ' ', '%3B'),
			fc.string({ maxLength: 6 }),
		);
		const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
		fc.assert(
			fc.property(fc.oneof(text, text.map((t) => `/v1/${t}`), text.map((t) => `https://api.notion.com/v1/${t}`)), text, (path, reference) => {
				const result = built(path, reference);
				if (!result.ok) return true;
				const url = new URL(result.request.path, 'https://api.notion.com');
				return url.origin === 'https://api.notion.com' && url.pathname === result.request.path && url.pathname.startsWith('/v1/') && !/\/\.\.?(\/|$)/.test(url.pathname);
			}),
			{ numRuns: 3000 },
		);
	});
});

describe('presets', () => {
	it('each preset is a safe method and path, with a field for its id when the path has one', () => {
		for (const preset of PRESETS) {
			expect({ preset: preset.value, placeholder: preset.path.includes('{id}') }).toEqual({ preset: preset.value, placeholder: preset.idParameter !== undefined });
			const result = built(preset.path, preset.idParameter ? ID : undefined, preset.method);
			expect(result.ok).toBe(true);
		}
		expect(PRESETS.map((preset) => `${preset.method} ${preset.path}`)).toEqual([
			'GET /v1/pages/{id}',
			'PATCH /v1/pages/{id}',
			'PATCH /v1/pages/{id}',
			'POST /v1/pages',
			'POST /v1/data_sources/{id}/query',
			'GET /v1/blocks/{id}/children',
			'PATCH /v1/blocks/{id}/children',
			'POST /v1/search',
		]);
		expect(presetFor('trashPage')?.body).toEqual({ fixed: { in_trash: true } });
	});

	it('the editor lists exactly the presets (plus Custom API Call), each with its id field and a body example that parses', () => {
		const operation = properties.find((property) => property.name === 'operation')!;
		const listed = (operation.options as Array<{ value: string; description: string }>).filter((option) => option.value !== CUSTOM);
		expect(listed.map((option) => option.value).sort()).toEqual(PRESETS.map((preset) => preset.value).sort());
		for (const option of listed) {
			const preset = presetFor(option.value)!;
			expect(option.description.startsWith(`${preset.method} ${preset.path.replace('{id}', '{ID}')}`)).toBe(true);
			const shown = (name: string) => properties.filter((property) => property.name === name && property.displayOptions?.show?.operation?.includes(option.value));
			if (preset.idParameter) expect(shown(preset.idParameter.name)).toHaveLength(1);
			expect(shown('body')).toHaveLength(preset.body === 'user' ? 1 : 0);
			for (const body of shown('body')) expect(bodyFrom(body.default).ok).toBe(true);
		}
	});
});

describe('query and body', () => {
	it('turns name/value rows into query parameters, skipping empty names', () => {
		expect(queryFrom([{ name: 'page_size', value: '10' }, { name: ' ', value: 'x' }, { name: 'filter_properties', value: 'title' }])).toEqual({
			page_size: '10',
			filter_properties: 'title',
		});
		expect(queryFrom(undefined)).toBeUndefined();
	});

	it('takes a JSON object, as text or already parsed, and refuses anything else', () => {
		expect(bodyFrom('{"properties":{}}')).toEqual({ ok: true, body: { properties: {} } });
		expect(bodyFrom({ in_trash: true })).toEqual({ ok: true, body: { in_trash: true } });
		expect(bodyFrom('')).toEqual({ ok: true });
		expect(bodyFrom('{"properties":')).toEqual({ ok: false, problem: expect.stringContaining('not valid JSON') });
		expect(bodyFrom('[1]')).toEqual({ ok: false, problem: expect.stringContaining('JSON object') });
	});
});

describe('rejectedField', () => {
	it('names the property or field Notion\'s validation message is about', () => {
		expect(rejectedField('Owner is not a property that exists.')).toBe('the property "Owner"');
		expect(rejectedField('Due Date is expected to be date.')).toBe('the property "Due Date"');
		expect(rejectedField('Could not find property with name or id: Owner')).toBe('the property "Owner"');
		expect(rejectedField('body failed validation: body.properties.Name.title should be an array of rich text, instead was `"x"`.')).toBe(
			'the field body.properties.Name.title',
		);
		expect(rejectedField('path failed validation: path.page_id should be a valid uuid, instead was `"x"`.')).toBe('the field path.page_id');
		expect(rejectedField('body failed validation: body.children[0].paragraph.rich_text should be defined, instead was `undefined`.')).toBe(
			'the field body.children[0].paragraph.rich_text',
		);
		expect(rejectedField("Can't edit block that is archived. You must unarchive the block before editing.")).toBeUndefined();
		expect(rejectedField(undefined)).toBeUndefined();
	});
});
