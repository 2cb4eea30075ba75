import Tooltip from '@material-ui/core/Tooltip';
import { formatAge, formatExactTime } from './time';

/**
 * A time as a person reads it ("3 minutes ago"), with the exact time on hover.
 *
 * @public
 */
export function RelativeTime(props: { value?: string; fallback?: string }) {
  const { value, fallback = 'never' } = props;
  if (!value) {
    return <span>{fallback}</span>;
  }
  return (
    <Tooltip title={formatExactTime(value)} arrow>
      <time dateTime={value}>{formatAge(value)}</time>
    </Tooltip>
  );
}
