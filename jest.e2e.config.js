/**
 * End-to-end tests (`npm run test:e2e`): the packed package installed into a real n8n
 * ($N8N_VERSION, default the newest tested), against in-process WhatConverts test servers.
 * Files: test/e2e/*.e2e.ts. One file at a time: each starts n8n processes of its own.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/build/'],
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	maxWorkers: 1,
	testTimeout: 5 * 60_000,
};
