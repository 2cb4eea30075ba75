import { SignInPage } from '@backstage/core-components';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * Guest sign-in against the backend's `auth.providers.guest` (the guest auth backend module).
 *
 * One click on "Enter" signs in; the choice is remembered, so later visits sign in without a click. This replaces
 * the app plugin's default sign-in page (same extension id, `sign-in-page:app`) to make the provider list explicit:
 * add a real provider here (e.g. `'github'`, or a `SignInProviderConfig`) when the portal leaves local use.
 */
export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      (
        <SignInPage
          {...props}
          title="Hub & Spoke Portal"
          align="center"
          providers={['guest']}
        />
      ),
  },
});
