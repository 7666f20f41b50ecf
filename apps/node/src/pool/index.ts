export { createPoolHost, type PoolHost, type PoolHostDeps } from './host-app.js';
export { loadHostConfig, type HostConfig } from './host-config.js';
export { NodePool, type NodePoolOptions } from './node-pool.js';
