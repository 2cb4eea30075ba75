import { findCredentials } from './tokens';

describe('findCredentials with the task secrets', () => {
  const SECRET = 'a-spoke-token-value-0123456789';

  it('skips secrets that are not strings (a service principal task has no backstageToken) instead of crashing', () => {
    // The scaffolder sets backstageToken to the initiator's token, which a static external-access token lacks.
    const taskSecrets: Record<string, unknown> = {
      backstageToken: undefined,
      spokeToken: SECRET,
      count: 42,
      nothing: null,
    };
    expect(
      findCredentials(
        { name: 'aks-eu-prod-3', labels: { note: `token is ${SECRET}` } },
        Object.values(taskSecrets),
      ),
    ).toEqual(['labels.note']);
    expect(
      findCredentials({ name: 'aks-eu-prod-3' }, Object.values(taskSecrets)),
    ).toEqual([]);
  });

  it('still ignores secrets too short to recognize (under 8 characters)', () => {
    expect(findCredentials({ name: 'prod' }, ['prod', undefined])).toEqual([]);
  });
});
