export * from './api-error.js';
export * from './validate.js';
export * from './middleware.js';
export * from './bearer.js';
export * from './listen.js';
export * from './logger.js';
export * from './config.js';
export * from './lifecycle.js';
