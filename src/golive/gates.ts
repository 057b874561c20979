import { UserError } from "../core/command.js";
import { localParts } from "../calendar/zones.js";
import type { OutboundMessage } from "../core/message.js";
import { parseDue } from "../raci/due.js";
import type { GateHandler, TaskStatusEvent } from "../raci/task-port.js";
import { localeOf, membersNamed, projectOf, type GoliveDeps } from "./deps.js";
import { checklistMessage, evidenceAsk } from "./gate-messages.js";
import { t } from "./i18n.js";
import { DEFAULT_CHECKLIST, GATE_CATEGORIES, isPm, readCategory, type GoliveAsker } from "./model.js";
import type { GateCategory } from "./schema.js";
import type { GateItem, GateStatus } from "./gate-types.js";

export type { GateItem, GateStatus };

export interface NewGate {
  title: string;
  category: string;
  r: string;
  a?: string;
  due?: string;
}

/** The readiness checklist: gate items are RACI tasks; this folder keeps their category and evidence. */
export function createGates(deps: GoliveDeps) {
  const { db, tasks } = deps;

  const status = async (tenantId: number, projectId: number): Promise<GateStatus> => {
    const rows = await db.selectFrom("golive_gates").selectAll().where("tenant_id", "=", tenantId).where("project_id", "=", projectId).orderBy("task_id").execute();
    const ids = rows.map((r) => String(r.task_id));
    const [states, owners] = await Promise.all([tasks.statusOf(ids), tasks.responsibleOf(ids)]);
    const items: GateItem[] = rows.flatMap((r) => {
      const task = states.get(String(r.task_id));
      if (!task || task.status === "cancelled") return [];
      return [{ taskId: String(r.task_id), key: task.key, title: task.title, category: r.category, status: task.status, dueDate: task.dueDate, evidence: r.evidence, owners: (owners.get(String(r.task_id)) ?? []).map((p) => p.name), passed: task.status === "done" && r.evidence !== null }];
    });
    items.sort((a, b) => GATE_CATEGORIES.indexOf(a.category) - GATE_CATEGORIES.indexOf(b.category) || Number(a.taskId) - Number(b.taskId));
    const byCategory = GATE_CATEGORIES.flatMap((category) => {
      const of = items.filter((i) => i.category === category);
      return of.length > 0 ? [{ category, total: of.length, passed: of.filter((i) => i.passed).length }] : [];
    });
    return { items, total: items.length, passed: items.filter((i) => i.passed).length, open: items.filter((i) => !i.passed), byCategory };
  };

  const create = async (who: GoliveAsker, input: { title: string; category: GateCategory; r: number[]; a: number; due: { date: string; time: string | null } | null; ref: string }) =>
    db.transaction().execute(async (trx) => {
      const created = await tasks.createTask(
        { tenantId: who.tenantId, projectId: who.projectId, title: input.title, r: input.r, a: input.a, due: input.due, phase: "cutover", createdBy: who.personId, source: { feature: "golive", ref: input.ref } },
        trx,
      );
      await trx.insertInto("golive_gates").values({ task_id: created.id, tenant_id: who.tenantId, project_id: who.projectId, category: input.category, created_at: deps.core.clock.now() }).execute();
      return created;
    });

  const gateByKey = async (who: GoliveAsker, key: string) => {
    const normal = key.trim().toUpperCase().replace(/^T-?/, "T-");
    const { items } = await status(who.tenantId, who.projectId);
    const item = items.find((i) => i.key === normal);
    if (!item) throw new UserError("golive.errors.not_a_gate", { key: key.trim() });
    return item;
  };

  /** What RACI asks when a task is added with `--gate <category>` or imported with a gate column. */
  const handler: GateHandler = {
    readCategory,
    label: (locale, category) => t(locale === "en" ? "en" : "zh-CN", `golive.category.${category}`),
    async categoriesOf(taskIds) {
      if (taskIds.length === 0) return new Map();
      const rows = await db.selectFrom("golive_gates").select(["task_id", "category"]).where("task_id", "in", [...taskIds]).execute();
      return new Map(rows.map((r) => [String(r.task_id), r.category]));
    },
    async attach(trx, gate) {
      const category = readCategory(gate.category);
      if (!category) throw new UserError("golive.errors.bad_category", { category: gate.category });
      await trx
        .insertInto("golive_gates")
        .values({ task_id: gate.taskId, tenant_id: gate.tenantId, project_id: gate.projectId, category, created_at: deps.core.clock.now() })
        .onConflict((oc) => oc.column("task_id").doUpdateSet({ category }))
        .execute();
    },
  };

  return {
    status,
    handler,

    /** Loads the default checklist (PM): bilingual titles, the PM as R and A, due on the go-live date. */
    async template(who: GoliveAsker): Promise<string> {
      if (!isPm(who)) throw new UserError("golive.errors.pm_only");
      const existing = await db.selectFrom("golive_gates").select((eb) => eb.fn.countAll<string>().as("n")).where("project_id", "=", who.projectId).executeTakeFirstOrThrow();
      if (Number(existing.n) > 0) throw new UserError("golive.errors.template_loaded", { count: Number(existing.n) });
      const project = await projectOf(deps, who);
      const due = project.goLiveDate ? { date: project.goLiveDate, time: null } : null;
      for (const item of DEFAULT_CHECKLIST) {
        const title = `${t("zh-CN", `golive.template.${item.key}`)} / ${t("en", `golive.template.${item.key}`)}`;
        await create(who, { title, category: item.category, r: [who.personId], a: who.personId, due, ref: `template:${item.key}` });
      }
      return t(who.locale, "golive.gates.template_loaded", { count: DEFAULT_CHECKLIST.length });
    },

    async add(who: GoliveAsker, input: NewGate): Promise<string> {
      const category = readCategory(input.category);
      if (!category) throw new UserError("golive.errors.bad_category", { category: input.category });
      const r = await membersNamed(deps, who, input.r);
      const a = input.a ? await membersNamed(deps, who, input.a) : [{ id: who.personId, name: "" }];
      if (a.length !== 1) throw new UserError("golive.errors.one_a", { who: input.a ?? "" });
      let due: { date: string; time: string | null } | null = null;
      if (input.due) {
        const project = await projectOf(deps, who);
        const parsed = parseDue(input.due, project.timezone, localParts(deps.core.clock.now(), project.timezone).date);
        if (!parsed) throw new UserError("golive.errors.bad_date", { date: input.due });
        due = { date: parsed.date, time: parsed.time };
      }
      const created = await create(who, { title: input.title, category, r: r.map((p) => p.id), a: a[0]!.id, due, ref: `gate:${category}` });
      return t(who.locale, "golive.gates.added", { key: created.key, title: input.title, category: t(who.locale, `golive.category.${category}`) });
    },

    async checklist(who: GoliveAsker): Promise<OutboundMessage> {
      return checklistMessage(who.locale, who.projectName, await status(who.tenantId, who.projectId));
    },

    /** Evidence for a gate item (a note, counts before/after); given before or after it is done. */
    async evidence(who: GoliveAsker, key: string, note: string): Promise<string> {
      const item = await gateByKey(who, key);
      await db.updateTable("golive_gates").set({ evidence: note, evidence_by: who.personId, evidence_at: deps.core.clock.now() }).where("task_id", "=", item.taskId).execute();
      return t(who.locale, item.status === "done" ? "golive.gates.evidence_ticked" : "golive.gates.evidence_saved", { key: item.key });
    },

    /**
     * A gate item marked done without evidence is done but not ticked: whoever closed it is asked for the evidence in a
     * DM whose form (or typed line) is `golive evidence T-n --note "…"`. The ask is keyed per task and closing, so a
     * retried change asks once.
     */
    async onStatusChange(event: TaskStatusEvent): Promise<void> {
      if (event.to !== "done") return;
      const gate = await event.trx.selectFrom("golive_gates").select(["evidence", "task_id"]).where("task_id", "=", event.taskId).executeTakeFirst();
      if (!gate || gate.evidence !== null) return;
      event.afterCommit(async () => {
        const asked = event.by ?? (await tasks.responsibleOf([event.taskId])).get(event.taskId)?.[0]?.id;
        if (!asked) return;
        const locale = await localeOf(deps, event.tenantId, asked);
        await deps.core.notify.toPerson(event.tenantId, asked, evidenceAsk(locale, event.key), { key: `golive:evidence:${event.taskId}:${event.at.getTime()}` });
      });
    },
  };
}

export type Gates = ReturnType<typeof createGates>;
