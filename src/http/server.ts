import { parse as parseQuery } from "node:querystring";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "../logger.js";
import type { DirectRoute } from "../core/direct-route.js";
import { directServerFactory, replyBody } from "./direct-server.js";
import type { Metrics } from "./metrics.js";

/** A platform transport mounts its routes here (e.g. POST /slack/events). */
export type RouteMount = (app: FastifyInstance) => void | Promise<void>;

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Webhooks are small and platforms wait at most a few seconds: a request (headers and body) must arrive within
 * 10 s, an idle keep-alive connection is closed after 5 s, and a socket silent for 30 s is dropped. A slow client
 * cannot hold connections open.
 */
export const HTTP_TIMEOUTS = { requestTimeout: 10_000, keepAliveTimeout: 5_000, connectionTimeout: 30_000 } as const;

/** The shared HTTP server: platform routes (direct ones served ahead of Fastify), /healthz, /readyz, /metrics. */
export async function createHttpServer(deps: { logger: Logger; metrics: Metrics; readiness: ReadinessCheck[]; mounts?: RouteMount[]; directRoutes?: DirectRoute[]; details?: () => Promise<Record<string, unknown>>; timeouts?: Partial<typeof HTTP_TIMEOUTS> }): Promise<FastifyInstance> {
  const logger = deps.logger.child({ component: "http" });
  const directRoutes = deps.directRoutes ?? [];
  let closing = false;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    ...HTTP_TIMEOUTS,
    ...deps.timeouts,
    serverFactory: directServerFactory({ routes: directRoutes, bodyLimit: BODY_LIMIT_BYTES, logger, closing: () => closing }),
  });
  app.addHook("preClose", async () => {
    closing = true;
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
    const details = deps.details ? await deps.details().catch(() => undefined) : undefined;
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not_ready", checks: Object.fromEntries(results), ...(details ? { details } : {}) });
  });
  app.get("/metrics", async (_request, reply) => reply.type(deps.metrics.contentType).send(await deps.metrics.text()));
  for (const route of directRoutes) await registerDirectRoute(app, route);
  for (const mount of deps.mounts ?? []) await mount(app);
  return app;
}

/**
 * Registers a direct route with Fastify as well, in a scope of its own that keeps the body as raw bytes whatever
 * the content type, so that `app.inject` (which never passes through the node:http server) reaches the same handler.
 */
async function registerDirectRoute(app: FastifyInstance, route: DirectRoute): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}) }, (_request, body, done) => done(null, body));
    scope.route({
      method: route.method,
      url: route.path,
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      handler: async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const query = parseQuery(request.raw.url?.includes("?") ? request.raw.url.slice(request.raw.url.indexOf("?") + 1) : "");
        const answer = await route.handle({ headers: request.headers, rawHeaders: request.raw.rawHeaders, query, body });
        const { payload, contentType, disposition } = replyBody(answer);
        if (contentType) reply.header("content-type", contentType);
        if (disposition) reply.header("content-disposition", disposition);
        return reply.code(answer.status).send(payload === "" ? undefined : payload);
      },
    });
  });
}
