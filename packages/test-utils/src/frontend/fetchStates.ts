/* eslint-disable jest/no-export -- a shared table of tests: it registers them in the calling test file */
import { screen } from '@testing-library/react';
import { SetupServer } from 'msw/node';
import {
  HubSpokeApiPath,
  hubSpokeErrorHandler,
  hubSpokePendingHandler,
} from './hubSpokeServer';

/** What {@link describeFetchStates} needs of a component that loads from the hub-spoke backend. */
export interface FetchStatesOptions {
  /** The test file's msw server (setupHubSpokeServer()). */
  server: SetupServer;
  /** The path of the backend's API the component loads. */
  path: HubSpokeApiPath;
  /** What the component shows before the backend's message, e.g. `Error: Could not load the cluster`. */
  errorPrefix: string;
  /** Renders the component, once the failing or pending handler is in place. */
  render: () => Promise<unknown>;
}

/**
 * Registers the tests of what a component shows while its data cannot be had: the backend's message for an error
 * (`<errorPrefix>: <message>`), a plain message for 403, and progress while the answer is pending. Call it inside the
 * component's `describe`, after setupHubSpokeServer().
 */
export function describeFetchStates(options: FetchStatesOptions) {
  const { server, path, errorPrefix, render } = options;

  describe(`while /${path} cannot be read`, () => {
    it('shows the backend’s message for an error', async () => {
      server.use(
        hubSpokeErrorHandler(path, 500, {
          name: 'Error',
          message: 'snapshot store is not ready',
        }),
      );
      await render();

      expect(
        await screen.findByText(`${errorPrefix}: snapshot store is not ready`),
      ).toBeInTheDocument();
    });

    it('says plainly when the user has no access (403)', async () => {
      server.use(
        hubSpokeErrorHandler(path, 403, {
          name: 'NotAllowedError',
          message: 'Not allowed',
        }),
      );
      await render();

      expect(
        await screen.findByText("You don't have access to the fleet topology"),
      ).toBeInTheDocument();
    });

    it('shows progress while the answer is pending', async () => {
      server.use(hubSpokePendingHandler(path));
      await render();

      expect(
        await screen.findByRole('progressbar', { name: 'Loading' }),
      ).toBeInTheDocument();
    });
  });
}
