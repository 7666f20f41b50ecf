import { headers } from 'next/headers';
import { Dashboard } from '../components/Dashboard';
import { accessFrom } from '../lib/common/access';

// Rendered per request: the page needs its request's script nonce and the browser's access.
export default async function Page() {
  return <Dashboard access={accessFrom(await headers())} />;
}
