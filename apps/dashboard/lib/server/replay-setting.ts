/** Whether this server replays a trace (`npm run replay`, server/replay.ts sets it): the page then opens it and connects to no hub. */
export const replayEnabled = () => process.env.PEERSCOPE_REPLAY_FILE !== undefined && process.env.PEERSCOPE_REPLAY_FILE !== '';
