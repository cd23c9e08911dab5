// The mail templates: Danish text that reads on its own, HTML with every value escaped, the link in both parts,
// and a bad link or date refused.
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors.ts';
import {
  danishLongDate,
  escapeHtml,
  followupOverdueMail,
  followupReminderMail,
  surveyInvitationMail,
  surveyReminderMail,
} from './mail-templates.ts';

const hostile = '<script>alert("x")</script> & \'Co\'';
const followup = {
  recipientName: 'Søren',
  strategyTitle: 'Integrationsstrategi',
  roundTitle: hostile,
  areaTitle: 'Beskæftigelse',
  deadline: '2027-03-15',
  link: 'https://pejlemaerke.test/strategier/s/omraader/beskaeftigelse?x=1&y=2',
};

function expectClean(mail: { subject: string; text: string; html: string }) {
  for (const part of [mail.subject, mail.text, mail.html])
    expect(part).not.toMatch(/undefined|NaN|\{\{|\$\{/);
  expect(mail.html).not.toContain('<script>');
  expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;');
  expect(mail.html).toContain('<html lang="da">');
}

describe('mail templates', () => {
  it('words the reminder with the days left, the date, the area and the link', () => {
    const mail = followupReminderMail({ ...followup, daysLeft: 7 });
    expect(mail.subject).toBe('Påmindelse: status for Beskæftigelse senest 15. marts 2027');
    expect(mail.text).toBe(
      [
        'Kære Søren',
        '',
        `Opfølgningsrunden "${hostile}" i Integrationsstrategi har frist om 7 dage, 15. marts 2027.`,
        'Området Beskæftigelse har endnu ikke en statusnote i runden.',
        '',
        'Skriv områdets status på områdets side:',
        followup.link,
        '',
        '-- ',
        'Denne mail er sendt automatisk af Pejlemærke, fordi du er tovholder for området. Du får den kun én gang for denne opfølgningsrunde.',
        '',
      ].join('\n'),
    );
    expect(mail.html).toContain(`href="${escapeHtml(followup.link)}"`);
    expectClean(mail);
    expect(followupReminderMail({ ...followup, daysLeft: 1 }).text).toContain('har frist i morgen,');
    expect(followupReminderMail({ ...followup, daysLeft: 0 }).text).toContain('har frist i dag,');
    expect(followupReminderMail({ ...followup, recipientName: ' ', daysLeft: 3 }).text).toMatch(/^Hej\n/);
  });

  it('words the overdue notice', () => {
    const mail = followupOverdueMail(followup);
    expect(mail.subject).toBe('Fristen er overskredet: status for Beskæftigelse manglede 15. marts 2027');
    expect(mail.text).toContain('var 15. marts 2027.');
    expect(mail.text).toContain('står nu som forsinket i oversigten');
    expectClean(mail);
  });

  it('words a survey invitation and a reminder for an organisation', () => {
    const input = {
      organisation: hostile,
      surveyTitle: 'Foreningsundersøgelse 2027',
      sender: 'Ballerup Kommunes integrationsteam',
      link: 'https://pejlemaerke.test/svar/abc123',
      closes: '2027-04-30',
    };
    const invite = surveyInvitationMail({ ...input, kind: 'invitation', recipientName: 'Fatima' });
    expect(invite.subject).toBe('Foreningsundersøgelse 2027 – svar senest 30. april 2027');
    expect(invite.text).toContain(
      `Ballerup Kommunes integrationsteam beder ${hostile} besvare spørgeskemaet "Foreningsundersøgelse 2027".`,
    );
    expect(invite.text).toContain('Skemaet lukker 30. april 2027.');
    expect(invite.text).toContain('https://pejlemaerke.test/svar/abc123');
    expectClean(invite);
    const reminder = surveyInvitationMail({ ...input, kind: 'reminder' });
    expect(reminder.subject).toBe('Påmindelse: Foreningsundersøgelse 2027 – svar senest 30. april 2027');
    expect(reminder.text).toMatch(/^Hej\n\nVi mangler stadig svar fra /);
    expectClean(reminder);
    // A reminder is one mail whichever way it is asked for, and only it says the earlier link is replaced.
    expect(reminder).toEqual(surveyReminderMail(input));
    expect(invite.text).not.toContain('erstatter linket');
  });

  it('refuses a link that is not http(s) and a date that is not YYYY-MM-DD', () => {
    expect(() => followupOverdueMail({ ...followup, link: 'javascript:alert(1)' })).toThrow(
      InvalidInputError,
    );
    expect(() => followupOverdueMail({ ...followup, link: '/strategier/s' })).toThrow(
      /http:\/\/ or https:\/\//,
    );
    expect(() =>
      surveyInvitationMail({
        kind: 'invitation',
        organisation: 'X',
        surveyTitle: 'Y',
        sender: 'Z',
        link: 'https://a.dk',
        closes: '30-04-2027',
      }),
    ).toThrow(/expected a date as YYYY-MM-DD/);
    expect(danishLongDate('2027-12-01')).toBe('1. december 2027');
  });
});

describe('survey reminder mail', () => {
  it('says the earlier link no longer works, keeps the saved answers, and escapes every value in HTML', () => {
    const m = surveyReminderMail({
      recipientName: 'Bo <b>',
      organisation: 'AOF & Co',
      surveyTitle: 'Sprog "FVU"',
      sender: 'Ballerup Kommune',
      link: 'https://pejlemaerke.test/svar/abc',
      closes: '2027-03-31',
    });
    expect(m.subject).toBe('Påmindelse: Sprog "FVU" – svar senest 31. marts 2027');
    expect(m.text).toContain('Vi mangler stadig svar fra AOF & Co');
    expect(m.text).toContain('det erstatter linket i den tidligere mail, som ikke længere virker');
    expect(m.text).toContain('Svar, der allerede er gemt, er bevaret.');
    expect(m.text).toContain('https://pejlemaerke.test/svar/abc\n');
    expect(m.html).toContain('Kære Bo &lt;b&gt;');
    expect(m.html).toContain('AOF &amp; Co');
    expect(m.html).toContain('Sprog &quot;FVU&quot;');
    expect(m.html).not.toContain('<b>');
  });

  it('refuses a link that is not http(s) and a date that is not YYYY-MM-DD', () => {
    const input = {
      organisation: 'AOF',
      surveyTitle: 'FVU',
      sender: 'Ballerup Kommune',
      link: 'https://pejlemaerke.test/svar/abc',
      closes: '2027-03-31',
    };
    expect(() => surveyReminderMail({ ...input, link: 'javascript:alert(1)' })).toThrow(InvalidInputError);
    expect(() => surveyReminderMail({ ...input, closes: '31-03-2027' })).toThrow(InvalidInputError);
  });
});
