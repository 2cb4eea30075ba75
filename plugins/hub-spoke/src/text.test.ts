import { plural, truncate } from './text';

describe('plural', () => {
  it('puts the noun in the plural unless the count is one', () => {
    expect(plural(1, 'hub')).toBe('1 hub');
    expect(plural(0, 'hub')).toBe('0 hubs');
    expect(plural(3, 'cluster')).toBe('3 clusters');
    expect(plural(2, 'CIDR overlap')).toBe('2 CIDR overlaps');
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text with an ellipsis, within the limit', () => {
    expect(truncate('aks-spoke-eu', 22)).toBe('aks-spoke-eu');
    expect(truncate('a'.repeat(22), 22)).toBe('a'.repeat(22));
    const cut = truncate('a-very-long-cluster-name-indeed', 22);
    expect(cut).toBe('a-very-long-cluster-n…');
    expect(cut).toHaveLength(22);
  });
});
