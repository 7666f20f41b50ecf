/**
 * Whether pages carry the test hook: the dashboard's server resolves PEERSCOPE_TEST_HOOK at start
 * (server/config.ts) and leaves `1` or `0` here. Read per request, never at build time.
 */
export const testHookEnabled = () => process.env.PEERSCOPE_TEST_HOOK === '1';
