import { z } from 'zod';

/** Node ids look like the course's: `node1`, `node2`, … (any short slug is accepted). */
export const NodeIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'an id is 1-64 letters, digits, "_", "." or "-"');
export type NodeId = z.infer<typeof NodeIdSchema>;

/** An absolute http(s) URL; whether its host is allowed is the bootstrap's policy, not the schema's. */
export const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).max(2048);

/** Where a message goes: a node's id, or a url (a course node has no id). Fitting neither, it says so: zod's own words are only "Invalid input". */
export const NodeIdOrUrlSchema = z.union([NodeIdSchema, HttpUrlSchema], {
  error: (issue) => (issue.code === 'invalid_union' ? 'must be a node id (1-64 letters, digits, "_", "." or "-") or an absolute http(s) URL' : undefined),
});

/**
 * A url in a peer list: checked by its form only (scheme and host), not parsed. A register
 * answer lists every node, and parsing a thousand urls cost each joining node 5 ms; the registry
 * normalised every one of them when it took it, and a node's url policy parses a url before it
 * sends anything there.
 */
export const ListedUrlSchema = z
  .string()
  .max(2048)
  .regex(/^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/, 'must be an absolute http(s) URL');

export const NodeKindSchema = z.enum(['peerscope', 'classic']);
export type NodeKind = z.infer<typeof NodeKindSchema>;

export const NodeStatusSchema = z.enum(['alive', 'suspect', 'dead']);
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

export const MessageIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a message id is 1-64 url-safe characters');
export type MessageId = z.infer<typeof MessageIdSchema>;

/** Epoch milliseconds. */
export const TimestampSchema = z.number().int().nonnegative();

/**
 * A node's Lamport clock: it ticks on each of the node's own events (a send, a receipt, an outcome)
 * and a receipt takes max(local, carried) + 1, so a send's value is always below its receipt's.
 */
export const LamportTimeSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const MAX_TEXT_LENGTH = 16_384;
export const MessageTextSchema = z.string().max(MAX_TEXT_LENGTH);

/** What the bootstrap tells one node about another. */
export const PeerEntrySchema = z.object({
  id: NodeIdSchema,
  url: ListedUrlSchema,
  kind: NodeKindSchema,
  status: NodeStatusSchema,
});
export type PeerEntry = z.infer<typeof PeerEntrySchema>;

/** A registry entry as the admin API and telemetry show it (never with its control token). */
export const NodeRecordSchema = PeerEntrySchema.extend({
  registeredAt: TimestampSchema,
  lastSeen: TimestampSchema,
});
export type NodeRecord = z.infer<typeof NodeRecordSchema>;

/** `GET /openapi.json` on every server: an OpenAPI 3.1 document (packages/openapi builds it). */
export const OpenApiDocumentSchema = z.looseObject({
  openapi: z.string().startsWith('3.1'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});
