import { RefusalError, UserError } from "../core/command.js";
import { text, type OutboundMessage } from "../core/message.js";
import { namesOf, memberNamed, type FeedbackDeps } from "./deps.js";
import { t } from "./i18n.js";
import { isTriager, OPEN_STATUSES, readStatus, readType, type Asker } from "./model.js";
import type { FeedbackStatus } from "./schema.js";
import { moduleNamed, settingsOf } from "./settings.js";
import { followerCounts, followersOf, itemByKey, type ItemRow } from "./store.js";
import { itemCard, itemLine } from "./views.js";

export interface ListInput {
  scope?: string | undefined;
  type?: string | undefined;
  module?: string | undefined;
  status?: string | undefined;
  owner?: string | undefined;
}

const LIST_LIMIT = 30;
const SCOPES: Record<string, "mine" | "open" | "all"> = { mine: "mine", 我的: "mine", open: "open", 未关闭: "open", all: "all", 全部: "all" };

/** Who may see every item (others see what they reported, follow or own). */
const seesAll = (asker: Asker) => isTriager(asker.roles) || asker.roles.includes("sponsor");

/** `feedback list` and `feedback show`. */
export function createBrowse(deps: FeedbackDeps) {
  const { db, core } = deps;

  const mayView = async (asker: Asker, item: ItemRow): Promise<void> => {
    if (seesAll(asker) || item.reporter_id === asker.personId || item.owner_id === asker.personId || item.filed_by === asker.personId) return;
    if ((await followersOf(db, item.id)).includes(asker.personId)) return;
    throw new RefusalError("feedback.errors.not_yours", { key: item.key }, { item: item.key });
  };

  const list = async (asker: Asker, input: ListInput): Promise<OutboundMessage> => {
    const scope = SCOPES[(input.scope ?? (seesAll(asker) ? "open" : "mine")).trim().toLowerCase()];
    if (!scope) throw new UserError("feedback.errors.bad_scope", { value: input.scope ?? "" });
    if (scope !== "mine" && !seesAll(asker)) throw new RefusalError("feedback.errors.list_mine_only", {}, { scope });
    const settings = await settingsOf(db, asker.projectId);
    const type = input.type ? readType(input.type) : null;
    const module = input.module ? moduleNamed(input.module, settings.modules) : null;
    const status: FeedbackStatus | null = input.status ? (input.status.trim().toLowerCase() === "new" ? "new" : readStatus(input.status)) : null;
    const owner = input.owner ? await memberNamed(deps, asker.tenantId, asker.projectId, input.owner, "--owner") : null;
    let query = db.selectFrom("feedback_items").selectAll().where("project_id", "=", asker.projectId);
    if (scope === "mine") {
      const me = asker.personId;
      query = query.where((eb) => eb.or([eb("reporter_id", "=", me), eb("owner_id", "=", me), eb("id", "in", eb.selectFrom("feedback_followers").select("item_id").where("person_id", "=", me))]));
    }
    if (scope === "open") query = query.where("status", "in", [...OPEN_STATUSES]);
    if (type) query = query.where("type", "=", type);
    if (module) query = query.where("module", "=", module);
    if (status) query = query.where("status", "=", status);
    if (owner) query = query.where("owner_id", "=", owner.id);
    const rows = await query.orderBy("number", "desc").limit(LIST_LIMIT + 1).execute();
    const l = asker.locale;
    if (rows.length === 0) return { blocks: [text(t(l, "feedback.list.none"))], locale: l };
    const shown = rows.slice(0, LIST_LIMIT);
    const counts = await followerCounts(db, shown.map((r) => r.id));
    const lines = shown.map((r) => itemLine(l, r, 1 + (counts.get(r.id) ?? 0)));
    if (rows.length > LIST_LIMIT) lines.push(t(l, "feedback.list.more", { count: LIST_LIMIT }));
    return { title: t(l, `feedback.list.title_${scope}`, { project: asker.projectName }), blocks: [text(lines.join("\n"))], locale: l };
  };

  const show = async (asker: Asker, key: string): Promise<OutboundMessage> => {
    const item = await itemByKey(db, asker.projectId, key);
    await mayView(asker, item);
    const followers = await followersOf(db, item.id);
    const events = await db.selectFrom("feedback_events").select(["kind", "note", "at", "person_id"]).where("item_id", "=", item.id).orderBy("id").execute();
    const names = await namesOf(deps, asker.tenantId, [item.reporter_id, item.owner_id, item.filed_by, ...followers, ...events.map((e) => e.person_id)]);
    const project = await core.projects.get(asker.tenantId, asker.projectId);
    const task = item.task_id ? ((await deps.tasks.statusOf([item.task_id])).get(String(item.task_id)) ?? null) : null;
    const mergedInto = item.duplicate_of ? ((await db.selectFrom("feedback_items").select("key").where("id", "=", item.duplicate_of).executeTakeFirst())?.key ?? null) : null;
    const l = asker.locale;
    const buttons = [] as { label: string; command: string }[];
    if (item.status !== "merged" && item.reporter_id !== asker.personId && !followers.includes(asker.personId)) buttons.push({ label: t(l, "feedback.btn.me_too"), command: `feedback +1 ${item.key}` });
    return itemCard(l, { item, names, followers, timeZone: project?.timezone ?? "UTC", task: task ? { key: task.key, status: task.status } : null, history: events.map((e) => ({ kind: e.kind, note: e.note, at: e.at, by: e.person_id })), mergedInto }, buttons);
  };

  return { list, show, seesAll };
}

export type Browse = ReturnType<typeof createBrowse>;
