// Two `/ui` subscribers of a hub (its port in argv[2]), in their own process so their work is not
// counted as the hub's: they subscribe, take every batch, and say `ready` once both are live.
import { io } from 'socket.io-client';
import { UI_NAMESPACE } from '@peerscope/protocol';

const port = process.argv[2];
let live = 0;
for (let i = 0; i < 2; i++) {
  const socket = io(`http://127.0.0.1:${port}${UI_NAMESPACE}`, { transports: ['websocket'] });
  let deltas = 0;
  socket.on('network:deltas', (batch: unknown[]) => (deltas += batch.length));
  socket.on('connect', () =>
    socket.emit('network:subscribe', {}, () => {
      live += 1;
      if (live === 2) process.send?.('ready');
    }),
  );
  void deltas;
}
