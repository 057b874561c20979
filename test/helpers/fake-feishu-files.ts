import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// The files behind GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image|file
// (https://open.feishu.cn/document/server-docs/im-v1/message/get-2): the bytes with their Content-Type for a
// file_key of that message; `type` other than image|file → 400 234001 "Invalid request param."; a file_key that is
// not in the message → 400 234003 "File not in msg." (both codes from the page's error table [unverified]).
// Each file can be sent chunked (no Content-Length), stall, or redirect to another host (a CDN; whether Feishu
// ever redirects is unknown, the adapter must not send it the token either way).

export interface FakeFeishuFileOptions {
  name?: string;
  contentType?: string;
  /** Send the body without a Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
  /** Wait this long before answering. */
  stallMs?: number;
  /** Answer 302 to this URL instead of the bytes. */
  redirectTo?: string;
}

interface StoredFile {
  body: Buffer;
  options: FakeFeishuFileOptions;
}

/** The files messages carry, as the fake Open API serves them. */
export interface FakeFeishuFiles {
  /** Stores a file sent in message `messageId`; returns its file_key. */
  add(messageId: string, body: Buffer | string, options?: FakeFeishuFileOptions): string;
  /** Serves GET …/resources/:file_key: `json` answers an error the way the rest of the fake does, `record` notes a status. */
  serve(
    res: ServerResponse,
    ids: { messageId: string; fileKey: string; type: string | undefined },
    answers: { json: (status: number, body: Record<string, unknown>) => void; record: (status: number) => void },
  ): void;
}

function send(res: ServerResponse, file: StoredFile): void {
  const headers: Record<string, string> = {
    "content-type": file.options.contentType ?? "application/octet-stream",
    "content-disposition": `attachment; filename="${encodeURIComponent(file.options.name ?? "file")}"`,
  };
  if (!file.options.chunked) {
    res.writeHead(200, { ...headers, "content-length": String(file.body.length) }).end(file.body);
    return;
  }
  res.writeHead(200, headers);
  for (let at = 0; at < file.body.length; at += 16_384) res.write(file.body.subarray(at, at + 16_384));
  res.end();
}

/** A file store for the fake Open API. */
export function createFakeFeishuFiles(): FakeFeishuFiles {
  const files = new Map<string, StoredFile>();
  const keyOf = (messageId: string, fileKey: string): string => `${messageId}\u0000${fileKey}`;
  return {
    add(messageId, body, options = {}) {
      const fileKey = `file_v3_00${randomBytes(6).toString("hex")}_${randomBytes(12).toString("hex")}g`;
      files.set(keyOf(messageId, fileKey), { body: Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8"), options });
      return fileKey;
    },
    serve(res, { messageId, fileKey, type }, { json, record }) {
      if (type !== "file" && type !== "image") return json(400, { code: 234001, msg: "Invalid request param." });
      const file = files.get(keyOf(messageId, fileKey));
      if (!file) return json(400, { code: 234003, msg: "File not in msg." });
      record(file.options.redirectTo ? 302 : 200);
      const answer = (): void => {
        if (file.options.redirectTo) res.writeHead(302, { location: file.options.redirectTo }).end();
        else send(res, file);
      };
      if (file.options.stallMs) setTimeout(answer, file.options.stallMs);
      else answer();
    },
  };
}

/** Another host on 127.0.0.1 (another origin): records what it is sent and answers with the bytes given. */
export interface FakeFileHost {
  readonly url: string;
  readonly requests: { path: string; headers: IncomingHttpHeaders }[];
  /** Serves `body` at a new path; returns its full URL. */
  put(body: Buffer | string): string;
  close(): Promise<void>;
}

export async function startFakeFileHost(): Promise<FakeFileHost> {
  const bodies = new Map<string, Buffer>();
  const requests: FakeFileHost["requests"] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    requests.push({ path, headers: req.headers });
    const body = bodies.get(path);
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(body.length) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    put(body) {
      const path = `/cdn/${randomBytes(8).toString("hex")}`;
      bodies.set(path, Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8"));
      return `${url}${path}`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
