/** Tests load the built package from dist/ the way n8n does; keep dist/ out of jest's module map. */
// A time zone other than UTC, as on most n8n servers: a date read in the process's own zone shows.
process.env.TZ = 'America/New_York';

module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	testTimeout: 60000,
};
