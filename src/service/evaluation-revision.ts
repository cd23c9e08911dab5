// The strategy revised from the committee's decision: the revised definition file (YAML or JSON) is checked
// by the parser `strategy validate` and `strategy load` use (`parseDefinitionBytes`) and stored as the
// strategy's next version by the code `strategy load` runs (`storeDefinition`, which seeds new bullets'
// interventions; a bullet the revision drops ends its intervention as of that version, `endedItems`) — in the
// same transaction as the decision on a frozen round, or linked to a decided round that names no following
// version. A refused file stores nothing: neither the version nor the decision.
import type { DefinitionError } from '../domain/strategy/index.ts';
import * as store from '../store/evaluation-store.ts';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.ts';
import {
  linkDecisionVersion,
  recordDecision,
  type DecisionForm,
  type EvaluationRoundRow,
} from './evaluations.ts';
import {
  listStrategyVersions,
  parseDefinitionBytes,
  storeDefinition,
  type LoadOutcome,
} from './strategies.ts';
import { authorize, write, type AuditSpec, type WriteContext } from './write-gate.ts';

/** The revised definition as it arrived. */
export interface RevisionFile {
  /** The uploaded name (no folders): it names the file in errors and as the version's source. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Why a revision file was refused; nothing was stored. */
export class RevisionRefusedError extends InvalidInputError {
  constructor(
    readonly file: string,
    /** The parser's errors, as `strategy validate` lists them (empty for a file of another strategy). */
    readonly errors: readonly DefinitionError[],
    /** Set when the file is a valid definition of another strategy than the round's. */
    readonly otherStrategy?: { readonly round: string; readonly file: string },
  ) {
    super(
      otherStrategy
        ? `${file} defines strategy "${otherStrategy.file}", not the round's "${otherStrategy.round}"; nothing was stored`
        : `${file}: the definition was refused; nothing was stored`,
      errors.map(
        (e) => `${e.file}${e.line === undefined ? '' : `:${e.line}:${e.column ?? 1}`}: ${e.message}`,
      ),
    );
  }
}

/** What became of the revision: a new version, or the same content as the newest version (nothing stored). */
export interface RevisionOutcome {
  readonly status: 'revised' | 'unchanged';
  /** The new version, or the newest version the file equals. */
  readonly version: number;
  /** The version the round was frozen on, which the revision is compared with. */
  readonly frozenVersion: number;
  readonly changes: number;
}

async function roundOf(ctx: WriteContext, roundId: string): Promise<EvaluationRoundRow> {
  const round = /^[1-9]\d{0,15}$/.test(roundId) ? await store.findRound(ctx.database.db, roundId) : undefined;
  if (!round) throw new NotFoundError(`evaluation round "${roundId}" not found`);
  return round;
}

/** The file validated as the CLI validates it, and of the round's strategy; otherwise `RevisionRefusedError`. */
async function checkedRevision(round: EvaluationRoundRow, file: RevisionFile) {
  const parsed = await parseDefinitionBytes(file.bytes, file.name);
  if (!parsed.ok) throw new RevisionRefusedError(file.name, parsed.errors);
  if (parsed.definition.id !== round.strategyId)
    throw new RevisionRefusedError(file.name, [], { round: round.strategyId, file: parsed.definition.id });
  return parsed;
}

function outcomeOf(load: LoadOutcome, round: EvaluationRoundRow): RevisionOutcome {
  return {
    status: load.status === 'unchanged' ? 'unchanged' : 'revised',
    version: load.version.version,
    frozenVersion: round.strategyVersion,
    changes: load.status === 'new-version' ? load.changes.length : 0,
  };
}

const asList = (a: AuditSpec | readonly AuditSpec[] | undefined): readonly AuditSpec[] =>
  a === undefined ? [] : Array.isArray(a) ? a : [a as AuditSpec];

/**
 * The committee's decision on a frozen round with the revised strategy: both stored in one transaction (the
 * decision naming the new version), or neither. A file equal to the newest version stores no version; the
 * decision is then recorded without one.
 */
export async function decideWithRevision(
  ctx: WriteContext,
  roundId: string,
  form: Omit<DecisionForm, 'strategyVersion'>,
  file: RevisionFile,
): Promise<{ readonly round: EvaluationRoundRow; readonly revision: RevisionOutcome }> {
  const round = await roundOf(ctx, roundId);
  const parsed = await checkedRevision(round, file);
  const versions = (await listStrategyVersions(ctx.database, round.strategyId)).map((v) => v.version);
  // Storing a version is `strategy.load`; the decision is `evaluation.manage`, the gate's own check.
  await authorize(ctx, 'strategy.load', { subject: { type: 'strategy', id: round.strategyId } });
  return write(
    ctx,
    'evaluation.manage',
    async (trx, at) => {
      const load = await storeDefinition(
        trx,
        at,
        ctx.actor,
        parsed.definition,
        parsed.contentHash,
        file.name,
      );
      const revised = load.result.status !== 'unchanged';
      const decision = await recordDecision(
        trx,
        at,
        ctx,
        round,
        { ...form, ...(revised && { strategyVersion: load.result.version.version }) },
        [...versions, load.result.version.version],
      );
      return {
        result: { round: decision.result, revision: outcomeOf(load.result, round) },
        audit: [...asList(load.audit), ...asList(decision.audit)],
      };
    },
    { subject: { type: 'evaluation-round', id: round.id } },
  );
}

/**
 * The revised strategy for a decided round that names no following version: stored as the next version and
 * linked to the round in one transaction. A file equal to the newest version stores and links nothing.
 */
export async function reviseAfterDecision(
  ctx: WriteContext,
  roundId: string,
  file: RevisionFile,
): Promise<{ readonly round: EvaluationRoundRow; readonly revision: RevisionOutcome }> {
  const round = await roundOf(ctx, roundId);
  if (round.state !== 'decided' || round.decisionVersion !== null)
    throw new ConflictError(
      `evaluation round ${round.id} is ${round.state}${round.decisionVersion === null ? '' : ` and names version ${round.decisionVersion}`}; a revision after the decision is for a decided round that names no version`,
    );
  const parsed = await checkedRevision(round, file);
  await authorize(ctx, 'strategy.load', { subject: { type: 'strategy', id: round.strategyId } });
  return write(
    ctx,
    'evaluation.manage',
    async (trx, at) => {
      const load = await storeDefinition(
        trx,
        at,
        ctx.actor,
        parsed.definition,
        parsed.contentHash,
        file.name,
      );
      if (load.result.status === 'unchanged')
        return {
          result: { round, revision: outcomeOf(load.result, round) },
          audit: load.audit,
        };
      const linked = await linkDecisionVersion(trx, round, load.result.version.version);
      return {
        result: { round: linked.result, revision: outcomeOf(load.result, round) },
        audit: [...asList(load.audit), ...asList(linked.audit)],
      };
    },
    { subject: { type: 'evaluation-round', id: round.id } },
  );
}
