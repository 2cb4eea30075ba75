import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useRef } from 'react';
// Test helpers, not a plugin: the frontend ones are on a React-only subpath of the (node-library) package.
import { mockScreenSize } from '@hub-spoke/test-utils/frontend';
import { useViewBox, ViewBoxOptions } from './useViewBox';
import { ViewBox, visibleViewBox } from './viewBox';

const fit: ViewBox = { x: 0, y: 0, width: 1000, height: 500 };

/** An svg with the hook on it, its transform and scale written out, and the zoom buttons. */
function Drawing(props: ViewBoxOptions) {
  const svgRef = useRef<SVGSVGElement>(null);
  const view = useViewBox(svgRef, props);
  const { x, y, width, height } = props.fit;
  return (
    <>
      <svg
        ref={svgRef}
        viewBox={`${x} ${y} ${width} ${height}`}
        role="group"
        aria-label="Drawing"
      >
        <g transform={view.transform.toString()}>
          <circle role="button" aria-label="Node" r={10} />
        </g>
      </svg>
      <output aria-label="Pixels per unit">
        {view.pixelsPerUnit ?? 'not measured'}
      </output>
      <button onClick={view.zoomIn}>Zoom in</button>
      <button onClick={view.zoomOut}>Zoom out</button>
      <button onClick={view.reset}>Show everything</button>
    </>
  );
}

function drawing(): HTMLElement {
  return screen.getByRole('group', { name: 'Drawing' });
}

/** The pan and zoom on the drawing. */
function panZoom() {
  const [, x, y, k] = drawing()
    .querySelector('g')!
    .getAttribute('transform')!
    .match(/^translate\(([-\d.e]+),([-\d.e]+)\) scale\(([-\d.e]+)\)$/)!
    .map(Number);
  return { k, x, y };
}

/** The part of the layout on screen. */
function shown(): ViewBox {
  return visibleViewBox(fit, panZoom());
}

/** The layout point drawn at (px, py) of the view box. */
function pointAt(px: number, py: number) {
  const { k, x, y } = panZoom();
  return { x: (px - x) / k, y: (py - y) / k };
}

/** d3-zoom follows a drag on the event's window, which fireEvent leaves out unless told. */
const inWindow = (init: MouseEventInit = {}) => ({ view: window, ...init });

describe('useViewBox', () => {
  afterEach(() => jest.restoreAllMocks());

  it('starts with the whole drawing', () => {
    render(<Drawing fit={fit} />);
    expect(shown()).toEqual(fit);
  });

  it('zooms with ctrl/⌘ + wheel around the pointer, which stays in place, one step per wheel event', () => {
    render(<Drawing fit={fit} />);
    // without a layout engine, jsdom puts the svg at (0, 0) with no size: client coordinates are view box units
    const at = { clientX: 200, clientY: 100 };

    expect(
      fireEvent.wheel(drawing(), { ...at, deltaY: -100, ctrlKey: true }),
    ).toBe(false);
    expect(panZoom().k).toBeCloseTo(1.2);
    expect(pointAt(200, 100).x).toBeCloseTo(200);
    expect(pointAt(200, 100).y).toBeCloseTo(100);

    fireEvent.wheel(drawing(), { ...at, deltaY: -3, metaKey: true });
    expect(panZoom().k).toBeCloseTo(1.44);
    fireEvent.wheel(drawing(), { ...at, deltaY: 500, ctrlKey: true });
    expect(panZoom().k).toBeCloseTo(1.2);
    expect(pointAt(200, 100).x).toBeCloseTo(200);
  });

  it('lets a plain wheel scroll the page', () => {
    render(<Drawing fit={fit} />);
    expect(fireEvent.wheel(drawing(), { deltaY: -100 })).toBe(true);
    expect(shown()).toEqual(fit);
  });

  it('zooms around the middle with the buttons, and back to the whole drawing', async () => {
    render(<Drawing fit={fit} />);

    await userEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(shown().width).toBeCloseTo(1000 / 1.4);
    expect(shown().x + shown().width / 2).toBeCloseTo(500);
    expect(shown().y + shown().height / 2).toBeCloseTo(250);

    await userEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    await userEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    expect(shown().width).toBeCloseTo(1000 / 1.4);

    await userEvent.click(
      screen.getByRole('button', { name: 'Show everything' }),
    );
    expect(shown()).toEqual(fit);
  });

  it('pans by dragging with the main button, and a drag does not end in a click', () => {
    const clicked = jest.fn();
    render(<Drawing fit={fit} />);
    const node = screen.getByRole('button', { name: 'Node' });
    node.addEventListener('click', clicked);

    fireEvent.mouseDown(node, inWindow({ clientX: 100, clientY: 100 }));
    fireEvent.mouseMove(drawing(), inWindow({ clientX: 130, clientY: 60 }));
    fireEvent.mouseUp(node, inWindow({ clientX: 130, clientY: 60 }));
    fireEvent.click(node, inWindow());

    expect(shown()).toEqual({ ...fit, x: -30, y: 40 });
    expect(clicked).not.toHaveBeenCalled();

    fireEvent.mouseDown(
      node,
      inWindow({ button: 2, clientX: 100, clientY: 100 }),
    );
    fireEvent.mouseMove(drawing(), inWindow({ clientX: 300, clientY: 100 }));
    fireEvent.mouseUp(node, inWindow({ button: 2 }));
    expect(shown()).toEqual({ ...fit, x: -30, y: 40 });
  });

  it('opens on the initial part of the drawing, and starts from the whole one when the reset key changes', () => {
    const initial = { x: 600, y: 0, width: 200, height: 200 };
    const { rerender } = render(
      <Drawing fit={fit} initial={initial} resetKey="a" />,
    );
    // 200 × 200 around (700, 100), as large as it fits
    expect(shown().height).toBeCloseTo(200);
    expect(shown().x + shown().width / 2).toBeCloseTo(700);
    expect(shown().y + shown().height / 2).toBeCloseTo(100);

    rerender(<Drawing fit={fit} initial={initial} resetKey="a" />);
    expect(shown().height).toBeCloseTo(200);

    rerender(<Drawing fit={fit} initial={initial} resetKey="b" />);
    expect(shown()).toEqual(fit);
  });

  it('tells how many screen pixels a layout unit takes, once the svg has a size', async () => {
    mockScreenSize(800, 560);
    render(<Drawing fit={fit} />);
    const scale = () =>
      Number(
        screen.getByRole('status', { name: 'Pixels per unit' }).textContent,
      );

    // 1000 × 500 drawn whole in 800 × 560
    expect(scale()).toBeCloseTo(0.8);
    await userEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(scale()).toBeCloseTo(0.8 * 1.4);
  });

  it('has no scale before the svg has a size', () => {
    render(<Drawing fit={fit} />);
    expect(
      screen.getByRole('status', { name: 'Pixels per unit' }),
    ).toHaveTextContent('not measured');
  });
});
