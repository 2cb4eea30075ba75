module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // Test helpers named expect… assert (e.g. expectRejection).
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expect*'] },
    ],
  },
});
