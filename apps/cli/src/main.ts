#!/usr/bin/env node
import { runCli } from './run.js';

// `peerscope watch | head`: a reader that went away ends the command quietly, as it ends `cat`.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

process.exitCode = await runCli(process.argv);
