/**
 * Deterministic, hub-centred layout of the fleet graph: each hub in the middle of its own cell, its spokes on
 * concentric rings around it (as many rings as the count needs), cells side by side in rows. Pure, so the page
 * can memoise it and tests can check it without a DOM.
 */

export interface Point {
  x: number;
  y: number;
}

export interface LayoutOptions {
  /** Radius of a hub node. */
  hubRadius: number;
  /** Radius of a spoke node. */
  spokeRadius: number;
  /** Radius of the first ring of spokes. */
  firstRing: number;
  /** Distance between two rings (room for a node and its label). */
  ringGap: number;
  /** Smallest distance along a ring between two spokes (room for their labels). */
  spacing: number;
  /** Room around the outer ring for the labels of its spokes. */
  margin: number;
  /** Gap between two hubs' cells. */
  gap: number;
  /** Hubs per row; by default all side by side up to 4, then a square-ish grid. */
  maxPerRow?: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = {
  hubRadius: 40,
  spokeRadius: 22,
  firstRing: 180,
  ringGap: 120,
  spacing: 135,
  margin: 80,
  gap: 60,
};

/** A hub's place: the centre of its cell, the cell's size, its rings and where its gateway sits. */
export interface HubPlacement extends Point {
  hub: string;
  /** Width and height of the (square) cell. */
  size: number;
  /** Radii of the rings in use. */
  rings: number[];
  /** Where the hub's gateway is drawn (routes edges start there). */
  gateway: Point;
}

/** A spoke's place. */
export interface SpokePlacement extends Point {
  id: string;
  hub: string;
  /** Ring index, 0 for the innermost. */
  ring: number;
}

export interface TopologyLayout {
  hubs: HubPlacement[];
  spokes: SpokePlacement[];
  /** Position of every hub (by hub name) and spoke (by cluster id). */
  positions: Map<string, Point>;
  width: number;
  height: number;
}

/** One hub and the ids of the spokes to place around it. */
export interface HubGroup {
  hub: string;
  spokes: string[];
}

/** How many spokes fit on ring `index` (0-based) without their labels overlapping. */
export function ringCapacity(index: number, options: LayoutOptions): number {
  const radius = options.firstRing + index * options.ringGap;
  return Math.max(6, Math.floor((2 * Math.PI * radius) / options.spacing));
}

/** Number of spokes on each ring for `count` spokes: inner rings full, the last one with the rest. */
export function ringSizes(count: number, options: LayoutOptions): number[] {
  const sizes: number[] = [];
  let left = count;
  for (let i = 0; left > 0; i++) {
    const size = Math.min(left, ringCapacity(i, options));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/**
 * Positions of `count` spokes relative to their hub: ring by ring, clockwise from the top, every other ring
 * turned by half a step so that labels of neighbouring rings do not line up.
 */
export function ringPositions(
  count: number,
  options: LayoutOptions,
): Array<Point & { ring: number }> {
  const positions: Array<Point & { ring: number }> = [];
  ringSizes(count, options).forEach((size, ring) => {
    const radius = options.firstRing + ring * options.ringGap;
    const step = (2 * Math.PI) / size;
    const offset = ring % 2 === 1 ? step / 2 : 0;
    for (let i = 0; i < size; i++) {
      const angle = -Math.PI / 2 + offset + i * step;
      positions.push({
        ring,
        x: round(radius * Math.cos(angle)),
        y: round(radius * Math.sin(angle)),
      });
    }
  });
  return positions;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * Lays out the fleet: hubs in the given order, side by side in rows, each with its spokes (sorted by id, so the
 * same fleet always looks the same) on rings sized by their count.
 */
export function layoutTopology(
  groups: HubGroup[],
  options: LayoutOptions = DEFAULT_LAYOUT,
): TopologyLayout {
  const perRow =
    options.maxPerRow ??
    (groups.length <= 4
      ? Math.max(1, groups.length)
      : Math.ceil(Math.sqrt(groups.length)));

  const cells = groups.map(group => {
    const spokes = [...group.spokes].sort(compare);
    const relative = ringPositions(spokes.length, options);
    const rings = ringSizes(spokes.length, options).map(
      (_, i) => options.firstRing + i * options.ringGap,
    );
    const outer = rings.length ? rings[rings.length - 1] : options.hubRadius;
    const size = 2 * (Math.max(outer, options.hubRadius + 60) + options.margin);
    return { group, spokes, relative, rings, size };
  });

  const hubs: HubPlacement[] = [];
  const spokes: SpokePlacement[] = [];
  const positions = new Map<string, Point>();
  let top = 0;
  let width = 0;
  for (let start = 0; start < cells.length; start += perRow) {
    const row = cells.slice(start, start + perRow);
    const rowHeight = Math.max(...row.map(c => c.size));
    let left = 0;
    for (const cell of row) {
      const center = { x: left + cell.size / 2, y: top + rowHeight / 2 };
      hubs.push({
        hub: cell.group.hub,
        ...center,
        size: cell.size,
        rings: cell.rings,
        gateway: { x: center.x, y: center.y - options.hubRadius - 34 },
      });
      positions.set(cell.group.hub, center);
      cell.spokes.forEach((id, i) => {
        const p = cell.relative[i];
        const placed = {
          id,
          hub: cell.group.hub,
          ring: p.ring,
          x: round(center.x + p.x),
          y: round(center.y + p.y),
        };
        spokes.push(placed);
        positions.set(id, placed);
      });
      left += cell.size + options.gap;
    }
    width = Math.max(width, left - options.gap);
    top += rowHeight + options.gap;
  }
  return {
    hubs,
    spokes,
    positions,
    width: Math.max(width, 0),
    height: Math.max(top - options.gap, 0),
  };
}

/** The path of a routes edge and where its label goes. */
export interface RouteCurve {
  path: string;
  label: Point;
}

/** A disc a curve should go around (a hub and its label). */
export interface Obstacle {
  center: Point;
  radius: number;
}

/** Where along a routes edge its weight label sits: nearer the spoke than the gateway, away from the hub. */
const LABEL_AT = 0.62;

/**
 * A routes edge from a gateway to a spoke as a quadratic curve, bent to one side so that it stands apart from the
 * straight `manages` edge; the `index`-th of `count` routes to the same spoke bends further, so parallel routes
 * stay readable. With `avoid`, the curve bends away from that disc and far enough to pass around it (a route
 * from the gateway above a hub to a spoke below it goes around the hub, not through it). The curve stops at the
 * spoke's border (`endGap`) to leave room for the arrow head.
 */
export function routeCurve(
  from: Point,
  to: Point,
  index: number,
  count: number,
  endGap: number,
  avoid?: Obstacle,
): RouteCurve {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  let normal = { x: -dy / length, y: dx / length };
  const mid = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
  const first = 30 - ((count - 1) / 2) * 36;
  let bend = first + index * 36;
  if (avoid) {
    const side =
      (avoid.center.x - mid.x) * normal.x + (avoid.center.y - mid.y) * normal.y;
    if (side > 0) {
      normal = { x: -normal.x, y: -normal.y };
    }
    const along =
      ((avoid.center.x - from.x) * dx + (avoid.center.y - from.y) * dy) /
      (length * length);
    if (Math.abs(side) < avoid.radius && along > 0.05 && along < 0.95) {
      // A quadratic curve is 4t(1-t)·bend away from its chord at t.
      const required = Math.min(
        (avoid.radius - Math.abs(side)) / (4 * along * (1 - along)),
        length,
      );
      if (first < required) {
        bend += required - first;
      }
    }
  }
  const control = {
    x: mid.x + normal.x * bend * 2,
    y: mid.y + normal.y * bend * 2,
  };
  const toControl = Math.hypot(control.x - to.x, control.y - to.y) || 1;
  const end = {
    x: to.x + ((control.x - to.x) / toControl) * endGap,
    y: to.y + ((control.y - to.y) / toControl) * endGap,
  };
  const t = LABEL_AT;
  const label = {
    x: (1 - t) ** 2 * from.x + 2 * (1 - t) * t * control.x + t ** 2 * to.x,
    y: (1 - t) ** 2 * from.y + 2 * (1 - t) * t * control.y + t ** 2 * to.y,
  };
  const f = (n: number) => round(n);
  return {
    path: `M ${f(from.x)} ${f(from.y)} Q ${f(control.x)} ${f(control.y)} ${f(
      end.x,
    )} ${f(end.y)}`,
    label: { x: f(label.x), y: f(label.y) },
  };
}
