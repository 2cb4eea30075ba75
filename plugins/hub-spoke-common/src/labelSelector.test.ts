import {
  LabelSelectorError,
  labelKeyProblem,
  labelSelectorMatcher,
  labelValueProblem,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';

describe('label keys and values', () => {
  it('checks Kubernetes label keys and values as the API server does', () => {
    expect(labelKeyProblem('app.kubernetes.io/name')).toBeUndefined();
    expect(labelKeyProblem('Example.com/x')).toMatch(/prefix/);
    expect(labelKeyProblem('x'.repeat(64))).toMatch(/at most 63/);
    expect(labelKeyProblem('a/b/c')).toMatch(/at most one "\/"/);
    expect(labelKeyProblem('example.com/')).toMatch(/must not be empty/);
    expect(labelValueProblem('')).toBeUndefined();
    expect(labelValueProblem('v1.2_3-a')).toBeUndefined();
    expect(labelValueProblem('-x')).toMatch(/start and end/);
    expect(labelValueProblem('x'.repeat(64))).toMatch(/at most 63/);
  });
});

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

  it('parses integer comparisons', () => {
    expect(parseLabelSelector('tier>2, tier < -1')).toEqual([
      { key: 'tier', op: 'gt', value: 2 },
      { key: 'tier', op: 'lt', value: -1 },
    ]);
  });

  it('has no requirements for an empty, blank or absent selector', () => {
    expect(parseLabelSelector('')).toEqual([]);
    expect(parseLabelSelector('  ')).toEqual([]);
    expect(parseLabelSelector(null)).toEqual([]);
    expect(parseLabelSelector(undefined)).toEqual([]);
  });

  it.each([
    ['region in (eu, us', 'unbalanced parentheses'],
    ['team in (a', 'unbalanced parentheses'],
    ['app=(x', 'unbalanced parentheses'],
    ['a)', 'unbalanced parentheses'],
    ['a=b,,c=d', 'empty requirement'],
    ['team=commerce,', 'empty requirement'],
    ['bad key=x', '"bad key" is not a label key'],
    ['bad key=1', '"bad key" is not a label key'],
    ['=x', '"=x" is not a label key'],
    ['Example.com/x=1', '"Example.com/x" is not a label key'],
    ['k=not valid', '"not valid" is not a label value'],
    ['team=a b', '"a b" is not a label value'],
    ['tier>x', '"x" is not an integer (> and < compare integers)'],
  ])('rejects %s (%s)', (selector, reason) => {
    expect(() => parseLabelSelector(selector)).toThrow(LabelSelectorError);
    expect(() => parseLabelSelector(selector)).toThrow(
      `Invalid label selector "${selector}": ${reason}`,
    );
  });

  it('tells what is wrong in the error’s fields', () => {
    expect(() => parseLabelSelector('a in (b')).toThrow(
      expect.objectContaining({
        name: 'LabelSelectorError',
        selector: 'a in (b',
        reason: 'unbalanced parentheses',
      }),
    );
  });
});

describe('matchesLabelSelector', () => {
  const labels = {
    'app.kubernetes.io/part-of': 'checkout',
    team: 'commerce',
    tier: '3',
  };
  const sel = (s: string) =>
    matchesLabelSelector(parseLabelSelector(s), labels);

  it('supports equality, inequality and set-based requirements joined by commas', () => {
    expect(sel('team=commerce')).toBe(true);
    expect(sel('team==commerce')).toBe(true);
    expect(sel('team!=commerce')).toBe(false);
    expect(sel('team!=payments')).toBe(true);
    expect(sel('app.kubernetes.io/part-of in (checkout, cart)')).toBe(true);
    expect(sel('app.kubernetes.io/part-of notin (checkout,cart)')).toBe(false);
    expect(sel('team')).toBe(true);
    expect(sel('!team')).toBe(false);
    expect(sel('!missing')).toBe(true);
    expect(sel('tier>2,tier<4')).toBe(true);
    expect(sel('tier>3')).toBe(false);
    expect(sel('team>1')).toBe(false);
    expect(
      sel('team=commerce,app.kubernetes.io/part-of in (checkout),!missing'),
    ).toBe(true);
    expect(sel('team=commerce,app.kubernetes.io/part-of=cart')).toBe(false);
  });

  it('treats != and notin as matching objects without the label, like Kubernetes', () => {
    expect(matchesLabelSelector(parseLabelSelector('team!=commerce'), {})).toBe(
      true,
    );
    expect(
      matchesLabelSelector(parseLabelSelector('team notin (a)'), undefined),
    ).toBe(true);
    expect(
      matchesLabelSelector(parseLabelSelector('team in (a)'), undefined),
    ).toBe(false);
  });

  it('selects everything for an empty selector', () => {
    expect(matchesLabelSelector(parseLabelSelector(''), labels)).toBe(true);
    expect(matchesLabelSelector([], null)).toBe(true);
  });

  describe('on one set of labels', () => {
    const billing = { app: 'billing', env: 'prod', team: 'payments' };
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
    ])('%s → %s', (selector, expected) => {
      expect(matchesLabelSelector(parseLabelSelector(selector), billing)).toBe(
        expected,
      );
    });
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

  it('throws for a malformed selector when built', () => {
    expect(() => labelSelectorMatcher('app=(x')).toThrow(LabelSelectorError);
  });
});
