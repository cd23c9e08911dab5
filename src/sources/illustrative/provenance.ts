// The provenance notes of the illustrative batches, as readers see them beside the figures: Danish, and
// naming the method's documentation by what it is rather than where its file lies (README.md in this folder).

/** The note of the illustrative FOLK1E (population by origin) batch. */
export const FOLK1E_NOTE =
  'Illustrative tal, ikke målt. Befolkningen efter herkomst (HERKOMST TOT, 1, 24, 25, 34, 35) pr. kvartal: ' +
  'totalen er interpoleret mellem de målte totaler fra FOLK1A/FOLK1AM, andelen med anden end dansk oprindelse ' +
  'mellem de målte andele fra FOLK1E; fordelingen på indvandrere og efterkommere fra vestlige og ikke-vestlige ' +
  'lande er modelleret som beskrevet i generatorens dokumentation. Regioner og hele landet er summer af deres ' +
  'kommuner. Kvartaler med målte tal dannes ikke.';

/** The note of a strategy's illustrative indicator series. */
export function indicatorSeriesNote(strategyId: string): string {
  return (
    `Illustrative tal, ikke målt. En serie pr. indikator i ${strategyId} for området, regionen og hele landet ` +
    '(lokale undersøgelser og optællinger: kun området): niveauer og udvikling trukket inden for rammer, der ' +
    'følger af indikatorens art, enhed og retning, gruppestørrelser fra befolkningen efter herkomst og ' +
    'tilfældig variation efter gruppestørrelse, som beskrevet i generatorens dokumentation.'
  );
}

/** The licence line of every illustrative batch. */
export const ILLUSTRATIVE_LICENCE =
  'Illustrative tal dannet af Pejlemærke, ikke statistik; forankret i tal fra Danmarks Statistik (CC BY 4.0 — Kilde: Danmarks Statistik)';
