import { BOOTSTRAP_API } from './bootstrap-routes.js';
import { DASHBOARD_API } from './dashboard-routes.js';
import { openApiDocument, type OpenApiDocument } from './document.js';
import { NODE_API } from './node-routes.js';
import type { ApiTable } from './route.js';

export * from './route.js';
export * from './document.js';
export { BOOTSTRAP_API, BOOTSTRAP_ADMIN_ROUTES } from './bootstrap-routes.js';
export { NODE_API } from './node-routes.js';
export { DASHBOARD_API } from './dashboard-routes.js';

/** Every API and its document: what `GET /openapi.json` serves on each server. */
export const APIS = { bootstrap: BOOTSTRAP_API, node: NODE_API, dashboard: DASHBOARD_API } as const satisfies Record<string, ApiTable>;

const built = new Map<ApiTable, OpenApiDocument>();
/** The document of an API, built once per process. */
export function documentOf(api: ApiTable): OpenApiDocument {
  let document = built.get(api);
  if (!document) built.set(api, (document = openApiDocument(api)));
  return document;
}
