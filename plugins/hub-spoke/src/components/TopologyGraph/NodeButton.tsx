import { KeyboardEvent, ReactNode } from 'react';
import { ConditionColors, GraphClasses } from './styles';

/** What every graph node gets: its model, whether it is selected, what to call on selection, styles, colours. */
export interface GraphNodeProps<T> {
  model: T;
  selected: boolean;
  onSelect: (id: string) => void;
  classes: GraphClasses;
  colors: ConditionColors;
}

function activate(event: KeyboardEvent, action: () => void) {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    action();
  }
}

/** A graph node as a button: positioned, labelled with its condition and markers, selectable by click or key. */
export function NodeButton(props: {
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
