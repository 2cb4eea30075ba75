import { SelectorError, matches, parseSelector } from './selector';

describe('label selectors', () => {
  const labels = {
    'app.kubernetes.io/part-of': 'checkout',
    team: 'commerce',
    tier: '3',
  };
  const sel = (s: string) => matches(parseSelector(s), labels);

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
    expect(
      sel('team=commerce,app.kubernetes.io/part-of in (checkout),!missing'),
    ).toBe(true);
    expect(sel('team=commerce,app.kubernetes.io/part-of=cart')).toBe(false);
  });

  it('treats != and notin as matching objects without the label, like Kubernetes', () => {
    expect(matches(parseSelector('team!=commerce'), {})).toBe(true);
    expect(matches(parseSelector('team notin (a)'), undefined)).toBe(true);
    expect(matches(parseSelector('team in (a)'), undefined)).toBe(false);
  });

  it('selects everything for an empty selector', () => {
    expect(parseSelector('')).toEqual([]);
    expect(parseSelector('  ')).toEqual([]);
  });

  it('rejects malformed selectors', () => {
    for (const bad of [
      'team in (a',
      'team=a b',
      'team=commerce,',
      '=x',
      'tier>x',
      'bad key=1',
    ]) {
      expect(() => parseSelector(bad)).toThrow(SelectorError);
    }
  });
});
