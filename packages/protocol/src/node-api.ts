import { z } from 'zod';
import { HttpUrlSchema, LamportTimeSchema, MessageIdSchema, MessageTextSchema, NodeIdOrUrlSchema, NodeIdSchema, TimestampSchema } from './common.js';
import { SendFailureCodeSchema } from './errors.js';
import { GOSSIP_LIMITS } from './limits.js';

/** Hops a gossip may travel from here (0 on its last hop). */
export const GossipTtlSchema = z.number().int().min(0).max(GOSSIP_LIMITS.maxTtl);
/** How many neighbours each node passes a gossip to. */
export const GossipFanoutSchema = z.number().int().min(1).max(GOSSIP_LIMITS.maxFanout);

/**
 * `POST /message`. The course sends `{"sender","msg"}`; peerscope nodes add the message id,
 * both ids and the send time so that every event about one message can be correlated.
 */
export const IncomingMessageSchema = z.object({
  sender: z.string().min(1).max(2048),
  msg: MessageTextSchema,
  id: MessageIdSchema.optional(),
  from: NodeIdSchema.optional(),
  to: NodeIdSchema.optional(),
  sentAt: TimestampSchema.optional(),
  /** The sender's Lamport clock at the send; the receiver's clock becomes max(its own, this) + 1. A course node ignores it. */
  lamport: LamportTimeSchema.optional(),
  /** One delivery of a broadcast: every copy carries the broadcast's id. */
  broadcastId: MessageIdSchema.optional(),
  /** One hop of a gossip: the receiver forwards it on while `ttl` lasts, once per gossip id. */
  gossip: z
    .object({
      id: MessageIdSchema,
      origin: NodeIdSchema,
      ttl: GossipTtlSchema,
      hop: z.number().int().min(1).max(GOSSIP_LIMITS.maxTtl),
      fanout: GossipFanoutSchema,
    })
    .optional(),
});
export type IncomingMessage = z.infer<typeof IncomingMessageSchema>;

export const MessageAckSchema = z.object({ status: z.literal('received') });

/** One entry of `GET /messages` (oldest first, newest last). */
export const ReceivedMessageSchema = z.object({
  id: MessageIdSchema,
  sender: z.string(),
  msg: z.string(),
  from: NodeIdSchema.optional(),
  sentAt: TimestampSchema.optional(),
  receivedAt: TimestampSchema,
});
export type ReceivedMessage = z.infer<typeof ReceivedMessageSchema>;
export const MessagesResponseSchema = z.object({ messages: z.array(ReceivedMessageSchema) });

/**
 * `POST /control/send` (bearer: the node's control token). `to` is a peer id or url; the
 * bootstrap adds `toUrl` when it knows the address, so a peer that joined a moment ago is
 * reachable before the next heartbeat refreshes this node's list.
 */
export const ControlSendRequestSchema = z.object({
  to: NodeIdOrUrlSchema,
  toUrl: HttpUrlSchema.optional(),
  text: MessageTextSchema,
  id: MessageIdSchema.optional(),
});
export type ControlSendRequest = z.infer<typeof ControlSendRequestSchema>;

/** The outcome of one send, as the node control API and the admin API report it. */
export const SendResultSchema = z.object({
  id: MessageIdSchema,
  from: NodeIdSchema,
  to: z.string(),
  status: z.enum(['delivered', 'failed']),
  error: z.object({ code: SendFailureCodeSchema, message: z.string() }).optional(),
  latencyMs: z.number().nonnegative(),
});
export type SendResult = z.infer<typeof SendResultSchema>;

/** `GET /` on a node (the course's health check): who it is, once registered, and its process id. */
export const NodeIndexSchema = z.object({
  message: z.string(),
  id: NodeIdSchema.nullable(),
  url: z.string(),
  peers: z.number().int().nonnegative(),
  protocol: z.number().int().positive(),
  pid: z.number().int().positive(),
});
