// A breakdown published with its total: the men's 3 of 50 cannot be worked out as 20 − 17.
import { describe, expect, it } from 'vitest';
import { auditJointly, auditTable, type CountCell, type ProtectedTable } from '../domain/disclosure/index.ts';
import { counts, missing, plainValue, type SeriesPoint } from '../domain/engine/index.ts';
import { protectBreakdowns } from './breakdown-disclosure.ts';

const five = { minCount: 5 };
const point = (period: string, numerator: number, denominator: number): SeriesPoint => ({
  period,
  target: counts(numerator, denominator),
  comparison: missing('not-available'),
});

describe('protectBreakdowns', () => {
  it('total 20 of 100, women 17 of 50, men 3 of 50: hides more than the men, and nothing pins their 3', () => {
    const hidden = protectBreakdowns(
      [point('2022', 20, 100)],
      [
        {
          kind: 'sex',
          values: [
            { value: 'women', series: [point('2022', 17, 50)] },
            { value: 'men', series: [point('2022', 3, 50)] },
          ],
        },
      ],
      five,
    );
    const total = hidden(undefined, '2022', 'target') ?? { share: false, size: false };
    const women = hidden({ kind: 'sex', value: 'women' }, '2022', 'target') ?? { share: false, size: false };
    const men = hidden({ kind: 'sex', value: 'men' }, '2022', 'target') ?? { share: false, size: false };
    expect(men.share).toBe(true);
    // The women's share with its interval, or the total's, must go too: else 20 − 17 = 3.
    expect(women.share || total.share).toBe(true);
    // What a reader sees, as a table with the total: rows with / without the trait, columns women, men.
    const c = (value: number, hide: boolean): CountCell =>
      hide ? { kind: 'suppressed', reason: 'secondary' } : { kind: 'count', value };
    const seen: ProtectedTable = {
      cells: [
        [c(17, women.share), c(3, men.share)],
        [c(33, women.share), c(47, men.share)],
      ],
      rowTotals: [c(20, total.share), c(80, total.share)],
      columnTotals: [c(50, women.size), c(50, men.size)],
      grandTotal: c(100, total.size),
    };
    expect(
      auditTable(seen, five, {
        cells: [
          [17, 3],
          [33, 47],
        ],
      }),
    ).toEqual({ ok: true, findings: [] });
  });

  it('hides nothing when nothing is small', () => {
    const hidden = protectBreakdowns(
      [point('2022', 40, 100)],
      [
        {
          kind: 'sex',
          values: [
            { value: 'women', series: [point('2022', 20, 50)] },
            { value: 'men', series: [point('2022', 20, 50)] },
          ],
        },
      ],
      five,
    );
    expect(hidden(undefined, '2022', 'target')).toBeUndefined();
    expect(hidden({ kind: 'sex', value: 'men' }, '2022', 'target')).toBeUndefined();
  });

  it('keeps a category the breakdown leaves out unpublished, and protects a count breakdown as a list', () => {
    // Ages 20 + 3 of a total 40: the 17 not shown is a hidden column, so the 3 is not 40 − 20 − 17.
    const hidden = protectBreakdowns(
      [{ period: '2022', target: plainValue(40), comparison: missing('not-available') }],
      [
        {
          kind: 'age-band',
          values: [
            {
              value: '16-24',
              series: [{ period: '2022', target: plainValue(20), comparison: missing('not-available') }],
            },
            {
              value: '25-29',
              series: [{ period: '2022', target: plainValue(3), comparison: missing('not-available') }],
            },
          ],
        },
      ],
      five,
    );
    expect(hidden({ kind: 'age-band', value: '25-29' }, '2022', 'target')).toEqual({
      share: true,
      size: true,
    });
    const young = hidden({ kind: 'age-band', value: '16-24' }, '2022', 'target');
    const total = hidden(undefined, '2022', 'target');
    // 40 shown and 20 shown with a hidden rest of 17 and a hidden 3: 3 + rest = 20, each from 1 to 19.
    expect(young?.share || total?.share || false).toBe(false);
  });

  it('a breakdown that adds up to more than its total is protected without the total as margin', () => {
    const hidden = protectBreakdowns(
      [point('2022', 10, 20)],
      [
        {
          kind: 'sex',
          values: [
            { value: 'women', series: [point('2022', 30, 60)] },
            { value: 'men', series: [point('2022', 2, 60)] },
          ],
        },
      ],
      five,
    );
    expect(hidden({ kind: 'sex', value: 'men' }, '2022', 'target')?.share).toBe(true);
  });

  it('two breakdowns of one total: what one hides of the total, both hide', () => {
    const hidden = protectBreakdowns(
      [point('2022', 6, 12)],
      [
        {
          kind: 'sex',
          values: [
            { value: 'women', series: [point('2022', 1, 6)] },
            { value: 'men', series: [point('2022', 5, 6)] },
          ],
        },
        { kind: 'origin-subgroup', values: [{ value: 'a', series: [point('2022', 6, 12)] }] },
      ],
      five,
    );
    const total = hidden(undefined, '2022', 'target');
    const a = hidden({ kind: 'origin-subgroup', value: 'a' }, '2022', 'target');
    if (total?.share) expect(a?.share).toBe(true);
  });

  it('sex and origin subgroup of one total: protected as one system, nothing narrows a count through the total', () => {
    // Total 26 of 45; women 0 of 15, men 26 of 30; Danish origin 0 of 7, immigrants 26 of 38. Each table
    // protected with the total on its own (and hiding in both what either hides of it) left the total's 26
    // between 26 and 30 for a reader of both tables.
    const sex = {
      kind: 'sex',
      values: [
        { value: 'women', series: [point('2022', 0, 15)] },
        { value: 'men', series: [point('2022', 26, 30)] },
      ],
    };
    const origin = {
      kind: 'origin-subgroup',
      values: [
        { value: 'danish', series: [point('2022', 0, 7)] },
        { value: 'immigrants', series: [point('2022', 26, 38)] },
      ],
    };
    const hidden = protectBreakdowns([point('2022', 26, 45)], [sex, origin], five);
    const of = (kind: string | undefined, value: string) =>
      hidden(kind === undefined ? undefined : { kind, value }, '2022', 'target') ?? {
        share: false,
        size: false,
      };
    const c = (value: number, hide: boolean): CountCell =>
      hide ? { kind: 'suppressed', reason: 'secondary' } : { kind: 'count', value };
    const total = of(undefined, '');
    const seen = (kind: string, a: string, b: string, cells: number[][]): ProtectedTable => {
      const [x, y] = [of(kind, a), of(kind, b)];
      return {
        cells: [
          [c(cells[0]?.[0] ?? 0, x.share), c(cells[0]?.[1] ?? 0, y.share)],
          [c(cells[1]?.[0] ?? 0, x.share), c(cells[1]?.[1] ?? 0, y.share)],
        ],
        rowTotals: [c(26, total.share), c(19, total.share)],
        columnTotals: [
          c((cells[0]?.[0] ?? 0) + (cells[1]?.[0] ?? 0), x.size),
          c((cells[0]?.[1] ?? 0) + (cells[1]?.[1] ?? 0), y.size),
        ],
        grandTotal: c(45, total.size),
      };
    };
    const sexCells = [
      [0, 26],
      [15, 4],
    ];
    const originCells = [
      [0, 26],
      [7, 12],
    ];
    const pair = (cells: number[][]) => ({
      table: { cells, together: [0, 1, 2].map((j) => [[0, j] as const, [1, j] as const]) },
      shared: [
        [0, 2, 'numerator'],
        [1, 2, 'complement'],
        [2, 2, 'size'],
      ] as [number, number, string][],
    });
    const audit = auditJointly(
      [pair(sexCells), pair(originCells)],
      [seen('sex', 'women', 'men', sexCells), seen('origin-subgroup', 'danish', 'immigrants', originCells)],
      five,
    );
    expect(audit.findings).toEqual([]);
    // The men's 4 without the trait is small: their share is hidden, and so is something that would give it.
    expect(of('sex', 'men').share).toBe(true);
  });

  describe('beside an earlier release of the total', () => {
    // Today: women 5 of 37, men 1 of 15, total 6 of 52. A frozen evaluation's report, from figures since
    // revised (women 6 of 37, men 0 of 15), published the same total 6 of 52: nothing in it was small.
    const sex = (women: [number, number], men: [number, number]) => [
      {
        kind: 'sex',
        values: [
          { value: 'women', series: [point('2022', ...women)] },
          { value: 'men', series: [point('2022', ...men)] },
        ],
      },
    ];
    const report = (numerator: number, size: number, shown: boolean) => () => ({
      observation: counts(numerator, size),
      shown: { share: shown, size: shown },
    });
    const of = (h: ReturnType<typeof protectBreakdowns>, value?: string) =>
      h(value === undefined ? undefined : { kind: 'sex', value }, '2022', 'target') ?? {
        share: false,
        size: false,
      };
    const c = (value: number, hide: boolean): CountCell =>
      hide ? { kind: 'suppressed', reason: 'secondary' } : { kind: 'count', value };
    const cells = [
      [5, 1],
      [32, 14],
    ];
    /** What a reader holds: the report's total (2 × 1, its size as column total) and today's table. */
    const tables = [
      {
        table: {
          cells: [[6], [46]],
          margins: { rowTotals: false, grandTotal: false },
          together: [[[0, 0] as const, [1, 0] as const]],
        },
        shared: [
          [0, 0, 'numerator'],
          [1, 0, 'complement'],
          [2, 0, 'size'],
        ] as [number, number, string][],
      },
      {
        table: { cells, together: [0, 1, 2].map((j) => [[0, j] as const, [1, j] as const]) },
        shared: [
          [0, 2, 'numerator'],
          [1, 2, 'complement'],
          [2, 2, 'size'],
        ] as [number, number, string][],
      },
    ];
    const readerAttack = (h: ReturnType<typeof protectBreakdowns>) =>
      auditJointly(
        tables,
        [
          { cells: [[c(6, false)], [c(46, false)]], columnTotals: [c(52, false)] },
          {
            cells: [
              [c(5, of(h, 'women').share), c(1, of(h, 'men').share)],
              [c(32, of(h, 'women').share), c(14, of(h, 'men').share)],
            ],
            rowTotals: [c(6, of(h).share), c(46, of(h).share)],
            columnTotals: [c(37, of(h, 'women').size), c(15, of(h, 'men').size)],
            grandTotal: c(52, of(h).size),
          },
        ],
        five,
      );

    it("protected on its own, today's page hides the total and shows the women: the report gives 6 − 5 = 1", () => {
      const alone = protectBreakdowns([point('2022', 6, 52)], sex([5, 37], [1, 15]), five);
      expect(of(alone).share).toBe(true);
      expect(of(alone, 'women').share).toBe(false);
      const audit = readerAttack(alone);
      expect(audit.findings).toContainEqual(
        expect.objectContaining({ kind: 'range-too-narrow', low: 1, high: 1 }),
      );
    });

    it('protected beside the report, it hides the women instead, and no range of the men narrows', () => {
      const hidden = protectBreakdowns([point('2022', 6, 52)], sex([5, 37], [1, 15]), five, [
        report(6, 52, true),
      ]);
      expect(of(hidden, 'men').share).toBe(true);
      expect(of(hidden, 'women').share).toBe(true);
      expect(readerAttack(hidden).findings).toEqual([]);
    });

    it("a report of a revised total shares no figure with today's tables and changes nothing", () => {
      const alone = protectBreakdowns([point('2022', 6, 52)], sex([5, 37], [1, 15]), five);
      const beside = protectBreakdowns([point('2022', 6, 52)], sex([5, 37], [1, 15]), five, [
        report(7, 60, true),
      ]);
      for (const v of [undefined, 'women', 'men']) expect(of(beside, v)).toEqual(of(alone, v));
    });

    it('a total the report hid stays hidden today, and a report of another period changes nothing', () => {
      const hidden = protectBreakdowns([point('2022', 6, 52)], sex([5, 37], [1, 15]), five, [
        report(6, 52, false),
        () => undefined,
      ]);
      expect(of(hidden).share).toBe(true);
      expect(of(hidden, 'men').share).toBe(true);
    });
  });
});
