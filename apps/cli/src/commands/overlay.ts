import { Argument } from 'commander';
import { OverlayKindSchema, OverlayStateSchema, type OverlayKind } from '@peerscope/protocol';
import { act, numberArg, type CommandDefinition } from '../command-kit.js';
import { overlayLines } from '../render.js';

export const overlay: CommandDefinition = (program) =>
  program
    .command('overlay')
    .addArgument(
      new Argument('[kind]', 'full mesh, partial view of k neighbours, or ring (left out: show the overlay in force)').choices(OverlayKindSchema.options),
    )
    .option('--k <neighbours>', 'neighbours per node in a partial view (default 3)', numberArg)
    .description('choose who counts as whose neighbour, for broadcast and gossip (PUT /api/overlay), or show it (GET /api/overlay)')
    .action(
      act(async ({ admin, out }, kind: OverlayKind | undefined, options: { k?: number }) => {
        const answer = kind
          ? await admin().call('PUT', '/api/overlay', OverlayStateSchema, { kind, ...(options.k !== undefined && { k: options.k }) })
          : await admin().get('/api/overlay', OverlayStateSchema);
        out.answer(answer.raw, () => overlayLines(out, answer.data));
      }),
    );
