// Notes on a focus area: the tovholder's (or the coordinators') account of how the area is going.
// Only an editor of a centre that leads or joins the area, or an administrator, may add one; every
// logged-in role may read them.
import { areaResource } from '../domain/access/index.ts';
import { insertAreaNote, listAreaNotes, type AreaNoteRow } from '../store/area-note-store.ts';
import { InvalidInputError, NotFoundError } from './errors.ts';
import { getStrategy } from './strategies.ts';
import { authorize, write, type WriteContext } from './write-gate.ts';

export type { AreaNoteRow } from '../store/area-note-store.ts';

export const noteLimits = { bodyMax: 5000 } as const;

export type NoteProblem = 'required' | 'tooLong' | 'controlCharacters';

/** The note as stored (line ends made \n, trimmed), or what is wrong with it. */
export function checkNoteBody(
  body: string,
): { ok: true; body: string } | { ok: false; problem: NoteProblem } {
  const text = body.replace(/\r\n?/g, '\n').trim();
  if (text === '') return { ok: false, problem: 'required' };
  if ([...text].length > noteLimits.bodyMax) return { ok: false, problem: 'tooLong' };
  // Line breaks and tabs belong in a note; other control characters (NUL above all) do not.
  if (/[^\P{Cc}\n\t]/u.test(text)) return { ok: false, problem: 'controlCharacters' };
  return { ok: true, body: text };
}

async function findArea(ctx: WriteContext, strategyId: string, areaId: string) {
  const s = await getStrategy(ctx.database, strategyId);
  const area = s?.definition.areas.find((a) => a.id === areaId);
  if (!s || !area) throw new NotFoundError('focus area not found');
  return { strategy: s, area };
}

export async function readAreaNotes(
  ctx: WriteContext,
  strategyId: string,
  areaId: string,
): Promise<readonly AreaNoteRow[]> {
  await authorize(ctx, 'internal.read');
  await findArea(ctx, strategyId, areaId);
  return listAreaNotes(ctx.database.db, strategyId, areaId);
}

export async function addAreaNote(
  ctx: WriteContext,
  strategyId: string,
  areaId: string,
  body: string,
  author: string,
): Promise<AreaNoteRow> {
  const { area } = await findArea(ctx, strategyId, areaId);
  const checked = checkNoteBody(body);
  return write(
    ctx,
    'area.edit',
    async (trx, at) => {
      if (!checked.ok)
        throw new InvalidInputError(`the note was refused: ${checked.problem}`, [checked.problem]);
      const note = await insertAreaNote(trx, {
        strategyId,
        areaId,
        body: checked.body,
        createdAt: at,
        createdBy: ctx.actor.kind === 'user' ? (ctx.actor.userId ?? null) : null,
        author,
      });
      return {
        result: note,
        audit: {
          subjectType: 'area',
          subjectId: `${strategyId}/${areaId}`,
          after: { note: note.id, body: note.body },
        },
      };
    },
    { resource: areaResource(area), subject: { type: 'area', id: `${strategyId}/${areaId}` } },
  );
}
