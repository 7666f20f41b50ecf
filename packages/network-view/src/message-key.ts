/**
 * The key a message event's record goes under: its id, unless the record `known` under that id
 * joins other ends. Ids are the sender's, shown to every viewer, and anyone may post a receipt
 * under one: such a claim gets a record of its own (`id@from->to`) instead of rewriting the
 * message it copied (its receipt time, or a genuine send marked unverified).
 */
export function messageKey(known: { from: string; to: string } | undefined, { id, from, to }: { id: string; from: string; to: string }): string {
  return known === undefined || (known.from === from && known.to === to) ? id : `${id}@${from}->${to}`;
}
