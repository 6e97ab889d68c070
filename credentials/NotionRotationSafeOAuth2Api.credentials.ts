import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * OAuth2 for a public Notion integration. Notion issues a new refresh token on every refresh and
 * the old one dies, so the Notion Access Check node refreshes through a per-credential single
 * flight and recovers a refresh race lost to another process by re-reading the stored credential.
 * The name is distinct from n8n's built-in `notionOAuth2Api`: a community credential with the same
 * name would replace the built-in one at run time.
 *
 * Notion answers an expired or revoked access token with 401 `unauthorized`, which is the status
 * n8n core refreshes on when the credential has no `tokenExpiredStatusCode`: n8n 1.x never reads
 * that field from the credential (request-helper-functions.js: `oAuth2Options.tokenExpiredStatusCode`,
 * else 401), n8n 2.x reads it and falls back to the same (request-helpers/oauth.js,
 * resolveTokenExpiredStatusCode). So the field is not declared here; n8n's scanner would also
 * take a field of that name for a secret (credential-password-field).
 */
export class NotionRotationSafeOAuth2Api implements ICredentialType {
	name = 'notionRotationSafeOAuth2Api';

	extends = ['oAuth2Api'];

	// n8n's dialog names the service after the display name minus "OAuth2" and "API" ("In Notion
	// (Rotation-Safe), use the URL above…"): the qualifier in parentheses keeps "Notion" the service.
	// n8n's lint rules want the name to contain "OAuth2" and end in "API".
	displayName = 'Notion (Rotation-Safe) OAuth2 API';

	documentationUrl = 'https://developers.notion.com/docs/authorization#public-integration-auth-flow-set-up';

	icon: Icon = { light: 'file:icons/notion.svg', dark: 'file:icons/notion.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: 'https://api.notion.com/v1/oauth/authorize',
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: 'https://api.notion.com/v1/oauth/token',
			required: true,
		},
		{
			// Notion has no scopes: capabilities are set on the integration itself.
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			// owner=user asks the person connecting to pick the pages the integration may see.
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'owner=user',
		},
		{
			// HTTP Basic client_id:client_secret, as Notion's token endpoint requires.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'header',
		},
		{
			displayName:
				'In your Notion integration\'s settings, add n8n\'s "OAuth Redirect URL" (shown above) as a redirect URI. Pages reach the integration when the person connecting picks them, or later from a page\'s ••• menu → Connections.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: 'https://api.notion.com/v1',
			url: '/users/me',
			headers: { 'Notion-Version': '2025-09-03' },
		},
	};
}
