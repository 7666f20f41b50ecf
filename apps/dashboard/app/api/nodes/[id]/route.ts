import { NodeIdSchema, StopNodeQuerySchema } from '@peerscope/protocol';
import { errorAnswer } from '../../../../lib/server/bootstrap-admin';
import { forward, respond } from '../../../../lib/server/route-helpers';

export const dynamic = 'force-dynamic';

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = NodeIdSchema.safeParse((await params).id);
  const query = StopNodeQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!id.success) return respond(errorAnswer('invalid_query', 'not a node id'));
  if (!query.success) return respond(errorAnswer('invalid_query', 'mode must be graceful or crash'));
  return respond(await forward('DELETE', `/nodes/${encodeURIComponent(id.data)}?mode=${query.data.mode}`));
}
