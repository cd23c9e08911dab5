// Public entry of the strategy model: the definition format, its parser and version comparison.
export * from './schema.ts';
export * from './schema-v1.ts';
export * from './convert-v1.ts';
export * from './parse.ts';
export * from './diff.ts';
export * from './word-diff.ts';
export * from './fetched.ts';
export * from './combine.ts';
