// The open follow-up rounds an area must write in, as the notice on the staff's area and intervention pages
// shows them: title, deadline, the area's state in the round and a link to the area's note.
import { openRoundsForArea } from '../service/followup-rounds.ts';
import type { WriteContext } from '../service/write-gate.ts';
import { translator, type Language } from './i18n/messages.ts';
import { link } from './render.ts';

export interface OpenRoundNotice {
  readonly title: string;
  readonly deadline: string;
  readonly stateText: string;
  readonly href: string;
}

export async function openRoundNotices(
  ctx: WriteContext,
  lang: Language,
  strategyId: string,
  areaId: string,
): Promise<readonly OpenRoundNotice[]> {
  const t = translator(lang);
  return (await openRoundsForArea(ctx, strategyId, areaId)).map((r) => ({
    title: r.round.title,
    deadline: r.round.deadline,
    stateText: t(`round.state.${r.state}`),
    href: link(`/strategier/${strategyId}/opfoelgning/${r.round.id}/omraader/${areaId}`, lang),
  }));
}
