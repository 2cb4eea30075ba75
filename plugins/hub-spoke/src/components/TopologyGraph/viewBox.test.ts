import {
  focusViewBox,
  meetScale,
  paddedViewBox,
  panZoomTo,
  visibleViewBox,
} from './viewBox';

const centre = (box: {
  x: number;
  y: number;
  width: number;
  height: number;
}) => ({
  x: box.x + box.width / 2,
  y: box.y + box.height / 2,
});

describe('visibleViewBox', () => {
  const fit = { x: 0, y: 0, width: 1000, height: 500 };

  it('shows the whole drawing without pan or zoom', () => {
    expect(visibleViewBox(fit, { k: 1, x: 0, y: 0 })).toEqual(fit);
  });

  it('shows half as much around the point that stays in place when zoomed in twice', () => {
    // zoomed around the centre (500, 250): k·p + t keeps it where it was
    expect(visibleViewBox(fit, { k: 2, x: -500, y: -250 })).toEqual({
      x: 250,
      y: 125,
      width: 500,
      height: 250,
    });
    // zoomed around the top left corner
    expect(visibleViewBox(fit, { k: 2, x: 0, y: 0 })).toEqual({
      x: 0,
      y: 0,
      width: 500,
      height: 250,
    });
  });

  it('moves the other way when panned', () => {
    expect(visibleViewBox(fit, { k: 1, x: 60, y: -20 })).toEqual({
      x: -60,
      y: 20,
      width: 1000,
      height: 500,
    });
  });
});

describe('panZoomTo', () => {
  const fit = paddedViewBox(2920, 1420, 40);
  const target = focusViewBox({ x: 2400, y: 300 }, 1000);

  it('shows the target whole and centred, as large as it fits', () => {
    const shown = visibleViewBox(fit, panZoomTo(fit, target));
    expect(centre(shown).x).toBeCloseTo(2400);
    expect(centre(shown).y).toBeCloseTo(300);
    expect(Math.min(shown.width, shown.height)).toBeCloseTo(1000);
    expect(shown.width).toBeGreaterThanOrEqual(1000);
    expect(shown.height).toBeGreaterThanOrEqual(1000);
  });

  it('draws the target at the scale it would have as the svg’s own view box on a measured screen', () => {
    const screen = { width: 1200, height: 560 };
    const { k } = panZoomTo(fit, target, screen);
    expect(k * meetScale(fit, screen)).toBeCloseTo(meetScale(target, screen));
    expect(meetScale(target, screen)).toBeCloseTo(0.56);
  });

  it('is no pan or zoom for the whole drawing', () => {
    const { k, x, y } = panZoomTo(fit, fit, { width: 800, height: 560 });
    expect(k).toBeCloseTo(1);
    expect(x).toBeCloseTo(0);
    expect(y).toBeCloseTo(0);
  });
});

describe('paddedViewBox', () => {
  it('leaves room around the drawing', () => {
    expect(paddedViewBox(100, 50, 40)).toEqual({
      x: -40,
      y: -40,
      width: 180,
      height: 130,
    });
  });
});
