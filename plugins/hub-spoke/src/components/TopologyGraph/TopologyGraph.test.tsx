import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Topology } from '@hub-spoke/plugin-hub-spoke-common';
import { makeLargeTopology, makeTopology } from '../../testUtils/fixtures';
import { TopologyGraph } from './TopologyGraph';

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
  const viewBox = () => svg.getAttribute('viewBox')!.split(' ').map(Number);
  return { onSelect, svg, viewBox };
}

describe('TopologyGraph', () => {
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
    const [, , width] = viewBox();

    await userEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(viewBox()[2]).toBeCloseTo(width / 1.4);
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

    fireEvent.wheel(svg, { deltaY: -100 });
    expect(viewBox()[2]).toBe(width);
    fireEvent.wheel(svg, { deltaY: -100, ctrlKey: true });
    expect(viewBox()[2]).toBeLessThan(width);
  });

  it('pans by dragging without selecting the node it started on', async () => {
    const { svg, viewBox, onSelect } = await renderGraph(makeTopology());
    const [x] = viewBox();
    const spoke = within(svg).getByRole('button', {
      name: /^Cluster aks-spoke-eu/,
    });

    fireEvent.pointerDown(svg, { button: 0, clientX: 100, clientY: 100 });
    fireEvent.pointerMove(svg, { clientX: 160, clientY: 100 });
    fireEvent.pointerUp(svg);
    fireEvent.click(spoke);

    expect(viewBox()[0]).toBe(x - 60);
    expect(onSelect).not.toHaveBeenCalled();
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
    expect(viewBox()[2]).toBe(1000);
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
