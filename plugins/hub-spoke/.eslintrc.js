module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // The private test helpers (a node-library that also carries the entity cards' render setup at
    // @hub-spoke/test-utils/frontend) are only imported by tests.
    '@backstage/no-mixed-plugin-imports': [
      'error',
      { excludedTargetPackages: ['@hub-spoke/test-utils'] },
    ],
  },
});
