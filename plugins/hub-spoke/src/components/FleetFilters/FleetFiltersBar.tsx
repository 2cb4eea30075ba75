import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import InputAdornment from '@material-ui/core/InputAdornment';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import OutlinedInput from '@material-ui/core/OutlinedInput';
import Select from '@material-ui/core/Select';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import ClearIcon from '@material-ui/icons/Clear';
import SearchIcon from '@material-ui/icons/Search';
import {
  HEALTH_STATUSES,
  SYNC_STATUSES,
} from '@hub-spoke/plugin-hub-spoke-common';
import { ChangeEvent, useEffect, useRef, useState } from 'react';
import { FleetFilters, hasActiveFilters } from './filters';

const useStyles = makeStyles((theme: Theme) => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    margin: theme.spacing(2, 0),
  },
  select: { minWidth: 160, maxWidth: 260 },
  search: { minWidth: 240 },
  count: { marginLeft: 'auto' },
}));

function MultiSelect<T extends string>(props: {
  id: string;
  label: string;
  options: readonly T[];
  value: T[];
  onChange: (value: T[]) => void;
}) {
  const classes = useStyles();
  return (
    <FormControl variant="outlined" size="small" className={classes.select}>
      <InputLabel id={`${props.id}-label`} shrink>
        {props.label}
      </InputLabel>
      <Select
        labelId={`${props.id}-label`}
        id={props.id}
        multiple
        input={<OutlinedInput notched label={props.label} />}
        value={props.value}
        renderValue={selected =>
          (selected as T[]).length ? (selected as T[]).join(', ') : 'All'
        }
        displayEmpty
        onChange={(event: ChangeEvent<{ value: unknown }>) =>
          props.onChange(event.target.value as T[])
        }
      >
        {props.options.map(option => (
          <MenuItem key={option} value={option}>
            {option}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/**
 * Hub, health and sync pickers, a search box and "clear filters". The search box writes to the URL a moment after
 * typing stops, so a large graph is not laid out again on every key.
 */
export function FleetFiltersBar(props: {
  hubNames: string[];
  filters: FleetFilters;
  onChange: (
    update: Partial<FleetFilters>,
    options?: { replace?: boolean },
  ) => void;
  onClear: () => void;
  shown: number;
  total: number;
}) {
  const { hubNames, filters, onChange, onClear, shown, total } = props;
  const classes = useStyles();
  const [text, setText] = useState(filters.q);
  // The search last written to the URL: a different one comes from elsewhere (clear filters, back button).
  const written = useRef(filters.q);
  useEffect(() => {
    if (filters.q !== written.current) {
      written.current = filters.q;
      setText(filters.q);
    }
  }, [filters.q]);
  useEffect(() => {
    const q = text.trim();
    if (q === written.current) return undefined;
    const timer = setTimeout(() => {
      written.current = q;
      onChange({ q }, { replace: true });
    }, 250);
    return () => clearTimeout(timer);
  }, [text, onChange]);

  return (
    <div className={classes.bar} role="search" aria-label="Fleet filters">
      <MultiSelect
        id="hub-spoke-filter-hub"
        label="Hub"
        options={hubNames}
        value={filters.hubs}
        onChange={hubs => onChange({ hubs })}
      />
      <MultiSelect
        id="hub-spoke-filter-health"
        label="Health"
        options={HEALTH_STATUSES}
        value={filters.health}
        onChange={health => onChange({ health })}
      />
      <MultiSelect
        id="hub-spoke-filter-sync"
        label="Sync"
        options={SYNC_STATUSES}
        value={filters.sync}
        onChange={sync => onChange({ sync })}
      />
      <TextField
        id="hub-spoke-filter-search"
        className={classes.search}
        variant="outlined"
        size="small"
        label="Search clusters"
        value={text}
        onChange={e => setText(e.target.value)}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        }}
      />
      {filters.expiringCertificates && (
        <Chip
          label="Certificates expiring soon"
          onDelete={() => onChange({ expiringCertificates: false })}
          color="secondary"
          variant="outlined"
        />
      )}
      <Button
        startIcon={<ClearIcon />}
        onClick={onClear}
        disabled={!hasActiveFilters(filters)}
      >
        Clear filters
      </Button>
      <Typography
        variant="body2"
        color="textSecondary"
        className={classes.count}
      >
        {shown === total
          ? `${total} clusters`
          : `Showing ${shown} of ${total} clusters`}
      </Typography>
    </div>
  );
}
