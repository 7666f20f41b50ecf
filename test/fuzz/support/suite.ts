import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { announceSeed, fuzzAssert } from './budget.js';
import { checkOutcome, type AnswerRules } from './invariants.js';
import { send, type FuzzRequest, type Outcome } from './request.js';
import { assertAllRunning, assertMemoryBounded, assertStillWorks, sampleRss, startSystem, type FuzzSystem } from './system.js';

/**
 * Starts the real system before a file's properties and, after them, checks what must hold
 * across the whole run: no server process exited (nodes the fuzz removed aside), the bootstrap's
 * and the dashboard's memory stayed bounded, and a send between two nodes is still delivered.
 * Returns a getter for the running system.
 */
export function fuzzSuite(): () => FuzzSystem {
  let system: FuzzSystem | undefined;
  let rssBefore: ReturnType<typeof sampleRss>;
  before(async () => {
    announceSeed();
    system = await startSystem();
    rssBefore = sampleRss(system);
  });
  after(async () => {
    await system?.stop();
  });
  const get = () => {
    if (!system) throw new Error('the system did not start');
    return system;
  };
  // Registered here, before the file's own tests are declared, node:test would run it first:
  // the caller declares it last with `afterwardsTest`.
  afterwards = () =>
    test('afterwards: no server process exited, memory stayed bounded, and a send is still delivered', async () => {
      const s = get();
      assertAllRunning(s);
      assertMemoryBounded(s, rssBefore);
      await assertStillWorks(s);
      assertAllRunning(s);
    });
  return get;
}

let afterwards: (() => void) | undefined;
/** Declares the closing checks of `fuzzSuite`; call it after the file's properties. */
export function afterwardsTest(): void {
  afterwards?.();
}

/**
 * The per-request properties over generated requests: each is answered within the bound,
 * never with a 5xx beyond the surface's documented ones, errors in the one shape.
 * `beforeSend` may note what a request is about to do (e.g. a node it stops); `alsoCheck` adds a
 * surface's own property.
 */
export async function everyRequestAnswered(
  origin: () => string,
  requests: fc.Arbitrary<FuzzRequest | FuzzRequest[]>,
  rules: AnswerRules & { withinMs?: number; beforeSend?: (request: FuzzRequest) => void; alsoCheck?: (request: FuzzRequest, outcome: Outcome) => void },
): Promise<void> {
  await fuzzAssert(requests, async (generated) => {
    // A sequence is sent in order: some weaknesses take more than one request.
    for (const request of Array.isArray(generated) ? generated : [generated]) {
      rules.beforeSend?.(request);
      const outcome = await send(origin(), request, rules.withinMs);
      checkOutcome(request, outcome, rules);
      rules.alsoCheck?.(request, outcome);
    }
  });
}
