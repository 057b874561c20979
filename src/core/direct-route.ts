import type { IncomingHttpHeaders } from "node:http";

/** What a direct route sees of a request: its headers as parsed and as sent, and the body's exact bytes. */
export interface DirectRequest {
  headers: IncomingHttpHeaders;
  /** Name, value, name, value… as the client sent them, so that a header sent twice can be told apart. */
  rawHeaders: readonly string[];
  body: Buffer;
}

/** A direct route's answer: a status and, when there is one, a JSON body. */
export interface DirectReply {
  status: number;
  json?: Record<string, unknown>;
}

/**
 * A webhook route served by node:http itself, ahead of Fastify, on the shared server (src/http/direct-server.ts): for
 * the one route whose CPU per request matters (POST /slack/events, where every request must be verified, queued
 * and acked within Slack's 3 s). The body limit and the 503 while closing apply to it as to Fastify's routes.
 */
export interface DirectRoute {
  method: "POST";
  /** Exact path; a query string is ignored. */
  path: string;
  handle(request: DirectRequest): Promise<DirectReply>;
}
