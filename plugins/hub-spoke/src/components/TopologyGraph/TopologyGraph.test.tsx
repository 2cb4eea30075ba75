import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
// Test helpers, not a plugin: the frontend ones are on a React-only subpath of the (node-library) package.
import { mockScreenSize } from '@hub-spoke/test-utils/frontend';
import { Topology } from '@hub-spoke/plugin-hub-spoke-common';
import { makeLargeTopology, makeTopology } from '../../testUtils/fixtures';
import { TopologyGraph } from './TopologyGraph';
import { visibleViewBox } from './viewBox';

async function renderGraph(
  topology: Topology,
  props: { selectedId?: string; focusId?: string } = {},
) {
  const onSelect = jest.fn();
  await renderInTestApp(
    <TopologyGraph
      hubs={topology.hubs}
      clusters={topology.clusters}
      edges={topology.edges}
      onSelect={onSelect}
      {...props}
    />,
  );
  const svg = screen.getByRole('group', { name: 'Fleet topology graph' });
  /** The part of the layout on screen, [x, y, width, height]: the svg's view box under the drawing's pan and zoom. */
  const viewBox = () => {
    const [x, y, width, height] = svg
      .getAttribute('viewBox')!
      .split(' ')
      .map(Number);
    const [, tx, ty, k] = svg
      .querySelector(':scope > g[transform]')!
      .getAttribute('transform')!
      .match(/^translate\(([-\d.e]+),([-\d.e]+)\) scale\(([-\d.e]+)\)$/)!
      .map(Number);
    const shown = visibleViewBox({ x, y, width, height }, { k, x: tx, y: ty });
    return [shown.x, shown.y, shown.width, shown.height];
  };
  return { onSelect, svg, viewBox };
}

/** What d3-zoom reads from a mouse event that user-event leaves out: the window it happened in. */
const inWindow = (init: MouseEventInit = {}) => ({ view: window, ...init });

describe('TopologyGraph', () => {
  afterEach(() => jest.restoreAllMocks());

  it('selects a spoke by click or keyboard, and a hub’s own cluster from the hub node', async () => {
    const { onSelect, svg } = await renderGraph(makeTopology());

    await userEvent.click(
      within(svg).getByRole('button', { name: /^Cluster aks-spoke-ghost/ }),
    );
    expect(onSelect).toHaveBeenLastCalledWith('aks-mgmt-hub/aks-spoke-ghost');

    within(svg)
      .getByRole('button', { name: /^Cluster eks-spoke-us/ })
      .focus();
    await userEvent.keyboard('{Enter}');
    expect(onSelect).toHaveBeenLastCalledWith('eks-mgmt-hub/eks-spoke-us');

    await userEvent.click(
      within(svg).getByRole('button', { name: /^Hub aks-mgmt-hub/ }),
    );
    expect(onSelect).toHaveBeenLastCalledWith('aks-mgmt-hub/aks-mgmt-hub');
  });

  it('rings the selected cluster and highlights its manages edge', async () => {
    const { svg } = await renderGraph(makeTopology(), {
      selectedId: 'aks-mgmt-hub/aks-spoke-eu',
    });
    expect(
      within(svg).getByRole('button', { name: /^Cluster aks-spoke-eu/ }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(
      within(svg).getByRole('listitem', {
        name: 'aks-mgmt-hub manages aks-mgmt-hub/aks-spoke-eu',
      }),
    ).toHaveAttribute('stroke-width', '2');
    expect(
      within(svg).getByRole('listitem', {
        name: 'aks-mgmt-hub manages aks-mgmt-hub/aks-spoke-ghost',
      }),
    ).toHaveAttribute('stroke-width', '1');
  });

  it('zooms in and out with its buttons, and back to the whole fleet', async () => {
    const { viewBox } = await renderGraph(makeTopology());
    const [x, y, width, height] = viewBox();

    await userEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(viewBox()[2]).toBeCloseTo(width / 1.4);
    // around the middle of the screen, which stays in place
    const [x1, y1, width1, height1] = viewBox();
    expect(x1 + width1 / 2).toBeCloseTo(x + width / 2);
    expect(y1 + height1 / 2).toBeCloseTo(y + height / 2);
    await userEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    await userEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    expect(viewBox()[2]).toBeCloseTo(width / 1.4);
    await userEvent.click(
      screen.getByRole('button', { name: 'Show everything' }),
    );
    expect(viewBox()[2]).toBe(width);
  });

  it('zooms with ctrl + wheel, but lets a plain wheel scroll the page', async () => {
    const { svg, viewBox } = await renderGraph(makeTopology());
    const [, , width] = viewBox();

    // fireEvent returns false when the page's own handling was prevented
    expect(fireEvent.wheel(svg, { deltaY: -100 })).toBe(true);
    expect(viewBox()[2]).toBe(width);
    expect(fireEvent.wheel(svg, { deltaY: -100, ctrlKey: true })).toBe(false);
    expect(viewBox()[2]).toBeLessThan(width);
  });

  it('pans by dragging without selecting the node it started on', async () => {
    const { svg, viewBox, onSelect } = await renderGraph(makeTopology());
    const [x] = viewBox();
    const spoke = within(svg).getByRole('button', {
      name: /^Cluster aks-spoke-eu/,
    });

    fireEvent.mouseDown(spoke, inWindow({ clientX: 100, clientY: 100 }));
    fireEvent.mouseMove(svg, inWindow({ clientX: 160, clientY: 100 }));
    fireEvent.mouseUp(spoke, inWindow({ clientX: 160, clientY: 100 }));
    fireEvent.click(spoke, inWindow());

    expect(viewBox()[0]).toBe(x - 60);
    expect(onSelect).not.toHaveBeenCalled();

    // a moment later, a press and release in place is a click
    await new Promise(resolve => setTimeout(resolve, 0));
    fireEvent.mouseDown(spoke, inWindow({ clientX: 160, clientY: 100 }));
    fireEvent.mouseUp(spoke, inWindow({ clientX: 160, clientY: 100 }));
    fireEvent.click(spoke, inWindow());
    expect(viewBox()[0]).toBe(x - 60);
    expect(onSelect).toHaveBeenCalledWith('aks-mgmt-hub/aks-spoke-eu');
  });

  it('hides the labels of nodes when zoomed out too far to read them, and shows them when zoomed in', async () => {
    mockScreenSize(800, 500);
    // one hub with 60 spokes on four rings: about 1300 layout units across, 0.38 pixels per unit on screen
    const { svg } = await renderGraph(
      makeLargeTopology({ hubs: 1, spokesPerHub: 60, applications: 60 }),
    );
    const name = () =>
      within(
        within(svg).getByRole('button', { name: /^Cluster spoke-030/ }),
      ).getByText('spoke-030');

    expect(name()).not.toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(name()).toBeVisible();
  });

  it('zooms to the cluster of a shared link in a large fleet', async () => {
    const topology = makeLargeTopology({
      hubs: 2,
      spokesPerHub: 200,
      applications: 400,
    });
    const { viewBox, svg } = await renderGraph(topology, {
      focusId: 'hub-01/spoke-150',
      selectedId: 'hub-01/spoke-150',
    });

    expect(
      within(svg).getAllByRole('button', { name: /^Cluster / }),
    ).toHaveLength(400);
    // 1000 × 1000 around the cluster, as large as it fits
    expect(Math.min(viewBox()[2], viewBox()[3])).toBeCloseTo(1000);
    const node = within(svg).getByRole('button', {
      name: /^Cluster spoke-150/,
      pressed: true,
    });
    const [, tx, ty] = node
      .getAttribute('transform')!
      .match(/translate\(([-\d.]+),([-\d.]+)\)/)!
      .map(Number);
    const [x, y, w, h] = viewBox();
    expect(x + w / 2).toBeCloseTo(tx);
    expect(y + h / 2).toBeCloseTo(ty);
  });
});
