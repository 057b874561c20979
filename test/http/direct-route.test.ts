import { request } from "node:http";
import { connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import type { DirectRequest, DirectRoute } from "../../src/core/direct-route.js";
import { createMetrics } from "../../src/http/metrics.js";
import { BODY_LIMIT_BYTES, createHttpServer } from "../../src/http/server.js";
import { waitFor } from "../helpers/wait.js";

/** A direct route that says what it received; "throw" in the body makes it fail, "wait" holds it until released. */
function echoRoute() {
  const seen: DirectRequest[] = [];
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const route: DirectRoute = {
    method: "POST",
    path: "/hooks/echo",
    async handle(req) {
      seen.push(req);
      const text = req.body.toString("utf8");
      if (text === "throw") throw new Error("the handler broke");
      if (text === "wait") await held;
      return text === "empty" ? { status: 204 } : { status: 200, json: { bytes: req.body.length, contentType: req.headers["content-type"] ?? null } };
    },
  };
  return { route, seen, release };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * POSTs to the server over a socket of its own. `null` sends the headers alone and waits; an array of chunks goes
 * without a Content-Length (chunked).
 */
function post(base: string, path: string, body: Buffer | string | Buffer[] | null, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: "POST", headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    if (body === null) req.flushHeaders();
    else if (Array.isArray(body)) {
      for (const chunk of body) req.write(chunk);
      req.end();
    } else req.end(body);
  });
}

/** Reads one socket until it closes. */
function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    socket.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
    socket.on("close", () => resolve(text));
  });
}

describe("direct routes on the shared server", () => {
  let app: FastifyInstance | null = null;
  /** The URLs of the requests Fastify itself handled. */
  let throughFastify: string[] = [];
  const start = async (route: DirectRoute): Promise<string> => {
    throughFastify = [];
    const seenByFastify = (instance: FastifyInstance) => {
      instance.addHook("onRequest", async (req) => void throughFastify.push(req.url));
    };
    app = await createHttpServer({ logger: createLogger("silent"), metrics: createMetrics(async () => 0), readiness: [], mounts: [seenByFastify], directRoutes: [route] });
    await app.listen({ port: 0, host: "127.0.0.1" });
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  };
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it("serves the route from node:http with the exact bytes and headers, ignoring a query string", async () => {
    const echo = echoRoute();
    const base = await start(echo.route);
    const body = Buffer.from("token=a%20b&text=%E4%BD%A0", "utf8");
    const answer = await post(base, "/hooks/echo?source=slack", body, { "content-type": "application/x-www-form-urlencoded", "x-twice": "1" });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(answer.text)).toEqual({ bytes: body.length, contentType: "application/x-www-form-urlencoded" });
    expect(echo.seen[0]?.body.equals(body)).toBe(true);
    expect(echo.seen[0]?.rawHeaders).toContain("x-twice");
    const empty = await post(base, "/hooks/echo", "empty");
    expect(empty).toMatchObject({ status: 204, text: "" });
    expect(throughFastify).toEqual([]);
  });

  it("answers app.inject the same way, through Fastify", async () => {
    const echo = echoRoute();
    const base = await start(echo.route);
    const overSocket = await post(base, "/hooks/echo", '{"a":1}', { "content-type": "application/json" });
    const injected = await app!.inject({ method: "POST", url: "/hooks/echo", payload: '{"a":1}', headers: { "content-type": "application/json" } });
    expect(injected.statusCode).toBe(overSocket.status);
    expect(injected.json()).toEqual(JSON.parse(overSocket.text));
    expect(echo.seen.map((r) => r.body.toString("utf8"))).toEqual(['{"a":1}', '{"a":1}']);
    expect(throughFastify).toEqual(["/hooks/echo"]);
  });

  it("leaves other methods and paths to Fastify", async () => {
    const echo = echoRoute();
    const base = await start(echo.route);
    expect((await fetch(`${base}/hooks/echo`)).status).toBe(404);
    expect((await post(base, "/hooks/echo/more", "x")).status).toBe(404);
    const health = await fetch(`${base}/healthz`);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(echo.seen).toHaveLength(0);
    expect(throughFastify).toEqual(["/hooks/echo", "/hooks/echo/more", "/healthz"]);
  });

  it("takes a body at the limit and refuses one over it with 413, declared or chunked, without calling the route", async () => {
    const echo = echoRoute();
    const base = await start(echo.route);
    const fits = await post(base, "/hooks/echo", Buffer.alloc(BODY_LIMIT_BYTES, 0x61));
    expect(JSON.parse(fits.text)).toMatchObject({ bytes: BODY_LIMIT_BYTES });

    const declared = await post(base, "/hooks/echo", null, { "content-length": String(BODY_LIMIT_BYTES + 1) });
    expect(declared.status).toBe(413);
    expect(declared.headers.connection).toBe("close");

    const chunked = await post(base, "/hooks/echo", [Buffer.alloc(BODY_LIMIT_BYTES, 0x62), Buffer.from("c")]);
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.text)).toEqual({ error: "payload_too_large" });
    expect(echo.seen).toHaveLength(1);
  });

  it("answers 500 when the route throws, and goes on serving", async () => {
    const echo = echoRoute();
    const base = await start(echo.route);
    const broken = await post(base, "/hooks/echo", "throw");
    expect(broken.status).toBe(500);
    expect(JSON.parse(broken.text)).toEqual({ error: "internal_error" });
    expect((await post(base, "/hooks/echo", "fine")).status).toBe(200);
  });

  it("does not call the route for a body the client abandons", async () => {
    const echo = echoRoute();
    const base = await start(echo.route);
    const { port } = new URL(base);
    const socket = connect(Number(port), "127.0.0.1");
    socket.write("POST /hooks/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b");
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    expect((await post(base, "/hooks/echo", "after")).status).toBe(200);
    expect(echo.seen.map((r) => r.body.toString("utf8"))).toEqual(["after"]);
  });

  it("answers 503 and closes the connection for a request that arrives while the server closes", async () => {
    const echo = echoRoute();
    const base = await start(echo.route);
    const socket = connect(Number(new URL(base).port), "127.0.0.1");
    const received = readAll(socket);
    const frame = (body: string) => `POST /hooks/echo HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    socket.write(frame("wait"));
    await waitFor(() => echo.seen.length === 1);
    const closed = app!.close();
    await waitFor(() => !app!.server.listening);
    socket.write(frame("late"));
    echo.release();
    const text = await received;
    await closed;
    app = null;
    expect(text).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(text).toMatch(/HTTP\/1\.1 503 Service Unavailable\r\n[\s\S]*connection: close/i);
    expect(echo.seen.map((r) => r.body.toString("utf8"))).toEqual(["wait"]);
  });
});
