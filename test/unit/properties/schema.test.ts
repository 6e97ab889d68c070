import {
	findProperty,
	optionNames,
	propertyKey,
	propertyOptions,
	readSchema,
	splitPropertyKey,
	statusGroupNames,
	titlePropertyName,
	typeLabel,
} from '../../../nodes/shared/properties/schema';

// As GET /v1/data_sources/{id} returns it, parsed from JSON: `__proto__` is then an own key.
const PROPERTIES = JSON.parse(`{
	"Name": {"id": "title", "name": "Name", "type": "title", "title": {}},
	"Stage": {"id": "s%3D", "name": "Stage", "type": "status", "status": {
		"options": [{"id": "1", "name": "Not started"}, {"id": "2", "name": "In progress"}, {"id": "3", "name": "Done"}],
		"groups": [{"id": "g1", "name": "To-do", "option_ids": ["1"]}, {"id": "g2", "name": "In progress", "option_ids": ["2"]}, {"id": "g3", "name": "Complete", "option_ids": ["3"]}]
	}},
	"Tags": {"id": "t", "name": "Tags", "type": "multi_select", "multi_select": {"options": [{"name": "red"}, {"name": "blue"}, {"oops": 1}]}},
	"Total": {"id": "f", "name": "Total", "type": "formula", "formula": {"expression": "1"}},
	"a|b": {"id": "p", "name": "a|b", "type": "select", "select": {"options": [{"name": "x"}]}},
	"__proto__": {"id": "pr", "name": "__proto__", "type": "number", "number": {}},
	"toString": {"id": "ts", "name": "toString", "type": "rich_text", "rich_text": {}},
	"constructor": {"id": "c", "name": "constructor", "type": "checkbox", "checkbox": {}},
	"Broken": "not an object",
	"NoType": {"id": "n"}
}`);

describe('data source schema → editor options', () => {
	const schema = readSchema(PROPERTIES);

	it('lists every property as name|type with its type in the description, sorted by name', () => {
		const options = propertyOptions(schema);
		expect(options.map((option) => option.value)).toEqual([
			'__proto__|number',
			'a|b|select',
			'constructor|checkbox',
			'Name|title',
			'Stage|status',
			'Tags|multi_select',
			'toString|rich_text',
			'Total|formula',
		]);
		expect(options.find((option) => option.name === 'Stage')).toEqual({
			name: 'Stage',
			value: 'Stage|status',
			description: 'Type: Status',
		});
	});

	it('leaves computed properties out of the writable list', () => {
		expect(propertyOptions(schema, { writableOnly: true }).map((option) => option.name)).not.toContain('Total');
		expect(propertyOptions(schema, { writableOnly: true })).toHaveLength(7);
	});

	it('splits keys at the last bar, so names may hold one', () => {
		expect(splitPropertyKey('a|b|select')).toEqual({ name: 'a|b', type: 'select' });
		expect(splitPropertyKey('plain')).toEqual({ name: 'plain', type: '' });
		expect(splitPropertyKey(propertyKey('x|y', 'title'))).toEqual({ name: 'x|y', type: 'title' });
	});

	it('finds a property by its own key only: __proto__, toString and constructor are plain names', () => {
		expect(findProperty(schema, '__proto__|number')).toMatchObject({ name: '__proto__', type: 'number', id: 'pr' });
		expect(findProperty(schema, 'toString|rich_text')).toMatchObject({ name: 'toString', type: 'rich_text' });
		expect(findProperty(schema, 'constructor|checkbox')).toMatchObject({ name: 'constructor', type: 'checkbox' });
		expect(findProperty(readSchema({}), 'toString|rich_text')).toBeUndefined();
		expect(findProperty(readSchema({}), 'constructor')).toBeUndefined();
		expect(findProperty(readSchema({}), '__proto__')).toBeUndefined();
		expect(findProperty(readSchema({}), 'hasOwnProperty|')).toBeUndefined();
	});

	it('finds nothing when the column was retyped since the key was saved', () => {
		expect(findProperty(schema, 'Stage|select')).toBeUndefined();
		expect(findProperty(schema, 'Stage')).toMatchObject({ type: 'status' });
	});

	it('gives select, multi-select and status options by name, and status groups', () => {
		expect(optionNames(schema, 'Stage|status')).toEqual(['Not started', 'In progress', 'Done']);
		expect(optionNames(schema, 'Tags|multi_select')).toEqual(['red', 'blue']);
		expect(optionNames(schema, 'a|b|select')).toEqual(['x']);
		expect(optionNames(schema, 'Name|title')).toEqual([]);
		expect(optionNames(schema, 'Missing|select')).toEqual([]);
		expect(statusGroupNames(schema, 'Stage|status')).toEqual(['To-do', 'In progress', 'Complete']);
		expect(statusGroupNames(schema, 'Tags|multi_select')).toEqual([]);
	});

	it('skips malformed entries and takes anything as input without throwing', () => {
		expect(schema.has('Broken')).toBe(false);
		expect(schema.has('NoType')).toBe(false);
		expect(readSchema(null).size).toBe(0);
		expect(readSchema([1, 2]).size).toBe(0);
		expect(readSchema('x').size).toBe(0);
	});

	it('names the title property and labels types', () => {
		expect(titlePropertyName(schema)).toBe('Name');
		expect(titlePropertyName(readSchema({}))).toBeUndefined();
		expect(typeLabel('phone_number')).toBe('Phone');
		expect(typeLabel('constructor')).toBe('constructor');
		expect(typeLabel('something_new')).toBe('something_new');
	});
});
