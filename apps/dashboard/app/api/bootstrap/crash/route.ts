import { forwardBodyless } from '../../../../lib/server/route-helpers';

export const dynamic = 'force-dynamic';

/** Crash bootstrap: the bootstrap kills itself (202); the launcher restarts it while the nodes go on talking. */
export function POST() {
  return forwardBodyless('POST', '/bootstrap/crash');
}
