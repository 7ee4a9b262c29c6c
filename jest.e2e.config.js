/**
 * End-to-end tests (`npm run test:e2e`): the built package in a real, pinned n8n (scripts/n8n/),
 * against in-process WhatConverts test servers. Files: test/e2e/*.e2e.ts (the unit config runs
 * *.test.ts only). One file at a time: each starts n8n processes of its own.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/build/'],
	maxWorkers: 1,
	testTimeout: 5 * 60_000,
};
