import { generateFleet, allocateCidrs } from './generate';
import {
  cidrsOverlap,
  HEALTH_STATUSES,
  parseCidr,
  SYNC_STATUSES,
} from '@hub-spoke/plugin-hub-spoke-common';

/** Whether two single CIDRs (as the fleet's hub-spoke/cidr annotations hold) share an address. */
const overlap = (a: string, b: string) =>
  cidrsOverlap(parseCidr(a)!, parseCidr(b)!);

describe('generateFleet', () => {
  it('is deterministic: the same seed gives an identical spec, another seed a different one', () => {
    const a = generateFleet({ hubs: 2, spokes: 30, apps: 800, seed: 7 });
    const b = generateFleet({ hubs: 2, spokes: 30, apps: 800, seed: 7 });
    const c = generateFleet({ hubs: 2, spokes: 30, apps: 800, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('produces the default size: 1 hub, 200 spokes, 10,000 applications', () => {
    const fleet = generateFleet();
    expect(fleet.hubs).toHaveLength(1);
    const spokes = fleet.hubs[0].spokes;
    expect(spokes.filter(s => s.registered)).toHaveLength(200);
    expect(fleet.hubs[0].applications).toHaveLength(10000);
    expect(new Set(fleet.hubs[0].applications.map(a => a.name)).size).toBe(
      10000,
    );
  });

  it('spreads a realistic mix of states over spokes with non-overlapping CIDRs and ingress per spoke', () => {
    const fleet = generateFleet({ hubs: 2, spokes: 40, apps: 3000, seed: 3 });
    const apps = fleet.hubs.flatMap(h => h.applications);
    const spokes = fleet.hubs.flatMap(h => h.spokes).filter(s => s.registered);
    expect(spokes).toHaveLength(40);
    expect(new Set(apps.map(a => a.health))).toEqual(new Set(HEALTH_STATUSES));
    expect(new Set(apps.map(a => a.sync))).toEqual(new Set(SYNC_STATUSES));
    const healthy =
      apps.filter(a => a.health === 'Healthy').length / apps.length;
    expect(healthy).toBeGreaterThan(0.7);
    expect(healthy).toBeLessThan(0.9);
    const used = new Set(
      apps.map(
        a => a.destination.name ?? a.destination.serverOf ?? 'in-cluster',
      ),
    );
    expect(used.size).toBeGreaterThan(35);
    const cidrs = spokes.map(s => s.annotations['hub-spoke/cidr']);
    for (let i = 0; i < cidrs.length; i++)
      for (let j = i + 1; j < cidrs.length; j++)
        expect(overlap(cidrs[i], cidrs[j])).toBe(false);
    for (const s of spokes) {
      expect(s.ingress?.domain).toBe(`apps.${s.name}.example.com`);
      expect(s.ingress?.certificate?.notAfterDays).toBeGreaterThan(0);
    }
    expect(fleet.hubs.every(h => h.spokes.some(s => !s.registered))).toBe(true);
  });

  it('applies latencyMs to every listener', () => {
    const fleet = generateFleet({ spokes: 3, apps: 10, latencyMs: [5, 20] });
    expect(fleet.hubs[0].argocd.latencyMs).toEqual([5, 20]);
    expect(fleet.hubs[0].cluster.latencyMs).toEqual([5, 20]);
    expect(
      fleet.hubs[0].spokes.every(s => JSON.stringify(s.latencyMs) === '[5,20]'),
    ).toBe(true);
  });

  it('allocates disjoint CIDRs even for thousands of spokes', () => {
    const cidrs = allocateCidrs(3000);
    expect(new Set(cidrs).size).toBe(3000);
    expect(overlap(cidrs[0], cidrs[1])).toBe(false);
    expect(overlap(cidrs[2998], cidrs[2999])).toBe(false);
  });
});
