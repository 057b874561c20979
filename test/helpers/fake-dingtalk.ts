import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";

// A fake DingTalk Stream gateway on 127.0.0.1 that behaves like the real one where it matters
// (https://open.dingtalk.com/document/direction/stream-mode-protocol-access-description):
// POST /v1.0/gateway/connections/open checks the credentials and hands out a ticket that is good for ONE
// WebSocket connection; the socket pushes frames, expects acks by messageId, answers nothing to acks, and can
// announce a SYSTEM disconnect (then closes) or drop the TCP connection outright.

export interface FakeGatewayOptions {
  clientId: string;
  clientSecret: string;
}

/** One opened connection: the ticket it used and every message the client sent on it. */
export interface FakeConnection {
  ticket: string;
  socket: WebSocket;
  received: Record<string, unknown>[];
}

export interface FakeDingtalkGateway {
  /** Configure as DINGTALK_GATEWAY_URL. */
  readonly url: string;
  /** Every POST /connections/open body, with the ticket issued for it. */
  readonly opens: { body: Record<string, unknown>; ticket: string }[];
  readonly connections: FakeConnection[];
  /** Tickets presented a second time (refused). */
  readonly reusedTickets: string[];
  /** The newest connection that is still open. */
  current(): FakeConnection | undefined;
  /** Pushes a frame on the newest open connection. */
  push(frame: Record<string, unknown>): void;
  /** The ack the client sent for `messageId`, on any connection. */
  ackFor(messageId: string): Record<string, unknown> | undefined;
  /** Sends SYSTEM ping {opaque}; the client must echo it. */
  ping(opaque: string): string;
  /** SYSTEM disconnect on the newest connection, closed by the server once the client has connected anew. */
  announceDisconnect(): void;
  /** Drops the newest connection without a word (network loss). */
  drop(): void;
  close(): Promise<void>;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeDingtalkGateway(options: FakeGatewayOptions): Promise<FakeDingtalkGateway> {
  const opens: FakeDingtalkGateway["opens"] = [];
  const connections: FakeConnection[] = [];
  const reusedTickets: string[] = [];
  const fresh = new Set<string>();
  const used = new Set<string>();
  const wss = new WebSocketServer({ noServer: true });
  let pendingDisconnect: FakeConnection | null = null;

  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      if (request.method !== "POST" || request.url !== "/v1.0/gateway/connections/open") {
        response.writeHead(404).end();
        return;
      }
      let parsed: Record<string, unknown> = {};
      try {
        parsed = asRecord(JSON.parse(body));
      } catch {
        parsed = {};
      }
      if (parsed.clientId !== options.clientId || parsed.clientSecret !== options.clientSecret) {
        response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ code: "InvalidAuthentication", message: "clientId or clientSecret is wrong" }));
        return;
      }
      const ticket = randomUUID();
      fresh.add(ticket);
      opens.push({ body: parsed, ticket });
      const port = (server.address() as AddressInfo).port;
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ endpoint: `ws://127.0.0.1:${port}/connect`, ticket }));
    })();
  });

  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const ticket = url.searchParams.get("ticket") ?? "";
    if (url.pathname !== "/connect" || !fresh.has(ticket)) {
      if (used.has(ticket)) reusedTickets.push(ticket);
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n");
      return;
    }
    fresh.delete(ticket);
    used.add(ticket);
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection: FakeConnection = { ticket, socket: ws, received: [] };
      connections.push(connection);
      ws.on("message", (data) => {
        try {
          connection.received.push(asRecord(JSON.parse(data.toString())));
        } catch {
          connection.received.push({ unparsable: data.toString() });
        }
      });
      // The real gateway closes an announced connection ~10 s later; here, as soon as the next one is up.
      if (pendingDisconnect && pendingDisconnect !== connection) {
        pendingDisconnect.socket.close(1000);
        pendingDisconnect = null;
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  const current = (): FakeConnection | undefined => [...connections].reverse().find((c) => c.socket.readyState === WebSocket.OPEN);
  const mustCurrent = (): FakeConnection => {
    const connection = current();
    if (!connection) throw new Error("no open connection");
    return connection;
  };
  const systemFrame = (topic: string, data: Record<string, unknown>): Record<string, unknown> => ({
    specVersion: "1.0",
    type: "SYSTEM",
    headers: { contentType: "application/json", messageId: randomUUID(), time: String(Date.now()), topic },
    data: JSON.stringify(data),
  });

  return {
    url: `http://127.0.0.1:${port}`,
    opens,
    connections,
    reusedTickets,
    current,
    push(frame) {
      mustCurrent().socket.send(JSON.stringify(frame));
    },
    ackFor(messageId) {
      for (const connection of connections) {
        const ack = connection.received.find((m) => m.code === 200 && asRecord(m.headers).messageId === messageId);
        if (ack) return ack;
      }
      return undefined;
    },
    ping(opaque) {
      const frame = systemFrame("ping", { opaque });
      mustCurrent().socket.send(JSON.stringify(frame));
      return String(asRecord(frame.headers).messageId);
    },
    announceDisconnect() {
      const connection = mustCurrent();
      pendingDisconnect = connection;
      connection.socket.send(JSON.stringify(systemFrame("disconnect", { reason: "server maintenance" })));
    },
    drop() {
      mustCurrent().socket.terminate();
    },
    async close() {
      for (const connection of connections) connection.socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
