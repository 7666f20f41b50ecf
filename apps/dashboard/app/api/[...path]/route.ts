import { errorAnswer } from '../../../lib/server/bootstrap-admin';
import { respond } from '../../../lib/server/route-helpers';

/** Any other `/api/*` path answers in the one error shape, not with a page. */
function notFound(request: Request) {
  return respond(errorAnswer('not_found', `no route for ${request.method} ${new URL(request.url).pathname}`));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
