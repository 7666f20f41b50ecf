import { Argument, type Command } from 'commander';
import { TrafficStatusSchema } from '@peerscope/protocol';
import { act, numberArg, type CliContext, type CommandDefinition } from '../command-kit.js';
import { EXIT } from '../exit-codes.js';
import { trafficLine } from '../render.js';

interface TrafficOptions {
  count?: number;
  rate?: number;
  duration?: number;
}

export const traffic: CommandDefinition = (program) => {
  const command = program
    .command('traffic')
    .addArgument(new Argument('[action]', '`stop` ends the traffic running now').choices(['stop']))
    .option('--count <n>', 'send n messages between random live pairs, as fast as they go', numberArg)
    .option('--rate <per-second>', 'send this many messages a second…', numberArg)
    .option('--duration <seconds>', '…for this long', numberArg)
    .description('background traffic between random live pairs: --count N, or --rate R --duration S; `traffic stop`; alone, its status (/api/traffic)')
    .action(act(async (context, action: 'stop' | undefined, options: TrafficOptions) => run(context, command, action, options)));
  return command;
};

async function run({ admin, out }: CliContext, command: Command, action: 'stop' | undefined, options: TrafficOptions): Promise<void> {
  const given = [options.count, options.rate, options.duration].some((value) => value !== undefined);
  const usage = (message: string) => command.error(`error: ${message}`, { exitCode: EXIT.usage, code: 'peerscope.usage' });
  let answer;
  if (action === 'stop') {
    if (given) usage('`traffic stop` takes no --count, --rate or --duration');
    answer = await admin().call('DELETE', '/api/traffic', TrafficStatusSchema);
  } else if (!given) {
    answer = await admin().get('/api/traffic', TrafficStatusSchema);
  } else {
    const byCount = options.count !== undefined && options.rate === undefined && options.duration === undefined;
    const byRate = options.count === undefined && options.rate !== undefined && options.duration !== undefined;
    if (!byCount && !byRate) usage('give either --count N, or both --rate R and --duration S');
    const body = byCount ? { count: options.count } : { rate: options.rate, durationS: options.duration };
    answer = await admin().call('POST', '/api/traffic', TrafficStatusSchema, body);
  }
  const status = answer.data;
  out.answer(answer.raw, () => [trafficLine(out, status, action === 'stop')]);
}
