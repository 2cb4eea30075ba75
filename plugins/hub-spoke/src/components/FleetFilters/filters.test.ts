import { makeTopology } from '../../testUtils/fixtures';
import {
  applyFilters,
  EMPTY_FILTERS,
  hasActiveFilters,
  parseFilters,
  writeFilters,
} from './filters';

describe('parseFilters / writeFilters', () => {
  it('reads repeated hub, health and sync parameters, the search and the certificate filter', () => {
    const filters = parseFilters(
      new URLSearchParams(
        'hub=a&hub=b&health=Degraded&health=Bogus&sync=OutOfSync&q=%20eu%20&cert=expiring&cluster=a/x',
      ),
    );
    expect(filters).toEqual({
      hubs: ['a', 'b'],
      health: ['Degraded'],
      sync: ['OutOfSync'],
      q: 'eu',
      expiringCertificates: true,
    });
  });

  it('writes the filters and keeps other parameters such as the selected cluster', () => {
    const params = writeFilters(new URLSearchParams('cluster=a/x&q=old'), {
      ...EMPTY_FILTERS,
      hubs: ['a'],
      health: ['Degraded', 'Missing'],
      q: 'spoke',
    });
    expect(params.toString()).toBe(
      'cluster=a%2Fx&hub=a&health=Degraded&health=Missing&q=spoke',
    );
    expect(parseFilters(params).health).toEqual(['Degraded', 'Missing']);
  });

  it('clears every filter parameter when written empty', () => {
    expect(
      writeFilters(
        new URLSearchParams(
          'hub=a&health=Degraded&sync=Synced&q=x&cert=expiring',
        ),
        EMPTY_FILTERS,
      ).toString(),
    ).toBe('');
    expect(hasActiveFilters(EMPTY_FILTERS)).toBe(false);
  });
});

describe('applyFilters', () => {
  const topology = makeTopology();
  const ids = (f: Partial<typeof EMPTY_FILTERS>) => {
    const result = applyFilters(topology, { ...EMPTY_FILTERS, ...f });
    return {
      hubs: result.hubs.map(h => h.name),
      clusters: result.clusters.map(c => c.name),
      edges: result.edges.length,
    };
  };

  it('returns everything without filters', () => {
    expect(ids({})).toEqual({
      hubs: ['aks-mgmt-hub', 'eks-mgmt-hub'],
      clusters: [
        'aks-mgmt-hub',
        'aks-spoke-eu',
        'aks-spoke-ghost',
        'eks-spoke-us',
      ],
      edges: 7,
    });
  });

  it('narrows to a hub, keeping only edges whose ends are both shown', () => {
    expect(ids({ hubs: ['aks-mgmt-hub'] })).toEqual({
      hubs: ['aks-mgmt-hub'],
      clusters: ['aks-mgmt-hub', 'aks-spoke-eu', 'aks-spoke-ghost'],
      // 3 manages + 2 routes to aks-spoke-eu; the route to eks-spoke-us is gone with its end
      edges: 5,
    });
  });

  it('keeps clusters with an application in one of the chosen health or sync states', () => {
    expect(ids({ health: ['Degraded', 'Missing'] }).clusters).toEqual([
      'aks-spoke-eu',
      'aks-spoke-ghost',
    ]);
    expect(ids({ health: ['Degraded', 'Missing'] }).hubs).toEqual([
      'aks-mgmt-hub',
    ]);
    expect(ids({ sync: ['OutOfSync'], health: ['Degraded'] }).clusters).toEqual(
      ['aks-spoke-eu'],
    );
  });

  it('searches names and ids case-insensitively, so a hub name finds its clusters', () => {
    expect(ids({ q: 'EU' }).clusters).toEqual(['aks-spoke-eu']);
    expect(ids({ q: 'eks-mgmt' })).toEqual({
      hubs: ['eks-mgmt-hub'],
      clusters: ['eks-spoke-us'],
      edges: 1,
    });
    expect(ids({ q: 'nothing-like-this' })).toEqual({
      hubs: [],
      clusters: [],
      edges: 0,
    });
  });

  it('keeps clusters with a certificate expiring soon', () => {
    expect(ids({ expiringCertificates: true }).clusters).toEqual([
      'aks-spoke-eu',
    ]);
  });
});
