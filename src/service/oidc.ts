// Single sign-on with OpenID Connect (openid-client v6): the authorization code flow with PKCE, state and
// nonce. `start` gives the provider's URL and what must be kept until the answer comes back; `finish`
// checks the answer against it (state, nonce, PKCE, the ID token's signature, issuer and audience) and says
// who the user is. The provider's metadata is discovered on first use and kept.
import * as client from 'openid-client';
import { parseRoleGrant, type RoleGrant } from '../domain/access/index.ts';
import type { OidcIdentity } from './accounts.ts';

export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  /** Absent for a public client, which then relies on PKCE alone. */
  readonly clientSecret?: string | undefined;
  readonly redirectUri: string;
  readonly scopes: string;
  /** The claim that carries the user's roles at the provider, e.g. `roles` (Entra ID app roles). */
  readonly roleClaim: string;
  /** Provider role → `admin`, `reader` or `editor:<centre id>`. */
  readonly roleMap: Readonly<Record<string, string>>;
}

/** Kept between the redirect to the provider and its answer (in a short-lived cookie). */
export interface PendingLogin {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export class OidcError extends Error {
  override readonly name = 'OidcError';
}

export interface OidcClient {
  /** Where the provider sends the browser back; the callback is checked against it. */
  readonly redirectUri: string;
  readonly roleMap: Readonly<Record<string, RoleGrant>>;
  start(): Promise<{ readonly url: URL; readonly pending: PendingLogin }>;
  /** `callbackUrl` is the URL the provider sent the browser back to, with its query. */
  finish(callbackUrl: URL, pending: PendingLogin): Promise<OidcIdentity>;
}

/** An error with the errors that caused it, which say what was wrong ("unexpected "state" … value"). */
function explain(e: unknown): string {
  const parts: string[] = [];
  for (let c: unknown = e; c instanceof Error && parts.length < 4; c = c.cause)
    if (!parts.includes(c.message)) parts.push(c.message);
  return parts.join(': ') || String(e);
}

function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export function createOidcClient(settings: OidcSettings): OidcClient {
  const roleMap: Record<string, RoleGrant> = {};
  for (const [from, to] of Object.entries(settings.roleMap)) {
    const grant = parseRoleGrant(to);
    if (grant) roleMap[from] = grant;
  }
  const issuer = new URL(settings.issuer);
  let configuration: Promise<client.Configuration> | undefined;
  const config = () => {
    configuration ??= client
      .discovery(
        issuer,
        settings.clientId,
        settings.clientSecret,
        settings.clientSecret ? client.ClientSecretPost(settings.clientSecret) : client.None(),
        // Plain HTTP only for a provider on this machine (development and the tests); never across a network.
        issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [client.allowInsecureRequests] } : {},
      )
      .catch((e: unknown) => {
        configuration = undefined; // try discovery again next time
        throw new OidcError(`cannot reach the sign-on provider ${settings.issuer}: ${(e as Error).message}`, {
          cause: e,
        });
      });
    return configuration;
  };

  return {
    redirectUri: settings.redirectUri,
    roleMap,
    async start() {
      const c = await config();
      const pending: PendingLogin = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
      };
      const url = client.buildAuthorizationUrl(c, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, pending };
    },
    async finish(callbackUrl, pending) {
      const c = await config();
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(c, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (e) {
        throw new OidcError(`the sign-on answer was refused: ${explain(e)}`, { cause: e });
      }
      const claims = tokens.claims();
      if (!claims) throw new OidcError('the sign-on answer held no ID token');
      // Providers differ in where they put roles and e-mail: some in the ID token, some only in userinfo.
      let info: Record<string, unknown> = {};
      if (claims[settings.roleClaim] === undefined || claims.email === undefined) {
        try {
          info = await client.fetchUserInfo(c, tokens.access_token, claims.sub);
        } catch {
          info = {};
        }
      }
      const claim = (name: string): unknown => claims[name] ?? info[name];
      const text = (name: string) => {
        const v = claim(name);
        return typeof v === 'string' ? v : undefined;
      };
      return {
        issuer: claims.iss,
        subject: claims.sub,
        email: text('email') ?? text('preferred_username'),
        emailVerified: claim('email_verified') === true,
        name: text('name'),
        roleClaim: claim(settings.roleClaim),
      };
    },
  };
}
