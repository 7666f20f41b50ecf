import type { StartNodesResponse } from '@peerscope/protocol';
import type { ResolvedToken } from './tokens.js';

export interface BannerInfo {
  bootstrapUrl: string;
  runtime: string;
  admin: ResolvedToken;
  nodes: StartNodesResponse['nodes'];
  dashboardUrl?: string;
}

/** Nodes listed by url; past this many the banner says how many more, or a thousand lines push the urls above off the screen. */
export const BANNER_NODES = 10;

/** What a person needs after `npm start`: where things are and how to use the admin API. */
export function bannerLines({ bootstrapUrl, runtime, admin, nodes, dashboardUrl }: BannerInfo): string[] {
  const hidden = nodes.length - BANNER_NODES;
  return [
    '',
    ...(dashboardUrl ? [`peerscope dashboard  ${dashboardUrl.replace('127.0.0.1', 'localhost')}`] : []),
    `peerscope bootstrap  ${bootstrapUrl}   (runtime: ${runtime})`,
    `admin token          ${admin.value}${admin.file ? `   (saved in ${admin.file})` : ''}`,
    ...nodes.slice(0, hidden > 1 ? BANNER_NODES : undefined).map((n) => `  ${n.id.padEnd(8)} ${n.url ?? '(starting)'}`),
    ...(hidden > 1 ? [`  … and ${hidden.toLocaleString('en-US')} more (npx peerscope nodes lists them all)`] : []),
    '',
    'try:',
    `  curl -s ${bootstrapUrl}/peers`,
    `  curl -s -H "Authorization: Bearer ${admin.file ? `$(cat ${admin.file})` : '$PEERSCOPE_ADMIN_TOKEN'}" -H 'content-type: application/json' \\`,
    `       -d '{"from":"node1","to":"node2","text":"hello"}' ${bootstrapUrl}/api/messages`,
    'Ctrl-C stops everything.',
    '',
  ];
}

export function printBanner(info: BannerInfo): void {
  console.log(bannerLines(info).join('\n'));
}
