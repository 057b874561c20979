import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Attachment, ChatAdapter, ConversationRef, PlatformId } from "../../src/core/adapter.js";
import { AttachmentError, createAttachmentReader, decodeTextFile, downloadFailure, isFollowableLink, problemOfStatus, readLimitedBody } from "../../src/core/attachments.js";

const dm: ConversationRef = { platform: "slack", tenantId: "T1", conversationId: "D1", kind: "direct" };
const csv: Attachment = { name: "raci.csv", ref: { id: "F1" } };

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "none";
  } catch (error) {
    return error instanceof AttachmentError ? error.problem : `not an AttachmentError: ${String(error)}`;
  }
}

describe("readLimitedBody", () => {
  let server: Server;
  let base = "";
  let bytesWritten = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const size = Number(new URL(req.url ?? "/", "http://x").searchParams.get("size"));
      if (req.url?.startsWith("/sized")) {
        res.writeHead(200, { "content-length": String(size) }).end(Buffer.alloc(size, 0x61));
        return;
      }
      // Chunked, no Content-Length: 1 KiB at a time until `size` bytes or the client goes away.
      res.writeHead(200);
      bytesWritten = 0;
      const push = () => {
        if (bytesWritten >= size || res.destroyed) return void res.end();
        bytesWritten += 1024;
        res.write(Buffer.alloc(1024, 0x62), () => setImmediate(push));
      };
      push();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("returns the whole body when it fits, with or without a Content-Length", async () => {
    expect((await readLimitedBody(await fetch(`${base}/sized?size=5000`), 5000)).equals(Buffer.alloc(5000, 0x61))).toBe(true);
    expect((await readLimitedBody(await fetch(`${base}/chunked?size=4096`), 5000)).length).toBe(4096);
  });

  it("refuses a declared size over the limit before reading, and a chunked body as soon as it passes it", async () => {
    expect(await problemOf(readLimitedBody(await fetch(`${base}/sized?size=5001`), 5000))).toBe("too_large");
    expect(await problemOf(readLimitedBody(await fetch(`${base}/chunked?size=10000000`), 5000))).toBe("too_large");
    // The download was cut off near the limit rather than read to its 10 MB end.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bytesWritten).toBeLessThan(1_000_000);
  });

  it("turns a timeout or a network error into a failed download from the host, and keeps an AttachmentError as it is", async () => {
    const timedOut = await fetch(`${base}/chunked?size=10000000`, { signal: AbortSignal.timeout(20) })
      .then((r) => readLimitedBody(r, 100_000_000))
      .catch((error: unknown) => downloadFailure(error, { host: "files.example", timeoutMs: 20 }));
    expect(timedOut).toMatchObject({ problem: "failed", detail: "the download from files.example failed: timed out, no file within 20 ms" });
    const refused = await fetch("http://127.0.0.1:1/").catch((error: unknown) => downloadFailure(error, { host: "127.0.0.1:1", timeoutMs: 20 }));
    expect(refused).toMatchObject({ problem: "failed", detail: "the download from 127.0.0.1:1 failed: fetch failed" });
    const known = new AttachmentError("forbidden", "no scope");
    expect(downloadFailure(known, { host: "x", timeoutMs: 1 })).toBe(known);
  });

  it("follows https links, and http only to this machine", () => {
    const follows = ["https://oss.example/f?sig=1", "http://127.0.0.1:8080/f", "http://localhost/f", "http://[::1]/f", "http://oss.example/f", "ftp://oss.example/f"].map((u) => isFollowableLink(new URL(u)));
    expect(follows).toEqual([true, true, true, true, false, false]);
  });

  it("maps HTTP statuses to problems", () => {
    expect([401, 403, 404, 410, 500, 502].map(problemOfStatus)).toEqual(["forbidden", "forbidden", "unavailable", "unavailable", "failed", "failed"]);
  });
});

describe("decodeTextFile", () => {
  it("reads UTF-8 with or without a byte-order mark", () => {
    expect(decodeTextFile(Buffer.from("key,title\nT-1,任务", "utf8"))).toBe("key,title\nT-1,任务");
    expect(decodeTextFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("key,title", "utf8")]))).toBe("key,title");
  });

  it("falls back to GB18030 and refuses binary content", () => {
    expect(decodeTextFile(Buffer.from([0x54, 0x2d, 0x31, 0x2c, 0xc8, 0xce, 0xce, 0xf1]))).toBe("T-1,任务");
    expect(decodeTextFile(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]))).toBeNull();
  });
});

describe("createAttachmentReader", () => {
  const adapterWith = (fetchAttachment?: ChatAdapter["fetchAttachment"]): ReadonlyMap<PlatformId, ChatAdapter> =>
    new Map([["slack", { platform: "slack", ...(fetchAttachment ? { fetchAttachment } : {}) } as unknown as ChatAdapter]]);

  it("downloads through the adapter of the conversation's platform", async () => {
    const seen: unknown[] = [];
    const read = createAttachmentReader(
      adapterWith(async (conversation, attachment, options) => {
        seen.push([conversation.conversationId, attachment.ref.id, options.maxBytes]);
        return Buffer.from("key,title");
      }),
    );
    expect((await read(dm, csv, { maxBytes: 100 })).toString()).toBe("key,title");
    expect(seen).toEqual([["D1", "F1", 100]]);
  });

  it("says unsupported for a platform without downloads, and too large for an announced size over the limit without fetching", async () => {
    let fetched = 0;
    const counting = createAttachmentReader(
      adapterWith(async () => {
        fetched++;
        return Buffer.alloc(10);
      }),
    );
    expect(await problemOf(createAttachmentReader(adapterWith())(dm, csv, { maxBytes: 100 }))).toBe("unsupported");
    expect(await problemOf(createAttachmentReader(new Map())(dm, csv, { maxBytes: 100 }))).toBe("unsupported");
    expect(await problemOf(counting(dm, { ...csv, size: 101 }, { maxBytes: 100 }))).toBe("too_large");
    expect(fetched).toBe(0);
    expect(await problemOf(counting(dm, csv, { maxBytes: 5 }))).toBe("too_large");
    expect(fetched).toBe(1);
  });
});
