// The bench is linted as the tests are.
export { default } from '../test/eslint.config.mjs';
