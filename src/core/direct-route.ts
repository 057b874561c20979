import type { IncomingHttpHeaders } from "node:http";
import type { ParsedUrlQuery } from "node:querystring";

/** What a direct route sees of a request: headers as parsed and as sent, the query string, and the body's exact bytes. */
export interface DirectRequest {
  headers: IncomingHttpHeaders;
  /** Name, value, name, value… as the client sent them, so that a header sent twice can be told apart. */
  rawHeaders: readonly string[];
  /** The query string parsed as node:querystring does (a name given twice is an array). */
  query: ParsedUrlQuery;
  body: Buffer;
}

/** A direct route's answer: a status and, when there is one, a JSON body, a text body with its content type, or a file. */
export type DirectReply =
  | { status: number; json?: Record<string, unknown> }
  | { status: number; text: string; contentType: string }
  /** A file: its bytes, its content type and the name a browser saves it as. */
  | { status: number; bytes: Buffer; contentType: string; fileName: string };

/**
 * A route (a platform webhook, a feature's endpoint) served by node:http itself, ahead of Fastify, on the shared server (src/http/direct-server.ts), so
 * that the port speaks plain requests and answers and adapters know no web framework. The server's body limit (or
 * the route's own) and the 503 while closing apply to it as to the server's other routes.
 */
export interface DirectRoute {
  method: "POST" | "GET";
  /** Exact path; the query string is handed over in `query`. */
  path: string;
  /** Bytes a body may have, when not the server's limit (413 over it): less for a webhook, more for a bulk upload. */
  bodyLimit?: number;
  handle(request: DirectRequest): Promise<DirectReply>;
}
