import { memo } from 'react';
import { HubNodeModel, kubernetesVersion } from './graphModel';
import { DEFAULT_LAYOUT } from './layout';
import { MarkerBadges } from './MarkerBadges';
import { GraphNodeProps, NodeButton } from './NodeButton';
import { NodeDisc } from './NodeDisc';

const HUB_R = DEFAULT_LAYOUT.hubRadius;

/**
 * A hub: a double disc with its number of clusters, its name, Argo CD and Kubernetes versions and number of
 * applications below it (labels hidden when zoomed far out), marker badges. Selecting it selects the hub's own
 * cluster, when known.
 */
export const HubNode = memo(function HubNodeView(
  props: GraphNodeProps<HubNodeModel>,
) {
  const { model, selected, onSelect, classes, colors } = props;
  const { hub, cluster, condition, markers } = model;
  const color = colors[condition];
  const version = kubernetesVersion(cluster);
  return (
    <NodeButton
      className={classes.node}
      model={model}
      label={`Hub ${hub.name}`}
      selected={selected}
      onSelect={() => {
        if (cluster) onSelect(cluster.id);
      }}
    >
      <NodeDisc
        radius={HUB_R}
        selectionGap={8}
        selected={selected}
        color={color}
        fillOpacity={0.25}
        strokeWidth={3.5}
        markers={markers}
        shapeClassName={classes.shape}
      />
      <circle r={HUB_R - 7} fill="none" stroke={color} strokeWidth={1} />
      <text className={classes.count} textAnchor="middle" dy="-0.2em">
        HUB
      </text>
      <text className={classes.meta} textAnchor="middle" dy="1.1em">
        {`${model.clusterCount} clusters`}
      </text>
      <g className={classes.label}>
        <text className={classes.hubName} textAnchor="middle" y={HUB_R + 18}>
          {hub.name}
        </text>
        <text className={classes.meta} textAnchor="middle" y={HUB_R + 32}>
          {[
            hub.argocdVersion
              ? `Argo CD ${hub.argocdVersion.split('+')[0]}`
              : 'Argo CD',
            version,
          ]
            .filter(Boolean)
            .join(' · ')}
        </text>
        <text className={classes.meta} textAnchor="middle" y={HUB_R + 45}>
          {`${model.applicationCount} apps`}
        </text>
      </g>
      <MarkerBadges markers={markers} radius={HUB_R} />
    </NodeButton>
  );
});
