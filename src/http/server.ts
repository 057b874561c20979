import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "../logger.js";
import type { Metrics } from "./metrics.js";

/** A platform transport mounts its routes here (e.g. POST /slack/events). */
export type RouteMount = (app: FastifyInstance) => void | Promise<void>;

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** The shared HTTP server: platform routes, /healthz, /readyz, /metrics. */
export async function createHttpServer(deps: { logger: Logger; metrics: Metrics; readiness: ReadinessCheck[]; mounts: RouteMount[] }): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: "http" }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  });
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const results = await Promise.all(
      deps.readiness.map(async (r) => {
        try {
          await Promise.race([r.check(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000).unref())]);
          return [r.name, "ok"] as const;
        } catch (error) {
          return [r.name, error instanceof Error ? error.message : "failed"] as const;
        }
      }),
    );
    const ready = results.every(([, status]) => status === "ok");
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not_ready", checks: Object.fromEntries(results) });
  });
  app.get("/metrics", async (_request, reply) => reply.type(deps.metrics.contentType).send(await deps.metrics.text()));
  for (const mount of deps.mounts) await mount(app);
  return app;
}
