import { ClusterAccess } from '@hub-spoke/plugin-hub-spoke-node';
import { KubernetesClusterReader, summarizeCluster } from '../kubernetes';
import { ClusterReading } from '../topology/clusterState';
import { HTTPRouteLike } from '../topology/routes';
import { ClusterReader } from './FleetPoller';

/**
 * Reads a cluster's Kubernetes API and keeps only what the topology needs: the summary (nodes, ingress,
 * certificates) and the hub-gateway inputs (HTTPRoutes, ExternalName Services, DestinationRules).
 */
export function createClusterReader(
  cluster: ClusterAccess,
  timeoutMs: number,
  options: { expiryWarningDays: number; now?: () => Date },
): ClusterReader {
  const reader = new KubernetesClusterReader(cluster, timeoutMs);
  const now = options.now ?? (() => new Date());
  return {
    async read(): Promise<ClusterReading> {
      const objects = await reader.read();
      const summary = summarizeCluster(objects, {
        now: now(),
        expiryWarningDays: options.expiryWarningDays,
      });
      return {
        ...summary,
        missingGroups: objects.missingGroups,
        routing: {
          httpRoutes: objects.httpRoutes as HTTPRouteLike[],
          services: objects.services
            .filter(s => s.spec?.type === 'ExternalName')
            .map(s => ({
              metadata: {
                name: s.metadata?.name,
                namespace: s.metadata?.namespace,
              },
              spec: { type: s.spec?.type, externalName: s.spec?.externalName },
            })),
          destinationRules: objects.destinationRules,
        },
        requests: objects.requests,
      };
    },
    close: () => reader.close(),
  };
}
