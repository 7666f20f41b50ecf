export { createNodeApp, type NodeDeps, type PeerNode } from './app.js';
export { loadNodeConfig, type NodeConfig } from './config.js';
