import {
  LabelSelectorError,
  labelSelectorMatcher,
  parseLabelSelector,
} from './labelSelector';

describe('parseLabelSelector', () => {
  it('parses every kind of requirement, comma-joined', () => {
    expect(
      parseLabelSelector(
        'app.kubernetes.io/part-of=checkout, tier==web,env!=dev, region in (eu, us),zone notin (a),canary,!legacy',
      ),
    ).toEqual([
      { key: 'app.kubernetes.io/part-of', op: 'in', values: ['checkout'] },
      { key: 'tier', op: 'in', values: ['web'] },
      { key: 'env', op: 'notIn', values: ['dev'] },
      { key: 'region', op: 'in', values: ['eu', 'us'] },
      { key: 'zone', op: 'notIn', values: ['a'] },
      { key: 'canary', op: 'exists' },
      { key: 'legacy', op: 'notExists' },
    ]);
  });

  it('has no requirements for an empty selector', () => {
    expect(parseLabelSelector('  ')).toEqual([]);
  });

  it.each([
    ['region in (eu, us', 'unbalanced parentheses'],
    ['a=b,,c=d', 'empty requirement'],
    ['bad key=x', '"bad key" is not a label key'],
    ['k=not valid', '"not valid" is not a label value'],
  ])('rejects %s (%s)', (selector, reason) => {
    expect(() => parseLabelSelector(selector)).toThrow(LabelSelectorError);
    expect(() => parseLabelSelector(selector)).toThrow(
      `Invalid label selector "${selector}": ${reason}`,
    );
  });
});

describe('labelSelectorMatcher', () => {
  const checkoutEu = {
    'app.kubernetes.io/part-of': 'checkout',
    region: 'eu',
    canary: 'true',
  };
  const checkoutUs = { 'app.kubernetes.io/part-of': 'checkout', region: 'us' };
  const payments = { 'app.kubernetes.io/part-of': 'payments', region: 'eu' };

  it.each([
    ['app.kubernetes.io/part-of=checkout', [true, true, false]],
    ['app.kubernetes.io/part-of!=checkout', [false, false, true]],
    ['region in (us,ap)', [false, true, false]],
    ['region notin (us)', [true, false, true]],
    ['canary', [true, false, false]],
    ['!canary', [false, true, true]],
    ['app.kubernetes.io/part-of=checkout,region=eu', [true, false, false]],
    ['owner!=team-a', [true, true, true]],
    ['owner in (team-a)', [false, false, false]],
  ])('%s', (selector, expected) => {
    const matches = labelSelectorMatcher(selector);
    expect([checkoutEu, checkoutUs, payments].map(matches)).toEqual(expected);
  });
});
