/** Input and output fields of hub-spoke:spoke:offboard: {@link z} schema builders (see ../input/fields). */
// Imported so that the declarations can name the inferred zod types (TS2742 otherwise).
import type { z } from 'zod/v3';
import { Fields } from '../input/fields';
import { spokeLocationFields } from '../onboard/inputs';

/** Inputs of hub-spoke:spoke:offboard. */
export const offboardInputFields = {
  name: zImpl =>
    zImpl.string({
      description: 'Name of the spoke (its Argo CD cluster name)',
    }),
  hub: zImpl =>
    zImpl
      .string({
        description:
          'The hub of the spoke; required when several hubs are configured',
      })
      .optional(),
  mode: zImpl =>
    zImpl
      .enum(['pull-request', 'apply'], {
        description:
          "pull-request (default): remove the spoke's files under targetPath. apply: delete its cluster Secret from the hub",
      })
      .optional(),
  force: zImpl =>
    zImpl
      .boolean({
        description:
          'Offboard even while Argo CD Applications still deploy to the spoke (they will fail)',
      })
      .optional(),
  ...spokeLocationFields,
} satisfies Fields;

/** Outputs of hub-spoke:spoke:offboard. */
export const offboardOutputFields = {
  removed: zImpl =>
    zImpl.array(zImpl.string(), {
      description: 'pull-request mode: workspace files removed',
    }),
  deleted: zImpl =>
    zImpl.array(zImpl.string(), {
      description:
        'apply mode: cluster Secrets deleted from the hub (namespace/name)',
    }),
  applications: zImpl =>
    zImpl.array(zImpl.string(), {
      description:
        'Applications that still targeted the spoke (offboarded with force), as far as the initiator may see them',
    }),
} satisfies Fields;
