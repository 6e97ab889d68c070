import { redact } from '../../nodes/shared/core/redact';

// Fake, and built from parts so that no literal in the repository looks like a real Notion token;
// the shape (prefix, underscore, 20+ letters and digits) is what redact() must recognise.
const notionShaped = (prefix: 'ntn' | 'secret') => `${prefix}_${'FAKEnotArealToken'}0000000000`;
const ACCESS_TOKEN = notionShaped('ntn');
const REFRESH_TOKEN = 'nrt-9b1c2d3e/4f5a+6b7c=8d9e';
const CLIENT_SECRET = 'client-secret-value-123';

describe('redact', () => {
	it('replaces every occurrence of every known secret', () => {
		const text = `token ${REFRESH_TOKEN} again ${REFRESH_TOKEN} and ${CLIENT_SECRET}`;
		expect(redact(text, [REFRESH_TOKEN, CLIENT_SECRET])).toBe('token [redacted] again [redacted] and [redacted]');
	});

	it('replaces the URL-encoded form of a secret too', () => {
		const text = `refresh=${encodeURIComponent(REFRESH_TOKEN)}`;
		expect(encodeURIComponent(REFRESH_TOKEN)).not.toBe(REFRESH_TOKEN);
		expect(redact(text, [REFRESH_TOKEN])).toBe('refresh=[redacted]');
	});

	it('treats secrets as text, not as patterns', () => {
		const secret = 'a.b*c+d?(e)[f]';
		expect(redact(`x a.b*c+d?(e)[f] y aXbbbcd`, [secret])).toBe('x [redacted] y aXbbbcd');
	});

	it('removes a secret that contains another one whole', () => {
		expect(redact('value: abcdefgh12345678', ['abcdefgh', 'abcdefgh12345678'])).toBe('value: [redacted]');
	});

	it('ignores missing, empty and short secrets (under 8 characters)', () => {
		expect(redact('the page is in the team space', [undefined, '', '       ', 'page', 'team'])).toBe('the page is in the team space');
		expect(redact('code 1234567 and 12345678', ['1234567', '12345678'])).toBe('code 1234567 and [redacted]');
	});

	it('redacts Bearer and Basic credentials it was not told about', () => {
		const basic = Buffer.from('client-id:some-secret-value').toString('base64');
		expect(redact(`Authorization: Bearer ${ACCESS_TOKEN}`, [])).toBe('Authorization: Bearer [redacted]');
		expect(redact(`authorization: bearer abc.def-ghi_jkl~mno`, [])).toBe('authorization: bearer [redacted]');
		expect(redact(`"Authorization":"Basic ${basic}"`, [])).toBe('"Authorization":"Basic [redacted]"');
	});

	it('leaves prose that merely says Basic or Bearer alone', () => {
		const prose = 'Basic authentication is not used; the Bearer token is sent.';
		expect(redact(prose, [])).toBe(prose);
	});

	it('redacts token fields in JSON and form bodies', () => {
		expect(redact(`{"access_token":"abc123xyz","refresh_token": "def456uvw","token_type":"bearer"}`, [])).toBe(
			'{"access_token":"[redacted]","refresh_token": "[redacted]","token_type":"bearer"}',
		);
		expect(redact('grant_type=refresh_token&refresh_token=def456uvw&client_secret=s3cr3t', [])).toBe(
			'grant_type=refresh_token&refresh_token=[redacted]&client_secret=[redacted]',
		);
	});

	it("redacts Notion's integration token shapes", () => {
		expect(redact(`token ${ACCESS_TOKEN} and ${notionShaped('secret')}`, [])).toBe('token [redacted] and [redacted]');
	});

	it('leaves ordinary Notion messages unchanged', () => {
		const message =
			'Could not find page with ID: 1429989f-e8ac-4eff-bc8f-57f56486db54. Make sure the relevant pages and databases are shared with your integration "Acme Sync".';
		expect(redact(message, [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET])).toBe(message);
	});

	it('leaves no known secret behind in any mix', () => {
		const secrets = [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET];
		const text = secrets.map((secret, index) => `${index}:${secret}|${encodeURIComponent(secret)}|Bearer ${secret}`).join(' ');
		const result = redact(text, secrets);
		for (const secret of secrets) {
			expect(result).not.toContain(secret);
			expect(result).not.toContain(encodeURIComponent(secret));
		}
	});
});

describe('redact: a known secret in every encoding it may take (issue 17)', () => {
	// Characters that JSON escapes and URLs encode, as a refresh token or client secret may hold.
	const AWKWARD = 'fake-secret"with\\quotes/and slashes+plus&amp=eq';

	it('17 (smaller) redaction removes a known secret that appears in escaped JSON, once or twice escaped', () => {
		const once = JSON.stringify({ refresh: AWKWARD });
		const twice = JSON.stringify({ body: once });
		for (const text of [once, twice]) {
			const result = redact(text, [AWKWARD]);
			expect(result).toContain('[redacted]');
			expect(result).not.toContain(JSON.stringify(AWKWARD).slice(1, -1));
			expect(result).not.toContain('with\\');
		}
	});

	it('17 (smaller) redaction removes a known secret that appears URL-encoded: as a URI component, as a form value, with lower-case hex', () => {
		const uri = encodeURIComponent(AWKWARD);
		const form = new URLSearchParams({ refresh: AWKWARD }).toString();
		for (const text of [`?r=${uri}`, form, `?r=${uri.toLowerCase()}`]) {
			const result = redact(text, [AWKWARD]);
			expect(result).toContain('[redacted]');
			expect(result).not.toMatch(/with|slashes/i);
		}
	});

	it('17 (smaller) redaction removes token fields in camelCase (accessToken), in escaped JSON and URL-encoded, without knowing the value', () => {
		expect(redact('{"accessToken":"abc123xyz","refreshToken":"def456uvw","clientSecret":"s3cr3t-v4lue","tokenType":"bearer"}', [])).toBe(
			'{"accessToken":"[redacted]","refreshToken":"[redacted]","clientSecret":"[redacted]","tokenType":"bearer"}',
		);
		expect(redact('{\\"access_token\\":\\"abc123xyz\\",\\"scope\\":\\"x\\"}', [])).toBe('{\\"access_token\\":\\"[redacted]\\",\\"scope\\":\\"x\\"}');
		expect(redact('{\\"accessToken\\": \\"abc123xyz\\"}', [])).toBe('{\\"accessToken\\": \\"[redacted]\\"}');
		expect(redact('body=%7B%22refresh_token%22%3A%22def456uvw%22%2C%22x%22%3A1%7D', [])).toBe('body=%7B%22refresh_token%22%3A%22[redacted]%22%2C%22x%22%3A1%7D');
		expect(redact('q=refreshToken%3Ddef456uvw%26next%3D1', [])).toBe('q=refreshToken%3D[redacted]%26next%3D1');
	});

	it('leaves camelCase words that are not token fields alone', () => {
		const text = '{"tokenType":"bearer","accessible":true,"accessTokenExpiresIn":3600}';
		expect(redact(text, [])).toBe(text);
	});
});
