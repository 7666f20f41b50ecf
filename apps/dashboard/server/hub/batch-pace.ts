/**
 * How the hub paces its batches to the browsers (see FlushSchedule): one per `batchMs` on average
 * whatever the load, and a quiet hub may send two at once.
 */
export const BATCH_BURST = 2;

/**
 * How long a message's opening events (its `message:sent`, the receiver's `message:received`)
 * wait for its outcome (`message:delivered` or `message:failed`, which the page animates), which
 * comes from the sender a few milliseconds later. The exchange then goes in one batch, so a
 * message costs one batch, and its outcome goes at once instead of waiting for a window its send
 * opened. One frame of the page: a message whose outcome is slower shows its send no later than that.
 */
export const BATCH_HOLD_MS = 16;

/**
 * How long a receipt that reaches the hub after its message's outcome waits for the next batch.
 * The receiver's report and the sender's race to the hub; when the sender's wins, its batch is
 * gone, and the receipt on a batch of its own spent the token the next message's outcome then
 * waited for (up to a whole `batchMs`: the bench's tail). Nothing is animated by it; it shows in
 * the panels, which refresh every 200 ms (PANEL_REFRESH_MS) anyway.
 */
export const BATCH_TRAIL_MS = 200;
