import { outputsOf, ok, refused, runV2 } from './harness';

const PAGE = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const page = {
	object: 'page',
	id: PAGE,
	url: 'https://www.notion.so/x',
	properties: { Name: { id: 'title', type: 'title', title: [{ plain_text: 'Roadmap', text: { content: 'Roadmap' } }] } },
};

describe('Notion Request v2: page get', () => {
	test('a page from a locator leaves Success, simplified, with the report beside it', async () => {
		const { result, sent } = await runV2({
			parameters: { resource: 'page', operation: 'get', pageId: { __rl: true, mode: 'id', value: PAGE }, simple: true },
			answer: () => ok(page),
		});
		const [success, ...others] = outputsOf(result);
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /v1/pages/${PAGE}`]);
		expect(others.flat()).toEqual([]);
		expect(success).toHaveLength(1);
		expect(success[0].json).toMatchObject({ id: PAGE, name: 'Roadmap', notionRequest: { verdict: 'success', resource: { id: PAGE }, calls: 1 } });
	});

	test('a plain string from an older workflow works, and a page not shared goes to Share Page naming it', async () => {
		const { result } = await runV2({
			parameters: { resource: 'page', operation: 'get', pageId: PAGE, simple: false },
			answer: () => refused(404, 'object_not_found', `Could not find page with ID: ${PAGE}. Make sure the relevant pages and databases are shared with your integration "Acme".`),
		});
		const outputs = outputsOf(result);
		expect(outputs[2]).toHaveLength(1);
		expect(outputs[2][0].json.notionRequest).toMatchObject({ verdict: 'share_page', reason: 'not_shared_or_missing', resource: { id: PAGE } });
	});
});
