export type * from './core/diagnostics.js';
export type * from './core/model.js';
