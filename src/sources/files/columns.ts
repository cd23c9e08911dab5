// The column layout of an indicator's file, derived from its definition: where, when, which group, and the
// figure in the shape its unit needs. The template writes these columns and the reader demands exactly them.
import type { Indicator, UnitName } from '../../domain/strategy/index.ts';

/** The format of the template and of the files read against it; written in the template's marker. */
export const TEMPLATE_VERSION = 1;

export type ColumnKey =
  | 'area'
  | 'period'
  | 'group'
  | 'sex'
  | 'origin'
  | 'ageBand'
  | 'numerator'
  | 'denominator'
  | 'value'
  | 'count';

export interface Column {
  readonly key: ColumnKey;
  /** The header as the template writes it (Danish). */
  readonly header: string;
  /** Other headers accepted for it: without æ/ø/å, and in English, for systems that export those. */
  readonly aliases: readonly string[];
  /** What the column holds, for the instructions sheet. */
  readonly meaning: string;
  /** The values allowed, for the instructions sheet. */
  readonly allowed: string;
  /** Text columns are formatted as text in the XLSX template so Excel keeps 085 and 2021K2 as written. */
  readonly text: boolean;
}

/** Allowed values of the dimension columns: Danish first (what the template shows), then English. */
export const groupValues = {
  target: ['målgruppe', 'maalgruppe', 'target'],
  comparison: ['sammenligning', 'sammenligningsgruppe', 'comparison'],
} as const;
export const sexValues = {
  women: ['kvinder', 'women'],
  men: ['mænd', 'maend', 'men'],
  total: ['i alt', 'ialt', 'total'],
} as const;
export const originValues = {
  immigrants: ['indvandrere', 'immigrants'],
  descendants: ['efterkommere', 'descendants'],
  total: ['i alt', 'ialt', 'total'],
} as const;

const frequencyText: Record<Indicator['frequency'], string> = {
  year: 'år',
  quarter: 'kvartal',
  month: 'måned',
  'survey-round': 'undersøgelsesrunde (angives med året)',
};

export function frequencyLabel(indicator: Pick<Indicator, 'frequency'>): string {
  return frequencyText[indicator.frequency];
}

/** How a period of the indicator's frequency is written, e.g. "2021K2". */
export function periodFormat(indicator: Pick<Indicator, 'frequency'>): {
  readonly pattern: RegExp;
  readonly hint: string;
} {
  switch (indicator.frequency) {
    case 'quarter':
      return { pattern: /^\d{4}K[1-4]$/, hint: 'år og kvartal, fx 2021K2' };
    case 'month':
      return { pattern: /^\d{4}M(0[1-9]|1[0-2])$/, hint: 'år og måned, fx 2021M09' };
    case 'year':
    case 'survey-round':
      return { pattern: /^\d{4}$/, hint: 'året, fx 2021' };
  }
}

const unitText: Record<UnitName, string> = {
  share: 'andel (tæller divideret med nævner)',
  weeks: 'uger',
  count: 'antal',
  score: 'score (på undersøgelsens skala)',
  years: 'år',
  days: 'dage',
  kr: 'kroner',
  index: 'indeks',
  hectares: 'hektar',
  'tonnes-co2': 'ton CO₂',
  'yes-no': 'ja (1) eller nej (0)',
};

export function unitLabel(indicator: Pick<Indicator, 'unit'>): string {
  return typeof indicator.unit === 'string' ? unitText[indicator.unit] : indicator.unit.label;
}

const quoteList = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

/** The columns of an indicator's file, in the order the template writes them. */
export function columnsFor(indicator: Indicator): readonly Column[] {
  const columns: Column[] = [
    {
      key: 'area',
      header: 'område',
      aliases: ['omraade', 'omrade', 'area'],
      meaning:
        'Danmarks Statistiks tre-cifrede områdekode: 000 hele landet, 081-085 regionerne, 101-860 kommunerne; ' +
        'koden skal findes i Danmarks Statistiks liste over områder',
      allowed: 'tre cifre, fx 151 (Ballerup); 85 læses som 085',
      text: true,
    },
    {
      key: 'period',
      header: 'periode',
      aliases: ['period', 'tid'],
      meaning: `perioden tallet gælder; indikatoren opgøres pr. ${frequencyLabel(indicator)}; ikke en periode, der endnu ikke er begyndt`,
      allowed: periodFormat(indicator).hint,
      text: true,
    },
  ];
  if (indicator.kind === 'gap')
    columns.push({
      key: 'group',
      header: 'gruppe',
      aliases: ['group'],
      meaning: `målgruppe: ${indicator.targetGroup?.label ?? 'gruppen'}; sammenligning: ${indicator.comparisonGroup?.label ?? 'sammenligningsgruppen'}`,
      allowed: quoteList([groupValues.target[0], groupValues.comparison[0]]),
      text: true,
    });
  if (indicator.breakdowns.includes('sex'))
    columns.push({
      key: 'sex',
      header: 'køn',
      aliases: ['koen', 'kon', 'sex'],
      meaning: 'kønnet tallet gælder; "i alt" for begge køn tilsammen',
      allowed: quoteList([sexValues.women[0], sexValues.men[0], sexValues.total[0]]),
      text: true,
    });
  if (indicator.breakdowns.includes('origin-subgroup'))
    columns.push({
      key: 'origin',
      header: 'herkomst',
      aliases: ['origin'],
      meaning:
        'indvandrere eller efterkommere inden for gruppen; "i alt" for hele gruppen' +
        (indicator.comparisonGroup?.basis === 'danish-origin'
          ? ' (sammenligningsgruppen har dansk oprindelse og har altid "i alt")'
          : ''),
      allowed: quoteList([originValues.immigrants[0], originValues.descendants[0], originValues.total[0]]),
      text: true,
    });
  if (indicator.breakdowns.includes('age-band'))
    columns.push({
      key: 'ageBand',
      header: 'aldersgruppe',
      aliases: ['alder', 'age', 'age-band', 'ageband'],
      meaning: 'aldersgruppen tallet gælder; "i alt" for alle aldre',
      allowed: 'fra-til i hele år, fx 18-29, eller fx 65+; "i alt"',
      text: true,
    });
  switch (indicator.unit) {
    case 'share':
      columns.push(
        {
          key: 'numerator',
          header: 'tæller',
          aliases: ['taeller', 'numerator'],
          meaning: `de af gruppens ${indicator.population ?? 'personer'}, som målingen tæller`,
          allowed:
            'et tal større end eller lig 0 og højst nævneren; decimaler er tilladt (fx fuldtidspersoner)',
          text: false,
        },
        {
          key: 'denominator',
          header: 'nævner',
          aliases: ['naevner', 'denominator'],
          meaning: `alle gruppens ${indicator.population ?? 'personer'}: antallet, andelen er taget af`,
          allowed: 'et tal større end 0',
          text: false,
        },
      );
      break;
    case 'count':
      columns.push({
        key: 'count',
        header: 'antal',
        aliases: ['count'],
        meaning: 'antallet (fx antal brugere)',
        allowed: 'et helt tal større end eller lig 0',
        text: false,
      });
      break;
    default:
      columns.push({
        key: 'value',
        header: 'værdi',
        aliases: ['vaerdi', 'value'],
        meaning: `tallet i enheden ${unitLabel(indicator)}`,
        allowed:
          indicator.unit === 'weeks'
            ? 'et tal større end eller lig 0, fx 12,5'
            : 'et tal større end eller lig 0, fx 3,4',
        text: false,
      });
      break;
  }
  return columns;
}

/** A header as it is compared: Unicode-normalised, trimmed, lower case, single spaces. */
export function normaliseHeader(raw: string): string {
  return raw.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
}
