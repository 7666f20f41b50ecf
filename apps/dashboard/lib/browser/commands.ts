/**
 * The command palette's language: every action by name with its target ("crash node7", "gossip
 * from node3", "partition node1 node2", "random traffic 50"). `suggest` reads what was typed so
 * far and answers the commands it can still become, with node ids completed from the network.
 * Pure: what a command does is in command-runner.ts.
 */

import type { NodeUse } from './node-availability';

export type ParamKind = 'node' | 'nodes' | 'count' | 'choice' | 'text';

export interface Param {
  name: string;
  kind: ParamKind;
  optional?: boolean;
  /** For `node`: what the command does with it; only nodes it can be done with now are offered. */
  use?: NodeUse;
  /** For `choice`: the words it accepts. */
  options?: readonly string[];
}

export interface CommandSpec {
  id: CommandId;
  words: readonly string[];
  params: readonly Param[];
  /** What it does, in a few words (the palette shows it beside the command). */
  title: string;
}

export type CommandId =
  | 'add'
  | 'crash'
  | 'remove'
  | 'restart'
  | 'pause'
  | 'resume'
  | 'send'
  | 'broadcast'
  | 'gossip'
  | 'random-traffic'
  | 'start-traffic'
  | 'stop-traffic'
  | 'partition'
  | 'heal'
  | 'reset-faults'
  | 'link-fault'
  | 'overlay'
  | 'crash-bootstrap'
  | 'select'
  | 'fit'
  | 'shortcuts';

const node = (name: string, use?: NodeUse, optional = false): Param => ({ name, kind: 'node', optional, ...(use && { use }) });

export const COMMANDS: readonly CommandSpec[] = [
  {
    id: 'random-traffic',
    words: ['random', 'traffic'],
    params: [{ name: 'count', kind: 'count', optional: true }],
    title: 'messages between random live pairs (50)',
  },
  {
    id: 'send',
    words: ['send'],
    params: [node('from', 'send'), node('to', 'receive'), { name: 'text', kind: 'text', optional: true }],
    title: 'one message from a node to another',
  },
  { id: 'crash', words: ['crash'], params: [node('node', 'crash')], title: 'kill a node without warning' },
  { id: 'gossip', words: ['gossip', 'from'], params: [node('node', 'gossip')], title: 'start a gossip from a node' },
  { id: 'broadcast', words: ['broadcast', 'from'], params: [node('node', 'broadcast')], title: 'one message to every neighbour' },
  { id: 'add', words: ['add', 'node'], params: [{ name: 'count', kind: 'count', optional: true }], title: 'start nodes (1)' },
  { id: 'remove', words: ['remove'], params: [node('node', 'remove')], title: 'a node leaves politely' },
  { id: 'restart', words: ['restart'], params: [node('node', 'restart')], title: 'stop a node and start it again' },
  { id: 'pause', words: ['pause'], params: [node('node', 'pause')], title: 'freeze a node' },
  { id: 'resume', words: ['resume'], params: [node('node', 'resume')], title: 'let a paused node answer again' },
  { id: 'partition', words: ['partition'], params: [{ name: 'nodes', kind: 'nodes' }], title: 'cut these nodes off from the rest' },
  { id: 'heal', words: ['heal'], params: [], title: 'remove the partition' },
  { id: 'reset-faults', words: ['reset', 'faults'], params: [], title: 'no partition, no link faults, nothing paused' },
  { id: 'link-fault', words: ['link', 'fault'], params: [node('from'), node('to', undefined, true)], title: 'open the link fault form on a link or a node' },
  {
    id: 'overlay',
    words: ['overlay'],
    params: [
      { name: 'kind', kind: 'choice', options: ['full', 'partial', 'ring'] },
      { name: 'k', kind: 'count', optional: true },
    ],
    title: 'who is whose neighbour',
  },
  { id: 'start-traffic', words: ['start', 'traffic'], params: [{ name: 'rate', kind: 'count', optional: true }], title: 'the generator, msg/s for 10 s (5)' },
  { id: 'stop-traffic', words: ['stop', 'traffic'], params: [], title: 'stop the generator' },
  { id: 'crash-bootstrap', words: ['crash', 'bootstrap'], params: [], title: 'kill the registry; the launcher restarts it' },
  { id: 'select', words: ['select'], params: [node('node')], title: 'select a node and show it' },
  { id: 'fit', words: ['fit'], params: [], title: 'fit the network in view' },
  { id: 'shortcuts', words: ['shortcuts'], params: [], title: 'list the keyboard shortcuts' },
];

export type Args = Partial<Record<string, string | number | string[]>>;

export interface Suggestion {
  spec: CommandSpec;
  /** The command as it reads, with `<placeholders>` for what is still missing. */
  label: string;
  /** Whether it can run as it is. */
  ready: boolean;
  args: Args;
  /** What the search box should hold to go on from here. */
  completion: string;
}

/** The nodes a command may name, and whether one can be used so now (node-availability.ts): only those are offered. */
export interface PaletteNodes {
  ids: readonly string[];
  can: (use: NodeUse, id: string) => boolean;
}

const isIdList = (nodes: readonly string[] | PaletteNodes): nodes is readonly string[] => Array.isArray(nodes);

/** How many node ids one command offers at a time. */
export const MAX_COMPLETIONS = 12;

const placeholder = (p: Param) => (p.kind === 'choice' ? (p.options ?? []).join('|') : p.optional ? `[${p.name}]` : `<${p.name}>`);

/** The commands `input` can still become, best first: ready ones first, in the order of COMMANDS. `known`: the node ids (each offered for anything), or the ids with what each can do now. */
export function suggest(input: string, known: readonly string[] | PaletteNodes): Suggestion[] {
  const nodes: PaletteNodes = isIdList(known) ? { ids: known, can: () => true } : known;
  const tokens = input.trim().toLowerCase() === '' ? [] : input.trim().split(/\s+/);
  const partial = tokens.length > 0 && !/\s$/.test(input);
  const out = COMMANDS.flatMap((spec) => match(spec, tokens, partial, nodes));
  return [...out.filter((s) => s.ready), ...out.filter((s) => !s.ready)];
}

function match(spec: CommandSpec, tokens: string[], partial: boolean, nodes: PaletteNodes): Suggestion[] {
  const isLast = (i: number) => i === tokens.length - 1 && partial;
  // The command's words: each typed one must be the word, the last typed one may be its start.
  for (let i = 0; i < spec.words.length; i++) {
    const typed = tokens[i]?.toLowerCase();
    // Not ready until every word is at least begun: "crash" must not run "crash bootstrap".
    if (typed === undefined) return [shape(spec, spec.words.join(' '), {}, 0, false)];
    const word = spec.words[i]!;
    if (isLast(i) ? !word.startsWith(typed) : word !== typed) return [];
    if (isLast(i)) return [shape(spec, spec.words.join(' '), {}, 0, i === spec.words.length - 1)];
  }
  return matchParams(spec, spec.words.join(' '), tokens.slice(spec.words.length), partial, nodes);
}

/** Fills the parameters from the typed tokens; a partly typed node id branches into its completions. */
function matchParams(spec: CommandSpec, head: string, tokens: string[], partial: boolean, nodes: PaletteNodes): Suggestion[] {
  const args: Args = {};
  let text = head;
  let t = 0;
  for (let p = 0; p < spec.params.length; p++) {
    const param = spec.params[p]!;
    const token = tokens[t];
    const last = t === tokens.length - 1 && partial;
    if (token === undefined) return nextOptions(spec, text, args, p, nodes);
    switch (param.kind) {
      case 'node': {
        if (last) return completeNode(spec, text, args, p, token, nodes, []);
        if (!nodes.ids.includes(token)) return [];
        args[param.name] = token;
        text += ` ${token}`;
        t++;
        break;
      }
      case 'nodes': {
        const picked: string[] = [];
        for (; t < tokens.length; t++) {
          const id = tokens[t]!;
          if (t === tokens.length - 1 && partial) return completeNode(spec, text, { ...args, [param.name]: picked }, p, id, nodes, picked);
          if (!nodes.ids.includes(id) || picked.includes(id)) return [];
          picked.push(id);
          text += ` ${id}`;
        }
        args[param.name] = picked;
        // More may follow: offer the group as it is (ready) and the ids it can grow by.
        return [shape(spec, text, args, p + 1), ...completeNode(spec, text, args, p, '', nodes, picked)];
      }
      case 'count': {
        if (!/^\d+(\.\d+)?$/.test(token)) return [];
        args[param.name] = Number(token);
        text += ` ${token}`;
        t++;
        break;
      }
      case 'choice': {
        const options = (param.options ?? []).filter((o) => (last ? o.startsWith(token.toLowerCase()) : o === token.toLowerCase()));
        if (options.length === 0) return [];
        if (last) return options.map((o) => shape(spec, `${text} ${o}`, { ...args, [param.name]: o }, p + 1));
        args[param.name] = options[0]!;
        text += ` ${options[0]}`;
        t++;
        break;
      }
      case 'text': {
        const rest = tokens.slice(t).join(' ');
        args[param.name] = rest;
        return [shape(spec, `${text} ${rest}`, args, p + 1)];
      }
    }
  }
  // Words left over that no parameter takes: not this command.
  return t < tokens.length ? [] : [shape(spec, text, args, spec.params.length)];
}

/** Nothing typed for parameter `p` yet: offer node ids when it wants one, else the command as it stands. */
function nextOptions(spec: CommandSpec, text: string, args: Args, p: number, nodes: PaletteNodes): Suggestion[] {
  const param = spec.params[p]!;
  const here = shape(spec, text, args, p);
  if (param.kind === 'node' || param.kind === 'nodes') return [...(here.ready ? [here] : []), ...completeNode(spec, text, args, p, '', nodes, [])];
  if (param.kind === 'choice') return (param.options ?? []).map((o) => shape(spec, `${text} ${o}`, { ...args, [param.name]: o }, p + 1));
  return [here];
}

function completeNode(spec: CommandSpec, text: string, args: Args, p: number, typed: string, nodes: PaletteNodes, taken: string[]): Suggestion[] {
  const param = spec.params[p]!;
  return (
    nodes.ids
      // An id typed out in full is offered even when it cannot be used now: it runs, and the answer says why not.
      .filter((id) => id.startsWith(typed) && !taken.includes(id) && (param.use === undefined || id === typed || nodes.can(param.use, id)))
      .slice(0, MAX_COMPLETIONS)
      .map((id) => {
        const value = param.kind === 'nodes' ? [...taken, id] : id;
        return shape(spec, `${text} ${id}`, { ...args, [param.name]: value }, p + 1);
      })
  );
}

/** A suggestion whose parameters before `filled` are given: ready when every one after is optional. */
function shape(spec: CommandSpec, text: string, args: Args, filled: number, wordsDone = true): Suggestion {
  const missing = spec.params.slice(filled);
  const ready = wordsDone && missing.every((m) => m.optional) && spec.params.slice(0, filled).every((m) => m.optional || args[m.name] !== undefined);
  const label = [text, ...missing.map(placeholder)].join(' ');
  return { spec, label, ready, args, completion: `${text} ` };
}
