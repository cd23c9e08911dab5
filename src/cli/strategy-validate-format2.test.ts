// `pejlemaerke strategy validate` on definition format 2: the docs example passes, and each fault format 2
// refuses across a file is said on stderr as file:line:column, the item by its ids, and the value given, with the
// exit code for bad input. The area registry is the real one (benchmark areas).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { example, exampleFile, format2Faults, lineOf } from '../../test/support/strategy-faults.ts';
import { exitCodes } from './exit-codes.ts';
import { main } from './main.ts';

async function validate(file: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'pejlemaerke', 'strategy', 'validate', file], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: {},
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'validate-format2-'));
});

describe('strategy validate on format 2', () => {
  it('accepts the docs example and says what it holds', async () => {
    const r = await validate(fileURLToPath(exampleFile));
    expect(r.err).toBe('');
    expect(r.code).toBe(exitCodes.ok);
    expect(r.out).toMatch(
      /strategy-example\.yaml: ok — Sammen om et godt liv: 2 areas, 6 indicators, 3 interventions$/,
    );
  });

  it.each(format2Faults)('refuses $name', async ({ text, line, where, message }) => {
    const file = path.join(dir, 'strategi.yaml');
    await writeFile(file, text);
    const r = await validate(file);
    expect(r.code).toBe(exitCodes.invalidInput);
    expect(r.out).toBe('');
    const lines = r.err.split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`strategi\\.yaml:${line}:\\d+: ${escape(where)} \\(`));
    expect(lines[0]).toMatch(message);
  });

  it('refuses a benchmark area that Danmarks Statistik does not have, by the area registry', async () => {
    const text = example.replace("area: '000'", "area: '998'");
    const file = path.join(dir, 'ukendt-omraade.yaml');
    await writeFile(file, text);
    const r = await validate(file);
    expect(r.code).toBe(exitCodes.invalidInput);
    expect(r.err).toMatch(
      new RegExp(
        `ukendt-omraade\\.yaml:${lineOf(text, "area: '998'")}:\\d+: area "arbejde" › indicator "beskaeftigelse-gab" › benchmark\\.area \\(areas\\[0]\\.indicators\\[0]\\.benchmark\\.area\\): indicator "beskaeftigelse-gab": no Danmarks Statistik area has code "998"`,
      ),
    );
  });

  it('says every fault of a file at once, and goes on to the next file', async () => {
    const both = example
      .replace('owner: kommunalbestyrelsen', 'owner: borgmesteren')
      .replace('id: data-i-udvalget', 'id: jobmentorer');
    const bad = path.join(dir, 'to-fejl.yaml');
    await writeFile(bad, both);
    const r = await validate(bad);
    expect(r.err.split('\n')).toEqual([
      expect.stringMatching(/to-fejl\.yaml:\d+:\d+: .*unknown unit "borgmesteren"/),
      expect.stringMatching(/to-fejl\.yaml:\d+:\d+: .*duplicate intervention id "jobmentorer"/),
    ]);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      ['node', 'pejlemaerke', 'strategy', 'validate', bad, fileURLToPath(exampleFile)],
      {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: {},
      },
    );
    expect(code).toBe(exitCodes.invalidInput);
    expect(err).toHaveLength(2);
    expect(out).toEqual([expect.stringMatching(/strategy-example\.yaml: ok — /)]);
  });
});
