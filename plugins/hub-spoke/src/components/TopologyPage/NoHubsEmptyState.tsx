import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';

const useStyles = makeStyles((theme: Theme) => ({
  code: {
    margin: 0,
    padding: theme.spacing(2),
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    overflowX: 'auto',
  },
}));

/** The configuration a user adds to get a first hub polled. */
export const HUB_CONFIG_EXAMPLE = `hubSpoke:
  hubs:
    - name: my-mgmt-hub
      argocd:
        url: https://argocd.example.com
        token: \${ARGOCD_TOKEN}`;

/**
 * Shown when the backend has no hub configured: tells the user exactly what to add to app-config.yaml.
 */
export function NoHubsEmptyState() {
  const classes = useStyles();
  return (
    <EmptyState
      missing="info"
      title="No hubs configured"
      description={
        <>
          The hub-spoke backend has no Argo CD hub to read. Add an entry under{' '}
          <code>hubSpoke.hubs</code> in <code>app-config.yaml</code> with the
          hub's <code>name</code>, its Argo CD URL (<code>argocd.url</code>) and
          an Argo CD API token (<code>argocd.token</code>), then restart the
          backend.
        </>
      }
      action={
        <>
          <Typography variant="subtitle2" gutterBottom>
            app-config.yaml
          </Typography>
          <pre className={classes.code} aria-label="Example hub configuration">
            {HUB_CONFIG_EXAMPLE}
          </pre>
        </>
      }
    />
  );
}
