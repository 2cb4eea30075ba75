import { SvgIconProps } from '@material-ui/core/SvgIcon';
import CloudOffIcon from '@material-ui/icons/CloudOff';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import HistoryIcon from '@material-ui/icons/History';
import LockIcon from '@material-ui/icons/Lock';
import { MarkerKind } from './clusterMarkers';

const ICONS = {
  unreachable: CloudOffIcon,
  unauthorized: LockIcon,
  unregistered: HelpOutlineIcon,
  stale: HistoryIcon,
};

/** The icon of a marker, named for screen readers by its kind. */
export function MarkerIcon(
  props: { kind: MarkerKind } & Omit<SvgIconProps, 'titleAccess'>,
) {
  const { kind, ...rest } = props;
  const Icon = ICONS[kind];
  return <Icon titleAccess={kind} {...rest} />;
}
