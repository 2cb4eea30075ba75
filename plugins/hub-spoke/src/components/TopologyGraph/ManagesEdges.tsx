import { Theme, useTheme } from '@material-ui/core/styles';
import { ManagesEdgeModel } from './graphModel';

/** The `manages` edges, hub to spoke, as a list; the edge to the selected cluster is highlighted. */
export function ManagesEdges(props: {
  edges: ManagesEdgeModel[];
  selectedId?: string;
}) {
  const theme = useTheme<Theme>();
  const { edges, selectedId } = props;
  return (
    <g aria-label="manages edges" role="list">
      {edges.map(edge => {
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
  );
}
