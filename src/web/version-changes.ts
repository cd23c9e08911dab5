// The changes between two versions of a strategy as a reader reads them: where (the focus area, indicator or
// intervention by its title, then the field by its name), what (added, removed, changed), and the old and the
// new text side by side with the changed words marked. Also the indicators and interventions added and
// removed, by name, for the summary above the table.
import {
  defaultLevels,
  diffWords,
  titleOf,
  type Change,
  type Levels,
  type WordSegment,
} from '../domain/strategy/index.ts';
import type { Language, MessageKey, Translate } from './i18n/messages.ts';

export interface ChangeRow {
  readonly kind: Change['kind'];
  /** "Indsatsområde «Beskæftigelse» › Indikator «Offentlig forsørgelse»"; the strategy's name at its top level. */
  readonly where: string;
  /** "Ønsket udvikling", "Mål › Målsætninger › nr. 2"; empty when the item itself was added or removed. */
  readonly field: string;
  readonly before?: string;
  readonly after?: string;
  /** For a changed text: its words, kept, removed and added. */
  readonly words?: readonly WordSegment[];
  /** The path in the definition file, for whoever edits it. */
  readonly path: string;
}

export interface NamedChanges {
  readonly rows: readonly ChangeRow[];
  readonly addedIndicators: readonly string[];
  readonly removedIndicators: readonly string[];
  readonly addedInterventions: readonly string[];
  readonly removedInterventions: readonly string[];
}

/** What each id-keyed list's items are called: the levels as the strategy names them, a unit of its organisation. */
function itemWords(lang: Language, levels: Levels = defaultLevels): Record<string, string> {
  const name = (l: { readonly da: string; readonly en: string }) => (lang === 'da' ? l.da : l.en);
  return {
    areas: name(levels.area),
    indicators: name(levels.indicator),
    items: name(levels.intervention),
    goals: name(levels.goal),
    centres: lang === 'da' ? 'Enhed' : 'Unit',
  };
}

/** The definition's fields by the names the pages give them; a key not listed is shown as it is written. */
const fieldWords: Record<Language, Record<string, string>> = {
  da: {
    title: 'Titel',
    subtitle: 'Undertitel',
    name: 'Navn',
    text: 'Tekst',
    intro: 'Indledning',
    goal: 'Mål',
    statements: 'Målsætninger',
    quotes: 'Citater',
    source: 'Kilde',
    measurement: 'Måling',
    population: 'Hvem der måles på',
    kind: 'Type',
    unit: 'Enhed',
    gapMeasure: 'Gabet opgøres som',
    direction: 'Ønsket udvikling',
    frequency: 'Hyppighed',
    lagMonths: 'Forsinkelse i måneder',
    breakdowns: 'Opdelinger',
    owner: 'Ejer',
    baseline: 'Basisperiode',
    note: 'Bemærkning',
    targetGroup: 'Målgruppe',
    comparisonGroup: 'Sammenligningsgruppe',
    label: 'Betegnelse',
    origins: 'Herkomst',
    restriction: 'Afgrænsning',
    basis: 'Grundlag',
    organisation: 'Organisering',
    lead: 'Ansvarlig enhed',
    involved: 'Involverede enheder',
    interventions: 'Indsatser',
    period: 'Periode',
    start: 'Start',
    end: 'Slut',
    evaluation: 'Evaluering',
    coordination: 'Koordinering',
    tables: 'Tabeller',
    publisher: 'Udgiver',
    nationalMeasure: 'Mål i Integrationsbarometret',
  },
  en: {
    title: 'Title',
    subtitle: 'Subtitle',
    name: 'Name',
    text: 'Text',
    intro: 'Introduction',
    goal: 'Goal',
    statements: 'Objectives',
    quotes: 'Quotes',
    source: 'Source',
    measurement: 'Measurement',
    population: 'Who is measured',
    kind: 'Type',
    unit: 'Unit',
    gapMeasure: 'Gap measured as',
    direction: 'Desired direction',
    frequency: 'Frequency',
    lagMonths: 'Lag in months',
    breakdowns: 'Breakdowns',
    owner: 'Owner',
    baseline: 'Baseline period',
    note: 'Note',
    targetGroup: 'Target group',
    comparisonGroup: 'Comparison group',
    label: 'Label',
    origins: 'Origin',
    restriction: 'Restriction',
    basis: 'Basis',
    organisation: 'Organisation',
    lead: 'Lead unit',
    involved: 'Involved units',
    interventions: 'Interventions',
    period: 'Period',
    start: 'Start',
    end: 'End',
    evaluation: 'Evaluation',
    coordination: 'Coordination',
    tables: 'Tables',
    publisher: 'Publisher',
    nationalMeasure: 'Measure in the Integration Barometer',
  },
};

/** Fields whose values are codes the pages word (`direction.up` → "Op"). */
const wordedValues = new Set(['kind', 'unit', 'gapMeasure', 'direction', 'frequency']);

/** At most this many characters of a value are shown; the file holds the rest. */
const MAX_VALUE = 600;

export function namedChanges(
  changes: readonly Change[],
  lang: Language,
  t: Translate,
  levels?: Levels,
): NamedChanges {
  const items = itemWords(lang, levels);
  const fields = fieldWords[lang];
  const word = (key: MessageKey) => {
    const text = t(key);
    return text === key ? undefined : text;
  };
  const valueText = (field: string | number | undefined, v: unknown): string => {
    let text: string;
    if (typeof v === 'string')
      text =
        (typeof field === 'string' && wordedValues.has(field) && word(`${field}.${v}` as MessageKey)) || v;
    else if (typeof v === 'number') text = v.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB');
    else if (typeof v === 'boolean') text = t(v ? 'versions.yes' : 'versions.no');
    else if (Array.isArray(v)) text = v.map((x) => valueText(field, x)).join(', ');
    else if (typeof v === 'object' && v !== null) {
      const title = titleOf(v);
      text =
        title ||
        Object.entries(v)
          .map(([k, x]) => `${fields[k] ?? k}: ${valueText(k, x)}`)
          .join('; ');
    } else text = '';
    return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)} …` : text;
  };
  const rows = changes.map((c): ChangeRow => {
    const where = c.items.map((i) => `${items[i.list] ?? i.list} «${i.title}»`).join(' › ');
    const field = c.field
      .map((f) => (typeof f === 'number' ? t('versions.position', { n: f + 1 }) : (fields[f] ?? f)))
      .join(' › ');
    const last = [...c.field].reverse().find((f) => typeof f === 'string');
    const before = 'before' in c ? valueText(last, c.before) : undefined;
    const after = 'after' in c ? valueText(last, c.after) : undefined;
    return {
      kind: c.kind,
      where: where || t('versions.wholeStrategy'),
      field,
      ...(before !== undefined && { before }),
      ...(after !== undefined && { after }),
      ...(c.kind === 'changed' &&
        typeof c.before === 'string' &&
        typeof c.after === 'string' &&
        before === c.before &&
        after === c.after && { words: diffWords(c.before, c.after) }),
      path: c.path,
    };
  });
  const named = (kind: Change['kind'], list: string) =>
    changes.flatMap((c) => {
      const last = c.items.at(-1);
      return c.kind === kind && c.field.length === 0 && last?.list === list ? [last.title] : [];
    });
  return {
    rows,
    addedIndicators: named('added', 'indicators'),
    removedIndicators: named('removed', 'indicators'),
    addedInterventions: named('added', 'items'),
    removedInterventions: named('removed', 'items'),
  };
}
