import { useState } from 'react';

/** Whether `open` has been true at least once: a panel loaded on demand mounts then and stays mounted. */
export function useOpenedOnce(open: boolean): boolean {
  const [opened, setOpened] = useState(open);
  // Set during render, as React documents for state derived from props: no extra commit.
  if (open && !opened) setOpened(true);
  return opened || open;
}
