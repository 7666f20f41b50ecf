import { z } from 'zod';

// The IPC between a bootstrap and the launcher that owns its node processes (see launcher-owner.ts
// and apps/launcher/src/node-processes.ts). The launcher forks only the entries it knows by kind.

/** What the launcher may fork for a bootstrap: a process node. */
export const OwnedKindSchema = z.enum(['node']);

export const OwnerRequestSchema = z.discriminatedUnion('type', [
  /** Fork a process of `kind` with this environment (the launcher adds nothing of its own). */
  z.object({ type: z.literal('owner:spawn'), ref: z.string().min(1).max(128), kind: OwnedKindSchema, env: z.record(z.string(), z.string()) }),
  z.object({ type: z.literal('owner:signal'), ref: z.string().min(1).max(128), signal: z.enum(['SIGTERM', 'SIGKILL', 'SIGSTOP', 'SIGCONT']) }),
  /** Which processes it holds for the bootstrap (a restarted bootstrap adopts them). */
  z.object({ type: z.literal('owner:list') }),
]);
export type OwnerRequest = z.infer<typeof OwnerRequestSchema>;

export const OwnedProcessSchema = z.object({
  ref: z.string(),
  kind: OwnedKindSchema,
  pid: z.number().int(),
  /** NODE_ID and PEERSCOPE_CONTROL_TOKEN as it was forked with: the runtime's own record of its node. */
  nodeId: z.string(),
  controlToken: z.string().optional(),
});
export type OwnedProcessInfo = z.infer<typeof OwnedProcessSchema>;

export const OwnerAnswerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('owner:spawned'), ref: z.string(), pid: z.number().int() }),
  z.object({ type: z.literal('owner:spawn-failed'), ref: z.string(), message: z.string() }),
  z.object({ type: z.literal('owner:exited'), ref: z.string(), code: z.union([z.number(), z.string()]) }),
  z.object({ type: z.literal('owner:listed'), processes: z.array(OwnedProcessSchema) }),
]);
export type OwnerAnswer = z.infer<typeof OwnerAnswerSchema>;

/** Set by the launcher in the bootstrap's environment: fork node processes through it, not here. */
export const OWNER_VARIABLE = 'PEERSCOPE_PROCESS_OWNER';
