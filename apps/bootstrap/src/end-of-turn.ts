/**
 * Runs deferred work together once the current turn of the event loop has read its requests
 * (on `setImmediate`, after the poll phase). Answers built there all see the same peer list
 * version, so the list's JSON (built once per version) is shared by every answer of the turn:
 * while a thousand nodes join, each registration moves the version, and answering each request
 * at once rebuilt the list for nearly every one of them.
 */
export class EndOfTurn {
  private tasks: Array<() => void> = [];

  defer(task: () => void): void {
    if (this.tasks.push(task) === 1) setImmediate(() => this.run());
  }

  private run(): void {
    const tasks = this.tasks;
    this.tasks = [];
    for (const task of tasks) task();
  }
}
