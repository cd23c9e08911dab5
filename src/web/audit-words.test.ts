// Every action code the code base writes to the audit log has a Danish and an English name; reasons and
// changes read as words.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { refusalReasons, type RefusalCode } from '../domain/access/index.ts';
import {
  actionWord,
  auditActionCodes,
  auditFieldNames,
  changeLines,
  changeText,
  reasonWords,
  refusalSentence,
} from './audit-words.ts';
import { translator, type MessageKey } from './i18n/messages.ts';

const srcDir = fileURLToPath(new URL('..', import.meta.url));
const da = translator('da');
const en = translator('en');

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sourceFiles(p)));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** The action codes written anywhere: the gate's callers, named audit entries, refused forms, the policy. */
async function writtenCodes(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const patterns = [
    /\b(?:write|authorize)(?:<[^>()]*>)?\(\s*\w+,\s*'([a-z-]+\.[a-z-]+)'/g,
    /\baction: '([a-z-]+\.[a-z-]+)'/g,
    /'(request\.[a-z-]+)'/g,
  ];
  for (const file of await sourceFiles(srcDir)) {
    const text = await readFile(file, 'utf8');
    const rel = path.relative(srcDir, file);
    for (const re of patterns) for (const m of text.matchAll(re)) found.set(m[1] as string, rel);
    if (rel === path.join('domain', 'access', 'policy.ts')) {
      // Comments inside the union may hold a ';' of their own.
      const bare = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      const union = /export type Action =([^;]*);/.exec(bare)?.[1] ?? '';
      for (const m of union.matchAll(/\| '([a-z-]+\.[a-z-]+)'/g)) found.set(m[1] as string, rel);
    }
  }
  return found;
}

describe('audit action names', () => {
  it('name every action code the code base writes, in Danish and English', async () => {
    const found = await writtenCodes();
    // The scan finds the gate's callers (write, authorize), named entries and refused forms.
    expect(found.size).toBeGreaterThanOrEqual(18);
    const unnamed = [...found]
      .filter(
        ([code]) =>
          !auditActionCodes.includes(code) || actionWord(code, da) === code || actionWord(code, en) === code,
      )
      .map(([code, file]) => `${code} (${file})`);
    expect(unnamed).toEqual([]);
    // And nothing is named that is never written.
    expect(auditActionCodes.filter((c) => !found.has(c))).toEqual([]);
  });

  it('give every refusal code of the policy and every field a text in both languages', () => {
    for (const code of Object.keys(refusalReasons) as RefusalCode[]) {
      const reason = refusalReasons[code];
      expect(reasonWords(reason, da, 'da').lang).toBeUndefined();
      expect(reasonWords(reason, en, 'en').text).not.toBe(reason);
    }
    for (const f of auditFieldNames) {
      const key = `audit.field.${f}` as MessageKey;
      expect(da(key), f).not.toBe(key);
      expect(en(key), f).not.toBe(key);
    }
  });
});

describe('audit changes in words', () => {
  it('shows a role change as the field and both values', () => {
    const lines = changeLines(
      { email: 'a@b.dk', roles: ['editor'], disabled: false },
      { email: 'a@b.dk', roles: ['admin'], disabled: false },
      da,
      'da',
    );
    expect(changeText(lines)).toBe('Rolle: tovholder → administrator');
  });

  it('words a policy refusal, a service reason and a moment; marks a text it does not know as English', () => {
    const refusal = changeLines(undefined, { reason: 'only an administrator may import figures' }, da, 'da');
    expect(changeText(refusal)).toBe('Begrundelse: Kun en administrator må indlæse tal.');
    const locked = changeLines(
      undefined,
      { method: 'password', reason: 'account locked', lockedUntil: '2026-01-01T12:15:00.000Z' },
      da,
      'da',
    );
    expect(changeText(locked)).toBe(
      'Begrundelse: Kontoen er låst; Måde: e-mail og adgangskode; Låst indtil: 1. januar 2026 kl. 13.15',
    );
    expect(reasonWords('5 failed logins in a row', da, 'da').text).toBe('5 forkerte forsøg i træk');
    expect(reasonWords('state mismatch, expected abc', da, 'da')).toEqual({
      text: 'state mismatch, expected abc',
      lang: 'en',
    });
    expect(reasonWords('state mismatch, expected abc', en, 'en').lang).toBeUndefined();
    // A refusal reaching a page: the policy's reason in words, an unknown one as the general refusal.
    expect(refusalSentence('this area is led by another centre', da)).toBe(
      'Området ledes af en anden enhed.',
    );
    expect(refusalSentence('something else', da)).toBe(da('auth.forbidden.body'));
  });

  it('shows nothing for an unchanged field, a dash for a removed or empty one, never "null"', () => {
    const lines = changeLines({ closed: false, title: 'R1' }, { closed: true }, da, 'da');
    expect(changeText(lines)).toBe('Titel: R1 → –; Lukket: nej → ja');
    expect(changeText(changeLines(undefined, { note: null, centres: [] }, da, 'da'))).toBe(
      'Enheder: ingen; Note nr.: –',
    );
    expect(changeLines(null, null, da, 'da')).toEqual([]);
  });
});
