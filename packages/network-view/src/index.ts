export * from './network-view.js';
export * from './lab-text.js';
export * from './gossip-coverage.js';
export * from './message-key.js';
