// What both relay processes share: `RELAY_SERVERS` servers on loopback, their ports told to the
// bench that forked this process, and an exit when the bench goes away.
import type { AddressInfo, Server } from 'node:net';

export async function serveRelays(create: () => Server): Promise<void> {
  const count = Number(process.env.RELAY_SERVERS ?? 10);
  const ports = await Promise.all(
    Array.from({ length: count }, () => {
      const server = create();
      return new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
    }),
  );
  process.send?.({ type: 'ready', ports });
  // The bench owns this process: when it goes away, so do we.
  process.once('disconnect', () => process.exit(0));
  process.once('SIGTERM', () => process.exit(0));
}
