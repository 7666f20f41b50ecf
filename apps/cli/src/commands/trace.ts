import { createWriteStream } from 'node:fs';
import { Option } from 'commander';
import { ApiClient } from '../api-client.js';
import { act, type CommandDefinition } from '../command-kit.js';

interface ExportOptions {
  format: 'ndjson' | 'shiviz';
  nodes?: string;
  output?: string;
}

export const trace: CommandDefinition = (program) => {
  const command = program.command('trace').description("the session's recorded trace, from the dashboard");
  command
    .command('export')
    .description('download the trace: NDJSON as recorded, or a ShiViz log with vector clocks (GET /api/trace on the dashboard)')
    .addOption(new Option('--format <format>', 'ndjson or shiviz').choices(['ndjson', 'shiviz']).default('ndjson'))
    .option('--nodes <ids>', 'shiviz: the nodes to export, comma-separated (default all, up to 100)')
    .option('-o, --output <file>', 'write it to this file rather than to standard output')
    .action(
      act(async ({ settings }, options: ExportOptions) => {
        const query = new URLSearchParams(options.format === 'shiviz' ? { format: 'shiviz', ...(options.nodes && { nodes: options.nodes }) } : {});
        const dashboard = new ApiClient(settings.dashboardUrl, undefined, 'the dashboard', '--dashboard / PEERSCOPE_DASHBOARD_URL');
        await dashboard.download(`/api/trace${query.size > 0 ? `?${query}` : ''}`, options.output ? createWriteStream(options.output) : process.stdout);
      }),
    );
};
