import { appSelectorMatcher } from './selector';

// The selector grammar and matching are tested with parseLabelSelector in @hub-spoke/plugin-hub-spoke-common.
describe('appSelectorMatcher', () => {
  const labels = { app: 'billing', env: 'prod', team: 'payments' };

  it.each([
    ['app=billing, env in (prod,stage), !missing', true],
    ['app=billing,env=dev', false],
    ['', false],
    ['  ', false],
  ])('%s → %s', (annotation, expected) => {
    expect(appSelectorMatcher(annotation)(labels)).toBe(expected);
  });

  it('rejects a malformed selector with an InputError', () => {
    expect(() => appSelectorMatcher('app=(x')).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: 'Invalid label selector "app=(x": unbalanced parentheses',
      }),
    );
  });
});
