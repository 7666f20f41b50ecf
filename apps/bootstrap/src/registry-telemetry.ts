import type { TelemetryReporter } from '@peerscope/telemetry';
import type { Registry } from './registry.js';

/** Reports every registry change to the hub as a `node:*` fact. */
export function reportRegistryChanges(registry: Registry, reporter: TelemetryReporter): void {
  registry.onChange((change) => {
    switch (change.type) {
      case 'registered':
        reporter.emit({ type: 'node:registered', node: change.node });
        break;
      case 'status-changed':
        reporter.emit({ type: 'node:status-changed', nodeId: change.nodeId, status: change.status, previous: change.previous });
        break;
      case 'deregistered':
        reporter.emit({ type: 'node:deregistered', nodeId: change.nodeId, reason: change.reason });
        break;
    }
  });
}
