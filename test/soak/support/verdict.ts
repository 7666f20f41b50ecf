// The soak's properties, each a named check over the figures the run gathered.
import type { Counters, TrafficStatus } from '@peerscope/protocol';
import type { CrashRecord } from './crashes.js';
import type { PartKill } from './part-kills.js';
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
  hub: {
    counters: Counters;
    seq: number;
    duplicates: number;
    missing: number;
    /** Messages the hub recorded received (its trace) whose sender was crashed before it reported the send's end. */
    lostWithCrashedSender: number;
    /** The same, from the soak's own subscriber: what it saw only inside a snapshot is not in it. */
    lostSeenOnStream?: number;
    /** What the hub's trace held: event lines, lines cut off by a kill, segments (every session of the run). */
    trace?: { events: number; torn: number; segments: number };
  };
  pages: PageFigures[];
  status: StatusVerdict[];
  crashes: CrashRecord[];
  /** The dashboard's server and the bootstrap, each killed once (full run). */
  partKills: PartKill[];
  expectedPartKills: number;
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

/**
 * The delivered count every picture must show. Exactly the generator's, except for two kinds of
 * message whose count the generator cannot know or the hub cannot learn: a send whose node never
 * answered the generator in time (`unanswered`: it may still have been delivered), and a message
 * whose sender was crashed before it reported the send (the receiver's receipt shows it came).
 */
export function deliveredBounds(f: Pick<SoakFigures, 'generator' | 'hub'>): { low: number; high: number } {
  return { low: f.generator.delivered - f.hub.lostWithCrashedSender, high: f.generator.delivered + (f.generator.unanswered ?? 0) };
}

export function checks(f: SoakFigures): Check[] {
  const gen = f.generator;
  const { low, high } = deliveredBounds(f);
  const within = (delivered: number) => delivered >= low && delivered <= high;
  const allowance = `generator ${gen.delivered} delivered, ${gen.unanswered ?? 0} unanswered; ${f.hub.lostWithCrashedSender} received from a sender crashed before it reported them`;
  const list: Check[] = [
    { name: 'the traffic generator finished its run', ok: !gen.running && gen.sent === gen.delivered + gen.failed, detail: trio(gen) },
    {
      name: 'the hub sent every delta once, in order',
      ok: f.hub.duplicates === 0 && f.hub.missing === 0,
      detail: `${f.hub.duplicates} repeated, ${f.hub.missing} missing`,
    },
    {
      name: "the hub counts each delivered message once (the generator's delivered, give or take only what crashes and unanswered sends explain)",
      ok: within(f.hub.counters.delivered),
      detail: `hub ${f.hub.counters.delivered}; ${allowance}`,
    },
  ];
  for (const page of f.pages) {
    const c = page.counters;
    list.push(
      {
        name: `${page.name}: delivered = the generator's, give or take only what crashes and unanswered sends explain`,
        ok: within(c.delivered),
        detail: `page ${c.delivered}; ${allowance}`,
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
      name: "the killed dashboard's server and bootstrap came back (pages live again by themselves, every node alive under its id)",
      ok: f.partKills.length === f.expectedPartKills && f.partKills.every((k) => !k.error && k.backMs !== undefined),
      detail:
        f.partKills.map((k) => `${k.part}: ${k.error ?? `back after ${k.backMs} ms`}`).join('; ') ||
        (f.expectedPartKills === 0 ? 'none killed (--kill-parts 0)' : 'none killed'),
    },
    {
      name: 'nothing left running',
      ok: f.leftovers.length === 0 && !f.launcherHung,
      detail: f.leftovers.map((p) => `${p.pid} ${p.command}`).join('; ') || (f.launcherHung ? 'the launcher ignored SIGINT' : 'none'),
    },
  );
  return list;
}
