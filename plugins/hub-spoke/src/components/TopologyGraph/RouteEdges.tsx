import { Theme, useTheme } from '@material-ui/core/styles';
import { HubNodeModel, RouteEdgeModel } from './graphModel';
import { DEFAULT_LAYOUT } from './layout';
import { GraphClasses } from './styles';

/** Colours of a route with traffic and of an idle one. */
function useRouteColors() {
  const theme = useTheme<Theme>();
  return {
    route: theme.palette.primary.main,
    idle: theme.palette.text.disabled,
  };
}

function Arrow(props: { id: string; size: number; color: string }) {
  return (
    <marker
      id={props.id}
      viewBox="0 0 10 10"
      refX="9"
      refY="5"
      markerWidth={`${props.size}`}
      markerHeight={`${props.size}`}
      markerUnits="userSpaceOnUse"
      orient="auto-start-reverse"
    >
      <path d="M 0 0 L 10 5 L 0 10 z" fill={props.color} />
    </marker>
  );
}

/** The arrow heads of routes edges, `${idPrefix}-route` and `${idPrefix}-idle`, for the svg's `<defs>`. */
export function RouteArrowMarkers(props: { idPrefix: string }) {
  const colors = useRouteColors();
  return (
    <>
      <Arrow id={`${props.idPrefix}-route`} size={11} color={colors.route} />
      <Arrow id={`${props.idPrefix}-idle`} size={10} color={colors.idle} />
    </>
  );
}

/** The gateway of each hub that routes traffic: a diamond above the hub, where its routes edges start. */
export function Gateways(props: {
  hubs: HubNodeModel[];
  classes: GraphClasses;
}) {
  const theme = useTheme<Theme>();
  const { route } = useRouteColors();
  const { hubs, classes } = props;
  return (
    <>
      {hubs.map(
        hub =>
          hub.gateway && (
            <g key={`gw-${hub.hub.name}`}>
              <line
                x1={hub.x}
                y1={hub.y - DEFAULT_LAYOUT.hubRadius}
                x2={hub.gateway.x}
                y2={hub.gateway.y}
                stroke={route}
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
                  stroke={route}
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
    </>
  );
}

/**
 * The `routes` edges, gateway to spoke, as a list: curves as thick as their weight with the weight on a label,
 * idle routes dashed, the route's details on hover. Arrow heads are those of {@link RouteArrowMarkers}.
 */
export function RouteEdges(props: {
  routes: RouteEdgeModel[];
  idPrefix: string;
  classes: GraphClasses;
}) {
  const theme = useTheme<Theme>();
  const colors = useRouteColors();
  const { routes, idPrefix, classes } = props;
  return (
    <g aria-label="routes edges" role="list">
      {routes.map(route => {
        const { edge } = route;
        const text = edge.idle ? '0% idle' : `${edge.weight}%`;
        const color = edge.idle ? colors.idle : colors.route;
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
              markerEnd={`url(#${idPrefix}-${edge.idle ? 'idle' : 'route'})`}
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
  );
}
