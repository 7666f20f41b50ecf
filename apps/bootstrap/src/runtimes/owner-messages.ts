import { z } from 'zod';

// The IPC between a bootstrap and the launcher that owns its node processes (see launcher-owner.ts
// and apps/launcher/src/node-processes.ts). The launcher forks only the entries it knows by kind.

/** What the launcher may fork for a bootstrap: a process node, or a pool host. */
export const OwnedKindSchema = z.enum(['node', 'pool-host']);
export type OwnedKind = z.infer<typeof OwnedKindSchema>;

/** The variables of its environment that say who an owned process is; the launcher keeps them for adoption. */
export const IDENTITY_VARIABLES = ['NODE_ID', 'PEERSCOPE_CONTROL_TOKEN', 'PEERSCOPE_HOST_ID', 'PEERSCOPE_HOST_TOKEN'] as const;

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
  /** Its IDENTITY_VARIABLES as it was forked with: the runtime's own record of its node or host (ids, tokens). */
  identity: z.record(z.string(), z.string()),
  /** The last message it sent its owner (a pool host's `ready`, with its url). */
  lastMessage: z.unknown().optional(),
});
export type OwnedProcessInfo = z.infer<typeof OwnedProcessSchema>;

export const OwnerAnswerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('owner:spawned'), ref: z.string(), pid: z.number().int() }),
  z.object({ type: z.literal('owner:spawn-failed'), ref: z.string(), message: z.string() }),
  z.object({ type: z.literal('owner:exited'), ref: z.string(), code: z.union([z.number(), z.string()]) }),
  /** What the process sent its owner over IPC (a pool host's `ready`), passed on. */
  z.object({ type: z.literal('owner:message'), ref: z.string(), message: z.unknown() }),
  z.object({ type: z.literal('owner:listed'), processes: z.array(OwnedProcessSchema) }),
]);
export type OwnerAnswer = z.infer<typeof OwnerAnswerSchema>;

/** Set by the launcher in the bootstrap's environment: fork node processes through it, not here. */
export const OWNER_VARIABLE = 'PEERSCOPE_PROCESS_OWNER';
