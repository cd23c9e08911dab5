// Public entry of the observation model: observations, provenance, origin classification, the population table.
export * from './observation.ts';
export * from './origin.ts';
export * from './derive.ts';
export * from './population-table.ts';
export * from './population-disclosure.ts';
export * from './derive-codes.ts';
export * from './cross-source.ts';
export * from './release.ts';
