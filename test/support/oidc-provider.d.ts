// The few parts of oidc-provider (a dev dependency without its own types) that the single sign-on test uses.
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  export interface ProviderConfiguration {
    clients?: readonly Record<string, unknown>[];
    claims?: Record<string, readonly string[] | null>;
    findAccount?: (
      ctx: unknown,
      sub: string,
    ) => Promise<{ accountId: string; claims: () => Promise<Record<string, unknown>> } | undefined>;
    features?: Record<string, unknown>;
    cookies?: { keys?: readonly string[] };
    pkce?: Record<string, unknown>;
    [key: string]: unknown;
  }

  export default class Provider {
    constructor(issuer: string, configuration?: ProviderConfiguration);
    listen(port: number, host?: string): Server;
  }
}
