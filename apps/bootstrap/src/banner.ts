import type { StartNodesResponse } from '@peerscope/protocol';
import type { ResolvedToken } from './tokens.js';

export interface BannerInfo {
  bootstrapUrl: string;
  runtime: string;
  admin: ResolvedToken;
  nodes: StartNodesResponse['nodes'];
  dashboardUrl?: string;
}

/** What a person needs after `npm start`: where things are and how to use the admin API. */
export function printBanner({ bootstrapUrl, runtime, admin, nodes, dashboardUrl }: BannerInfo): void {
  const lines = [
    '',
    ...(dashboardUrl ? [`peerscope dashboard  ${dashboardUrl.replace('127.0.0.1', 'localhost')}`] : []),
    `peerscope bootstrap  ${bootstrapUrl}   (runtime: ${runtime})`,
    `admin token          ${admin.value}${admin.file ? `   (saved in ${admin.file})` : ''}`,
    ...nodes.map((n) => `  ${n.id.padEnd(8)} ${n.url ?? '(starting)'}`),
    '',
    'try:',
    `  curl -s ${bootstrapUrl}/peers`,
    `  curl -s -H "Authorization: Bearer ${admin.file ? `$(cat ${admin.file})` : '$PEERSCOPE_ADMIN_TOKEN'}" -H 'content-type: application/json' \\`,
    `       -d '{"from":"node1","to":"node2","text":"hello"}' ${bootstrapUrl}/api/messages`,
    'Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}
