/**
 * hub-spoke:app:publish, apply mode: the app's Applications server-side applied to their hubs.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import type { KubernetesObject } from '@kubernetes/client-node';
import { HubKubernetesClient } from '../clients/HubKubernetesClient';
import { readHubKubernetesAccess } from '../config';
import { PublishSpec } from '../manifests';

/**
 * Applies each Application to the hub of its target (the hub's own Application to the first target's hub); a dry
 * run lets the hubs check them without storing.
 */
export async function applyApplications(
  config: Config,
  spec: PublishSpec,
  applications: KubernetesObject[],
  options: { dryRun?: boolean; logger: LoggerService },
): Promise<void> {
  const hub = spec.targets[0].hub;
  const hubs = new Set(spec.targets.map(t => t.hub));
  const clients = new Map(
    [...hubs].map(h => [
      h,
      new HubKubernetesClient(readHubKubernetesAccess(config, h)),
    ]),
  );
  for (const app of applications) {
    const target = spec.targets.find(
      t => app.metadata?.labels?.['hub-spoke/cluster'] === t.cluster,
    );
    await clients
      .get(target?.hub ?? hub)!
      .apply(app, { dryRun: options.dryRun });
    options.logger.info(
      `Applied Application ${app.metadata?.namespace}/${
        app.metadata?.name
      } to hub ${target?.hub ?? hub}${options.dryRun ? ' (dry run)' : ''}`,
    );
  }
}
