export * from './version.js';
export * from './errors.js';
export * from './common.js';
export * from './node-api.js';
export * from './bootstrap-api.js';
export * from './dynamics.js';
export * from './events.js';
export * from './ui.js';
