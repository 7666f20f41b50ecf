import { act, type CommandDefinition } from '../command-kit.js';
import { WatchPrinter } from '../watch/watch-printer.js';

export const watch: CommandDefinition = (program) =>
  program
    .command('watch')
    .option('--all', "also show each message's sent and received, not only its outcome")
    .description(
      "follow the network live, as `kubectl get -w` does: the nodes, then one line per change (the dashboard's Socket.IO /ui, as the page gets it); with --json one object per line; Ctrl-C stops",
    )
    .action(
      act(async ({ out, settings }, options: { all?: boolean }) => {
        const printer = new WatchPrinter(out, Boolean(options.all), (line) => process.stderr.write(`${line}\n`));
        // Loaded here: socket.io-client doubles the start-up time of every other command.
        const { HubFollower } = await import('../watch/hub-follower.js');
        const follower = new HubFollower(settings.dashboardUrl, printer);
        const stop = () => follower.close();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await follower.follow();
      }),
    );
