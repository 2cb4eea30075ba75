import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { rootRedirect } from './RootRedirect';
import { platformGuestAuthApi } from './platformGuestAuth';
import { signInPage } from './SignInPage';

/** App-level extensions of the portal: the two demo sign-ins and the `/` redirect. */
export const appModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, platformGuestAuthApi, rootRedirect],
});
