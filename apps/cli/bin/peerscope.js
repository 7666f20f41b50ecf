#!/usr/bin/env node
// What npm links as `peerscope` at install. It exists before anything is built (npm links no bin
// whose file is missing), and loads the command line that `npm run build` compiles.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('peerscope: the command line is not built yet; run `npm run build` (or `npm start`) in the repository first');
  process.exit(2);
}
await import(main.href);
