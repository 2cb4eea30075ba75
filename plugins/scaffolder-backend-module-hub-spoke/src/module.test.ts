import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleHubSpoke } from './module';
import defaultExport from '.';

/** Every property of a JSON schema, at any depth (anyOf variants included), with its path. */
function properties(schema: any, at = ''): Array<[string, any]> {
  const out: Array<[string, any]> = [];
  for (const [k, v] of Object.entries<any>(schema.properties ?? {})) {
    out.push([`${at}${k}`, v]);
    out.push(...properties(v, `${at}${k}.`));
    for (const variant of v.anyOf ?? [])
      out.push(...properties(variant, `${at}${k}.`));
    if (v.items) out.push(...properties(v.items, `${at}${k}[].`));
  }
  return out;
}

describe('scaffolderModuleHubSpoke', () => {
  it('is the default export and adds its three actions to the scaffolder, with dry-run support', async () => {
    expect(defaultExport).toBe(scaffolderModuleHubSpoke);
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModuleHubSpoke,
        mockServices.rootConfig.factory({
          data: {
            hubSpoke: {
              hubs: [
                {
                  name: 'aks-mgmt-hub',
                  argocd: { url: 'https://a', token: 't' },
                },
              ],
            },
          },
        }),
      ],
    });
    const actions = addActions.mock.calls.flat();
    expect(actions.map((a: any) => [a.id, a.supportsDryRun])).toEqual([
      ['hub-spoke:spoke:onboard', true],
      ['hub-spoke:spoke:offboard', true],
      ['hub-spoke:app:publish', true],
    ]);
    for (const action of actions) {
      expect(action.description.length).toBeGreaterThan(80);
      expect(action.examples.length).toBeGreaterThan(0);
      // Every input and output field documents itself (the scaffolder shows these on /create/actions).
      const undocumented = [
        ...properties(action.schema.input),
        ...properties(action.schema.output),
      ].filter(
        ([p, s]) => !s.description && !p.endsWith('.type') && !p.includes('[]'),
      );
      expect({
        action: action.id,
        undocumented: undocumented.map(([p]) => p),
      }).toEqual({ action: action.id, undocumented: [] });
    }
    const onboard = actions[0];
    expect(onboard.schema.input.required).toEqual([
      'name',
      'server',
      'auth',
      'owner',
    ]);
    expect(
      onboard.schema.input.properties.auth.anyOf.map(
        (v: any) => v.properties.type.const,
      ),
    ).toEqual(['aws', 'azure', 'exec', 'bearerToken']);
  });
});
