import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { Navigate } from 'react-router-dom';

/**
 * The portal has no home page: `/` goes to the fleet topology. Only the exact path `/` matches, so unknown paths
 * still get the not-found page. The target can be changed in app-config.yaml:
 * `app.extensions: [{ 'page:app/root-redirect': { config: { path: '/' } } }]` disables or moves it.
 */
export const rootRedirect = PageBlueprint.make({
  name: 'root-redirect',
  params: {
    path: '/',
    noHeader: true,
    loader: async () => <Navigate to="/hub-spoke" replace />,
  },
});
