import { select } from 'd3-selection';
import {
  D3ZoomEvent,
  zoom as d3Zoom,
  ZoomBehavior,
  zoomIdentity,
  ZoomTransform,
} from 'd3-zoom';
import {
  RefObject,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { meetScale, panZoomTo, ScreenSize, ViewBox } from './viewBox';

/** Zoom factor of one wheel step (ctrl/⌘ + wheel, or a pinch on a trackpad). */
const WHEEL_FACTOR = 1.2;
/** Zoom factor of the zoom buttons. */
const BUTTON_FACTOR = 1.4;
/** A press that moves no more than this many pixels still clicks (what it moved, it pans). */
const CLICK_DISTANCE = 4;

/** What the graph shows and how it starts. */
export interface ViewBoxOptions {
  /** The whole drawing, in layout units: the svg's view box. */
  fit: ViewBox;
  /** The part of the drawing to show first instead of the whole, e.g. around the cluster of a shared link. */
  initial?: ViewBox;
  /** When it changes (another set of nodes), the view starts from the whole drawing again. */
  resetKey?: string;
}

/** The current pan and zoom, and the controls of the zoom buttons. */
export interface ViewBoxControls {
  /** The pan and zoom to set on the drawing's `<g transform>`. */
  transform: ZoomTransform;
  /** Screen pixels per layout unit now; undefined until the svg has a size on screen. */
  pixelsPerUnit?: number;
  zoomIn(): void;
  zoomOut(): void;
  /** Back to the whole drawing. */
  reset(): void;
}

/**
 * Only ctrl/⌘ + wheel (and a trackpad pinch, a wheel with ctrl) zooms: a plain wheel scrolls the page. Only the
 * main button pans; d3-zoom follows the drag on the event's window, so a mouse event without one (dispatched by a
 * script) starts no pan.
 */
function startsGesture(event: MouseEvent | WheelEvent | TouchEvent): boolean {
  if (event.type === 'wheel') {
    return event.ctrlKey || event.metaKey;
  }
  if (event.type === 'mousedown' && !event.view) {
    return false;
  }
  return !(event as MouseEvent).button;
}

/** One step per wheel event whatever its delta, in or out, as d3-zoom wants it: log2 of the factor. */
function wheelStep(event: WheelEvent): number {
  return Math.log2(event.deltaY < 0 ? WHEEL_FACTOR : 1 / WHEEL_FACTOR);
}

function toTransform(box: { k: number; x: number; y: number }) {
  return zoomIdentity.translate(box.x, box.y).scale(box.k);
}

function measure(svg: SVGSVGElement | null): ScreenSize | undefined {
  const rect = svg?.getBoundingClientRect();
  return rect ? { width: rect.width, height: rect.height } : undefined;
}

/** The size of the svg on screen, measured when mounted and when the window is resized. */
function useScreenSize(
  svgRef: RefObject<SVGSVGElement>,
): ScreenSize | undefined {
  const [size, setSize] = useState<ScreenSize>();
  useLayoutEffect(() => {
    const update = () => setSize(measure(svgRef.current));
    update();
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, [svgRef]);
  return size;
}

/**
 * Pan and zoom of an svg on d3-zoom, as in core-components' DependencyGraph: the svg keeps the whole drawing as its
 * view box and the drawing gets the returned transform. Drag to pan (a drag that ends on a node does not click
 * it), ctrl/⌘ + wheel or pinch to zoom around the pointer, buttons to zoom around the middle.
 */
export function useViewBox(
  svgRef: RefObject<SVGSVGElement>,
  options: ViewBoxOptions,
): ViewBoxControls {
  const { fit, initial, resetKey } = options;
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  const behaviour = useRef<ZoomBehavior<SVGSVGElement, unknown>>();
  const screen = useScreenSize(svgRef);

  useLayoutEffect(() => {
    const svg = svgRef.current;
    if (!svg) return undefined;
    const zoom = d3Zoom<SVGSVGElement, unknown>()
      .filter(startsGesture)
      .wheelDelta(wheelStep)
      .clickDistance(CLICK_DISTANCE)
      .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) =>
        setTransform(event.transform),
      );
    // no zoom on double click: a double click on a node is two selections
    select(svg).call(zoom).on('dblclick.zoom', null);
    behaviour.current = zoom;
    return () => {
      select(svg).on('.zoom', null);
      behaviour.current = undefined;
    };
  }, [svgRef]);

  // The whole drawing is the zoom's extent, so the buttons zoom around the middle of the screen.
  useLayoutEffect(() => {
    behaviour.current?.extent([
      [fit.x, fit.y],
      [fit.x + fit.width, fit.y + fit.height],
    ]);
  }, [fit.x, fit.y, fit.width, fit.height]);

  // The first view is `initial` (if any); a new reset key starts from the whole drawing again.
  const latest = useRef({ fit, initial });
  latest.current.fit = fit;
  const shownKey = useRef<{ key?: string }>();
  useLayoutEffect(() => {
    const svg = svgRef.current;
    const zoom = behaviour.current;
    const shown = shownKey.current;
    if (!svg || !zoom || (shown && shown.key === resetKey)) return;
    shownKey.current = { key: resetKey };
    const box = shown ? undefined : latest.current.initial;
    if (!shown && !box) return;
    zoom.transform(
      select(svg),
      box
        ? toTransform(panZoomTo(latest.current.fit, box, measure(svg)))
        : zoomIdentity,
    );
  }, [svgRef, resetKey]);

  const zoomBy = useCallback(
    (factor: number) => {
      if (svgRef.current && behaviour.current) {
        behaviour.current.scaleBy(select(svgRef.current), factor);
      }
    },
    [svgRef],
  );
  const zoomIn = useCallback(() => zoomBy(BUTTON_FACTOR), [zoomBy]);
  const zoomOut = useCallback(() => zoomBy(1 / BUTTON_FACTOR), [zoomBy]);
  const reset = useCallback(() => {
    if (svgRef.current && behaviour.current) {
      behaviour.current.transform(select(svgRef.current), zoomIdentity);
    }
  }, [svgRef]);

  const pixelsPerUnit =
    screen && screen.width > 0 && screen.height > 0
      ? transform.k * meetScale(fit, screen)
      : undefined;
  return { transform, pixelsPerUnit, zoomIn, zoomOut, reset };
}
