// The soak's properties, each a named check over the figures the run gathered.
import type { Counters, TrafficStatus } from '@peerscope/protocol';
import type { CrashRecord } from './crashes.js';
import type { ProcessNote } from './leftovers.js';
import type { PageCounters } from './pages.js';
import type { StatusVerdict } from './status-log.js';

export interface PageFigures {
  name: string;
  /** What the page's picture holds (test hook). */
  counters: PageCounters;
  /** What its counters bar shows. */
  shown: Pick<Counters, 'sent' | 'delivered' | 'failed'>;
  /** What was done to it, with the ms until it was live again. */
  disturbance: string;
}

export interface SoakFigures {
  generator: TrafficStatus;
  hub: { counters: Counters; seq: number; duplicates: number; missing: number };
  pages: PageFigures[];
  status: StatusVerdict[];
  crashes: CrashRecord[];
  leftovers: ProcessNote[];
  launcherHung: boolean;
  /** How busy the machine was while the traffic ran: % of one core per part, load averages, late answers of the registry. */
  machine: {
    cpu: Record<string, number>;
    loadBefore: number;
    loadAfter: number;
    slowPolls: Array<{ at: number; ms: number }>;
    failedPolls: number;
  };
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const trio = (c: Pick<Counters, 'sent' | 'delivered' | 'failed'>) => `${c.sent}/${c.delivered}/${c.failed}`;
const four = (c: Counters) => `${c.sent}/${c.delivered}/${c.failed}/${c.received}`;

export function checks(f: SoakFigures): Check[] {
  const gen = f.generator;
  const list: Check[] = [
    { name: 'the traffic generator finished its run', ok: !gen.running && gen.sent === gen.delivered + gen.failed, detail: trio(gen) },
    {
      name: 'the hub sent every delta once, in order',
      ok: f.hub.duplicates === 0 && f.hub.missing === 0,
      detail: `${f.hub.duplicates} repeated, ${f.hub.missing} missing`,
    },
    {
      name: 'the hub counts each delivered message once (hub delivered = generator delivered)',
      ok: f.hub.counters.delivered === gen.delivered,
      detail: `hub ${f.hub.counters.delivered}, generator ${gen.delivered}`,
    },
  ];
  for (const page of f.pages) {
    const c = page.counters;
    list.push(
      {
        name: `${page.name}: delivered = generator delivered`,
        ok: c.delivered === gen.delivered,
        detail: `page ${c.delivered}, generator ${gen.delivered}`,
      },
      {
        name: `${page.name}: same counters and sequence number as the hub`,
        ok: four(c) === four(f.hub.counters) && c.seq === f.hub.seq,
        detail: `page ${four(c)} at seq ${c.seq}, hub ${four(f.hub.counters)} at seq ${f.hub.seq} (sent/delivered/failed/received)`,
      },
      {
        name: `${page.name}: no more sent or failed than the generator`,
        ok: c.sent <= gen.sent && c.failed <= gen.failed,
        detail: `page ${trio(c)}, generator ${trio(gen)}`,
      },
      { name: `${page.name}: the counters bar shows the picture's counters`, ok: trio(page.shown) === trio(c), detail: `bar ${trio(page.shown)}` },
    );
  }
  for (const status of f.status) {
    list.push({
      name: `no false deaths (${status.source})`,
      ok: status.falseDeaths.length === 0,
      detail:
        status.falseDeaths.length === 0
          ? 'none'
          : `${status.falseDeaths.length}, first ${status.falseDeaths
              .slice(0, 3)
              .map((d) => `${d.nodeId} ${d.from}→dead at ${new Date(d.at).toISOString()}`)
              .join(', ')}`,
    });
  }
  list.push(
    {
      name: 'every crashed node was declared dead and came back',
      ok: f.crashes.every((c) => c.deadSeenAt !== undefined && c.backAt !== Infinity && !c.error),
      detail:
        f.crashes
          .filter((c) => c.error)
          .map((c) => `${c.nodeId}: ${c.error}`)
          .join('; ') || `${f.crashes.length} crashes`,
    },
    {
      name: 'nothing left running',
      ok: f.leftovers.length === 0 && !f.launcherHung,
      detail: f.leftovers.map((p) => `${p.pid} ${p.command}`).join('; ') || (f.launcherHung ? 'the launcher ignored SIGINT' : 'none'),
    },
  );
  return list;
}
