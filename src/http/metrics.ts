import { Counter, Gauge, Registry } from "prom-client";

export type Metrics = ReturnType<typeof createMetrics>;

/** The Prometheus metrics /metrics exposes; queue depth is read when scraped. */
export function createMetrics(queueDepth: () => Promise<number>) {
  const registry = new Registry();
  const inbound = new Counter({ name: "rollout_inbound_events_total", help: "Inbound platform events", labelNames: ["platform", "result"], registers: [registry] });
  const commands = new Counter({ name: "rollout_commands_total", help: "Commands by outcome", labelNames: ["command", "outcome"], registers: [registry] });
  const deliveries = new Counter({ name: "rollout_deliveries_total", help: "Delivery attempts by status", labelNames: ["platform", "status"], registers: [registry] });
  new Gauge({
    name: "rollout_queue_depth",
    help: "Jobs waiting or delayed",
    registers: [registry],
    async collect() {
      this.set(await queueDepth().catch(() => -1));
    },
  });
  return {
    registry,
    inbound: (platform: string, duplicate: boolean) => inbound.inc({ platform, result: duplicate ? "duplicate" : "accepted" }),
    command: (command: string, outcome: string) => commands.inc({ command, outcome }),
    delivery: (platform: string, status: string) => deliveries.inc({ platform, status }),
    text: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
