import { RefusalError, UserError } from "../core/command.js";
import { triagesModule } from "./keyusers.js";
import { isRealDate } from "../core/dates.js";
import { button } from "../core/message.js";
import { memberNamed, tellEach, type FeedbackDeps } from "./deps.js";
import { t } from "./i18n.js";
import { isPm, readPriority, readStatus, readType, SETTABLE, type Asker } from "./model.js";
import { fixedButtons, tellWatchers } from "./notices.js";
import type { FeedbackStatus, Priority } from "./schema.js";
import { moduleLabel, moduleNamed, settingsOf } from "./settings.js";
import { itemByKey, recordEvent, type ItemRow } from "./store.js";
import { priorityLabel, statusLabel, typeLabel } from "./views.js";

export interface TriageInput {
  type?: string | undefined;
  priority?: string | undefined;
  owner?: string | undefined;
  module?: string | undefined;
  target?: string | undefined;
}

const CLOSED: readonly FeedbackStatus[] = ["resolved", "wont_fix", "merged"];

/** Triage, status changes and the reporter's "Fixed?" answer; every change is told to the reporter and followers. */
export function createTriage(deps: FeedbackDeps, hooks: { askReporter(item: ItemRow, asker: Asker, question: string): Promise<void> }) {
  const { db, core } = deps;
  const now = () => core.clock.now();

  const notMerged = (item: ItemRow) => {
    if (item.status === "merged") throw new UserError("feedback.errors.merged", { key: item.key });
  };

  const triage = async (asker: Asker, key: string, input: TriageInput): Promise<string> => {
    const item = await itemByKey(db, asker.projectId, key);
    notMerged(item);
    if (!(await triagesModule(db, asker, item.module))) throw new RefusalError("feedback.errors.not_triager", { key: item.key }, { item: item.key });
    const settings = await settingsOf(db, asker.projectId);
    const type = input.type !== undefined ? readType(input.type) : item.type;
    const priority: Priority = input.priority !== undefined ? readPriority(input.priority) : item.priority;
    const module = input.module !== undefined ? moduleNamed(input.module, settings.modules) : item.module;
    const owner = input.owner !== undefined ? await memberNamed(deps, asker.tenantId, asker.projectId, input.owner, "--owner") : null;
    const target = input.target?.trim() || null;
    if (target !== null && !isRealDate(target)) throw new UserError("feedback.errors.bad_target", { value: target });
    const at = now();
    const status: FeedbackStatus = item.status === "new" || item.status === "needs_info" ? "triaged" : item.status;
    const events = await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("feedback_items")
        .set({ type, priority, module, status, ...(owner ? { owner_id: owner.id } : {}), ...(target ? { target_date: target } : {}), triaged_at: item.triaged_at ?? at })
        .where("id", "=", item.id)
        .execute();
      const triaged = await recordEvent(trx, item, asker.personId, "triaged", [type, priority, module].filter(Boolean).join(" · "), at);
      const owned = owner && owner.id !== item.owner_id ? await recordEvent(trx, item, asker.personId, "owner", owner.displayName, at) : null;
      const dated = target && target !== item.target_date ? await recordEvent(trx, item, asker.personId, "target", target, at) : null;
      return { triaged, owned, dated };
    });
    const updated = { ...item, type, priority, module, status };
    await tellWatchers(deps, updated, { key: events.triaged, kind: "triaged", by: asker.personId, vars: (l) => ({ type: typeLabel(l, type), priority: priorityLabel(l, priority), module: moduleLabel(l, module) }) });
    if (events.owned && owner) {
      await tellWatchers(deps, updated, { key: events.owned, kind: "owner", by: asker.personId, vars: () => ({ owner: owner.displayName }) });
      if (owner.id !== asker.personId) {
        await tellEach(deps, asker.tenantId, [owner.id], `feedback:owner:${events.owned}`, (l) => ({
          title: t(l, "feedback.notice.title", { key: item.key, project: asker.projectName }),
          blocks: [{ type: "text", markdown: t(l, "feedback.notice.you_own", { key: item.key, text: item.text.slice(0, 200), priority: priorityLabel(l, priority) }) }, { type: "actions", buttons: [button(t(l, "feedback.btn.show"), `feedback show ${item.key} --project ${asker.projectKey}`)] }],
        }));
      }
    }
    if (events.dated) await tellWatchers(deps, updated, { key: events.dated, kind: "target", by: asker.personId, vars: () => ({ date: target ?? "" }) });
    return t(asker.locale, "feedback.triage.done", { key: item.key, type: typeLabel(asker.locale, type), priority: priorityLabel(asker.locale, priority), module: moduleLabel(asker.locale, module) });
  };

  /** Sets a status: the owner, key users or the PM; a reason for won't fix; needs_info asks the reporter. */
  const setStatus = async (asker: Asker, key: string, value: string, note: string | undefined): Promise<string> => {
    const item = await itemByKey(db, asker.projectId, key);
    notMerged(item);
    const status = readStatus(value);
    if (!SETTABLE.includes(status)) throw new UserError("feedback.errors.bad_status", { value, values: SETTABLE.join(", ") });
    if (item.owner_id !== asker.personId && !(await triagesModule(db, asker, item.module))) throw new RefusalError("feedback.errors.not_owner", { key: item.key }, { item: item.key });
    const reason = note?.trim() || null;
    if (status === "wont_fix" && !reason) throw new UserError("feedback.errors.reason_needed", { key: item.key });
    if (status === "needs_info" && !reason) throw new UserError("feedback.errors.question_needed", { key: item.key });
    if (status === item.status) throw new UserError("feedback.errors.same_status", { key: item.key, status: statusLabel(asker.locale, status) });
    return applyStatus(item, asker.personId, status, reason, asker);
  };

  const applyStatus = async (item: ItemRow, by: number | null, status: FeedbackStatus, reason: string | null, asker: Asker | null): Promise<string> => {
    const at = now();
    const eventId = await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("feedback_items")
        .set({ status, ...(status === "resolved" ? { resolved_at: at } : {}), ...(item.triaged_at === null && status !== "needs_info" ? { triaged_at: at } : {}) })
        .where("id", "=", item.id)
        .execute();
      return recordEvent(trx, item, by, `status_${status}`, reason, at);
    });
    const updated = { ...item, status };
    await tellWatchers(deps, updated, {
      key: eventId,
      kind: `status_${status}`,
      by: status === "resolved" ? null : by,
      vars: (l) => ({ reason: reason ?? "", status: statusLabel(l, status) }),
      ...(status === "resolved" ? { buttons: fixedButtons(updated) } : {}),
    });
    if (status === "needs_info" && asker && reason) await hooks.askReporter(updated, asker, reason);
    const locale = asker?.locale ?? core.defaults.locale;
    return t(locale, "feedback.status.changed", { key: item.key, status: statusLabel(locale, status) });
  };

  /** The reporter's answer to "Fixed?": yes thanks, "not yet" reopens it and tells the owner. */
  const fixed = async (asker: Asker, key: string, answer: string): Promise<string> => {
    const item = await itemByKey(db, asker.projectId, key);
    if (item.reporter_id !== asker.personId) throw new RefusalError("feedback.errors.not_reporter", { key: item.key }, { item: item.key });
    const yes = ["yes", "y", "是", "好了", "已修复"].includes(answer.trim().toLowerCase());
    const no = ["no", "n", "not-yet", "not_yet", "否", "还没有", "没有"].includes(answer.trim().toLowerCase());
    if (!yes && !no) throw new UserError("feedback.errors.bad_fixed", { value: answer });
    if (item.status !== "resolved") throw new UserError("feedback.errors.not_resolved", { key: item.key });
    const at = now();
    if (yes) {
      await db.transaction().execute((trx) => recordEvent(trx, item, asker.personId, "confirmed", null, at));
      return t(asker.locale, "feedback.fixed.thanks", { key: item.key });
    }
    const eventId = await db.transaction().execute(async (trx) => {
      await trx.updateTable("feedback_items").set({ status: "in_progress", resolved_at: null }).where("id", "=", item.id).execute();
      return recordEvent(trx, item, asker.personId, "reopened", null, at);
    });
    const who = (await core.people.get(asker.tenantId, asker.personId))?.displayName ?? "—";
    await tellWatchers(deps, { ...item, status: "in_progress" }, { key: eventId, kind: "reopened", by: asker.personId, also: item.owner_id !== null ? [item.owner_id] : [], vars: () => ({ who }) });
    return t(asker.locale, "feedback.fixed.reopened", { key: item.key });
  };

  /** A RACI task for the fix: R the owner (or the asker), A the asker; its done resolves the feedback. */
  const task = async (asker: Asker, key: string): Promise<string> => {
    const item = await itemByKey(db, asker.projectId, key);
    notMerged(item);
    if (CLOSED.includes(item.status)) throw new UserError("feedback.errors.closed", { key: item.key, status: statusLabel(asker.locale, item.status) });
    if (item.owner_id !== asker.personId && !(await triagesModule(db, asker, item.module))) throw new RefusalError("feedback.errors.not_owner", { key: item.key }, { item: item.key });
    if (item.task_key) throw new UserError("feedback.errors.has_task", { key: item.key, task: item.task_key });
    const at = now();
    const created = await db.transaction().execute(async (trx) => {
      const made = await deps.tasks.createTask(
        { tenantId: asker.tenantId, projectId: asker.projectId, title: `${item.key}: ${item.text.replace(/\s+/g, " ").slice(0, 200)}`, r: [item.owner_id ?? asker.personId], a: asker.personId, due: item.target_date ? { date: item.target_date } : null, createdBy: asker.personId, source: { feature: "feedback", ref: item.key } },
        trx,
      );
      await trx.updateTable("feedback_items").set({ task_id: made.id, task_key: made.key, ...(item.status === "new" || item.status === "triaged" ? { status: "in_progress" as const } : {}) }).where("id", "=", item.id).execute();
      await recordEvent(trx, item, asker.personId, "task", made.key, at);
      return made;
    });
    return t(asker.locale, "feedback.task.made", { key: item.key, task: created.key });
  };

  /**
   * The linked task's done closes the fix step: the feedback is resolved, inside RACI's transaction and with it only
   * (nothing else may wait on the database there); the pending change is told by the notice schedule, which asks
   * the reporter "Fixed?".
   */
  deps.tasks.onStatusChange(async (event) => {
    if (event.to !== "done") return;
    const item = await event.trx.selectFrom("feedback_items").selectAll().where("task_id", "=", event.taskId).executeTakeFirst();
    if (!item || CLOSED.includes(item.status)) return;
    await event.trx.updateTable("feedback_items").set({ status: "resolved", resolved_at: event.at }).where("id", "=", item.id).execute();
    await recordEvent(event.trx, item, event.by, "status_resolved", event.key, event.at, true);
  });

  return { triage, setStatus, applyStatus, fixed, task, isPm };
}

export type TriageFlows = ReturnType<typeof createTriage>;
