import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { platformGuestAuthApiRef } from './platformGuestAuth';

/** The platform engineer's one-click sign-in (the backend's `platform-guest` provider). */
export const platformGuestProvider: SignInProviderConfig = {
  id: 'platform-guest',
  title: 'Platform engineer',
  message:
    'Sign in as platform-admin of platform-team: besides pull requests, you may apply changes to the hubs at once. ' +
    'The guest is a developer of the commerce team, who gets pull requests only. Local use only.',
  apiRef: platformGuestAuthApiRef,
};

/**
 * Two one-click sign-ins for local use, against the backend's `auth.providers.guest` (the guest auth backend module)
 * and `auth.providers.platform-guest` (packages/backend/src/platformGuestAuth.ts): the guest, a developer, and a
 * platform engineer, so both sides of the demo permission policy can be seen.
 *
 * The choice is remembered, so later visits sign in without a click. This replaces the app plugin's default sign-in
 * page (same extension id, `sign-in-page:app`) to make the provider list explicit: put a real provider here (e.g.
 * `'github'`, or a `SignInProviderConfig`) when the portal leaves local use.
 */
export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      (
        <SignInPage
          {...props}
          title="Hub & Spoke Portal"
          align="center"
          providers={['guest', platformGuestProvider]}
        />
      ),
  },
});
