import type { Attachment } from "../../src/core/adapter.js";
import { list, record, str, type Json } from "./payload.js";

// Files shared in a message: `files` on a message event (subtype file_share) or an app_mention, each a file object
// (https://api.slack.com/events/message/file_share, https://api.slack.com/types/file). In Slack Connect channels
// the object is only `{id, mode: "file_access", file_access: "check_file_info"}` and files.info gives the rest
// (https://api.slack.com/apis/channels-between-orgs#check_file_info).

/** Modes whose file objects carry no hosted file to download: a link to another service, or a deleted file. */
export const UNHOSTED_MODES = new Set(["external", "tombstone"]);

function attachmentOf(file: Json): Attachment | null {
  const id = str(file, "id");
  if (!id) return null;
  const url = str(file, "url_private_download") ?? str(file, "url_private");
  const mode = str(file, "mode");
  // ref: fileId; url (url_private_download, else url_private; absent when files.info must be asked); mode, when
  // the object is not a plain hosted file.
  const ref: Record<string, string> = { fileId: id };
  if (url) ref.url = url;
  if (mode && (UNHOSTED_MODES.has(mode) || mode === "file_access")) ref.mode = mode;
  const mimeType = str(file, "mimetype");
  const size = file.size;
  return {
    name: str(file, "name") ?? str(file, "title") ?? id,
    ...(mimeType ? { mimeType } : {}),
    ...(typeof size === "number" && Number.isFinite(size) && size >= 0 ? { size } : {}),
    ref,
  };
}

/** The files an event carries, as attachments; empty when there are none. */
export function attachmentsOf(event: Json): Attachment[] {
  return list(event, "files")
    .map((f) => record(f))
    .filter((f): f is Json => f !== undefined)
    .map(attachmentOf)
    .filter((a): a is Attachment => a !== null);
}
