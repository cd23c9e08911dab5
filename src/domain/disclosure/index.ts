// Public entry of disclosure control: the threshold, typed cells, protectTable for every output, and the auditor.
export * from './config.ts';
export * from './cell.ts';
export * from './display.ts';
export type { CountTable, Margins, ProtectedTable } from './table.ts';
export * from './protect-table.ts';
export * from './share-rule.ts';
export * from './single-count.ts';
export * from './audit.ts';
export { protectJointly, type JointMember, type JointProtection } from './joint-protection.ts';
export { auditJointly, type JointAudit, type JointFinding, type JointPlace } from './joint-audit.ts';
export { protectRevision, unchangedFigures } from './revision.ts';
