import { Theme, useTheme } from '@material-ui/core/styles';
import { Marker } from '../FleetStatus/clusterMarkers';

/** Border dash of a node: one pattern per marker, the most serious wins. */
function borderDash(markers: Marker[]): string | undefined {
  const kinds = new Set(markers.map(m => m.kind));
  if (kinds.has('unauthorized')) return '2 3';
  if (kinds.has('unreachable')) return '7 4';
  if (kinds.has('unregistered')) return '10 3 2 3';
  return undefined;
}

/**
 * The disc of a graph node: a selection ring, an opaque backdrop, and the condition-coloured shape with a border
 * dashed by its markers.
 */
export function NodeDisc(props: {
  radius: number;
  selectionGap: number;
  selected: boolean;
  color: string;
  fillOpacity: number;
  strokeWidth: number;
  markers: Marker[];
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
        strokeDasharray={borderDash(props.markers)}
      />
    </>
  );
}
