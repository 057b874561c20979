import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { ConversationRef } from "../core/adapter.js";
import { AttachmentError, type AttachmentReader } from "../core/attachments.js";
import { RefusalError, UserError } from "../core/command.js";
import type { DirectRoute } from "../core/direct-route.js";
import { isPng } from "../core/media.js";
import { image, text, type OutboundMessage } from "../core/message.js";
import { signFields, verifyFields } from "../core/signed-token.js";
import type { FeedbackDeps } from "./deps.js";
import type { ExportConfig } from "./export.js";
import { t, type Locale } from "./i18n.js";
import { isTriager, type Asker } from "./model.js";
import type { StoredAttachment } from "./schema.js";
import { followersOf, itemByKey, type ItemRow } from "./store.js";

/** The largest file `feedback attachment` fetches again (platforms allow more; a chat answer should not). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
const LINK_HOURS = 24;
const PURPOSE = "feedback-attachment";

export interface AttachmentDeps extends FeedbackDeps {
  readAttachment: AttachmentReader;
  config: ExportConfig;
  /** Key users of a module (src/feedback/keyusers.ts); absent: the project's key-user role only. */
  moduleKeyUsers?: (projectId: number, module: string) => Promise<number[]>;
}

/** The file's name for people and for a saved copy: the platform's, or `FB-12-1` where it gave none. */
const nameOf = (item: Pick<ItemRow, "key">, file: StoredAttachment, n: number) => file.name.trim() || `${item.key}-${n}`;
const safeName = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").slice(0, 120) || "file";

/** The n-th file (1-based) typed as `2`, `#2` or `第2个`, or a UserError naming the argument with an example. */
export function readIndex(value: string | undefined, count: number, key: string): number {
  if (value === undefined || value.trim() === "") return 1;
  const match = /^(?:#|第)?\s*(\d{1,3})\s*(?:个)?$/.exec(value.trim());
  const n = match ? Number(match[1]) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > count) throw new UserError("feedback.errors.bad_attachment_index", { value, key, count });
  return n;
}

/**
 * `feedback attachment FB-12 [n]`: a file that came with an item, fetched again through the adapter of the platform
 * it was filed on and sent to the asker in a direct message. A PNG (a screenshot) comes as a picture; any other file
 * as a signed link (24 h) that fetches it again, or, in the console, as a copy under DATA_DIR. Readable by the reporter,
 * the filer, the owner, followers, key users (of the project or of the item's module) and the PM.
 */
export function createAttachments(deps: AttachmentDeps) {
  const { db, core, config } = deps;

  const mayFetch = async (asker: Asker, item: ItemRow): Promise<void> => {
    if (isTriager(asker.roles)) return;
    if ([item.reporter_id, item.filed_by, item.owner_id].includes(asker.personId)) return;
    if ((await followersOf(db, item.id)).includes(asker.personId)) return;
    if (item.module && deps.moduleKeyUsers && (await deps.moduleKeyUsers(item.project_id, item.module)).includes(asker.personId)) return;
    throw new RefusalError("feedback.errors.not_yours_attachment", { key: item.key }, { item: item.key });
  };

  /** Where the file can be fetched: the conversation it came in (kept since filing), else the asker's (same platform). */
  const sourceOf = (file: StoredAttachment, asker: Asker): ConversationRef => file.from ?? asker.conversation;

  /** The bytes, or the reason in the asker's words (gone or expired, too large, not downloadable there, failed). */
  const fetchBytes = async (locale: Locale, item: ItemRow, file: StoredAttachment, n: number, from: ConversationRef): Promise<Buffer | string> => {
    try {
      return await deps.readAttachment(from, file, { maxBytes: MAX_ATTACHMENT_BYTES });
    } catch (error) {
      if (!(error instanceof AttachmentError)) throw error;
      const problem = error.problem === "forbidden" ? "unavailable" : error.problem;
      return t(locale, `feedback.attachment.${problem}`, { key: item.key, name: nameOf(item, file, n), platform: t(locale, `platforms.${from.platform}`), mb: MAX_ATTACHMENT_BYTES / 1024 / 1024 });
    }
  };

  const fetchFor = async (asker: Asker, key: string, which: string | undefined): Promise<OutboundMessage | string | undefined> => {
    const l = asker.locale;
    const item = await itemByKey(db, asker.projectId, key);
    await mayFetch(asker, item);
    const files = item.attachments ?? [];
    if (files.length === 0) return t(l, "feedback.attachment.none", { key: item.key });
    const n = readIndex(which, files.length, item.key);
    const file = files[n - 1]!;
    const from = sourceOf(file, asker);
    const got = await fetchBytes(l, item, file, n, from);
    if (typeof got === "string") return got;
    if (!file.from) await keepSource(item, n, from);
    const name = nameOf(item, file, n);
    const now = core.clock.now();
    const title = t(l, "feedback.attachment.title", { key: item.key, name });
    let message: OutboundMessage;
    if (isPng(got)) message = { title, blocks: [image(got, t(l, "feedback.attachment.alt", { key: item.key, name }), name.toLowerCase().endsWith(".png") ? name : `${name}.png`)], locale: l };
    else if (asker.conversation.platform === "console") {
      const dir = resolve(config.DATA_DIR, "attachments");
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${asker.projectKey}-${item.key}-${n}-${safeName(name)}`);
      await writeFile(path, got, { mode: 0o600 });
      message = { title, blocks: [text(t(l, "feedback.attachment.written", { key: item.key, name, file: path, kb: Math.ceil(got.length / 1024) }))], locale: l };
    } else {
      if (!config.PUBLIC_URL || !config.LINK_SECRET) throw new UserError("feedback.errors.no_public_url_attachment", { key: item.key, name });
      const token = signFields(config.LINK_SECRET, PURPOSE, [asker.tenantId, Number(item.id), n, asker.personId, now.getTime() + LINK_HOURS * 3600_000]);
      const link = `${config.PUBLIC_URL.replace(/\/+$/, "")}/feedback/attachment?t=${token}`;
      message = { title, blocks: [text(t(l, "feedback.attachment.link", { key: item.key, name, link, hours: LINK_HOURS, kb: Math.ceil(got.length / 1024) }))], locale: l };
    }
    await core.notify.toPerson(asker.tenantId, asker.personId, message, { key: `feedback:attachment:${item.id}:${n}:${asker.personId}:${now.getTime()}` });
    return asker.conversation.kind === "direct" ? undefined : t(l, "feedback.attachment.sent", { key: item.key, name });
  };

  /** An item filed before the source conversation was kept: the one a download just worked through is kept for links. */
  const keepSource = async (item: ItemRow, n: number, from: ConversationRef): Promise<void> => {
    const next = (item.attachments ?? []).map((a, i) => (i === n - 1 ? { ...a, from } : a));
    await db.updateTable("feedback_items").set({ attachments: JSON.stringify(next) }).where("id", "=", item.id).execute();
  };

  /** `GET /feedback/attachment?t=<token>`: the file a signed link grants, fetched again from the platform; else 403 or 410. */
  const route: DirectRoute = {
    method: "GET",
    path: "/feedback/attachment",
    async handle({ query }) {
      const token = typeof query.t === "string" ? query.t : "";
      const fields = config.LINK_SECRET && token ? verifyFields(config.LINK_SECRET, PURPOSE, token, 5, core.clock.now().getTime()) : null;
      const forbidden = { status: 403, text: "Forbidden\n", contentType: "text/plain; charset=utf-8" } as const;
      if (!fields) return forbidden;
      const [tenantId, itemId, n] = fields as [number, number, number];
      const item = await db.selectFrom("feedback_items").selectAll().where("tenant_id", "=", tenantId).where("id", "=", String(itemId)).executeTakeFirst();
      const file = item?.attachments?.[n - 1];
      if (!item || !file?.from) return forbidden;
      try {
        const bytes = await deps.readAttachment(file.from, file, { maxBytes: MAX_ATTACHMENT_BYTES });
        return { status: 200, bytes, contentType: file.mimeType ?? "application/octet-stream", fileName: nameOf(item, file, n) };
      } catch (error) {
        if (!(error instanceof AttachmentError)) throw error;
        return { status: error.problem === "unavailable" || error.problem === "forbidden" ? 410 : 502, text: `${error.problem}\n`, contentType: "text/plain; charset=utf-8" };
      }
    },
  };

  return { fetchFor, route };
}

export type Attachments = ReturnType<typeof createAttachments>;
