import { forwardNodeAction } from '../../../../../lib/server/route-helpers';

export const dynamic = 'force-dynamic';

export function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return forwardNodeAction(params, 'restart');
}
