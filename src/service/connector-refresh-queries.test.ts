// The Jobindsats and education statistics queries a strategy declares: collected once each, named by indicator,
// and every one of the bundled strategy's accepted by its connector as a request it can send.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../test/support/app.ts';
import { dataRequestBody } from '../sources/jobindsats/index.ts';
import { requestBody } from '../sources/uddannelsesstatistik/index.ts';
import { jobindsatsRefreshQueries, uddannelsesstatistikRefreshQueries } from './connector-refresh.ts';
import { readDefinitionFile } from './strategies.ts';

const ballerup = async () => {
  const parsed = await readDefinitionFile(
    path.join(repoRoot, 'strategies', 'ballerup-integrationsstrategi-2021-2023.yaml'),
  );
  if (!parsed.ok) throw new Error('the bundled strategy does not parse');
  return parsed.definition;
};

describe('declared connector queries', () => {
  it('collects the Jobindsats queries of the bundled strategy by indicator, each one the connector can send', async () => {
    const queries = jobindsatsRefreshQueries([await ballerup()]);
    expect(queries.map((q) => [q.query.table, q.purpose.split(': ')[1]])).toEqual([
      ['Y01A02', 'offentlig-forsoergelse'],
      ['Y36A02', 'offentlig-forsoergelse'],
      ['Y38A02', 'offentlig-forsoergelse'],
      ['Y35A02', 'offentlig-forsoergelse'],
      ['PTVC01', 'virksomhedsrettede-tilbud'],
    ]);
    for (const { query } of queries) {
      expect(query).not.toHaveProperty('note');
      const body = JSON.parse(dataRequestBody(query)) as Record<string, unknown>;
      expect(body).toMatchObject({ area: 'Ballerup', _kon: ['Kvinder', 'Mænd'] });
      expect(body._oprinda).toHaveLength(5);
      expect(body.period).toHaveLength(36);
    }
  });

  it('collects the education statistics query of the 9th-grade exam indicator', async () => {
    const queries = uddannelsesstatistikRefreshQueries([await ballerup()]);
    expect(queries).toHaveLength(1);
    expect(queries[0]?.purpose).toBe(
      'ballerup-integrationsstrategi-2021-2023: karakter-skriftlig-dansk-og-matematik',
    );
    const query = queries[0]?.query;
    if (!query) throw new Error('no query');
    expect(query).not.toHaveProperty('note');
    expect(JSON.parse(requestBody(query, 1))).toMatchObject({
      område: 'GS',
      emne: 'KARA',
      underemne: 'KARADM',
      nøgletal: ['Andel elever med mindst 2 i dansk og matematik'],
      detaljering: ['[Skoleår].[Skoleår]', '[Institution].[Beliggenhedskommune]', '[Herkomst].[Herkomst]'],
    });
  });

  it('takes a query declared twice once, under the first indicator that declares it', async () => {
    const d = await ballerup();
    const queries = jobindsatsRefreshQueries([d, { ...d, id: 'kopi' }]);
    expect(queries).toHaveLength(5);
    expect(queries.every((q) => q.purpose.startsWith('ballerup-integrationsstrategi-2021-2023: '))).toBe(
      true,
    );
  });
});
