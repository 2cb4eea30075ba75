import { Theme, useTheme } from '@material-ui/core/styles';
import { Marker, MarkerKind } from '../FleetStatus/clusterMarkers';
import { MarkerIcon } from '../FleetStatus/MarkerIcon';

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
export function MarkerBadges(props: { markers: Marker[]; radius: number }) {
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
