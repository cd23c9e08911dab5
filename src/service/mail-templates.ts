// The mails the system sends, in Danish (accounts keep no language, so there is no English version): a text part
// that reads well on its own and an HTML part in which every value is escaped. Each function takes plain values
// and returns the subject and both parts; the transport (`platform/mail.ts`) puts the subject on one line.
import { InvalidInputError } from './errors.ts';

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const longDate = new Intl.DateTimeFormat('da-DK', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A calendar date (YYYY-MM-DD) as Danes write it: "15. marts 2027". */
export function danishLongDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new InvalidInputError(`expected a date as YYYY-MM-DD, not ${JSON.stringify(isoDate)}`);
  return longDate.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

function checkedLink(link: string): string {
  if (!URL.canParse(link) || !/^https?:$/.test(new URL(link).protocol))
    throw new InvalidInputError(
      `a mail's link must be an http:// or https:// address, not ${JSON.stringify(link)}`,
    );
  return link;
}

function greeting(name: string | undefined): string {
  const n = name?.trim();
  return n ? `Kære ${n}` : 'Hej';
}

function page(paragraphs: readonly string[], link: { href: string; label: string }, footer: string): string {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join('\n');
  return `<!DOCTYPE html>
<html lang="da">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">
${body}
<p><a href="${escapeHtml(link.href)}" style="color:#0059b3">${escapeHtml(link.label)}</a></p>
<p style="font-size:14px;color:#4d4d4d">${escapeHtml(footer)}</p>
</body>
</html>
`;
}

const followupFooter =
  'Denne mail er sendt automatisk af Pejlemærke, fordi du er tovholder for området. Du får den kun én gang for denne opfølgningsrunde.';

/** What a follow-up mail is about. `deadline` is YYYY-MM-DD; `link` is the area's page. */
export interface FollowupMailInput {
  readonly recipientName?: string;
  readonly strategyTitle: string;
  readonly roundTitle: string;
  readonly areaTitle: string;
  readonly deadline: string;
  readonly link: string;
}

function daysLeftText(days: number): string {
  if (days <= 0) return 'i dag';
  if (days === 1) return 'i morgen';
  return `om ${days} dage`;
}

/** Sent some days before a round's deadline to the tovholdere of an area without a status note. */
export function followupReminderMail(input: FollowupMailInput & { readonly daysLeft: number }): RenderedMail {
  const link = checkedLink(input.link);
  const date = danishLongDate(input.deadline);
  const when = daysLeftText(input.daysLeft);
  const subject = `Påmindelse: status for ${input.areaTitle} senest ${date}`;
  const lines = [
    `${greeting(input.recipientName)}`,
    '',
    `Opfølgningsrunden "${input.roundTitle}" i ${input.strategyTitle} har frist ${when}, ${date}.`,
    `Området ${input.areaTitle} har endnu ikke en statusnote i runden.`,
    '',
    'Skriv områdets status på områdets side:',
    link,
    '',
    '-- ',
    followupFooter,
  ];
  const h = escapeHtml;
  const html = page(
    [
      h(greeting(input.recipientName)),
      `Opfølgningsrunden <strong>${h(input.roundTitle)}</strong> i ${h(input.strategyTitle)} har frist ${h(when)}, <strong>${h(date)}</strong>.`,
      `Området <strong>${h(input.areaTitle)}</strong> har endnu ikke en statusnote i runden.`,
    ],
    { href: link, label: `Skriv status for ${input.areaTitle}` },
    followupFooter,
  );
  return { subject, text: `${lines.join('\n')}\n`, html };
}

/** Sent the day after a round's deadline to the tovholdere of an area that still has no status note. */
export function followupOverdueMail(input: FollowupMailInput): RenderedMail {
  const link = checkedLink(input.link);
  const date = danishLongDate(input.deadline);
  const subject = `Fristen er overskredet: status for ${input.areaTitle} manglede ${date}`;
  const lines = [
    `${greeting(input.recipientName)}`,
    '',
    `Fristen for opfølgningsrunden "${input.roundTitle}" i ${input.strategyTitle} var ${date}.`,
    `Området ${input.areaTitle} har stadig ikke en statusnote, og området står nu som forsinket i oversigten.`,
    '',
    'Skriv områdets status hurtigst muligt på områdets side:',
    link,
    '',
    '-- ',
    followupFooter,
  ];
  const h = escapeHtml;
  const html = page(
    [
      h(greeting(input.recipientName)),
      `Fristen for opfølgningsrunden <strong>${h(input.roundTitle)}</strong> i ${h(input.strategyTitle)} var <strong>${h(date)}</strong>.`,
      `Området <strong>${h(input.areaTitle)}</strong> har stadig ikke en statusnote, og området står nu som forsinket i oversigten.`,
    ],
    { href: link, label: `Skriv status for ${input.areaTitle}` },
    followupFooter,
  );
  return { subject, text: `${lines.join('\n')}\n`, html };
}

/** What a survey mail is about: the organisation, the questionnaire, who asks, the link and the last day. */
interface SurveyMailInput {
  readonly recipientName?: string;
  readonly organisation: string;
  readonly surveyTitle: string;
  readonly sender: string;
  readonly link: string;
  readonly closes: string;
}

/**
 * A survey's invitation or reminder to one organisation's contact person.
 * - `kind`: 'invitation' for the first mail, 'reminder' for a later one to an organisation that has not answered
 *   (the same mail as `surveyReminderMail`).
 * - `organisation`: the organisation invited to answer, named in the mail.
 * - `surveyTitle`: the questionnaire's title; `sender`: who asks (e.g. "Ballerup Kommunes integrationsteam").
 * - `link`: the organisation's own answer link (http:// or https://); `closes`: the last day to answer, YYYY-MM-DD.
 * Throws InvalidInputError for a link that is not http(s) or a date that is not YYYY-MM-DD.
 */
export function surveyInvitationMail(
  input: SurveyMailInput & { readonly kind: 'invitation' | 'reminder' },
): RenderedMail {
  if (input.kind === 'reminder') return surveyReminderMail(input);
  return surveyMail(input, {
    subject: (date) => `${input.surveyTitle} – svar senest ${date}`,
    ask: (w) => `${w.sender} beder ${w.organisation} besvare spørgeskemaet ${w.title}.`,
    button: 'Besvar spørgeskemaet',
  });
}

/**
 * A survey's reminder to an organisation that has not submitted its answer. Each mail carries a new personal
 * link (only its hash is kept, so the earlier one cannot be sent again), so the reminder says that the link in
 * an earlier mail no longer works and that what was saved is kept. Same inputs as `surveyInvitationMail`.
 */
export function surveyReminderMail(input: SurveyMailInput): RenderedMail {
  return surveyMail(input, {
    subject: (date) => `Påmindelse: ${input.surveyTitle} – svar senest ${date}`,
    ask: (w) => `Vi mangler stadig svar fra ${w.organisation} på spørgeskemaet ${w.title}.`,
    after:
      'Brug linket i denne mail: det erstatter linket i den tidligere mail, som ikke længere virker. Svar, der allerede er gemt, er bevaret.',
    button: 'Besvar spørgeskemaet nu',
  });
}

/**
 * The survey mail's text and HTML from its wording: `ask` is given the sender, the organisation and the title,
 * plain (the title quoted) for the text, escaped (organisation and title bold) for the HTML; `after` is a
 * paragraph after the close date.
 */
function surveyMail(
  input: SurveyMailInput,
  words: {
    readonly subject: (date: string) => string;
    readonly ask: (w: {
      readonly sender: string;
      readonly organisation: string;
      readonly title: string;
    }) => string;
    readonly after?: string;
    readonly button: string;
  },
): RenderedMail {
  const link = checkedLink(input.link);
  const date = danishLongDate(input.closes);
  const footer = `Linket er personligt for ${input.organisation}; del det kun med dem, der skal svare på organisationens vegne.`;
  const lines = [
    greeting(input.recipientName),
    '',
    words.ask({ sender: input.sender, organisation: input.organisation, title: `"${input.surveyTitle}"` }),
    `Skemaet lukker ${date}.`,
    '',
    ...(words.after ? [words.after, ''] : []),
    'Svar her:',
    link,
    '',
    'Med venlig hilsen',
    input.sender,
    '',
    '-- ',
    footer,
  ];
  const h = escapeHtml;
  const strong = (s: string) => `<strong>${h(s)}</strong>`;
  const html = page(
    [
      h(greeting(input.recipientName)),
      words.ask({
        sender: h(input.sender),
        organisation: strong(input.organisation),
        title: strong(input.surveyTitle),
      }),
      `Skemaet lukker ${strong(date)}.`,
      ...(words.after ? [h(words.after)] : []),
      `Med venlig hilsen<br>${h(input.sender)}`,
    ],
    { href: link, label: words.button },
    footer,
  );
  return { subject: words.subject(date), text: `${lines.join('\n')}\n`, html };
}
