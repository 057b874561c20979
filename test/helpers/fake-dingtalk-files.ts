import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// The storage behind DingTalk's temporary download links (POST /v1.0/robot/messageFiles/download answers a downloadUrl
// on Alibaba Cloud OSS, not on the API host). Like OSS it takes V1 signed URLs (?Expires=&OSSAccessKeyId=&Signature=),
// needs no DingTalk token, answers an expired link 403 AccessDenied "Request has expired." and a missing object
// 404 NoSuchKey, both as XML (https://help.aliyun.com/zh/oss/support/0002-00000069). Each stored file can be served
// chunked (no Content-Length), stall, expire or vanish; every request is recorded with its headers.

export interface FakeStoredFileOptions {
  /** Send the body without a Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
  /** Its links are already expired when issued. */
  expired?: boolean;
  /** The object is gone by the time the link is followed. */
  gone?: boolean;
  /** Wait this long before answering. */
  stallMs?: number;
}

/** One GET the storage received. */
export interface FakeStorageRequest {
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
}

export interface FakeDingtalkStorage {
  readonly url: string;
  readonly requests: FakeStorageRequest[];
  /** Stores a file; the key to sign. */
  put(body: Buffer, options?: FakeStoredFileOptions): string;
  /** A temporary link to the object, valid 10 minutes unless the file was stored `expired`. */
  signedUrl(key: string): string;
  close(): Promise<void>;
}

function ossError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n  <RequestId>${randomUUID()}</RequestId>\n  <HostId>fake-bucket.oss-cn-hangzhou.aliyuncs.com</HostId>\n</Error>\n`;
}

/** Starts the fake storage on 127.0.0.1 with a free port. */
export async function startFakeDingtalkStorage(): Promise<FakeDingtalkStorage> {
  const secret = randomBytes(16);
  const objects = new Map<string, { body: Buffer; options: FakeStoredFileOptions }>();
  const requests: FakeStorageRequest[] = [];
  const sign = (key: string, expires: string): string => createHmac("sha1", secret).update(`GET\n${key}\n${expires}`).digest("base64");

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const key = decodeURIComponent(url.pathname.replace(/^\/robot-files\//, ""));
    const query = Object.fromEntries(url.searchParams);
    requests.push({ path: url.pathname, query, headers: request.headers });
    const xml = (status: number, code: string, message: string): void => {
      response.writeHead(status, { "content-type": "application/xml" }).end(ossError(code, message));
    };
    const object = objects.get(key);
    const answer = (): void => {
      const expires = query.Expires ?? "";
      if (request.method !== "GET") return xml(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
      if (!query.Signature || query.Signature !== sign(key, expires)) return xml(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
      if (Number(expires) < Math.floor(Date.now() / 1000)) return xml(403, "AccessDenied", "Request has expired.");
      if (!object || object.options.gone) return xml(404, "NoSuchKey", "The specified key does not exist.");
      if (object.options.chunked) {
        response.writeHead(200, { "content-type": "application/octet-stream" });
        for (let at = 0; at < object.body.length; at += 16_384) response.write(object.body.subarray(at, at + 16_384));
        response.end();
        return;
      }
      response.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(object.body.length) }).end(object.body);
    };
    if (object?.options.stallMs) setTimeout(answer, object.options.stallMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    put(body, options = {}) {
      const key = `${randomUUID()}.file`;
      objects.set(key, { body, options });
      return key;
    },
    signedUrl(key) {
      const expired = objects.get(key)?.options.expired ?? false;
      const expires = String(Math.floor(Date.now() / 1000) + (expired ? -60 : 600));
      const params = new URLSearchParams({ Expires: expires, OSSAccessKeyId: "LTAIfakeAccessKey", Signature: sign(key, expires) });
      return `${url}/robot-files/${encodeURIComponent(key)}?${params.toString()}`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
