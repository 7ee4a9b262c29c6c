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
	// Every core: the files are independent processes (each its own test servers on free ports), and
	// jest's default of one fewer than the cores is one worker on a 2-core CI machine.
	maxWorkers: '100%',
};
