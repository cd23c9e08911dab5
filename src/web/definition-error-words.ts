// A strategy definition's errors as a page lists them: as `strategy validate` prints them
// (`file:line:column: where (path): message`, the items named by their ids, the value given), in Danish on a
// Danish page. The parser words its messages in English for the command line; the common forms — a missing
// field, a wrong type or choice with the value given, unknown fields, syntax (without the YAML reader's English
// explanation), encoding — are said in Danish here, and a message of another form is shown as the parser wrote it.
import { formatDefinitionError, type DefinitionError } from '../domain/strategy/index.ts';
import type { Language } from './i18n/messages.ts';

/** What the id-keyed items are called in Danish (the parser's `whereOf` names them in English). */
const items: Readonly<Record<string, string>> = {
  area: 'område',
  indicator: 'indikator',
  intervention: 'indsats',
  centre: 'center',
  unit: 'enhed',
  goal: 'mål',
  query: 'forespørgsel',
};

/** Words inside the parser's messages: types, values and joins. */
function danishWords(s: string): string {
  return s
    .replace(/\bthe text\b/g, 'teksten')
    .replace(/\bthe number\b/g, 'tallet')
    .replace(/\bthe boolean\b/g, 'sandhedsværdien')
    .replace(/\ba mapping\b/g, 'en samling af felter')
    .replace(/\ba list\b/g, 'en liste')
    .replace(/\ba value\b/g, 'en værdi')
    .replace(/^text$/, 'tekst')
    .replace(/\bnumber\b/g, 'tal')
    .replace(/\bboolean\b/g, 'sand eller falsk')
    .replace(/" or "/g, '" eller "')
    .replace(/\bnull\b/g, 'ingenting');
}

const messages: readonly (readonly [RegExp, (m: RegExpExecArray) => string])[] = [
  [
    /^"(.+)" is missing \(expected (.+)\)$/,
    (m) => `«${m[1]}» mangler (forventet: ${danishWords(m[2] ?? '')})`,
  ],
  [
    /^a value is missing \(expected (.+)\)$/,
    (m) => `en værdi mangler (forventet: ${danishWords(m[1] ?? '')})`,
  ],
  [
    /^expected (.+), got (.+)$/,
    (m) => `forventet ${danishWords(m[1] ?? '')}, men filen har ${danishWords(m[2] ?? '')}`,
  ],
  [/^unknown field (.+)$/, (m) => `ukendt felt ${m[1]}`],
  [/^unknown fields (.+)$/, (m) => `ukendte felter ${m[1]}`],
  // The YAML reader's own explanation is English only; the place (line and column) says where.
  [/^syntax error: /, () => 'syntaksfejl: her er filen hverken gyldig YAML eller JSON'],
  [/^the file is empty$/, () => 'filen er tom'],
  [/^the file holds only white space$/, () => 'filen indeholder kun mellemrum og linjeskift'],
  [
    /^not valid UTF-8 \(first bad byte at offset (\d+)\); save the file as UTF-8$/,
    (m) => `filen er ikke gyldig UTF-8 (første forkerte byte ved position ${m[1]}); gem filen som UTF-8`,
  ],
  [
    /^expected a mapping of fields/,
    () => 'filen skal være en samling af felter (format, id, title, areas …), som en strategidefinition er',
  ],
  [
    /^expected "format: 2", or "formatVersion: 1" for a version 1 definition$/,
    () => 'forventet «format: 2», eller «formatVersion: 1» for en definition i version 1',
  ],
  [/^(.+) given twice$/, (m) => `${m[1]} er angivet to gange`],
  [
    /^duplicate (\w+) id "(.+)" \(also at (.+)\)$/,
    (m) => `${items[m[1] ?? ''] ?? m[1]}-id'et «${m[2]}» findes to gange (også ved ${m[3]})`,
  ],
  [
    /^unknown unit "(.+)"; the organisation's units are (.+)$/,
    (m) => `ukendt enhed «${m[1]}»; organisationens enheder er ${m[2]}`,
  ],
  [
    /^unknown indicator "(.+)" in intervention "(.+)"$/,
    (m) => `ukendt indikator «${m[1]}» i indsatsen «${m[2]}»`,
  ],
  [/^required when kind is "gap"$/, () => 'skal angives, når kind er «gap»'],
  [
    /^required when kind is "gap": "difference" or "ratio"$/,
    () => 'skal angives, når kind er «gap»: «difference» eller «ratio»',
  ],
  [
    /^only allowed when kind is (.+), not "(.+)"$/,
    (m) => `kun tilladt, når kind er ${danishWords(m[1] ?? '')}, ikke «${m[2]}»`,
  ],
  [/^period\.from must not be after period\.to$/, () => 'period.from må ikke ligge efter period.to'],
];

function danishMessage(message: string): string {
  for (const [re, say] of messages) {
    const m = re.exec(message);
    if (m) return say(m);
  }
  return message;
}

function danishWhere(where: string): string {
  if (where === '(root)') return '(hele filen)';
  return where
    .replace(/\b(area|indicator|intervention|centre|unit|goal|query) "/g, (_m, k: string) => `${items[k]} «`)
    .replace(/«([^"]*)"/g, '«$1»');
}

/** One error as the command line prints it, in the page's language. */
export function definitionErrorLine(e: DefinitionError, lang: Language): string {
  if (lang === 'en') return formatDefinitionError(e);
  const at =
    e.at === '(file)'
      ? '(filen)'
      : e.at === '(root)'
        ? '(hele filen)'
        : e.at.replace(/^line (\d+), column (\d+)$/, 'linje $1, kolonne $2');
  return formatDefinitionError({
    ...e,
    at,
    ...(e.where !== undefined && { where: danishWhere(e.where) }),
    message: danishMessage(e.message),
  });
}
