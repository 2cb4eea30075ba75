import {
  DEFAULT_LAYOUT,
  Point,
  layoutTopology,
  ringCapacity,
  ringSizes,
  routeCurve,
} from './layout';

const distance = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.hypot(a.x - b.x, a.y - b.y);

describe('ringSizes', () => {
  it('puts a few spokes on one ring', () => {
    expect(ringSizes(0, DEFAULT_LAYOUT)).toEqual([]);
    expect(ringSizes(3, DEFAULT_LAYOUT)).toEqual([3]);
  });

  it('fills inner rings first and grows capacity with the radius', () => {
    const sizes = ringSizes(200, DEFAULT_LAYOUT);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(200);
    for (let i = 0; i < sizes.length - 1; i++) {
      expect(sizes[i]).toBe(ringCapacity(i, DEFAULT_LAYOUT));
      expect(ringCapacity(i + 1, DEFAULT_LAYOUT)).toBeGreaterThan(sizes[i]);
    }
    expect(sizes.length).toBeLessThanOrEqual(8);
  });
});

describe('layoutTopology', () => {
  it('places each hub in the middle of its spokes, hubs side by side', () => {
    const layout = layoutTopology([
      { hub: 'a', spokes: ['a/x', 'a/y', 'a/z'] },
      { hub: 'b', spokes: ['b/x'] },
    ]);
    const [a, b] = layout.hubs;
    expect(a.y).toBe(b.y);
    expect(b.x).toBeGreaterThan(a.x + a.size / 2);
    for (const spoke of layout.spokes) {
      const hub = spoke.hub === 'a' ? a : b;
      expect(distance(spoke, hub)).toBeCloseTo(DEFAULT_LAYOUT.firstRing, 0);
    }
    // clockwise from the top
    expect(layout.positions.get('a/x')).toEqual({
      id: 'a/x',
      hub: 'a',
      ring: 0,
      x: a.x,
      y: a.y - DEFAULT_LAYOUT.firstRing,
    });
    expect(layout.width).toBe(a.size + DEFAULT_LAYOUT.gap + b.size);
    expect(layout.height).toBe(Math.max(a.size, b.size));
    expect(a.gateway.x).toBe(a.x);
    expect(a.gateway.y).toBeLessThan(a.y - DEFAULT_LAYOUT.hubRadius);
  });

  it('is deterministic: the same spokes in any order get the same places', () => {
    const one = layoutTopology([{ hub: 'a', spokes: ['a/c', 'a/a', 'a/b'] }]);
    const two = layoutTopology([{ hub: 'a', spokes: ['a/b', 'a/c', 'a/a'] }]);
    expect(one).toEqual(two);
    expect(one.spokes.map(s => s.id)).toEqual(['a/a', 'a/b', 'a/c']);
  });

  it('keeps 200 spokes apart and inside the hub’s cell', () => {
    const spokes = Array.from({ length: 200 }, (_, i) => `a/s${i}`);
    const layout = layoutTopology([{ hub: 'a', spokes }]);
    const [hub] = layout.hubs;
    expect(layout.spokes).toHaveLength(200);
    let closest = Infinity;
    for (let i = 0; i < layout.spokes.length; i++) {
      const s = layout.spokes[i];
      expect(Math.abs(s.x - hub.x)).toBeLessThan(hub.size / 2);
      expect(Math.abs(s.y - hub.y)).toBeLessThan(hub.size / 2);
      for (let j = i + 1; j < layout.spokes.length; j++) {
        closest = Math.min(closest, distance(s, layout.spokes[j]));
      }
    }
    expect(closest).toBeGreaterThanOrEqual(
      Math.min(DEFAULT_LAYOUT.spacing, DEFAULT_LAYOUT.ringGap) * 0.95,
    );
  });

  it('wraps many hubs into a grid', () => {
    const groups = Array.from({ length: 9 }, (_, i) => ({
      hub: `h${i}`,
      spokes: [`h${i}/s`],
    }));
    const layout = layoutTopology(groups);
    const rows = new Set(layout.hubs.map(h => h.y));
    expect(rows.size).toBe(3);
    expect(layout.height).toBeGreaterThan(layout.hubs[0].size * 2);
  });

  it('gives a hub without spokes a cell of its own', () => {
    const layout = layoutTopology([{ hub: 'a', spokes: [] }]);
    expect(layout.spokes).toEqual([]);
    expect(layout.hubs[0].size).toBeGreaterThan(2 * DEFAULT_LAYOUT.hubRadius);
    expect(layout.hubs[0].rings).toEqual([]);
  });
});

describe('routeCurve', () => {
  /** Point of the quadratic curve of `path` at t (with its full end point). */
  const controlOf = (path: string) => {
    const [, , , , cx, cy] = path.split(' ');
    return { x: Number(cx), y: Number(cy) };
  };
  const at = (from: Point, control: Point, to: Point, t: number) => ({
    x: (1 - t) ** 2 * from.x + 2 * (1 - t) * t * control.x + t ** 2 * to.x,
    y: (1 - t) ** 2 * from.y + 2 * (1 - t) * t * control.y + t ** 2 * to.y,
  });

  it('bends parallel routes to the same spoke apart, labels nearer the spoke', () => {
    const from = { x: 0, y: 0 };
    const to = { x: 100, y: 0 };
    const first = routeCurve(from, to, 0, 2, 10);
    const second = routeCurve(from, to, 1, 2, 10);
    expect(first.path).toMatch(/^M 0 0 Q /);
    expect(first.label.x).toBeGreaterThan(50);
    expect(first.label.x).toBe(second.label.x);
    expect(Math.abs(first.label.y - second.label.y)).toBeGreaterThan(30);
  });

  it('goes around the hub when the spoke is on the far side of it', () => {
    const hub = { x: 0, y: 0 };
    const gateway = { x: 0, y: -74 };
    const spoke = { x: 10, y: 180 };
    const curve = routeCurve(gateway, spoke, 0, 1, 25, {
      center: { x: 0, y: 25 },
      radius: 75,
    });
    const control = controlOf(curve.path);
    const points = Array.from({ length: 91 }, (_, i) =>
      at(gateway, control, spoke, 0.05 + i * 0.01),
    );
    // clear of the hub's circle (radius 40; the gateway itself is 74 from its centre) ...
    expect(
      Math.min(...points.map(p => Math.hypot(p.x - hub.x, p.y - hub.y))),
    ).toBeGreaterThan(50);
    // ... and of its label below it
    expect(
      points.filter(p => Math.abs(p.x) < 70 && p.y > 40 && p.y < 90),
    ).toEqual([]);
    expect(
      Math.hypot(curve.label.x - hub.x, curve.label.y - hub.y),
    ).toBeGreaterThan(75);
  });

  it('bends routes to spokes on the gateway side only a little', () => {
    const hub = { x: 0, y: 0 };
    const gateway = { x: 0, y: -74 };
    const spoke = { x: 100, y: -180 };
    const control = controlOf(
      routeCurve(gateway, spoke, 0, 1, 25, {
        center: { x: hub.x, y: hub.y + 25 },
        radius: 75,
      }).path,
    );
    const mid = { x: 50, y: -127 };
    // the control point of a bend of 30 is 60 from the chord's middle
    expect(Math.hypot(control.x - mid.x, control.y - mid.y)).toBeCloseTo(60, 0);
  });
});
