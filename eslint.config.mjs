// Lint with n8n's own rules: eslint-plugin-n8n-nodes-base (nodes, credentials, package.json) and the
// n8n Cloud rules of @n8n/eslint-plugin-community-nodes. Its configs are eslintrc-shaped, so their
// rule sets are spread into flat config.
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import jsoncParser from 'jsonc-eslint-parser';
import tseslint from 'typescript-eslint';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'docs/**', 'examples/**', 'test/**', '*.js', '*.mjs'] },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
		plugins: { '@typescript-eslint': tseslint.plugin },
		rules: { ...tseslint.configs.recommended.at(-1).rules },
	},
	{ ...communityNodes.configs.recommended, files: ['credentials/**/*.ts', 'nodes/**/*.ts', 'package.json'] },
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// "Only applicable to nodes in the main repository" (the rule's own words): a community
			// credential links to a full URL, not to a slug of n8n's docs.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Superseded by n8n Cloud's node-connection-type-literal rule, which asks for
			// NodeConnectionTypes.Main instead of the 'main' literal this older rule wants.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		// The one deliberate exception: the node checks n8n's built-in Notion credentials
		// (notionOAuth2Api, notionApi), so that it tests the very credential a workflow's Notion nodes use.
		// n8n's scanner (test/lint/scan.mjs) keeps this rule on; it does not fire today only because
		// the rule reads array literals and the node builds its list with CREDENTIAL_TYPES.map(). The
		// README ("n8n's checks and the lint rules that stay off") says what this means for verification.
		files: ['nodes/**/*.ts'],
		rules: { '@n8n/community-nodes/no-credential-reuse': 'off' },
	},
];
