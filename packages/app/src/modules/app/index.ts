import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { rootRedirect } from './RootRedirect';
import { signInPage } from './SignInPage';

/** App-level extensions of the portal: guest sign-in and the `/` redirect. */
export const appModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, rootRedirect],
});
