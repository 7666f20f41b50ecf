import { NodeIdSchema, StopNodeQuerySchema } from '@peerscope/protocol';
import { errorAnswer } from '../../../../lib/bootstrap-admin';
import { forward, refuseCrossSite, respond } from '../../../../lib/route-helpers';

export const dynamic = 'force-dynamic';

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const foreign = refuseCrossSite(request);
  if (foreign) return respond(foreign);
  const id = NodeIdSchema.safeParse((await params).id);
  const query = StopNodeQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!id.success) return respond(errorAnswer('invalid_query', 400, 'not a node id'));
  if (!query.success) return respond(errorAnswer('invalid_query', 400, 'mode must be graceful or crash'));
  return respond(await forward('DELETE', `/nodes/${encodeURIComponent(id.data)}?mode=${query.data.mode}`));
}
