import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import ZoomInIcon from '@material-ui/icons/ZoomIn';
import ZoomOutIcon from '@material-ui/icons/ZoomOut';
import ZoomOutMapIcon from '@material-ui/icons/ZoomOutMap';
import {
  Cluster,
  ClusterCondition,
  Hub,
  TopologyEdge,
} from '@hub-spoke/plugin-hub-spoke-common';
import {
  KeyboardEvent,
  memo,
  PointerEvent,
  ReactNode,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { Marker, MarkerKind } from '../FleetStatus/clusterMarkers';
import { MarkerIcon } from '../FleetStatus/MarkerIcon';
import {
  buildGraphModel,
  HubNodeModel,
  kubernetesVersion,
  SpokeNodeModel,
} from './graphModel';
import { DEFAULT_LAYOUT, focusViewBox, ViewBox, zoomViewBox } from './layout';

const HUB_R = DEFAULT_LAYOUT.hubRadius;
const SPOKE_R = DEFAULT_LAYOUT.spokeRadius;
const PADDING = 40;
/** Below this many screen pixels per layout unit, labels are hidden (they would be unreadable); hover still tells. */
const LABEL_MIN_SCALE = 0.45;

const useStyles = makeStyles((theme: Theme) => ({
  root: {
    position: 'relative',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.background.default,
    overflow: 'hidden',
  },
  svg: {
    display: 'block',
    width: '100%',
    height: 560,
    cursor: 'grab',
    touchAction: 'none',
    userSelect: 'none',
    '&:active': { cursor: 'grabbing' },
  },
  compact: {
    '& $label': { display: 'none' },
  },
  label: {},
  controls: {
    position: 'absolute',
    top: theme.spacing(1),
    right: theme.spacing(1),
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: theme.palette.background.paper,
    borderRadius: theme.shape.borderRadius,
    boxShadow: theme.shadows[1],
  },
  node: {
    cursor: 'pointer',
    outline: 'none',
    '&:hover $shape, &:focus $shape': { strokeWidth: 4 },
  },
  shape: {},
  name: {
    fontSize: 12,
    fontWeight: 600,
    fill: theme.palette.text.primary,
  },
  meta: {
    fontSize: 10.5,
    fill: theme.palette.text.secondary,
  },
  count: {
    fontSize: 12,
    fontWeight: 700,
    fill: theme.palette.text.primary,
  },
  hubName: {
    fontSize: 14,
    fontWeight: 700,
    fill: theme.palette.text.primary,
  },
  edgeLabel: {
    fontSize: 11,
    fontWeight: 700,
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 1.5),
    borderTop: `1px solid ${theme.palette.divider}`,
    backgroundColor: theme.palette.background.paper,
  },
  legendItem: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
}));

/** The colour of a condition, from the Backstage theme's status palette. */
export function useConditionColors(): Record<ClusterCondition, string> {
  const theme = useTheme<Theme>();
  const { status } = theme.palette;
  return useMemo(
    () => ({
      ok: status.ok,
      warning: status.warning,
      error: status.error,
      unknown: status.aborted,
    }),
    [status],
  );
}

/** Border dash of a node: one pattern per marker, the most serious wins. */
function dashOf(markers: Marker[]): string | undefined {
  const kinds = new Set(markers.map(m => m.kind));
  if (kinds.has('unauthorized')) return '2 3';
  if (kinds.has('unreachable')) return '7 4';
  if (kinds.has('unregistered')) return '10 3 2 3';
  return undefined;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function markerColor(kind: MarkerKind, theme: Theme): string {
  switch (kind) {
    case 'unreachable':
    case 'unauthorized':
      return theme.palette.status.error;
    case 'unregistered':
      return theme.palette.status.warning;
    default:
      return theme.palette.status.aborted;
  }
}

/** Small icons on the rim of a node, one per marker. */
function MarkerBadges(props: { markers: Marker[]; radius: number }) {
  const theme = useTheme<Theme>();
  const { markers, radius } = props;
  return (
    <>
      {markers.map((marker, i) => {
        const x = radius * 0.55 + i * 17;
        const y = -radius - 4;
        return (
          <g
            key={marker.kind}
            transform={`translate(${x - 9},${y - 9})`}
            pointerEvents="none"
          >
            <circle
              cx={9}
              cy={9}
              r={9}
              fill={theme.palette.background.paper}
              stroke={markerColor(marker.kind, theme)}
            />
            <g transform="translate(2,2)">
              {/* width/height as attributes: a nested <svg> ignores the icon's CSS size */}
              <MarkerIcon
                kind={marker.kind}
                width={14}
                height={14}
                style={{ fontSize: 14, color: markerColor(marker.kind, theme) }}
              />
            </g>
          </g>
        );
      })}
    </>
  );
}

function activate(event: KeyboardEvent, action: () => void) {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    action();
  }
}

interface NodeProps<T> {
  model: T;
  selected: boolean;
  onSelect: (id: string) => void;
  classes: ReturnType<typeof useStyles>;
  colors: Record<ClusterCondition, string>;
}

/** A graph node as a button: positioned, labelled with its condition and markers, selectable by click or key. */
function NodeButton(props: {
  className: string;
  model: {
    x: number;
    y: number;
    hover: string;
    condition: string;
    markers: Array<{ kind: string }>;
  };
  label: string;
  selected: boolean;
  onSelect: () => void;
  opacity?: number;
  children: ReactNode;
}) {
  const { className, model, label, selected, onSelect, opacity, children } =
    props;
  const { condition, markers } = model;
  return (
    <g
      className={className}
      transform={`translate(${model.x},${model.y})`}
      role="button"
      tabIndex={0}
      aria-label={`${label}: ${condition}${
        markers.length ? `, ${markers.map(m => m.kind).join(', ')}` : ''
      }`}
      aria-pressed={selected}
      data-condition={condition}
      onClick={onSelect}
      onKeyDown={e => activate(e, onSelect)}
      opacity={opacity}
    >
      <title>{model.hover}</title>
      {children}
    </g>
  );
}

/** The disc of a graph node: a selection ring, an opaque backdrop, and the condition-coloured shape. */
function NodeDisc(props: {
  radius: number;
  selectionGap: number;
  selected: boolean;
  color: string;
  fillOpacity: number;
  strokeWidth: number;
  dash?: string;
  shapeClassName: string;
}) {
  const theme = useTheme<Theme>();
  const { radius, color } = props;
  return (
    <>
      {props.selected && (
        <circle
          r={radius + props.selectionGap}
          fill="none"
          stroke={theme.palette.primary.main}
          strokeWidth={3}
        />
      )}
      <circle r={radius} fill={theme.palette.background.paper} />
      <circle
        className={props.shapeClassName}
        r={radius}
        fill={color}
        fillOpacity={props.fillOpacity}
        stroke={color}
        strokeWidth={props.strokeWidth}
        strokeDasharray={props.dash}
      />
    </>
  );
}

const SpokeNode = memo(function SpokeNodeView(
  props: NodeProps<SpokeNodeModel>,
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
        dash={dashOf(markers)}
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

const HubNode = memo(function HubNodeView(props: NodeProps<HubNodeModel>) {
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
        dash={dashOf(markers)}
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
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const colors = useConditionColors();
  const ids = useId().replace(/:/g, '');

  const model = useMemo(
    () => buildGraphModel(hubs, clusters, edges),
    [hubs, clusters, edges],
  );
  const { layout } = model;
  const fit: ViewBox = useMemo(
    () => ({
      x: -PADDING,
      y: -PADDING,
      width: layout.width + 2 * PADDING,
      height: layout.height + 2 * PADDING,
    }),
    [layout.width, layout.height],
  );

  const [view, setView] = useState<ViewBox | undefined>(() => {
    const p = focusId ? layout.positions.get(focusId) : undefined;
    return p && fit.width > 1200 ? focusViewBox(p, 1000) : undefined;
  });
  // A new set of nodes (another filter) starts from the whole picture again.
  const layoutKey = `${layout.width}x${layout.height}:${layout.spokes.length}`;
  const firstLayout = useRef(layoutKey);
  useEffect(() => {
    if (firstLayout.current !== layoutKey) {
      firstLayout.current = layoutKey;
      setView(undefined);
    }
  }, [layoutKey]);
  const current = view ?? fit;

  const svgRef = useRef<SVGSVGElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const measure = () => {
      const rect = svgRef.current?.getBoundingClientRect();
      if (rect) setSize({ width: rect.width, height: rect.height });
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  /** Layout units per screen pixel (the SVG scales uniformly to fit: preserveAspectRatio meet). */
  const unitsPerPixel =
    size.width > 0 && size.height > 0
      ? Math.max(current.width / size.width, current.height / size.height)
      : 1;
  const compact = size.width > 0 && 1 / unitsPerPixel < LABEL_MIN_SCALE;

  const zoom = useCallback(
    (factor: number, cx?: number, cy?: number) =>
      setView(v => zoomViewBox(v ?? fit, factor, cx, cy)),
    [fit],
  );

  // ctrl/⌘ + wheel (and trackpad pinch) zooms around the pointer; plain wheel scrolls the page as usual.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return undefined;
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      const rect = svg.getBoundingClientRect();
      setView(v => {
        const box = v ?? fit;
        const scale = Math.max(
          box.width / rect.width,
          box.height / rect.height,
        );
        const offsetX = (rect.width - box.width / scale) / 2;
        const offsetY = (rect.height - box.height / scale) / 2;
        const cx = box.x + (event.clientX - rect.left - offsetX) * scale;
        const cy = box.y + (event.clientY - rect.top - offsetY) * scale;
        return zoomViewBox(box, event.deltaY < 0 ? 1.2 : 1 / 1.2, cx, cy);
      });
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [fit]);

  const drag = useRef<{
    x: number;
    y: number;
    view: ViewBox;
    moved: boolean;
  }>();
  const suppressClick = useRef(false);
  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    suppressClick.current = false;
    drag.current = {
      x: event.clientX,
      y: event.clientY,
      view: current,
      moved: false,
    };
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = event.clientX - d.x;
    const dy = event.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    if (!d.moved) {
      d.moved = true;
      event.currentTarget.setPointerCapture?.(event.pointerId);
    }
    setView({
      ...d.view,
      x: d.view.x - dx * unitsPerPixel,
      y: d.view.y - dy * unitsPerPixel,
    });
  };
  const onPointerUp = () => {
    suppressClick.current = drag.current?.moved ?? false;
    drag.current = undefined;
  };
  const select = useCallback(
    (id: string) => {
      if (suppressClick.current) {
        suppressClick.current = false;
        return;
      }
      onSelect(id);
    },
    [onSelect],
  );

  const routeColor = theme.palette.primary.main;
  const idleColor = theme.palette.text.disabled;

  return (
    <Box className={classes.root}>
      <svg
        ref={svgRef}
        className={`${classes.svg} ${compact ? classes.compact : ''}`}
        viewBox={`${current.x} ${current.y} ${current.width} ${current.height}`}
        preserveAspectRatio="xMidYMid meet"
        role="group"
        aria-label="Fleet topology graph"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerLeave={onPointerUp}
      >
        <defs>
          <marker
            id={`${ids}-route`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="11"
            markerHeight="11"
            markerUnits="userSpaceOnUse"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill={routeColor} />
          </marker>
          <marker
            id={`${ids}-idle`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="10"
            markerHeight="10"
            markerUnits="userSpaceOnUse"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill={idleColor} />
          </marker>
        </defs>

        <g aria-hidden="true">
          {model.hubs.map(hub =>
            hub.rings.map(r => (
              <circle
                key={`${hub.hub.name}-${r}`}
                cx={hub.x}
                cy={hub.y}
                r={r}
                fill="none"
                stroke={theme.palette.divider}
                strokeDasharray="2 6"
              />
            )),
          )}
        </g>

        <g aria-label="manages edges" role="list">
          {model.manages.map(edge => {
            const highlighted = edge.to === selectedId;
            return (
              <line
                key={edge.key}
                role="listitem"
                aria-label={`${edge.hub} manages ${edge.to}`}
                x1={edge.from.x}
                y1={edge.from.y}
                x2={edge.end.x}
                y2={edge.end.y}
                stroke={
                  highlighted
                    ? theme.palette.primary.main
                    : theme.palette.text.secondary
                }
                strokeOpacity={highlighted ? 0.9 : 0.35}
                strokeWidth={highlighted ? 2 : 1}
              />
            );
          })}
        </g>

        {model.hubs.map(
          hub =>
            hub.gateway && (
              <g key={`gw-${hub.hub.name}`}>
                <line
                  x1={hub.x}
                  y1={hub.y - HUB_R}
                  x2={hub.gateway.x}
                  y2={hub.gateway.y}
                  stroke={routeColor}
                  strokeWidth={2}
                />
                <g
                  transform={`translate(${hub.gateway.x},${hub.gateway.y})`}
                  role="img"
                  aria-label={`Gateway of ${hub.hub.name}`}
                >
                  <title>{`Gateway of ${hub.hub.name}: routes traffic to spokes`}</title>
                  <rect
                    x={-9}
                    y={-9}
                    width={18}
                    height={18}
                    transform="rotate(45)"
                    fill={theme.palette.background.paper}
                    stroke={routeColor}
                    strokeWidth={2.5}
                  />
                  <text
                    className={`${classes.meta} ${classes.label}`}
                    x={16}
                    dy="0.35em"
                  >
                    gateway
                  </text>
                </g>
              </g>
            ),
        )}

        <g aria-label="routes edges" role="list">
          {model.routes.map(route => {
            const { edge } = route;
            const text = edge.idle ? '0% idle' : `${edge.weight}%`;
            const color = edge.idle ? idleColor : routeColor;
            const width = 9 + text.length * 7;
            return (
              <g
                key={route.key}
                role="listitem"
                aria-label={`Route ${edge.route.namespace}/${edge.route.name} to ${edge.to}: ${text}`}
                data-idle={edge.idle}
              >
                <title>{route.hover}</title>
                <path
                  d={route.path}
                  fill="none"
                  stroke={color}
                  strokeWidth={edge.idle ? 1.5 : 1.5 + (edge.weight / 100) * 3}
                  strokeDasharray={edge.idle ? '6 5' : undefined}
                  markerEnd={`url(#${ids}-${edge.idle ? 'idle' : 'route'})`}
                />
                <g transform={`translate(${route.label.x},${route.label.y})`}>
                  <rect
                    x={-width / 2}
                    y={-9}
                    width={width}
                    height={18}
                    rx={9}
                    fill={theme.palette.background.paper}
                    stroke={color}
                  />
                  <text
                    className={classes.edgeLabel}
                    textAnchor="middle"
                    dy="0.35em"
                    fill={color}
                    style={{ fill: color }}
                  >
                    {text}
                  </text>
                </g>
              </g>
            );
          })}
        </g>

        <g>
          {model.hubs.map(hub => (
            <HubNode
              key={hub.hub.name}
              model={hub}
              selected={!!hub.cluster && hub.cluster.id === selectedId}
              onSelect={select}
              classes={classes}
              colors={colors}
            />
          ))}
          {model.spokes.map(spoke => (
            <SpokeNode
              key={spoke.cluster.id}
              model={spoke}
              selected={spoke.cluster.id === selectedId}
              onSelect={select}
              classes={classes}
              colors={colors}
            />
          ))}
        </g>
      </svg>

      <div className={classes.controls}>
        <Tooltip title="Zoom in" placement="left">
          <IconButton
            size="small"
            aria-label="Zoom in"
            onClick={() => zoom(1.4)}
          >
            <ZoomInIcon fontSize="small" />
          </IconButton>
        </Tooltip>
        <Tooltip title="Zoom out" placement="left">
          <IconButton
            size="small"
            aria-label="Zoom out"
            onClick={() => zoom(1 / 1.4)}
          >
            <ZoomOutIcon fontSize="small" />
          </IconButton>
        </Tooltip>
        <Tooltip title="Show everything" placement="left">
          <IconButton
            size="small"
            aria-label="Show everything"
            onClick={() => setView(undefined)}
          >
            <ZoomOutMapIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      </div>

      <GraphLegend colors={colors} />
    </Box>
  );
}

function Swatch(props: { color: string; dash?: string; label: string }) {
  const classes = useStyles();
  const theme = useTheme<Theme>();
  return (
    <span className={classes.legendItem}>
      <svg width={16} height={16} aria-hidden="true">
        <circle cx={8} cy={8} r={6} fill={theme.palette.background.paper} />
        <circle
          cx={8}
          cy={8}
          r={6}
          fill={props.color}
          fillOpacity={0.2}
          stroke={props.color}
          strokeWidth={2}
          strokeDasharray={props.dash}
        />
      </svg>
      <Typography variant="caption">{props.label}</Typography>
    </span>
  );
}

function EdgeSwatch(props: { color: string; dash?: string; label: string }) {
  const classes = useStyles();
  return (
    <span className={classes.legendItem}>
      <svg width={26} height={10} aria-hidden="true">
        <line
          x1={1}
          y1={5}
          x2={25}
          y2={5}
          stroke={props.color}
          strokeWidth={2}
          strokeDasharray={props.dash}
        />
      </svg>
      <Typography variant="caption">{props.label}</Typography>
    </span>
  );
}

function GraphLegend(props: { colors: Record<ClusterCondition, string> }) {
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const { colors } = props;
  return (
    <div className={classes.legend} aria-label="Legend">
      <Swatch color={colors.ok} label="ok" />
      <Swatch color={colors.warning} label="warning" />
      <Swatch color={colors.error} label="error" />
      <Swatch color={colors.unknown} label="unknown" />
      <Swatch
        color={theme.palette.text.secondary}
        dash="3 2"
        label="unreachable / unauthorized (dashed, icon)"
      />
      <span className={classes.legendItem}>
        <MarkerIcon kind="unregistered" style={{ fontSize: 16 }} aria-hidden />
        <Typography variant="caption">unregistered</Typography>
      </span>
      <span className={classes.legendItem}>
        <MarkerIcon kind="stale" style={{ fontSize: 16 }} aria-hidden />
        <Typography variant="caption">stale (faded)</Typography>
      </span>
      <EdgeSwatch color={theme.palette.text.secondary} label="manages" />
      <EdgeSwatch color={theme.palette.primary.main} label="routes (weight)" />
      <EdgeSwatch
        color={theme.palette.text.disabled}
        dash="4 3"
        label="idle route"
      />
      <Typography variant="caption" color="textSecondary">
        Number in a node: applications. Hover for details, click to open. Drag
        to pan, ctrl/⌘ + wheel to zoom.
      </Typography>
    </div>
  );
}
