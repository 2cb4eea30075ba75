import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import { ACTION_SPOKE_OFFBOARD } from '../ids';

const step = (name: string, input: Record<string, unknown>) =>
  stringify(
    { steps: [{ id: 'offboard', action: ACTION_SPOKE_OFFBOARD, name, input }] },
    { lineWidth: 0 },
  );

export const examples: TemplateExample[] = [
  {
    description:
      "Removes a spoke's files from the GitOps repository fetched into the workspace, for a pull request (the default mode)",
    example: step('Offboard aks-eu-stage-2', {
      name: 'aks-eu-stage-2',
      hub: 'aks-mgmt-hub',
    }),
  },
  {
    description:
      "Deletes the spoke's cluster Secret from the hub right away, although Applications still deploy to it",
    example: step('Offboard aks-eu-dev-2 now', {
      name: 'aks-eu-dev-2',
      hub: 'aks-mgmt-hub',
      mode: 'apply',
      force: true,
    }),
  },
];
