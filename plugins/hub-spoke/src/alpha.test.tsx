import { renderTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { hubSpokeApiRef } from './api';
import hubSpokePlugin from './alpha';
import { makeTopology } from './testUtils/fixtures';

describe('hub-spoke plugin for the new frontend system', () => {
  const api = {
    getTopology: jest.fn(async () => makeTopology()),
    getApplications: jest.fn(async () => ({ items: [] })),
  };

  it('serves the topology page at /hub-spoke', async () => {
    renderTestApp({
      features: [hubSpokePlugin],
      apis: [[hubSpokeApiRef, api]],
      initialRouteEntries: ['/hub-spoke'],
    });

    expect(
      await screen.findByRole('heading', { name: 'eks-mgmt-hub' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { level: 1, name: 'Hub & Spoke' }),
    ).toBeInTheDocument();
    expect(api.getTopology).toHaveBeenCalled();
  });

  it('puts a "Hub & Spoke" item in the app nav', async () => {
    renderTestApp({
      features: [hubSpokePlugin],
      apis: [[hubSpokeApiRef, api]],
      initialRouteEntries: ['/hub-spoke'],
    });

    const item = await screen.findByRole('link', { name: /Hub & Spoke/ });
    expect(item).toHaveAttribute('href', '/hub-spoke');
  });

  it('exposes its extensions under stable ids', () => {
    expect(hubSpokePlugin.id).toBe('hub-spoke');
    expect(hubSpokePlugin.getExtension('page:hub-spoke')).toBeDefined();
    expect(hubSpokePlugin.getExtension('api:hub-spoke')).toBeDefined();
  });
});
