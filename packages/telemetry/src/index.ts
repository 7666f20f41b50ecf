export * from './reporter.js';
export * from './host-reporter.js';
export * from './flush-pace.js';
