import fc from 'fast-check';

/**
 * How much the fuzz suite does, and how to replay it. Every property of a run uses one seed,
 * printed at the start; `FUZZ_SEED=<seed>` replays the run, `FUZZ_PATH=<path>` (with
 * `--test-name-pattern` naming the property) replays one counterexample fast-check reported.
 */
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x1_0000_0000)) | 0;
/** Generated cases per property (fast-check's numRuns). The CI budget is the default. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/** A time cap per property in seconds (0: none), so a slow machine still ends within the CI budget. */
export const FUZZ_SECONDS = Number(process.env.FUZZ_SECONDS ?? 6);
/** Shrinking asks the real servers again for every smaller candidate; off unless asked for. */
const SHRINK = process.env.FUZZ_SHRINK === '1';

if (!Number.isSafeInteger(FUZZ_SEED)) throw new Error(`FUZZ_SEED must be an integer, got ${process.env.FUZZ_SEED}`);
if (!(FUZZ_RUNS >= 1)) throw new Error(`FUZZ_RUNS must be a positive number, got ${process.env.FUZZ_RUNS}`);

let announced = false;
/** Prints the seed once per test file, so any failure in the log can be replayed. */
export function announceSeed(): void {
  if (announced) return;
  announced = true;
  console.log(`fuzz: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS} FUZZ_SECONDS=${FUZZ_SECONDS} (replay with FUZZ_SEED=${FUZZ_SEED})`);
}

/**
 * Checks an async property within the budget. Past FUZZ_SECONDS the remaining runs pass without
 * doing anything; a run under way is never cut short (fast-check's own time limits would either
 * abandon it, hiding a hang, or count the rest as failed preconditions).
 */
export async function fuzzAssert<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, runs = FUZZ_RUNS): Promise<void> {
  const deadline = FUZZ_SECONDS > 0 ? Date.now() + FUZZ_SECONDS * 1000 : Infinity;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      if (Date.now() > deadline) return;
      await predicate(value);
    }),
    fuzzParameters(runs),
  );
}

/** fast-check's parameters for one property: the run's seed, the budget, and the replay path if given. */
export function fuzzParameters<T>(runs = FUZZ_RUNS): fc.Parameters<T> {
  return {
    seed: FUZZ_SEED,
    numRuns: runs,
    ...(process.env.FUZZ_PATH && { path: process.env.FUZZ_PATH }),
    endOnFailure: !SHRINK,
    includeErrorInReport: true,
  };
}

/** A file's whole run: the system's start and stop, and each property's time cap several times over. */
export const SUITE_TIMEOUT_MS = Math.max(600_000, FUZZ_SECONDS * 1000 * 12);
