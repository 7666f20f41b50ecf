/** Who this node is: its address is known once it listens, its id once the bootstrap agrees. */
export interface Identity {
  id: string | undefined;
  url: string;
}

export const displayId = (identity: Identity) => identity.id ?? identity.url;
