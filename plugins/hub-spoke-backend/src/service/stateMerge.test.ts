import { hubConfig } from '../__testUtils__/fleet';
import { ClusterState } from '../topology/clusterState';
import { HubState } from '../topology/hubState';
import {
  FleetStates,
  mergeStates,
  newerState,
  pendingClusterState,
  pendingHubState,
} from './stateMerge';

const hub = (at: string, status: HubState['status'] = 'ok'): HubState => ({
  name: 'hub-a',
  url: 'https://hub-a.example.com',
  status,
  lastAttemptAt: at,
});

const cluster = (
  name: string,
  at: string,
  failures = 0,
  status: ClusterState['status'] = 'ok',
): ClusterState => ({ name, status, lastAttemptAt: at, failures });

const targets = {
  hubs: [hubConfig('hub-a'), hubConfig('hub-b')],
  clusters: ['spoke-a', 'spoke-b'],
  unsupported: new Map([
    [
      'spoke-c',
      'authProvider "aws" is not supported; supported: serviceAccount',
    ],
  ]),
};

describe('newerState', () => {
  it('takes the state of the later attempt, this replica’s own on a tie', () => {
    const mine = hub('2026-11-23T09:00:00.000Z');
    const later = hub('2026-11-23T09:01:00.000Z', 'timeout');
    const tie = hub('2026-11-23T09:00:00.000Z', 'timeout');
    expect(newerState(mine, later)).toBe(later);
    expect(newerState(later, mine)).toBe(later);
    expect(newerState(mine, tie)).toBe(mine);
    expect(newerState(mine, undefined)).toBe(mine);
    expect(newerState(undefined, later)).toBe(later);
    expect(newerState(undefined, undefined)).toBeUndefined();
  });

  it('counts a state never attempted as older than any attempt', () => {
    const never: HubState = { ...pendingHubState(hubConfig('hub-a')) };
    const attempted = hub('2026-11-23T09:00:00.000Z');
    expect(newerState(never, attempted)).toBe(attempted);
    expect(newerState(attempted, never)).toBe(attempted);
  });
});

describe('mergeStates', () => {
  it('starts every hub and readable cluster as pending, and every unsupported cluster as an error', () => {
    const { hubs, clusters } = mergeStates(targets, undefined, undefined);
    expect([...hubs.values()]).toEqual([
      {
        name: 'hub-a',
        url: 'https://hub-a.example.com',
        status: 'pending',
        message: 'Waiting for the first poll of this hub',
      },
      {
        name: 'hub-b',
        url: 'https://hub-b.example.com',
        status: 'pending',
        message: 'Waiting for the first poll of this hub',
      },
    ]);
    expect([...clusters.values()]).toEqual([
      pendingClusterState('spoke-a'),
      pendingClusterState('spoke-b'),
      {
        name: 'spoke-c',
        status: 'error',
        message:
          'authProvider "aws" is not supported; supported: serviceAccount',
        failures: 0,
      },
    ]);
    expect(pendingClusterState('spoke-a')).toEqual({
      name: 'spoke-a',
      status: 'pending',
      message: 'Waiting for the first read of this cluster',
      failures: 0,
    });
  });

  it('takes the newer of this replica’s and the shared state per hub and per cluster', () => {
    const local: FleetStates = {
      hubs: new Map([['hub-a', hub('2026-11-23T09:02:00.000Z')]]),
      clusters: new Map([
        ['spoke-a', cluster('spoke-a', '2026-11-23T09:00:00.000Z')],
        ['spoke-b', cluster('spoke-b', '2026-11-23T09:02:00.000Z')],
      ]),
    };
    const shared = {
      hubs: [
        hub('2026-11-23T09:01:00.000Z', 'unreachable'),
        { ...hub('2026-11-23T09:01:00.000Z'), name: 'hub-b' },
      ],
      clusters: [
        cluster('spoke-a', '2026-11-23T09:01:00.000Z', 2, 'timeout'),
        cluster('spoke-b', '2026-11-23T09:01:00.000Z', 1, 'timeout'),
      ],
    };
    const { hubs, clusters } = mergeStates(targets, local, shared);
    expect(hubs.get('hub-a')).toBe(local.hubs.get('hub-a'));
    expect(hubs.get('hub-b')).toBe(shared.hubs[1]);
    // the shared read of spoke-a is newer: its failure count goes on
    expect(clusters.get('spoke-a')).toBe(shared.clusters[0]);
    expect(clusters.get('spoke-b')).toBe(local.clusters.get('spoke-b'));
  });

  it('drops states of hubs and clusters no longer configured, and keeps the configured order', () => {
    const shared = {
      hubs: [
        { ...hub('2026-11-23T09:01:00.000Z'), name: 'hub-b' },
        { ...hub('2026-11-23T09:01:00.000Z'), name: 'hub-gone' },
      ],
      clusters: [cluster('spoke-gone', '2026-11-23T09:01:00.000Z')],
    };
    const { hubs, clusters } = mergeStates(targets, undefined, shared);
    expect([...hubs.keys()]).toEqual(['hub-a', 'hub-b']);
    expect([...clusters.keys()]).toEqual(['spoke-a', 'spoke-b', 'spoke-c']);
  });

  it('reports an unsupported cluster as an error whatever an earlier state said', () => {
    const shared = {
      hubs: [],
      clusters: [cluster('spoke-c', '2026-11-23T09:01:00.000Z')],
    };
    expect(
      mergeStates(targets, undefined, shared).clusters.get('spoke-c'),
    ).toMatchObject({ status: 'error', failures: 0 });
  });
});
