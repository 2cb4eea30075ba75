import { Theme, useTheme } from '@material-ui/core/styles';
import { HubNodeModel } from './graphModel';

/** The dotted rings around each hub on which its spokes sit: background, hidden from screen readers. */
export function HubRings(props: { hubs: HubNodeModel[] }) {
  const theme = useTheme<Theme>();
  return (
    <g aria-hidden="true">
      {props.hubs.map(hub =>
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
  );
}
