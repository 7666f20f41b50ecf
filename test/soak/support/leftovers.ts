// Whether anything the soak started outlives it: every process under the launcher is noted
// before it is stopped, and each must be gone afterwards.
import { existsSync, readFileSync } from 'node:fs';
import { cmdline, descendants } from '../../../bench/support/machine.js';

export interface ProcessNote {
  pid: number;
  command: string;
}

/** The launcher and every process below it, as they are now. */
export function processTree(rootPid: number): ProcessNote[] {
  return [rootPid, ...descendants(rootPid)].map((pid) => ({ pid, command: cmdline(pid) }));
}

/** The noted processes still running (zombies count as gone: they hold no resources but a pid). */
export function stillRunning(noted: ProcessNote[]): ProcessNote[] {
  return noted.filter(({ pid }) => {
    if (!existsSync(`/proc/${pid}`)) return false;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return false;
    }
  });
}
