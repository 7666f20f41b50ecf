// CPU time of a process, read from /proc, so a run can say how much CPU each request cost the
// server and whether the load client itself was the bottleneck.
import { readFileSync } from 'node:fs';

/** Linux reports utime and stime in USER_HZ ticks, which is 100 on every mainstream ABI. */
const USER_HZ = 100;

/** CPU time (user + system) process `pid` has used so far, in ms; undefined without /proc. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (comm) " start at field 3 (state), so utime (14) and stime (15) are 11 and 12.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000) / USER_HZ;
  } catch {
    return undefined;
  }
}

export interface CpuMeter {
  start(): void;
  /** CPU ms used since `start()`, or undefined where it cannot be measured. */
  stop(): number | undefined;
}

export function cpuMeter(pid: number): CpuMeter {
  let started: number | undefined;
  return {
    start() {
      started = processCpuMs(pid);
    },
    stop() {
      const now = processCpuMs(pid);
      return started === undefined || now === undefined ? undefined : now - started;
    },
  };
}

/**
 * CPU time the whole machine spent in processes (user, nice, system) or lost to other virtual
 * machines (steal), in ms, summed over cores; undefined without /proc. Interrupt time is left
 * out: on loopback most of it is the benchmark's own traffic.
 */
export function machineBusyMs(): number | undefined {
  try {
    const [user, nice, system, , , , , steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (steal ?? 0)) * 1_000) / USER_HZ;
  } catch {
    return undefined;
  }
}

/**
 * CPU used by everything but `pids` since `start()`: other people's work on a shared machine,
 * which skews a run, so the benchmark reports it rather than trusting the figures blindly.
 */
export function foreignCpuMeter(pids: number[]): CpuMeter {
  const ours = pids.map(cpuMeter);
  let machineAtStart: number | undefined;
  return {
    start() {
      machineAtStart = machineBusyMs();
      for (const meter of ours) meter.start();
    },
    stop() {
      const machineNow = machineBusyMs();
      const used = ours.map((meter) => meter.stop());
      if (machineAtStart === undefined || machineNow === undefined || used.includes(undefined)) return undefined;
      return Math.max(0, machineNow - machineAtStart - (used as number[]).reduce((a, b) => a + b, 0));
    },
  };
}
