import { FaultStateSchema, NodeKindSchema, OverlayStateSchema, TrafficStatusSchema } from '@peerscope/protocol';
import { StateLog, type Logger } from '@peerscope/server-kit';
import { z } from 'zod';

/** What the bootstrap saves: the registry's live entries, the faults, the overlay and the traffic generator. */
export const BootstrapCheckpointSchema = z.object({
  registry: z.array(
    z.object({
      id: z.string(),
      url: z.string(),
      kind: NodeKindSchema,
      registeredAt: z.number(),
      keys: z.array(z.string()),
      controlToken: z.string().optional(),
    }),
  ),
  faults: FaultStateSchema,
  overlay: OverlayStateSchema,
  traffic: z.object({ status: TrafficStatusSchema, reservedUpTo: z.number().int().nonnegative() }),
});
export type BootstrapCheckpoint = z.infer<typeof BootstrapCheckpointSchema>;

export interface BootstrapState {
  log: StateLog<BootstrapCheckpoint>;
  restored: BootstrapCheckpoint | undefined;
}

/** Opens the bootstrap's state log (see state-log.ts): a bad file stops the start with a clear error, unless `reset`. */
export async function openBootstrapState(path: string, reset: boolean, logger: Logger): Promise<BootstrapState> {
  return StateLog.open({
    path,
    kind: 'bootstrap',
    parse: (value) => BootstrapCheckpointSchema.parse(value),
    reset,
    onNotice: (message) => logger.warn(message),
  });
}
