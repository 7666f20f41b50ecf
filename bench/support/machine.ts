// What every figure is written down with: the machine, the date and how busy the machine was.
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { machineBusyMs, processCpuMs } from '../lib/cpu.js';

export interface Machine {
  nproc: number;
  cpu: string;
  node: string;
  /** `date -u` at the start of the run. */
  date: string;
}

export function machine(): Machine {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    date: new Date().toUTCString(),
  };
}

/** The 1-minute load average. */
export const load1 = (): number => Math.round(loadavg()[0]! * 100) / 100;

/** Above this 1-minute load average (per core) before a measurement, the machine counts as busy. */
export const BUSY_LOAD_PER_CORE = 0.75;

export function machineLine(m: Machine): string {
  return `${m.nproc} cores (${m.cpu}), node ${m.node}, ${m.date}`;
}

/** Every process id whose parent chain leads to `root` (not `root` itself). */
export function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const parent = frontier.pop()!;
    for (const [pid, ppid] of parents) {
      if (ppid === parent) {
        found.push(pid);
        frontier.push(pid);
      }
    }
  }
  return found;
}

/** The process's command line, or '' when it is gone. */
export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/**
 * Resident memory of a process in KiB: VmRSS (everything resident, including the pages of the
 * node binary and libraries that every node process shares) and RssAnon (its own heap and stacks).
 */
export function memKiB(pid: number): { rss: number; anon: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    const anon = /^RssAnon:\s+(\d+) kB/m.exec(status);
    return rss && anon ? { rss: Number(rss[1]), anon: Number(anon[1]) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Proportional set size of a process in KiB: its private pages plus its share of pages it shares
 * with others (the node binary, libraries), so summing it over processes counts no page twice.
 */
export function pssKiB(pid: number): number | undefined {
  try {
    const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return pss ? Number(pss[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** When a process started, as epoch ms (from /proc: 10 ms ticks since boot, against the uptime now). */
export function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const uptimeS = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    return Date.now() - (uptimeS - startTicks / 100) * 1_000;
  } catch {
    return undefined;
  }
}

/**
 * CPU accounting for one measured window: per named group of processes (picked again at the end,
 * so processes started meanwhile count from zero), and what the rest of the machine used.
 */
export class CpuWindow {
  private readonly startMs = new Map<number, number>();
  private machineStart: number | undefined;
  private wallStart = 0;

  /**
   * `withChildren`: groups whose processes also count the CPU of the children they reaped (the
   * container engine's short-lived runc and health-check processes, for instance).
   */
  constructor(
    private readonly groups: () => Record<string, number[]>,
    private readonly withChildren: ReadonlySet<string> = new Set(),
  ) {}

  private cpuOf(group: string, pid: number): number | undefined {
    return this.withChildren.has(group) ? cpuWithReapedChildrenMs(pid) : processCpuMs(pid);
  }

  start(): void {
    this.wallStart = performance.now();
    this.machineStart = machineBusyMs();
    for (const [group, pids] of Object.entries(this.groups())) for (const pid of pids) this.startMs.set(pid, this.cpuOf(group, pid) ?? 0);
  }

  /** % of one core per group, plus `other` (everything on the machine outside the groups). */
  stop(): Record<string, number> {
    const wall = performance.now() - this.wallStart;
    const machineNow = machineBusyMs();
    const result: Record<string, number> = {};
    let ours = 0;
    for (const [name, pids] of Object.entries(this.groups())) {
      let used = 0;
      for (const pid of pids) {
        const now = this.cpuOf(name, pid);
        if (now !== undefined) used += now - (this.startMs.get(pid) ?? 0);
      }
      ours += used;
      result[name] = Math.round((used / wall) * 100);
    }
    if (this.machineStart !== undefined && machineNow !== undefined) {
      result.other = Math.max(0, Math.round(((machineNow - this.machineStart - ours) / wall) * 100));
    }
    return result;
  }
}

/** CPU used outside this process and its descendants over `ms`, in % of one core. */
export async function foreignCpuPercent(ms = 2_000): Promise<number | undefined> {
  const ours = () => [process.pid, ...descendants(process.pid)].reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0);
  const machineStart = machineBusyMs();
  const oursStart = ours();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const machineEnd = machineBusyMs();
  const oursEnd = ours();
  if (machineStart === undefined || machineEnd === undefined) return undefined;
  return Math.max(0, Math.round(((machineEnd - machineStart - (oursEnd - oursStart)) / ms) * 100));
}

/** Above this much CPU used by others (% of one core), a run counts as disturbed. */
export const QUIET_OTHER_PERCENT = 25;

/**
 * Waits (bounded: BENCH_QUIET_WAIT_S, 180 s by default) until other work on the machine uses
 * less than QUIET_OTHER_PERCENT of one core over 2 s. Resolves with what it saw, so the result can say.
 */
export async function waitForQuiet(what: string): Promise<{ waitedS: number; otherPercent: number | undefined; quiet: boolean }> {
  const maxWaitS = Number(process.env.BENCH_QUIET_WAIT_S ?? 180);
  const started = Date.now();
  let other = await foreignCpuPercent();
  let told = false;
  while (other !== undefined && other >= QUIET_OTHER_PERCENT && (Date.now() - started) / 1_000 < maxWaitS) {
    if (!told) console.log(`  (${what}: other work uses ${other}% of a core; waiting up to ${maxWaitS} s for a quieter machine)`);
    told = true;
    other = await foreignCpuPercent();
  }
  const waitedS = Math.round((Date.now() - started) / 1_000);
  const quiet = other === undefined || other < QUIET_OTHER_PERCENT;
  if (told) console.log(`  (${what}: ${quiet ? 'quiet enough' : 'still busy'} after ${waitedS} s: other work ${other}% of a core)`);
  return { waitedS, otherPercent: other, quiet };
}

/** CPU time of a process plus that of the children it has reaped (cutime, cstime), in ms. */
export function cpuWithReapedChildrenMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime are fields 14-17, i.e. 11-14 after the state field.
    return ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1_000) / 100;
  } catch {
    return undefined;
  }
}
