import { createCipheriv, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A fake of the host an AI bot file message's `file.url` points to, on 127.0.0.1. Like WeCom it serves each file
// AES-256-CBC encrypted under the message's own aeskey (key = base64-decoded aeskey, IV = its first 16 bytes,
// PKCS#7 to a multiple of 32 bytes; the inverse of decryptFile in @wecom/aibot-node-sdk), names it only in
// Content-Disposition, and stops serving it after five minutes (path/100719: "五分钟内有效").
// What WeCom's host answers for an expired url is not documented; the fake answers 403, as a signed URL does. [unverified]

/** How the next downloads of a file go wrong instead of serving it. */
export interface FileBehaviour {
  /** Answer this status (with a short XML error body) instead of the file. */
  status?: number;
  /** Send no Content-Length: the body arrives chunked. */
  chunked?: boolean;
  /** Serve bytes that do not decrypt with the aeskey. */
  garbage?: boolean;
  /** Wait this long before answering. */
  stallMs?: number;
}

export interface FakeFileRequest {
  /** Path and query as requested. */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface FakeWecomFiles {
  readonly url: string;
  /** Every download request received, with its headers (to check that no credential is sent). */
  readonly requests: FakeFileRequest[];
  /** Registers a file under a fresh path and aeskey: what a file message's `file` object carries. */
  add(file: { name: string; content: Buffer | string; ttlMs?: number; aeskey?: string } & FileBehaviour): { url: string; aeskey: string };
  /** Changes how a registered file's url answers from now on. */
  script(url: string, behaviour: FileBehaviour): void;
  close(): Promise<void>;
}

const BLOCK = 32;
const FIVE_MINUTES_MS = 5 * 60 * 1000;

/** Encrypts as WeCom does for AI bot media: AES-256-CBC, IV = key[0:16], PKCS#7 padded to a multiple of 32. */
export function encryptLikeWecom(plain: Buffer, aeskey: string): Buffer {
  const key = Buffer.from(aeskey, "base64");
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]);
}

interface Stored {
  name: string;
  encrypted: Buffer;
  expiresAt: number;
  behaviour: FileBehaviour;
}

function xmlError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

/** Starts the fake file host on a free port. */
export async function startFakeWecomFiles(): Promise<FakeWecomFiles> {
  const files = new Map<string, Stored>();
  const requests: FakeFileRequest[] = [];
  let next = 0;

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    requests.push({ url: req.url ?? "/", headers: req.headers });
    const file = files.get(path);
    const answer = (): void => {
      if (!file) return xmlError(res, 404, "NoSuchKey", "The specified key does not exist.");
      if (Date.now() > file.expiresAt) return xmlError(res, 403, "AccessDenied", "Request has expired");
      const { status, chunked, garbage } = file.behaviour;
      if (status) return xmlError(res, status, status >= 500 ? "InternalError" : "AccessDenied", "scripted failure");
      const body = garbage ? randomBytes(file.encrypted.length + 5) : file.encrypted;
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        ...(chunked ? {} : { "content-length": String(body.length) }),
      });
      if (!chunked) return void res.end(body);
      for (let at = 0; at < body.length; at += 4096) res.write(body.subarray(at, at + 4096));
      res.end();
    };
    const stall = file?.behaviour.stallMs ?? 0;
    if (stall > 0) setTimeout(answer, stall).unref();
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    requests,
    add({ name, content, ttlMs, aeskey = randomBytes(32).toString("base64"), ...behaviour }) {
      const path = `/aibot/file/${++next}-${randomBytes(6).toString("hex")}`;
      const plain = typeof content === "string" ? Buffer.from(content) : content;
      files.set(path, { name, encrypted: encryptLikeWecom(plain, aeskey), expiresAt: Date.now() + (ttlMs ?? FIVE_MINUTES_MS), behaviour });
      return { url: `${base}${path}`, aeskey };
    },
    script(url, behaviour) {
      const file = files.get(new URL(url).pathname);
      if (!file) throw new Error(`no file registered at ${url}`);
      file.behaviour = behaviour;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
