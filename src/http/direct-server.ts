import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import type { FastifyServerFactory } from "fastify";
import type { Logger } from "../logger.js";
import type { DirectReply, DirectRoute } from "../core/direct-route.js";

export interface DirectDispatch {
  routes: readonly DirectRoute[];
  bodyLimit: number;
  logger: Logger;
  /** True once the server has begun to close: direct routes answer 503 then, as Fastify's do. */
  closing: () => boolean;
}

/**
 * The shared server, with the direct routes served by node:http before Fastify sees the request, and everything
 * else handed to Fastify. Fastify's own per-request work (request and reply objects, routing, hooks, the child
 * logger) costs about as much CPU as verifying a Slack signature; on the webhook that must ack every event, that
 * was most of the budget. Timeouts are set as Fastify sets them on a server of its own.
 */
export function directServerFactory(dispatch: DirectDispatch): FastifyServerFactory<Server> {
  const table = new Map(dispatch.routes.map((route) => [`${route.method} ${route.path}`, route]));
  return (fastifyHandler, options) => {
    const setting = (name: string): number | undefined => (typeof options[name] === "number" ? options[name] : undefined);
    const requestTimeout = setting("requestTimeout") ?? 0;
    // Node checks request and header timeouts every connectionsCheckingInterval (30 s by default): far too coarse
    // for webhooks, where a client holding a connection open past a few seconds is broken or hostile.
    const server = createServer({ ...(requestTimeout > 0 ? { requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.max(250, Math.min(2000, requestTimeout / 4)) } : {}) }, (request, response) => {
      const route = table.size > 0 ? table.get(`${request.method} ${pathOf(request.url)}`) : undefined;
      if (route) serveDirect(route, request, response, dispatch);
      else fastifyHandler(request, response);
    });
    server.keepAliveTimeout = setting("keepAliveTimeout") ?? server.keepAliveTimeout;
    server.setTimeout(setting("connectionTimeout") ?? 0);
    const perSocket = setting("maxRequestsPerSocket");
    if (perSocket && perSocket > 0) server.maxRequestsPerSocket = perSocket;
    return server;
  };
}

function queryOf(url: string | undefined): string {
  const query = url?.indexOf("?") ?? -1;
  return query === -1 || !url ? "" : url.slice(query + 1);
}

function pathOf(url: string | undefined): string {
  if (!url) return "";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

function serveDirect(route: DirectRoute, request: IncomingMessage, response: ServerResponse, dispatch: DirectDispatch): void {
  if (dispatch.closing()) {
    reply(response, { status: 503, json: { error: "closing" } }, { close: true });
    return;
  }
  const limit = route.bodyLimit ?? dispatch.bodyLimit;
  if (Number(request.headers["content-length"]) > limit) {
    reply(response, { status: 413, json: { error: "payload_too_large" } }, { close: true });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size <= limit) {
      chunks.push(chunk);
      return;
    }
    stopReading();
    reply(response, { status: 413, json: { error: "payload_too_large" } }, { close: true });
  };
  const onEnd = (): void => {
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
    route.handle({ headers: request.headers, rawHeaders: request.rawHeaders, query: parseQuery(queryOf(request.url)), body }).then(
      (answer) => reply(response, answer),
      (error: unknown) => {
        dispatch.logger.error({ err: error, path: route.path }, "a direct route failed");
        reply(response, { status: 500, json: { error: "internal_error" } });
      },
    );
  };
  const stopReading = (): void => {
    request.off("data", onData).off("end", onEnd);
  };
  // The client went away mid-body: there is nobody to answer and nothing to hand on.
  request.on("data", onData).on("end", onEnd).on("error", stopReading);
}

/** The bytes and content type of an answer: JSON, text, a file (with how to save it), or nothing. */
export function replyBody(answer: DirectReply): { payload: string | Buffer; contentType?: string; disposition?: string } {
  if ("text" in answer) return { payload: answer.text, contentType: answer.contentType };
  if ("bytes" in answer) return { payload: answer.bytes, contentType: answer.contentType, disposition: `attachment; filename*=UTF-8''${encodeURIComponent(answer.fileName)}` };
  return answer.json ? { payload: JSON.stringify(answer.json), contentType: "application/json; charset=utf-8" } : { payload: "" };
}

function reply(response: ServerResponse, answer: DirectReply, options: { close?: boolean } = {}): void {
  if (response.headersSent || response.destroyed) return;
  const { payload, contentType, disposition } = replyBody(answer);
  response.writeHead(answer.status, {
    "content-length": Buffer.byteLength(payload),
    ...(contentType ? { "content-type": contentType } : {}),
    ...(disposition ? { "content-disposition": disposition } : {}),
    ...(options.close ? { connection: "close" } : {}),
  });
  response.end(payload);
}
