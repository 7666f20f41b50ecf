import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { HttpUrlSchema, NodeIdSchema } from '@peerscope/protocol';
import { firstSet, parseConfig } from '@peerscope/server-kit';
import { z } from 'zod';

const ConfigSchema = z.object({
  id: NodeIdSchema.optional(),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(0),
  publicUrl: HttpUrlSchema.optional(),
  bootstrapUrl: HttpUrlSchema.default('http://127.0.0.1:5000'),
  controlToken: z.string().min(16).max(256).default(() => randomBytes(24).toString('base64url')),
  hubUrl: HttpUrlSchema.optional(),
  clusterToken: z.string().default(''),
  messageTimeoutMs: z.coerce.number().int().min(50).max(60_000).default(2_000),
  inboxSize: z.coerce.number().int().min(1).max(100_000).default(1_000),
});
export type NodeConfig = z.infer<typeof ConfigSchema>;

const NAMES: Record<keyof NodeConfig, string> = {
  id: '--id / NODE_ID',
  host: '--host / HOST',
  port: '--port / PORT',
  publicUrl: '--public-url / PEERSCOPE_PUBLIC_URL',
  bootstrapUrl: '--bootstrap / BOOTSTRAP_URL',
  controlToken: 'PEERSCOPE_CONTROL_TOKEN',
  hubUrl: 'PEERSCOPE_HUB_URL',
  clusterToken: 'PEERSCOPE_CLUSTER_TOKEN',
  messageTimeoutMs: 'PEERSCOPE_MESSAGE_TIMEOUT_MS',
  inboxSize: 'PEERSCOPE_INBOX_SIZE',
};

/** Flags, then environment, then defaults. */
export function loadNodeConfig(argv = process.argv.slice(2), env = process.env): NodeConfig {
  const { values: flags } = parseArgs({
    args: argv,
    options: {
      id: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'public-url': { type: 'string' },
      bootstrap: { type: 'string' },
    },
  });
  return parseConfig(
    ConfigSchema,
    {
      id: firstSet(flags.id, env.NODE_ID),
      host: firstSet(flags.host, env.HOST),
      port: firstSet(flags.port, env.PORT),
      publicUrl: firstSet(flags['public-url'], env.PEERSCOPE_PUBLIC_URL),
      bootstrapUrl: firstSet(flags.bootstrap, env.BOOTSTRAP_URL),
      controlToken: firstSet(env.PEERSCOPE_CONTROL_TOKEN),
      hubUrl: firstSet(env.PEERSCOPE_HUB_URL),
      clusterToken: firstSet(env.PEERSCOPE_CLUSTER_TOKEN),
      messageTimeoutMs: firstSet(env.PEERSCOPE_MESSAGE_TIMEOUT_MS),
      inboxSize: firstSet(env.PEERSCOPE_INBOX_SIZE),
    },
    NAMES,
  );
}
