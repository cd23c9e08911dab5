// Runs random joint systems through protectJointly and the joint attack, and counts what the property tests report.
import { expect } from 'vitest';
import { auditJointly, type JointAudit } from '../../src/domain/disclosure/joint-audit.ts';
import { protectJointly, type JointMember } from '../../src/domain/disclosure/joint-protection.ts';
import {
  protectTable,
  type CountCell,
  type DisclosureConfig,
  type ProtectedTable,
} from '../../src/domain/disclosure/index.ts';
import { highsRanges } from './highs-ranges.ts';
import { seeded } from './joint-shapes.ts';

export const config: DisclosureConfig = { minCount: 5 };
const SYSTEMS = 10_000;

/** Shown entries of a published table and how many of them are hidden (an unshown column is not counted). */
function loss(p: ProtectedTable, unshownColumn: number | undefined): { shown: number; hidden: number } {
  let shown = 0;
  let hidden = 0;
  const count = (c: CountCell | undefined, column: number) => {
    if (!c || column === unshownColumn) return;
    shown++;
    if (c.kind === 'suppressed') hidden++;
  };
  p.cells.forEach((r, i) => {
    r.forEach((c, j) => count(c, j));
    count(p.rowTotals?.[i], -1);
  });
  p.columnTotals?.forEach((c, j) => count(c, j));
  count(p.grandTotal, -1);
  return { shown, hidden };
}

export interface Figures {
  systems: number;
  hidden: number;
  pinned: number;
  narrowest: number;
  leakingAlone: number;
  failing: number;
  unavoidable: number;
  lossBefore: number;
  lossAfter: number;
  checkedWithHighs: number;
}

/** SYSTEMS systems drawn from `seed`; every hundredth audited again by HiGHS, which must agree. */
export function run(
  name: string,
  make: (random: () => number) => JointMember[],
  seed: number,
): { figures: Figures; avoidable: JointAudit[] } {
  const random = seeded(seed);
  const f: Figures = {
    systems: 0,
    hidden: 0,
    pinned: 0,
    narrowest: Infinity,
    leakingAlone: 0,
    failing: 0,
    unavoidable: 0,
    lossBefore: 0,
    lossAfter: 0,
    checkedWithHighs: 0,
  };
  let shown = 0;
  let before = 0;
  let after = 0;
  const avoidable: JointAudit[] = [];
  for (let n = 0; n < SYSTEMS; n++) {
    const members = make(random);
    const own = members.map((m) => m.released ?? protectTable(m.table, config));
    if (!auditJointly(members, own, config).ok) f.leakingAlone++;
    const joint = protectJointly(members, config);
    const audit = auditJointly(members, joint.tables, config);
    f.systems++;
    f.hidden += audit.ranges.length;
    for (const { range } of audit.ranges) {
      if (range.lo === range.hi) f.pinned++;
      f.narrowest = Math.min(f.narrowest, range.hi - range.lo);
    }
    if (n % 100 === 0) {
      // The same attack by HiGHS finds the same ranges and the same findings.
      expect(auditJointly(members, joint.tables, config, highsRanges)).toEqual(audit);
      f.checkedWithHighs++;
    }
    if (!audit.ok) {
      f.failing++;
      // Would any pattern of the tables that may still change do better? Hide every non-zero figure there.
      const widest = members.map((m, i) => m.released ?? hideAll(joint.tables[i] as ProtectedTable));
      const best = auditJointly(members, widest, config);
      if (best.findings.some((x) => x.kind === 'range-too-narrow' || x.kind === 'lower-bound-revealed'))
        f.unavoidable++;
      else avoidable.push(audit);
    }
    members.forEach((m, i) => {
      if (m.released) return;
      const unshown = m.table.unshown?.[0]?.[1];
      const a = loss(own[i] as ProtectedTable, unshown);
      const b = loss(joint.tables[i] as ProtectedTable, unshown);
      shown += a.shown;
      before += a.hidden;
      after += b.hidden;
    });
  }
  f.lossBefore = before / shown;
  f.lossAfter = after / shown;
  console.log(
    `${name}: ${f.systems} systems (${f.checkedWithHighs} also by HiGHS), ${f.hidden} hidden figures, ` +
      `${f.pinned} pinned, narrowest range ${f.narrowest}; protected each on its own ${f.leakingAlone} leak ` +
      `jointly; after joint protection ${f.failing} with a finding (${f.unavoidable} that no pattern of the ` +
      `new table avoids); share of entries hidden ${(100 * f.lossBefore).toFixed(1)} % alone, ` +
      `${(100 * f.lossAfter).toFixed(1)} % jointly`,
  );
  return { figures: f, avoidable };
}

function hideAll(p: ProtectedTable): ProtectedTable {
  const h = (c: CountCell): CountCell =>
    c.kind === 'count' && c.value === 0 ? c : { kind: 'suppressed', reason: 'secondary' };
  return {
    cells: p.cells.map((r) => r.map(h)),
    ...(p.rowTotals && { rowTotals: p.rowTotals.map(h) }),
    ...(p.columnTotals && { columnTotals: p.columnTotals.map(h) }),
    ...(p.grandTotal && { grandTotal: h(p.grandTotal) }),
  };
}
