import { NextResponse } from 'next/server';
import { DASHBOARD_API, documentOf } from '@peerscope/openapi';

export const dynamic = 'force-static';

/** The OpenAPI document of the dashboard's `/api` routes, built from the route table that packages/openapi keeps. */
export function GET() {
  return NextResponse.json(documentOf(DASHBOARD_API));
}
