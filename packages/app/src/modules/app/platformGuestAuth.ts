import {
  BackstageIdentityApi,
  BackstageIdentityResponse,
  createApiRef,
  DiscoveryApi,
  ProfileInfo,
  ProfileInfoApi,
  SessionApi,
  SessionState,
  AuthRequestOptions,
} from '@backstage/core-plugin-api';
import { ApiBlueprint, discoveryApiRef } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';

type ProxiedAuthApi = ProfileInfoApi & BackstageIdentityApi & SessionApi;

/** The backend's `platform-guest` sign-in (packages/backend/src/platformGuestAuth.ts): a platform engineer. */
export const platformGuestAuthApiRef = createApiRef<ProxiedAuthApi>({
  id: 'app.auth.platform-guest',
});

interface Session {
  profile: ProfileInfo;
  identity: BackstageIdentityResponse;
  /** When to ask the backend again: a minute before the token expires. */
  renewAt: number;
}

type Listener = (state: SessionState) => void;

/**
 * Signs in through a proxy auth provider of the backend (one without a login flow of its own, like the guest): its
 * `/api/auth/<provider>/refresh` answers the identity at once, so a click on the sign-in page is enough.
 */
export class ProxiedSignInAuth implements ProxiedAuthApi {
  private session?: Session;
  private pending?: Promise<Session>;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly options: { provider: string; discoveryApi: DiscoveryApi },
  ) {}

  async getBackstageIdentity(
    options?: AuthRequestOptions,
  ): Promise<BackstageIdentityResponse | undefined> {
    return (await this.getSession(options))?.identity;
  }

  async getProfile(
    options?: AuthRequestOptions,
  ): Promise<ProfileInfo | undefined> {
    return (await this.getSession(options))?.profile;
  }

  async signIn(): Promise<void> {
    await this.getSession();
  }

  async signOut(): Promise<void> {
    this.session = undefined;
    this.emit(SessionState.SignedOut);
  }

  sessionState$(): ReturnType<SessionApi['sessionState$']> {
    const listeners = this.listeners;
    const current = () =>
      this.session ? SessionState.SignedIn : SessionState.SignedOut;
    const observable = {
      [Symbol.observable]: () => observable,
      subscribe(observer: any, ...rest: any[]) {
        const next: Listener | undefined =
          typeof observer === 'function' ? observer : observer?.next;
        const listener: Listener = state => next?.(state);
        listeners.add(listener);
        listener(current());
        void rest;
        return {
          get closed() {
            return !listeners.has(listener);
          },
          unsubscribe() {
            listeners.delete(listener);
          },
        };
      },
    };
    return observable as unknown as ReturnType<SessionApi['sessionState$']>;
  }

  private async getSession(
    options: AuthRequestOptions = {},
  ): Promise<Session | undefined> {
    if (this.session && Date.now() < this.session.renewAt) return this.session;
    this.pending ??= this.fetchSession().finally(() => {
      this.pending = undefined;
    });
    try {
      this.session = await this.pending;
      this.emit(SessionState.SignedIn);
      return this.session;
    } catch (error) {
      this.session = undefined;
      // `optional`: the sign-in page checks for a remembered session; none is not an error there.
      if (options.optional) return undefined;
      throw error;
    }
  }

  private async fetchSession(): Promise<Session> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('auth');
    const res = await fetch(`${baseUrl}/${this.options.provider}/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
      credentials: 'include',
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const body = await res.json();
    const { token, expiresInSeconds, identity } = body.backstageIdentity;
    const expiresAt = new Date(Date.now() + (expiresInSeconds ?? 3600) * 1000);
    return {
      profile: body.profile ?? {},
      identity: { token, expiresAt, identity },
      renewAt: expiresAt.getTime() - 60_000,
    };
  }

  private emit(state: SessionState) {
    for (const listener of this.listeners) listener(state);
  }
}

/** The `platform-guest` sign-in API, offered on the sign-in page. */
export const platformGuestAuthApi = ApiBlueprint.make({
  name: 'platform-guest-auth',
  params: defineParams =>
    defineParams({
      api: platformGuestAuthApiRef,
      deps: { discoveryApi: discoveryApiRef },
      factory: ({ discoveryApi }) =>
        new ProxiedSignInAuth({ provider: 'platform-guest', discoveryApi }),
    }),
});
