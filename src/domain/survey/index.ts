// Public entry of the survey model: the questionnaire format, its parser, visibleIf expressions and the
// aggregation of answers into indicator figures.
export * from './schema.ts';
export * from './expression.ts';
export * from './parse.ts';
export * from './aggregate.ts';
export * from './answers.ts';
export * from './placement.ts';
export * from './json-syntax.ts';
export * from './version-move.ts';
