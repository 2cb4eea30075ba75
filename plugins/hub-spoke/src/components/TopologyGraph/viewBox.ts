/**
 * What part of the drawing is on screen: the svg's view box (the whole drawing) and a pan/zoom over it. Pure, so
 * the graph's hook and tests share one definition.
 */
import { Point } from './layout';

/** An SVG view box, in layout units. */
export interface ViewBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The size of the svg on screen, in pixels. */
export interface ScreenSize {
  width: number;
  height: number;
}

/**
 * A pan and zoom, as d3-zoom's ZoomTransform: the layout point p is drawn at k·p + (x, y) in the coordinates of
 * the whole drawing's view box.
 */
export interface PanZoom {
  k: number;
  x: number;
  y: number;
}

/** The view box of a drawing of the given size with room around it. */
export function paddedViewBox(
  width: number,
  height: number,
  padding: number,
): ViewBox {
  return {
    x: -padding,
    y: -padding,
    width: width + 2 * padding,
    height: height + 2 * padding,
  };
}

/** A view box of the given size centred on a point. */
export function focusViewBox(point: Point, size: number): ViewBox {
  return {
    x: point.x - size / 2,
    y: point.y - size / 2,
    width: size,
    height: size,
  };
}

/** Screen pixels per layout unit of a view box drawn whole and centred (preserveAspectRatio xMidYMid meet). */
export function meetScale(box: ViewBox, screen: ScreenSize): number {
  return Math.min(screen.width / box.width, screen.height / box.height);
}

/**
 * The pan and zoom under which an svg whose view box is `fit` shows `target` as it would with `target` as its own
 * view box: whole, as large as it fits, centred. Without a measured screen, the screen is taken to have the
 * proportions of `fit`.
 */
export function panZoomTo(
  fit: ViewBox,
  target: ViewBox,
  screen?: ScreenSize,
): PanZoom {
  const size =
    screen && screen.width > 0 && screen.height > 0
      ? screen
      : { width: fit.width, height: fit.height };
  const k = meetScale(target, size) / meetScale(fit, size);
  return {
    k,
    x: fit.x + fit.width / 2 - k * (target.x + target.width / 2),
    y: fit.y + fit.height / 2 - k * (target.y + target.height / 2),
  };
}

/** The part of the layout that takes the place of the view box `fit` under a pan and zoom. */
export function visibleViewBox(fit: ViewBox, panZoom: PanZoom): ViewBox {
  const { k, x, y } = panZoom;
  return {
    x: (fit.x - x) / k,
    y: (fit.y - y) / k,
    width: fit.width / k,
    height: fit.height / k,
  };
}
