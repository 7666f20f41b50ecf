export { createBootstrap, type Bootstrap, type BootstrapDeps } from './app.js';
export { loadBootstrapConfig, type BootstrapConfig } from './config.js';
export { Registry, type RegistryChange, type RegistryTimings } from './registry.js';
export { printBanner } from './banner.js';
export { resolveToken, type ResolvedToken } from './tokens.js';
export { ProcessRuntime } from './runtimes/process.js';
export { createRuntime, type Runtime, type RuntimeNode } from './runtimes/index.js';
