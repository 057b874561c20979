import type { IncomingMessage, ServerResponse } from "node:http";

// Slack's hosted files as the fake Web API serves them (https://api.slack.com/types/file#auth):
// GET /files-pri/<team>-<file id>/download/<name> (url_private_download) or /files-pri/<team>-<file id>/<name>
// (url_private) with `Authorization: Bearer <bot token>`. Without a valid token Slack answers 302 to the workspace's
// sign-in page (`https://<workspace>.slack.com/?redir=…`, here "localhost" on the same port: another origin); with a
// token that lacks files:read it answers 200 with an HTML sign-in page [3p: github.com/vercel/eve/pull/1567,
// github.com/slackapi/deno-slack-sdk/issues/285]. files.info answers the file object, missing_scope without
// files:read, file_deleted / file_not_found (https://api.slack.com/methods/files.info).

export interface FakeSlackFileOptions {
  name?: string;
  mimetype?: string;
  filetype?: string;
  /** Send the body without a Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
  /** Deleted after it was shared: files.info says file_deleted, the download 404. */
  deleted?: boolean;
  /** Shared in a Slack Connect channel: the event's object is the `check_file_info` stub. */
  slackConnect?: boolean;
  /** Answer the download with this status instead (e.g. 500, 503). */
  status?: number;
  /** Wait this long before answering the download. */
  stallMs?: number;
}

/** One request for a hosted file (or the sign-in page) the fake received. */
export interface FakeFileRequest {
  path: string;
  host: string | undefined;
  authorization: string | undefined;
}

export interface FakeSlackFiles {
  /** Stores a file; the file object as a file_share message event carries it. */
  add(content: string | Buffer, options?: FakeSlackFileOptions): Record<string, unknown>;
  /** Whether the bot token has files:read (default true). */
  grantFilesRead(granted: boolean): void;
  readonly requests: FakeFileRequest[];
  /** The files.info answer for a file id. */
  info(fileId: unknown): Record<string, unknown>;
  /** Serves the request if it is for a hosted file or the sign-in page; false otherwise. */
  serve(req: IncomingMessage, res: ServerResponse, path: string): boolean;
}

const SIGN_IN_PAGE = '<!DOCTYPE html><html lang="en-US"><head><title>Slack</title></head><body><form id="signin_form" action="/" method="post"><h1>Sign in to Fake Workspace</h1></form></body></html>';

export function createFakeSlackFiles(options: { origin: () => string; teamId: string; botToken?: string }): FakeSlackFiles {
  const files = new Map<string, { body: Buffer; object: Record<string, unknown>; options: FakeSlackFileOptions }>();
  const requests: FakeFileRequest[] = [];
  let filesRead = true;
  let counter = 0;

  const tokenOk = (authorization: string | undefined): boolean =>
    options.botToken ? authorization === `Bearer ${options.botToken}` : /^Bearer xoxb-/.test(authorization ?? "");

  return {
    requests,
    add(content, fileOptions = {}) {
      const id = `F${String(++counter).padStart(10, "0")}`;
      const name = fileOptions.name ?? "raci.csv";
      const body = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
      const base = `${options.origin()}/files-pri/${options.teamId}-${id}`;
      const now = Math.floor(Date.now() / 1000);
      const object: Record<string, unknown> = {
        id,
        created: now,
        timestamp: now,
        name,
        title: name,
        mimetype: fileOptions.mimetype ?? "text/csv",
        filetype: fileOptions.filetype ?? "csv",
        pretty_type: "CSV",
        user: "U0ALICE",
        user_team: options.teamId,
        editable: false,
        size: body.length,
        mode: "hosted",
        is_external: false,
        external_type: "",
        is_public: false,
        public_url_shared: false,
        display_as_bot: false,
        username: "",
        url_private: `${base}/${encodeURIComponent(name)}`,
        url_private_download: `${base}/download/${encodeURIComponent(name)}`,
        permalink: `https://fake.slack.com/files/U0ALICE/${id}/${encodeURIComponent(name)}`,
        is_starred: false,
        has_rich_preview: false,
        file_access: "visible",
      };
      files.set(id, { body, object, options: fileOptions });
      if (fileOptions.slackConnect) return { id, mode: "file_access", file_access: "check_file_info", created: 0, timestamp: 0, user: "" };
      return { ...object };
    },
    grantFilesRead(granted) {
      filesRead = granted;
    },
    info(fileId) {
      if (!filesRead) return { ok: false, error: "missing_scope", needed: "files:read", provided: "chat:write,im:history" };
      const file = files.get(String(fileId));
      if (!file) return { ok: false, error: "file_not_found" };
      if (file.options.deleted) return { ok: false, error: "file_deleted" };
      return { ok: true, file: file.object, comments: [], response_metadata: { next_cursor: "" } };
    },
    serve(req, res, path) {
      const signIn = path === "/" || path === "";
      const match = /^\/files-pri\/[^/]+-(F\d+)\/(?:download\/)?[^/]+$/.exec(path);
      if (!signIn && !match) return false;
      requests.push({ path, host: req.headers.host, authorization: req.headers.authorization });
      const html = (status: number): void => void res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(SIGN_IN_PAGE);
      if (signIn) {
        html(200);
        return true;
      }
      if (!tokenOk(req.headers.authorization)) {
        const port = new URL(options.origin()).port;
        res.writeHead(302, { location: `http://localhost:${port}/?redir=${encodeURIComponent(path)}`, "content-type": "text/html" }).end('<a href="/">Found</a>.');
        return true;
      }
      if (!filesRead) {
        html(200);
        return true;
      }
      const file = files.get(match?.[1] ?? "");
      const answer = (): void => {
        if (!file || file.options.deleted) return html(404);
        if (file.options.status) return void res.writeHead(file.options.status, { "content-type": "text/plain" }).end("upstream error");
        const type = String(file.object.mimetype);
        if (file.options.chunked) {
          res.writeHead(200, { "content-type": type });
          for (let at = 0; at < file.body.length; at += 16_384) res.write(file.body.subarray(at, at + 16_384));
          res.end();
          return;
        }
        res.writeHead(200, { "content-type": type, "content-length": String(file.body.length) }).end(file.body);
      };
      if (file?.options.stallMs) setTimeout(answer, file.options.stallMs);
      else answer();
      return true;
    },
  };
}
