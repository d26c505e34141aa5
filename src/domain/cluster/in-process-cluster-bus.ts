// The cluster bus of a gateway without Redis: one instance alone has nobody to tell.
import type { ClusterBus } from '../../stores/ports/cluster-bus.js';

/** The bus of a single instance: there is nobody to tell. */
export class InProcessClusterBus implements ClusterBus {
  publish(): void {}
  subscribe(): void {}
  onResync(): void {}
  async close(): Promise<void> {}
}
