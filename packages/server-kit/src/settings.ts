// `@peerscope/server-kit/settings`: resolving settings, without the HTTP server parts (a command line loads only this).
export * from './config.js';
export * from './admin-access.js';
