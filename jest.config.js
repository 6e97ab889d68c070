/** Two projects: `unit` (pure core, transport, node harness, emulator conformance) and `e2e` (real n8n). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }];
module.exports = {
	testSequencer: '<rootDir>/test/e2e/sequencer.js',
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/emulator/**/*.test.ts'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
			setupFilesAfterEnv: ['<rootDir>/test/e2e/retry.js'],
		},
	],
};
