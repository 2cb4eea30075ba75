import Box from '@material-ui/core/Box';
import { Cluster, Hub, TopologyEdge } from '@hub-spoke/plugin-hub-spoke-common';
import { useId, useMemo, useRef, useState } from 'react';
import { GraphLegend } from './GraphLegend';
import { buildGraphModel } from './graphModel';
import { HubNode } from './HubNode';
import { HubRings } from './HubRings';
import { ManagesEdges } from './ManagesEdges';
import { Gateways, RouteArrowMarkers, RouteEdges } from './RouteEdges';
import { SpokeNode } from './SpokeNode';
import { useConditionColors, useGraphStyles } from './styles';
import { useViewBox } from './useViewBox';
import { focusViewBox, paddedViewBox } from './viewBox';
import { ZoomControls } from './ZoomControls';

/** Room around the drawing, in layout units. */
const PADDING = 40;
/** Below this many screen pixels per layout unit, labels are hidden (they would be unreadable); hover still tells. */
const LABEL_MIN_SCALE = 0.45;
/** A fleet wider than this (layout units) opens zoomed to the cluster of a shared link… */
const FOCUS_MIN_WIDTH = 1200;
/** …showing this much around it. */
const FOCUS_SIZE = 1000;

/** Graph props. */
export interface TopologyGraphProps {
  hubs: Hub[];
  clusters: Cluster[];
  edges: TopologyEdge[];
  /** Id of the selected cluster (drawn with a ring). */
  selectedId?: string;
  /** Called with a cluster id when a node is clicked (a hub node selects the hub's own cluster). */
  onSelect: (clusterId: string) => void;
  /** Cluster to zoom to when the graph first renders, e.g. from a shared link. */
  focusId?: string;
}

/**
 * The fleet as a graph drawn in plain SVG: each hub in the middle of its spokes (rings sized by the number of
 * spokes, hubs side by side), nodes coloured by clusterCondition, markers for unreachable, unauthorized,
 * unregistered and stale clusters with the reason on hover, `manages` edges from hub to spoke and `routes` edges
 * from the hub's gateway with their weights. Zoom with the buttons or ctrl/⌘ + wheel, pan by dragging.
 */
export function TopologyGraph(props: TopologyGraphProps) {
  const { hubs, clusters, edges, selectedId, onSelect, focusId } = props;
  const classes = useGraphStyles();
  const colors = useConditionColors();
  const ids = useId().replace(/:/g, '');

  const model = useMemo(
    () => buildGraphModel(hubs, clusters, edges),
    [hubs, clusters, edges],
  );
  const { layout } = model;
  const fit = useMemo(
    () => paddedViewBox(layout.width, layout.height, PADDING),
    [layout.width, layout.height],
  );
  const [initial] = useState(() => {
    const p = focusId ? layout.positions.get(focusId) : undefined;
    return p && fit.width > FOCUS_MIN_WIDTH
      ? focusViewBox(p, FOCUS_SIZE)
      : undefined;
  });

  const svgRef = useRef<SVGSVGElement>(null);
  const view = useViewBox(svgRef, {
    fit,
    initial,
    // A new set of nodes (another filter) starts from the whole picture again.
    resetKey: `${layout.width}x${layout.height}:${layout.spokes.length}`,
  });
  const compact =
    view.pixelsPerUnit !== undefined && view.pixelsPerUnit < LABEL_MIN_SCALE;

  return (
    <Box className={classes.root}>
      <svg
        ref={svgRef}
        className={`${classes.svg} ${compact ? classes.compact : ''}`}
        viewBox={`${fit.x} ${fit.y} ${fit.width} ${fit.height}`}
        preserveAspectRatio="xMidYMid meet"
        role="group"
        aria-label="Fleet topology graph"
      >
        <defs>
          <RouteArrowMarkers idPrefix={ids} />
        </defs>
        <g transform={view.transform.toString()}>
          <HubRings hubs={model.hubs} />
          <ManagesEdges edges={model.manages} selectedId={selectedId} />
          <Gateways hubs={model.hubs} classes={classes} />
          <RouteEdges routes={model.routes} idPrefix={ids} classes={classes} />
          <g>
            {model.hubs.map(hub => (
              <HubNode
                key={hub.hub.name}
                model={hub}
                selected={!!hub.cluster && hub.cluster.id === selectedId}
                onSelect={onSelect}
                classes={classes}
                colors={colors}
              />
            ))}
            {model.spokes.map(spoke => (
              <SpokeNode
                key={spoke.cluster.id}
                model={spoke}
                selected={spoke.cluster.id === selectedId}
                onSelect={onSelect}
                classes={classes}
                colors={colors}
              />
            ))}
          </g>
        </g>
      </svg>
      <ZoomControls className={classes.controls} view={view} />
      <GraphLegend colors={colors} classes={classes} />
    </Box>
  );
}
