// Public entry of the follow-up model: interventions, follow-up rounds, and the checks of their forms.
export * from './dates.ts';
export * from './intervention.ts';
export * from './round.ts';
export * from './text.ts';
