import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import ZoomInIcon from '@material-ui/icons/ZoomIn';
import ZoomOutIcon from '@material-ui/icons/ZoomOut';
import ZoomOutMapIcon from '@material-ui/icons/ZoomOutMap';
import { ViewBoxControls } from './useViewBox';

/** The zoom buttons in the corner of the graph: in, out, and back to the whole fleet. */
export function ZoomControls(props: {
  className: string;
  view: Pick<ViewBoxControls, 'zoomIn' | 'zoomOut' | 'reset'>;
}) {
  const { className, view } = props;
  return (
    <div className={className}>
      <Tooltip title="Zoom in" placement="left">
        <IconButton size="small" aria-label="Zoom in" onClick={view.zoomIn}>
          <ZoomInIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Tooltip title="Zoom out" placement="left">
        <IconButton size="small" aria-label="Zoom out" onClick={view.zoomOut}>
          <ZoomOutIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Tooltip title="Show everything" placement="left">
        <IconButton
          size="small"
          aria-label="Show everything"
          onClick={view.reset}
        >
          <ZoomOutMapIcon fontSize="small" />
        </IconButton>
      </Tooltip>
    </div>
  );
}
