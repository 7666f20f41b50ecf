export * from './reporter.js';
export * from './host-reporter.js';
