export * from './vector-clocks.js';
export * from './shiviz.js';
export * from './trace-index.js';
