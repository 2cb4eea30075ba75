import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_ARGOCD_APP_SELECTOR,
  ApplicationSummary,
  labelSelectorMatcher,
} from '@hub-spoke/plugin-hub-spoke-common';
import { useCallback, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { hubSpokeApiRef } from '../../api';
import { useTopologyLink } from '../../hooks/useTopologyLink';
import { ApplicationTable } from '../ApplicationTable';
import { FleetErrorPanel } from '../FleetError';

/** How an entity picks its applications, from its annotations; names win over a selector. */
type AppPick =
  | { kind: 'names'; names: string[]; describe: string }
  | {
      kind: 'selector';
      selector: string;
      match: (labels: Record<string, string>) => boolean;
      describe: string;
    }
  | { kind: 'invalid'; message: string }
  | { kind: 'none' };

function usePick(annotations: Record<string, string>): AppPick {
  const nameAnnotation = annotations[ANNOTATION_ARGOCD_APP_NAME]?.trim();
  const selector = annotations[ANNOTATION_ARGOCD_APP_SELECTOR]?.trim();
  return useMemo((): AppPick => {
    if (nameAnnotation) {
      const names = nameAnnotation
        .split(',')
        .map(n => n.trim())
        .filter(Boolean);
      return {
        kind: 'names',
        names,
        describe: `named ${names.join(' or ')}`,
      };
    }
    if (selector) {
      try {
        return {
          kind: 'selector',
          selector,
          match: labelSelectorMatcher(selector),
          describe: `matching ${selector}`,
        };
      } catch (e) {
        return { kind: 'invalid', message: (e as Error).message };
      }
    }
    return { kind: 'none' };
  }, [nameAnnotation, selector]);
}

/** Keeps the applications the entity picks. */
function pickApplications(
  items: ApplicationSummary[],
  pick: AppPick,
): ApplicationSummary[] {
  if (pick.kind === 'names') {
    return items.filter(a => pick.names.includes(a.name));
  }
  if (pick.kind === 'selector') {
    return items.filter(a => pick.match(a.labels ?? {}));
  }
  return [];
}

/**
 * The Argo CD Applications of a Component on every hub: those named by `argocd/app-name` (comma-separated names
 * allowed) or selected by the label selector in `argocd/app-selector`, with hub, spoke, namespace, sync, health,
 * revision and external URLs. The spoke links to the topology page focused on it.
 *
 * @public
 */
export function EntityDeploymentsCard(props: { title?: string }) {
  const { title = 'Argo CD deployments' } = props;
  const { entity } = useEntity();
  const pick = usePick(entity.metadata.annotations ?? {});
  const api = useApi(hubSpokeApiRef);
  const topologyLink = useTopologyLink();
  const { value, loading, error } = useAsync(
    async () =>
      pick.kind === 'names' || pick.kind === 'selector'
        ? api.getApplications()
        : { items: [] },
    [api, pick.kind],
  );
  const applications = useMemo(
    () => pickApplications(value?.items ?? [], pick),
    [value, pick],
  );
  const clusterLink = useCallback(
    (app: ApplicationSummary) => topologyLink?.(app.clusterId),
    [topologyLink],
  );

  let body;
  if (pick.kind === 'none') {
    body = (
      <Typography variant="body2" color="textSecondary">
        Add the <code>{ANNOTATION_ARGOCD_APP_NAME}</code> or{' '}
        <code>{ANNOTATION_ARGOCD_APP_SELECTOR}</code> annotation to this
        component to list its Argo CD applications.
      </Typography>
    );
  } else if (pick.kind === 'invalid') {
    body = <Alert severity="error">{pick.message}</Alert>;
  } else if (error) {
    body = (
      <FleetErrorPanel
        error={error}
        title="Could not load the Argo CD applications"
      />
    );
  } else if (loading) {
    body = <Progress />;
  } else if (applications.length === 0) {
    body = (
      <Typography variant="body1">
        No Argo CD application {pick.describe} on any hub.
      </Typography>
    );
  } else {
    const hubs = new Set(applications.map(a => a.hub)).size;
    const clusters = new Set(applications.map(a => a.clusterId)).size;
    body = (
      <ApplicationTable
        title={`${applications.length} application${
          applications.length === 1 ? '' : 's'
        } on ${clusters} cluster${clusters === 1 ? '' : 's'} of ${hubs} hub${
          hubs === 1 ? '' : 's'
        }`}
        applications={applications}
        pageSize={10}
        clusterLink={clusterLink}
        columns={['name', 'where', 'status', 'revision', 'urls']}
      />
    );
  }

  return (
    <InfoCard
      title={title}
      subheader={
        pick.kind === 'names' || pick.kind === 'selector'
          ? `Applications ${pick.describe}, on every hub`
          : undefined
      }
      noPadding={Boolean(!loading && !error && applications.length)}
    >
      {body}
    </InfoCard>
  );
}
