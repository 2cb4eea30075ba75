/**
 * One started fleet simulator with a hub-spoke backend stand-in reading it, for a test file.
 */
import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  FleetSimulator,
  defaultFleetPath,
  loadFleetFile,
  startFleetSimulator,
} from '@hub-spoke/fleet-simulator';
import { FakeHubSpoke, startFakeHubSpoke } from '@hub-spoke/test-utils';
import {
  simulatorApplications,
  simulatorConfig,
  simulatorTopology,
} from './simulator';

export interface SimulatedFleet {
  sim: FleetSimulator;
  hubSpoke: FakeHubSpoke;
  config: ConfigReader;
  options: () => {
    config: ConfigReader;
    hubSpokeApi: FakeHubSpoke['api'];
    permissions: PermissionsService;
  };
}

/** Starts the default fleet before the file's tests and closes it after. */
export function useSimulatedFleet(): SimulatedFleet {
  const fleet = {} as SimulatedFleet;
  beforeAll(async () => {
    fleet.sim = await startFleetSimulator({
      fleet: loadFleetFile(defaultFleetPath),
    });
    fleet.config = simulatorConfig(fleet.sim);
    fleet.hubSpoke = await startFakeHubSpoke({
      topology: () => simulatorTopology(fleet.sim),
      applications: () => simulatorApplications(fleet.sim),
    });
    fleet.options = () => ({
      config: fleet.config,
      hubSpokeApi: fleet.hubSpoke.api,
      permissions: mockServices.permissions(),
    });
  });
  afterAll(async () => {
    await fleet.hubSpoke?.close();
    await fleet.sim?.close();
  });
  return fleet;
}
