import { fork, type ChildProcess } from 'node:child_process';
import { JSON_OUTPUT, type ChildOutput } from './log-output.js';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { IDENTITY_VARIABLES, OwnerRequestSchema, type OwnedKind, type OwnedProcessInfo, type OwnerAnswer } from '@peerscope/bootstrap';

interface Held {
  info: OwnedProcessInfo;
  child: ChildProcess;
}

/** The only programs a bootstrap may have forked here, by kind. */
const ENTRIES: Record<OwnedKind, string> = {
  node: fileURLToPath(import.meta.resolve('@peerscope/node/main')),
  'pool-host': fileURLToPath(import.meta.resolve('@peerscope/node/pool-host')),
};

/**
 * The bootstrap's node processes (process nodes, pool hosts), forked here at its request (over its
 * IPC channel) so that their lifeline is the launcher's: a bootstrap that dies leaves them running,
 * and the next one adopts them (`owner:list`); a launcher that dies, even by `kill -9`, takes them
 * all with it. Only the entries above are ever forked, with the environment the bootstrap gives.
 */
export class NodeProcesses {
  private readonly held = new Map<string, Held>();
  private bootstrap: ChildProcess | undefined;

  constructor(private readonly output: ChildOutput = JSON_OUTPUT) {}

  /** Serves this bootstrap from now on (a restarted one replaces the dead one). */
  serve(bootstrap: ChildProcess): void {
    this.bootstrap = bootstrap;
    bootstrap.on('message', (message: unknown) => this.handle(bootstrap, message));
  }

  get count(): number {
    return this.held.size;
  }

  /** SIGTERM to every node still held, then SIGKILL after `graceMs`; resolves once all have exited. */
  async stopAll(graceMs: number): Promise<void> {
    const children = [...this.held.values()].map(({ child }) => child);
    const exits = children.map((child) => (child.exitCode === null && child.signalCode === null ? once(child, 'exit') : Promise.resolve()));
    for (const child of children) child.kill('SIGCONT');
    for (const child of children) child.kill('SIGTERM');
    const timer = setTimeout(() => children.forEach((child) => child.kill('SIGKILL')), graceMs);
    await Promise.all(exits);
    clearTimeout(timer);
  }

  private handle(from: ChildProcess, message: unknown): void {
    const parsed = OwnerRequestSchema.safeParse(message);
    if (!parsed.success) return;
    const request = parsed.data;
    if (request.type === 'owner:list') {
      this.answer(from, { type: 'owner:listed', processes: [...this.held.values()].map(({ info }) => info) });
    } else if (request.type === 'owner:signal') {
      this.held.get(request.ref)?.child.kill(request.signal);
    } else {
      this.spawn(from, request.ref, request.kind, request.env);
    }
  }

  private spawn(from: ChildProcess, ref: string, kind: OwnedKind, env: Record<string, string>): void {
    const child = fork(ENTRIES[kind], [], { env, execArgv: [], stdio: this.output.stdio });
    this.output.attach(child);
    child.once('error', (err) => {
      if (!this.held.has(ref)) this.answer(from, { type: 'owner:spawn-failed', ref, message: err.message });
    });
    child.once('spawn', () => {
      const identity = Object.fromEntries(IDENTITY_VARIABLES.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]!]])));
      const info: OwnedProcessInfo = { ref, kind, pid: child.pid!, identity };
      this.held.set(ref, { info, child });
      this.answer(from, { type: 'owner:spawned', ref, pid: child.pid! });
    });
    child.on('message', (message: unknown) => {
      const held = this.held.get(ref);
      if (held) held.info.lastMessage = message;
      if (this.bootstrap) this.answer(this.bootstrap, { type: 'owner:message', ref, message });
    });
    child.once('exit', (code, signal) => {
      this.held.delete(ref);
      // Told to whichever bootstrap serves now: the one that asked may be gone.
      if (this.bootstrap) this.answer(this.bootstrap, { type: 'owner:exited', ref, code: code ?? signal ?? 'unknown' });
    });
  }

  private answer(to: ChildProcess, answer: OwnerAnswer): void {
    if (to.connected) to.send(answer);
  }
}
