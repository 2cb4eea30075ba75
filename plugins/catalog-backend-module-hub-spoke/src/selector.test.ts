import { parseLabelSelector } from './selector';

describe('parseLabelSelector', () => {
  const labels = { app: 'billing', env: 'prod', team: 'payments' };
  it.each([
    ['app=billing', true],
    ['app==billing', true],
    ['app=shop', false],
    ['app!=shop', true],
    ['app!=billing', false],
    ['missing!=x', true],
    ['env in (prod, stage)', true],
    ['env in (dev)', false],
    ['env notin (dev,stage)', true],
    ['env notin (prod)', false],
    ['team', true],
    ['missing', false],
    ['!missing', true],
    ['!team', false],
    ['app=billing, env in (prod,stage), !missing', true],
    ['app=billing,env=dev', false],
    ['', false],
  ])('%s → %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it('rejects a malformed selector with an InputError', () => {
    expect(() => parseLabelSelector('app=(x')).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });
});
