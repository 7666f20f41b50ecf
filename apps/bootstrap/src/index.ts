export { createBootstrap, type Bootstrap, type BootstrapDeps } from './app.js';
export { checkNodesFit, DEFAULT_MAX_NODES, loadBootstrapConfig, RuntimeNameSchema, type BootstrapConfig, type RuntimeName } from './config.js';
export { Registry, type RegistryChange, type RegistryTimings } from './registry.js';
export { printBanner } from './banner.js';
export { resolveToken, type ResolvedToken } from './tokens.js';
export { ProcessRuntime } from './runtimes/process.js';
export { PoolRuntime } from './runtimes/pool.js';
export { createRuntime, type Runtime, type RuntimeNode } from './runtimes/index.js';
export { IDENTITY_VARIABLES, OWNER_VARIABLE, OwnerRequestSchema, type OwnedKind, type OwnerAnswer, type OwnedProcessInfo } from './runtimes/owner-messages.js';
