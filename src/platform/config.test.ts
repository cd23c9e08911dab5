// Reading single sign-on and proxy settings from the environment: all or none of the OIDC settings, a role
// map that says exactly what is wrong, https only (http on this machine), and the client secret never echoed.
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

const oidc = {
  OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
  OIDC_CLIENT_ID: 'pejlemaerke',
  OIDC_CLIENT_SECRET: 'meget-hemmelig',
  OIDC_REDIRECT_URI: 'https://pejlemaerke.ballerup.dk/log-ind/oidc/callback',
  OIDC_ROLE_MAP:
    '{"Pejlemaerke.Admin":"admin","Pejlemaerke.Reader":"reader","Pejlemaerke.Editor.CFA":"editor:center-for-arbejdsmarked"}',
};

describe('single sign-on settings', () => {
  it('is off without settings, and on with all of them', () => {
    expect(readConfig({}).oidc).toBeUndefined();
    expect(readConfig(oidc).oidc).toEqual({
      issuer: oidc.OIDC_ISSUER,
      clientId: 'pejlemaerke',
      clientSecret: 'meget-hemmelig',
      redirectUri: oidc.OIDC_REDIRECT_URI,
      scopes: 'openid email profile',
      roleClaim: 'roles',
      roleMap: {
        'Pejlemaerke.Admin': 'admin',
        'Pejlemaerke.Reader': 'reader',
        'Pejlemaerke.Editor.CFA': 'editor:center-for-arbejdsmarked',
      },
    });
  });

  it.each([
    [
      { OIDC_ISSUER: oidc.OIDC_ISSUER },
      /needs all of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_REDIRECT_URI and OIDC_ROLE_MAP/,
    ],
    [{ ...oidc, OIDC_ISSUER: 'http://login.example.dk' }, /OIDC_ISSUER=.*https:\/\/ URL/],
    [{ ...oidc, OIDC_ISSUER: 'ikke en url' }, /OIDC_ISSUER=.*issuer URL/],
    [{ ...oidc, OIDC_ROLE_MAP: '[1]' }, /OIDC_ROLE_MAP=.*JSON object/],
    [{ ...oidc, OIDC_ROLE_MAP: '{nope' }, /OIDC_ROLE_MAP=.*JSON object such as/],
    [
      { ...oidc, OIDC_ROLE_MAP: '{"X":"owner"}' },
      /"X": expected "admin", "reader" or "editor:<centre id>", got "owner"/,
    ],
  ])('refuses %j', (env, message) => {
    const err = (() => {
      try {
        readConfig(env);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('meget-hemmelig');
  });

  it('allows http for a provider on this machine (development, tests)', () => {
    expect(readConfig({ ...oidc, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer).toBe(
      'http://127.0.0.1:4000',
    );
  });

  it('reads TRUST_PROXY as on/off, a hop count or addresses', () => {
    expect(readConfig({}).trustProxy).toBe(false);
    expect(readConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(readConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(readConfig({ TRUST_PROXY: '10.0.0.1,10.0.0.2' }).trustProxy).toBe('10.0.0.1,10.0.0.2');
  });
});
