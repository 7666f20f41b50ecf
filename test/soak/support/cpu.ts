// Where the CPU went during the run: the system's parts, the soak with its Chromium, and the
// rest of the machine (other people's work on a shared machine starves the failure detector).
import { CpuWindow, cmdline, descendants } from '../../../bench/support/machine.js';

const PARTS: Array<[string, RegExp]> = [
  ['bootstrap', /apps\/bootstrap\/dist\/main\.js/],
  ['dashboard', /apps\/dashboard\//],
  ['nodes', /apps\/node\/dist\//], // a process node, or a pool host
];

/** A CPU window over the launcher's processes by part, and this process with its children (Chromium). */
export function soakCpuWindow(launcherPid: number): CpuWindow {
  return new CpuWindow(() => {
    const system = [launcherPid, ...descendants(launcherPid)];
    const groups: Record<string, number[]> = { launcher: [launcherPid] };
    for (const [name] of PARTS) groups[name] = [];
    for (const pid of system.slice(1)) {
      const part = PARTS.find(([, pattern]) => pattern.test(cmdline(pid)));
      (groups[part?.[0] ?? 'launcher'] ??= []).push(pid);
    }
    const inSystem = new Set(system);
    groups['soak+chromium'] = [process.pid, ...descendants(process.pid).filter((pid) => !inSystem.has(pid))];
    return groups;
  });
}
