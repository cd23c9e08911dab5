// The faults definition format 2 refuses across a file, each the docs example with one change: the changed text,
// the line the error is on, the item path by ids and the message. Shared by the parser's and the CLI's tests.
import { readFileSync } from 'node:fs';

export const exampleFile = new URL('../../docs/examples/strategy-example.yaml', import.meta.url);
export const example = readFileSync(exampleFile, 'utf8');

/** The 1-based line of the nth occurrence of a text in a file; fails when it is not there. */
export function lineOf(text: string, needle: string, nth = 1): number {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" is not in the file ${nth} times`);
  }
  return text.slice(0, at).split('\n').length;
}

/** Each fault of format 2: the changed file, where the error is, and what it says. */
export const format2Faults: readonly {
  readonly name: string;
  readonly text: string;
  readonly line: number;
  readonly where: string;
  readonly message: RegExp;
}[] = (() => {
  const change = (from: string, to: string) => {
    if (!example.includes(from)) throw new Error(`the example has no "${from}"`);
    return example.replace(from, to);
  };
  const otherGoal = change('        unit: yes-no\n', '        goal: flere-i-job\n        unit: yes-no\n');
  const monitorTarget = change(
    '        direction: monitor\n',
    '        direction: monitor\n        target: { value: 5, year: 2027, comparison: at-most }\n',
  );
  const longLabel = change('label: timer pr. 1.000 indbyggere', `label: ${'x'.repeat(200)}`);
  const owner = change('owner: kommunalbestyrelsen', 'owner: borgmesteren');
  const goalOwner = change(
    '        owner: social-og-beskaeftigelsesudvalget',
    '        owner: beskaeftigelsesudvalget',
  );
  const responsible = change('responsible: center-for-kultur', 'responsible: kulturcentret');
  const lead = change('lead: center-for-kultur', 'lead: kultur');
  const area = change('  - id: faellesskab', '  - id: arbejde');
  const indicator = change('id: kulturudgifter', 'id: foreningsstrategi');
  const intervention = change('id: data-i-udvalget', 'id: jobmentorer');
  const unit = change(
    '      kind: partner\n',
    '      kind: partner\n    - id: frivilligcentret\n      name: Frivilligcentret Nord\n      kind: partner\n',
  );
  const targetYear = change('          year: 2028', '          year: 2023');
  const ownArea = change("area: '000'", "area: '999'");
  return [
    {
      name: "an indicator naming another area's goal",
      text: otherGoal,
      line: lineOf(otherGoal, 'goal: flere-i-job', 4),
      where: 'area "faellesskab" › indicator "foreningsstrategi" › goal',
      message: /names goal "flere-i-job" of area "arbejde"; it may name a goal of its own area "faellesskab"/,
    },
    {
      name: 'a target on a monitored indicator',
      text: monitorTarget,
      line: lineOf(monitorTarget, 'target: { value: 5'),
      where: 'area "faellesskab" › indicator "kulturudgifter" › target',
      message: /only monitored \(direction "monitor"\), so it cannot have a target \(got at-most 5 by 2027\)/,
    },
    {
      name: 'a unit label of 200 characters',
      text: longLabel,
      line: lineOf(longLabel, 'label: xxx'),
      where: 'area "faellesskab" › indicator "frivillige-timer" › unit.label',
      message: /expected a unit label of at most 100 characters; got "x{70,}/,
    },
    {
      name: 'an indicator owner that is no unit',
      text: owner,
      line: lineOf(owner, 'owner: borgmesteren'),
      where: 'area "faellesskab" › indicator "kulturudgifter" › owner',
      message: /unknown unit "borgmesteren"; the organisation's units are kommunalbestyrelsen, /,
    },
    {
      name: 'a goal owner that is no unit',
      text: goalOwner,
      line: lineOf(goalOwner, 'owner: beskaeftigelsesudvalget'),
      where: 'area "arbejde" › goal "flere-i-job" › owner',
      message: /unknown unit "beskaeftigelsesudvalget"/,
    },
    {
      name: 'a responsible unit that is no unit',
      text: responsible,
      line: lineOf(responsible, 'responsible: kulturcentret'),
      where: 'interventions › intervention "sprogcafe" › responsible',
      message: /unknown unit "kulturcentret"/,
    },
    {
      name: 'an area lead that is no unit',
      text: lead,
      line: lineOf(lead, 'lead: kultur'),
      where: 'area "faellesskab" › organisation.lead',
      message: /unknown unit "kultur"/,
    },
    {
      name: 'a duplicate area id',
      text: area,
      line: lineOf(area, '- id: arbejde', 2),
      where: 'area "arbejde" › id',
      message: /duplicate area id "arbejde" \(also at areas\[0]\)/,
    },
    {
      name: 'a duplicate indicator id',
      text: indicator,
      line: lineOf(indicator, 'id: foreningsstrategi', 2),
      where: 'area "faellesskab" › indicator "foreningsstrategi" › id',
      message: /duplicate indicator id "foreningsstrategi" \(also at areas\[1]\.indicators\[0]\)/,
    },
    {
      name: 'a duplicate intervention id, across an area and the cross-cutting ones',
      text: intervention,
      line: lineOf(intervention, 'id: jobmentorer', 2),
      where: 'interventions › intervention "jobmentorer" › id',
      message: /duplicate intervention id "jobmentorer" \(also at areas\[0]\.interventions\.items\[0]\)/,
    },
    {
      name: 'a duplicate organisation unit id',
      text: unit,
      line: lineOf(unit, 'id: frivilligcentret', 2),
      where: 'organisation › unit "frivilligcentret" › id',
      message: /duplicate unit id "frivilligcentret" \(also at organisation\.units\[4]\)/,
    },
    {
      name: 'a target year before the baseline year',
      text: targetYear,
      line: lineOf(targetYear, 'year: 2023'),
      where: 'area "arbejde" › indicator "ledighed-uger" › target.year',
      message: /the target year 2023 is before the baseline year 2024/,
    },
    {
      name: "a benchmark area that is the strategy's own",
      text: ownArea,
      line: lineOf(ownArea, "area: '999'"),
      where: 'area "arbejde" › indicator "beskaeftigelse-gab" › benchmark.area',
      message: /benchmark area "999" is the strategy's own \(organisation\.areaCode\)/,
    },
  ];
})();
