import type { CommandDefinition } from '../command-kit.js';
import { add } from './add.js';
import { bootstrap } from './bootstrap.js';
import { broadcast } from './broadcast.js';
import { crash } from './crash.js';
import { faults } from './faults.js';
import { gossip } from './gossip.js';
import { heal } from './heal.js';
import { link } from './link.js';
import { nodes } from './nodes.js';
import { overlay } from './overlay.js';
import { partition } from './partition.js';
import { pause } from './pause.js';
import { remove } from './remove.js';
import { reset } from './reset.js';
import { replay } from './replay.js';
import { restart } from './restart.js';
import { resume } from './resume.js';
import { send } from './send.js';
import { trace } from './trace.js';
import { traffic } from './traffic.js';
import { watch } from './watch.js';

/** Every command, in the order `--help` lists them. A new command is its own file and one line here. */
export const COMMANDS: CommandDefinition[] = [
  nodes,
  add,
  remove,
  crash,
  pause,
  resume,
  restart,
  send,
  broadcast,
  gossip,
  partition,
  heal,
  link,
  faults,
  reset,
  overlay,
  traffic,
  trace,
  replay,
  bootstrap,
  watch,
];
