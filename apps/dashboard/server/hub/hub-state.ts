import { NetworkSnapshotSchema } from '@peerscope/protocol';
import { StateLog, type Logger } from '@peerscope/server-kit';
import { z } from 'zod';

/** What the hub saves: its picture (counters included) and the last report it took from each reporter. */
export const HubCheckpointSchema = z.object({
  picture: NetworkSnapshotSchema,
  reports: z.array(z.tuple([z.string(), z.string(), z.number().int().nonnegative()])),
});
export type HubCheckpoint = z.infer<typeof HubCheckpointSchema>;

export interface HubState {
  log: StateLog<HubCheckpoint>;
  restored: HubCheckpoint | undefined;
}

/** Opens the hub's state log (see state-log.ts): a bad file stops the start with a clear error, unless `reset`. */
export async function openHubState(path: string, reset: boolean, logger: Logger): Promise<HubState> {
  return StateLog.open({
    path,
    kind: 'hub',
    // Checked whole, kept as written: the picture may hold fields the wire schema does not list.
    parse: (value) => {
      HubCheckpointSchema.parse(value);
      return value as HubCheckpoint;
    },
    reset,
    onNotice: (message) => logger.warn(message),
  });
}
