import { Theme, useTheme } from '@material-ui/core/styles';
import { memo } from 'react';
import { truncate } from '../../text';
import { kubernetesVersion, SpokeNodeModel } from './graphModel';
import { DEFAULT_LAYOUT } from './layout';
import { MarkerBadges } from './MarkerBadges';
import { GraphNodeProps, NodeButton } from './NodeButton';
import { NodeDisc } from './NodeDisc';

const SPOKE_R = DEFAULT_LAYOUT.spokeRadius;

/**
 * A spoke cluster: a disc with its number of applications, its name, Kubernetes version and worst application
 * health below it (labels hidden when zoomed far out), marker badges, faded when stale.
 */
export const SpokeNode = memo(function SpokeNodeView(
  props: GraphNodeProps<SpokeNodeModel>,
) {
  const { model, selected, onSelect, classes, colors } = props;
  const theme = useTheme<Theme>();
  const { cluster, condition, markers } = model;
  const color = colors[condition];
  const stale = markers.some(m => m.kind === 'stale');
  const apps = cluster.applications;
  const version = kubernetesVersion(cluster);
  const worst = (['Degraded', 'Missing', 'Progressing'] as const).find(
    h => (apps.health[h] ?? 0) > 0,
  );
  return (
    <NodeButton
      className={classes.node}
      model={model}
      label={`Cluster ${cluster.name}`}
      selected={selected}
      onSelect={() => onSelect(cluster.id)}
      opacity={stale ? 0.6 : 1}
    >
      <NodeDisc
        radius={SPOKE_R}
        selectionGap={7}
        selected={selected}
        color={color}
        fillOpacity={0.18}
        strokeWidth={2.5}
        markers={markers}
        shapeClassName={classes.shape}
      />
      <text className={classes.count} textAnchor="middle" dy="0.35em">
        {apps.total}
      </text>
      <g className={classes.label}>
        <text className={classes.name} textAnchor="middle" y={SPOKE_R + 15}>
          {truncate(cluster.name, 22)}
        </text>
        <text className={classes.meta} textAnchor="middle" y={SPOKE_R + 28}>
          {[version ?? 'version unknown', `${apps.total} apps`].join(' · ')}
        </text>
        {worst && (
          <text
            className={classes.meta}
            textAnchor="middle"
            y={SPOKE_R + 40}
            fill={
              worst === 'Progressing' ? theme.palette.status.running : color
            }
            style={{
              fill:
                worst === 'Progressing' ? theme.palette.status.running : color,
            }}
          >
            {`${apps.health[worst]} ${worst}`}
          </text>
        )}
      </g>
      <MarkerBadges markers={markers} radius={SPOKE_R} />
    </NodeButton>
  );
});
