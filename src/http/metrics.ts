import { Counter, Gauge, Registry } from "prom-client";

export type Metrics = ReturnType<typeof createMetrics>;

/** The Prometheus metrics /metrics exposes; queue depth is read when scraped. */
export function createMetrics(queueDepth: () => Promise<number>, failedJobs: () => Promise<Partial<Record<string, number>>> = async () => ({})) {
  const registry = new Registry();
  const inbound = new Counter({ name: "rollout_inbound_events_total", help: "Inbound platform events", labelNames: ["platform", "result"], registers: [registry] });
  const runHere = new Counter({
    name: "rollout_inbound_run_here_total",
    help: "Acknowledged events run in the process that took them, by outcome (done; failed: its queued copy made due; held: its key held by another run)",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const commands = new Counter({ name: "rollout_commands_total", help: "Commands by outcome", labelNames: ["command", "outcome"], registers: [registry] });
  const deliveries = new Counter({ name: "rollout_deliveries_total", help: "Delivery attempts by status", labelNames: ["platform", "status"], registers: [registry] });
  const occurrences = new Counter({ name: "rollout_occurrences_total", help: "Scheduled occurrences by outcome (sent, late, skipped, unreachable, failed)", labelNames: ["schedule", "outcome"], registers: [registry] });
  const truncated = new Counter({ name: "rollout_catch_up_truncated_total", help: "Ticks after a downtime longer than the catch-up window", registers: [registry] });
  new Gauge({
    name: "rollout_queue_depth",
    help: "Jobs waiting or delayed",
    registers: [registry],
    async collect() {
      this.set(await queueDepth().catch(() => -1));
    },
  });
  new Gauge({
    name: "rollout_jobs_failed",
    help: "Jobs kept as failed after their retries (inbound events among them: list and replay with `npm run cli -- jobs failed|replay`)",
    labelNames: ["queue"],
    registers: [registry],
    async collect() {
      const counts = await failedJobs().catch(() => ({}) as Partial<Record<string, number>>);
      for (const [queue, n] of Object.entries(counts)) this.set({ queue }, n ?? 0);
    },
  });
  return {
    registry,
    inbound: (platform: string, duplicate: boolean) => inbound.inc({ platform, result: duplicate ? "duplicate" : "accepted" }),
    runHere: (outcome: string) => runHere.inc({ outcome }),
    command: (command: string, outcome: string) => commands.inc({ command, outcome }),
    delivery: (platform: string, status: string) => deliveries.inc({ platform, status }),
    occurrences: (schedule: string, outcome: string, n: number) => occurrences.inc({ schedule, outcome }, n),
    catchUpTruncated: () => truncated.inc(),
    text: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
