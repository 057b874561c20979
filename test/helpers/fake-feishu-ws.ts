import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import type { FakeFeishuApi } from "./fake-feishu-api.js";

// The long-connection side of the fake Feishu: POST /callback/ws/endpoint hands out a ws:// URL on the same
// 127.0.0.1 server, and events travel as pbbp2.Frame protobufs — the field numbers below are those of
// @larksuiteoapi/node-sdk lib/index.js (pbbp2.Frame.encode / pbbp2.Header.encode), encoded here by hand.

export interface FrameHeader {
  key: string;
  value: string;
}

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: FrameHeader[];
  payload?: Buffer;
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}

const field = (num: number, wire: 0 | 2): Buffer => varint(num * 8 + wire);
const bytesField = (num: number, data: Buffer): Buffer => Buffer.concat([field(num, 2), varint(data.length), data]);

/** Encodes a frame as the SDK's pbbp2.Frame. */
export function encodeFrame(frame: Frame): Buffer {
  const parts = [field(1, 0), varint(frame.SeqID), field(2, 0), varint(frame.LogID), field(3, 0), varint(frame.service), field(4, 0), varint(frame.method)];
  for (const h of frame.headers) parts.push(bytesField(5, Buffer.concat([bytesField(1, Buffer.from(h.key)), bytesField(2, Buffer.from(h.value))])));
  if (frame.payload) parts.push(bytesField(8, frame.payload));
  return Buffer.concat(parts);
}

function read(buffer: Buffer, each: (num: number, value: number | Buffer) => void): void {
  let at = 0;
  const readVarint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = buffer[at++];
      if (byte === undefined) throw new Error("truncated varint");
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 0x80;
    }
  };
  while (at < buffer.length) {
    const key = readVarint();
    const wire = key % 8;
    const num = Math.floor(key / 8);
    if (wire === 0) each(num, readVarint());
    else if (wire === 2) {
      const length = readVarint();
      each(num, buffer.subarray(at, at + length));
      at += length;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
}

/** Decodes a pbbp2.Frame. */
export function decodeFrame(buffer: Buffer): Frame {
  const frame: Frame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] };
  read(buffer, (num, value) => {
    if (typeof value === "number") {
      if (num === 1) frame.SeqID = value;
      if (num === 2) frame.LogID = value;
      if (num === 3) frame.service = value;
      if (num === 4) frame.method = value;
      return;
    }
    if (num === 5) {
      const header: FrameHeader = { key: "", value: "" };
      read(value, (n, v) => {
        if (n === 1) header.key = v.toString();
        if (n === 2) header.value = v.toString();
      });
      frame.headers.push(header);
    }
    if (num === 8) frame.payload = Buffer.from(value);
  });
  return frame;
}

export interface FakeFeishuWs {
  /** What the SDK sent to POST /callback/ws/endpoint. */
  endpointCalls: Record<string, unknown>[];
  connected(): boolean;
  /** Pushes an event envelope as a data frame; resolves to the SDK's answer payload ({code: 200} when handled). */
  push(envelope: unknown): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Adds the long-connection endpoint and the WebSocket to a running fake Open API. */
export function attachFakeFeishuWs(api: FakeFeishuApi): FakeFeishuWs {
  const endpointCalls: Record<string, unknown>[] = [];
  const wss = new WebSocketServer({ server: api.server, path: "/ws" });
  let socket: WebSocket | null = null;
  const waiting = new Map<string, (payload: Record<string, unknown>) => void>();
  let counter = 0;

  api.server.on("request", (req, res) => {
    if (req.method !== "POST" || req.url !== "/callback/ws/endpoint") return;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      endpointCalls.push(JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>);
      const port = (api.server.address() as AddressInfo).port;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          code: 0,
          msg: "ok",
          data: { URL: `ws://127.0.0.1:${port}/ws?device_id=dev1&service_id=7`, ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 } },
        }),
      );
    });
  });

  wss.on("connection", (ws) => {
    socket = ws;
    ws.on("message", (data: Buffer) => {
      const frame = decodeFrame(data);
      const id = frame.headers.find((h) => h.key === "message_id")?.value;
      const resolve = id ? waiting.get(id) : undefined;
      if (frame.method !== 1 || !resolve || !id || !frame.payload) return;
      waiting.delete(id);
      resolve(JSON.parse(frame.payload.toString("utf8")) as Record<string, unknown>);
    });
    ws.on("close", () => {
      if (socket === ws) socket = null;
    });
  });

  return {
    endpointCalls,
    connected: () => socket !== null,
    push(envelope) {
      const ws = socket;
      if (!ws) return Promise.reject(new Error("no long connection is open"));
      const id = `msg_${++counter}`;
      const answered = new Promise<Record<string, unknown>>((resolve) => waiting.set(id, resolve));
      const headers = [
        { key: "type", value: "event" },
        { key: "message_id", value: id },
        { key: "sum", value: "1" },
        { key: "seq", value: "0" },
        { key: "trace_id", value: `trace_${counter}` },
      ];
      ws.send(encodeFrame({ SeqID: counter, LogID: counter, service: 7, method: 1, headers, payload: Buffer.from(JSON.stringify(envelope), "utf8") }));
      return answered;
    },
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
