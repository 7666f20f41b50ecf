// The soak's figures and checks, printed for a person (and CI's log).
import type { SoakSettings } from './settings.js';
import type { Check, SoakFigures } from './verdict.js';

const ms = (value: number | undefined) => (value === undefined ? 'never' : `${value} ms`);

export function printReport(settings: SoakSettings, f: SoakFigures, durationMs: number, list: Check[]): void {
  const gen = f.generator;
  const out: string[] = [];
  out.push(
    '',
    `soak: ${settings.nodes} nodes (${settings.runtime} runtime), ${settings.rate} msgs/s for ${settings.seconds} s, ${settings.crashes} crashes, 2 pages`,
  );
  out.push(`  duration          ${(durationMs / 1_000).toFixed(1)} s (start to stop, system start-up included)`);
  out.push(
    `  generator         ${gen.sent} sent (${(gen.sent / settings.seconds).toFixed(1)}/s), ${gen.delivered} delivered, ${gen.failed} failed of which ${gen.unanswered ?? 0} unanswered (GET /api/traffic)`,
  );
  const hub = f.hub.counters;
  out.push(`  hub picture       ${hub.sent} sent, ${hub.delivered} delivered, ${hub.failed} failed, ${hub.received} received; seq ${f.hub.seq}`);
  for (const page of f.pages) {
    const c = page.counters;
    out.push(
      `  page ${page.name.padEnd(12)} ${c.sent} sent, ${c.delivered} delivered, ${c.failed} failed, ${c.received} received; seq ${c.seq}; ${page.disturbance}`,
    );
  }
  out.push(
    `  crash losses      ${f.hub.lostWithCrashedSender} received from a sender crashed before it reported the send (the hub cannot count them delivered)`,
    `                    from the hub's trace (${f.hub.trace ? `${f.hub.trace.events} events in ${f.hub.trace.segments} segments, ${f.hub.trace.torn} lines cut off` : 'none'}); ${f.hub.lostSeenOnStream ?? '?'} seen on the soak's own stream`,
    `  not reported      ${gen.sent - hub.sent} of the generator's sends never reached a node's telemetry (no live pair, or the sender's control API failed)`,
  );
  for (const status of f.status) {
    out.push(
      `  ${status.source}: ${status.changes} status changes, ${status.falseDeaths.length} false deaths, ` +
        `${status.falseSuspicions.length} suspicions of nodes not crashed, ${status.crashSuspicions} of crashed ones`,
    );
    for (const [at, ids] of sameMoment(status.falseDeaths)) out.push(`      declared dead together at ${new Date(at).toISOString()}: ${ids.join(' ')}`);
    out.push(`      crash→dead: ${status.crashToDead.map((c) => `${c.nodeId} ${ms(c.ms)}`).join(', ') || 'no crashes'}`);
  }
  for (const c of f.crashes) {
    const dead = c.deadSeenAt === undefined ? undefined : c.deadSeenAt - c.crashedAt;
    const back = c.backAt === Infinity || c.restartedAt === undefined ? undefined : c.backAt - c.restartedAt;
    out.push(`  crash ${c.nodeId.padEnd(8)} dead after ${ms(dead)}, alive ${ms(back)} after its restart${c.error ? ` (${c.error})` : ''}`);
  }
  const m = f.machine;
  out.push(
    `  CPU while the traffic ran (% of one core): ${Object.entries(m.cpu)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  out.push(`  load average      ${m.loadBefore} before, ${m.loadAfter} after (2 cores)`);
  out.push(
    `  registry answers  ${m.slowPolls.length} polls slower than 1 s (max ${Math.max(0, ...m.slowPolls.map((p) => p.ms))} ms), ${m.failedPolls} failed` +
      m.slowPolls.map((p) => `\n      slow: ${new Date(p.at).toISOString()} ${p.ms} ms`).join(''),
  );
  out.push(`  left running      ${f.leftovers.length === 0 ? 'nothing' : f.leftovers.map((p) => `${p.pid} ${p.command}`).join('; ')}`);
  out.push('', 'checks:');
  for (const check of list) out.push(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
  console.log(out.join('\n'));
}

/** Deaths grouped by the moment the source gives them (one sweep of the registry declares many at once). */
function sameMoment(changes: Array<{ nodeId: string; at: number }>): Array<[number, string[]]> {
  const groups: Array<[number, string[]]> = [];
  for (const change of [...changes].sort((a, b) => a.at - b.at)) {
    const last = groups.at(-1);
    if (last && change.at - last[0] <= 5) last[1].push(change.nodeId);
    else groups.push([change.at, [change.nodeId]]);
  }
  return groups;
}
