// The protocol's plain constants, in a module of their own without zod: the dashboard's first
// script imports them (`@peerscope/protocol/limits`) and loads the schemas only when it checks an answer.

/**
 * The gossip limits, one set for the admin API, the node control API and the wire (`POST /message`),
 * so that no hop can ask for more than a person could. A ring of 1,000 nodes has a diameter of 500,
 * so a gossip may need up to 512 hops; each node forwards to at most 20 neighbours (each node passes
 * a gossip on once, so one gossip costs at most nodes × fanout messages).
 */
export const GOSSIP_LIMITS = { maxTtl: 512, maxFanout: 20 } as const;

/** One add may start a whole pool-runtime network; the runtime's own bound (PEERSCOPE_MAX_NODES) still applies. */
export const MAX_NODES_PER_REQUEST = 1_000;

/** Socket.IO namespace `/ui`: browsers subscribe, then receive a snapshot or the missed deltas, then batches. */
export const UI_NAMESPACE = '/ui';
