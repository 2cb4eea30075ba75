import { clusterCondition, worstHealth } from './summarize';

const base = {
  registered: true,
  stale: false,
  connection: { status: 'Successful' as const },
  applications: { total: 0, health: {}, sync: {} },
};

describe('worstHealth', () => {
  it('is undefined without applications', () => {
    expect(worstHealth({ total: 0, health: {}, sync: {} })).toBeUndefined();
  });

  it('picks Degraded over Progressing and Healthy', () => {
    expect(
      worstHealth({
        total: 6,
        health: { Healthy: 4, Progressing: 1, Degraded: 1 },
        sync: {},
      }),
    ).toBe('Degraded');
  });

  it('ranks Missing worse than Unknown', () => {
    expect(
      worstHealth({ total: 2, health: { Unknown: 1, Missing: 1 }, sync: {} }),
    ).toBe('Missing');
  });
});

describe('clusterCondition', () => {
  it('is ok for a connected cluster with healthy apps', () => {
    expect(
      clusterCondition({
        ...base,
        applications: { total: 2, health: { Healthy: 2 }, sync: { Synced: 2 } },
      }),
    ).toBe('ok');
  });

  it('is error when Argo CD cannot connect', () => {
    expect(
      clusterCondition({ ...base, connection: { status: 'Failed' } }),
    ).toBe('error');
  });

  it('is warning for an unregistered destination', () => {
    expect(clusterCondition({ ...base, registered: false })).toBe('warning');
  });

  it('is error when any app is degraded', () => {
    expect(
      clusterCondition({
        ...base,
        applications: {
          total: 2,
          health: { Healthy: 1, Degraded: 1 },
          sync: {},
        },
      }),
    ).toBe('error');
  });

  it('is unknown for stale data', () => {
    expect(clusterCondition({ ...base, stale: true })).toBe('unknown');
  });
});
