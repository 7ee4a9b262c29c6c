// Tests, the test server and the bench are not shipped and never run inside n8n: n8n's default config
// without the rules for code that does (they use Node's fs, process, timers and console by design).
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{
		rules: {
			'no-console': 'off',
			'@typescript-eslint/no-require-imports': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
	{
		// The MCP client is reached through its package's "exports" map, which the lint's resolver does not read.
		files: ['**/*.ts'],
		rules: { 'import-x/no-unresolved': ['error', { ignore: ['^@modelcontextprotocol/sdk/'] }] },
	},
];
