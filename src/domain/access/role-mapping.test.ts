// Mapping single sign-on roles to Pejlemærke roles: a table of claim values and what they grant.
import { describe, expect, it } from 'vitest';
import { claimValues, mapRoles, parseRoleGrant, type RoleGrant } from './index.ts';

const map: Record<string, RoleGrant> = {
  'Pejlemaerke.Admin': { role: 'admin' },
  'Pejlemaerke.Reader': { role: 'reader' },
  'Pejlemaerke.Editor.CFA': { role: 'editor', centre: 'center-for-arbejdsmarked' },
  'Pejlemaerke.Editor.SIK': { role: 'editor', centre: 'center-for-skoler-institutioner-og-kultur' },
};

describe('role mapping', () => {
  it.each([
    [['Pejlemaerke.Admin'], ['admin'], []],
    [['Pejlemaerke.Reader', 'Other.App'], ['reader'], []],
    [['Pejlemaerke.Editor.CFA'], ['editor'], ['center-for-arbejdsmarked']],
    [
      ['Pejlemaerke.Editor.SIK', 'Pejlemaerke.Editor.CFA', 'Pejlemaerke.Editor.CFA'],
      ['editor'],
      ['center-for-arbejdsmarked', 'center-for-skoler-institutioner-og-kultur'],
    ],
    [['Pejlemaerke.Reader', 'Pejlemaerke.Admin'], ['admin', 'reader'], []],
    [[], [], []],
    [['pejlemaerke.admin'], [], []], // case matters, as at the provider
    [['constructor', '__proto__', 'toString'], [], []], // no prototype keys slip through
  ])('%j → roles %j, centres %j', (values, roles, centres) => {
    expect(mapRoles(values, map)).toEqual({ roles, centres });
  });

  it.each([
    ['admin', { role: 'admin' }],
    ['reader', { role: 'reader' }],
    ['editor:center-for-arbejdsmarked', { role: 'editor', centre: 'center-for-arbejdsmarked' }],
    ['editor:', undefined],
    ['editor:Center For X', undefined],
    ['owner', undefined],
  ])('reads the grant %j', (text, grant) => {
    expect(parseRoleGrant(text)).toEqual(grant);
  });

  it('reads a claim given as a string, a list or anything else', () => {
    expect(claimValues('a')).toEqual(['a']);
    expect(claimValues(['a', 1, 'b', null])).toEqual(['a', 'b']);
    expect(claimValues(undefined)).toEqual([]);
    expect(claimValues({ a: 1 })).toEqual([]);
  });
});
