import * as actions from './actions';
import type { Args, CommandId } from './commands';

/** What a command may do to the page besides calling the API. */
export interface PageControls {
  notify: actions.Notify;
  selectNode: (id: string) => void;
  onGossipStarted: (id: string) => void;
  onLinkFault: (target: { from: string; to?: string }) => void;
  fit: () => void;
  showShortcuts: () => void;
}

const str = (args: Args, name: string) => args[name] as string;
const num = (args: Args, name: string, fallback: number) => (typeof args[name] === 'number' ? (args[name] as number) : fallback);

/** Runs one palette command through the same shared actions the panels and the menu use. */
export async function runCommand(id: CommandId, args: Args, page: PageControls): Promise<void> {
  const { notify } = page;
  switch (id) {
    case 'add':
      return actions.addNodes(num(args, 'count', 1), notify);
    case 'crash':
    case 'remove':
    case 'restart':
    case 'pause':
    case 'resume':
      await actions.nodeAction(id, str(args, 'node'), notify);
      return;
    case 'send':
      return actions.sendMessage({ from: str(args, 'from'), to: str(args, 'to'), text: str(args, 'text') || actions.DEFAULT_TEXT }, notify);
    case 'broadcast':
      return actions.broadcast({ from: str(args, 'node'), text: actions.DEFAULT_TEXT }, notify);
    case 'gossip': {
      const gossip = await actions.startGossip({ from: str(args, 'node') }, notify);
      if (gossip) page.onGossipStarted(gossip);
      return;
    }
    case 'random-traffic':
      return actions.randomTraffic(num(args, 'count', actions.DEFAULT_TRAFFIC_COUNT), notify);
    case 'start-traffic':
      return actions.startTraffic({ rate: num(args, 'rate', 5), durationS: 10 }, notify);
    case 'stop-traffic':
      return actions.stopTraffic(notify);
    case 'partition':
      return actions.partition(args.nodes as string[], 'both', notify);
    case 'heal':
      return actions.healPartition(notify);
    case 'reset-faults':
      return actions.resetFaults(notify);
    case 'link-fault':
      return page.onLinkFault(args.to ? { from: str(args, 'from'), to: str(args, 'to') } : { from: str(args, 'from') });
    case 'overlay':
      return actions.setOverlay({ kind: str(args, 'kind') as 'full' | 'partial' | 'ring', k: num(args, 'k', 3) }, notify);
    case 'crash-bootstrap':
      return actions.crashBootstrap(notify);
    case 'select':
      return page.selectNode(str(args, 'node'));
    case 'fit':
      return page.fit();
    case 'shortcuts':
      return page.showShortcuts();
  }
}
