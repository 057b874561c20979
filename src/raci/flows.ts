import { UserError } from "../core/command.js";
import { t as translate } from "./i18n.js";
import type { OutboundMessage } from "../core/message.js";
import type { Database } from "../db/database.js";
import { addWorkingDays, isWorkingDay } from "../calendar/working-time.js";
import { localParts } from "../calendar/zones.js";
import type { AskerTools, RaciDeps, TaskAsker, TaskPermission } from "./asker.js";
import { formatDue, parseDue, type Due } from "./due.js";
import { dueWarnings, showDue } from "./due-warnings.js";
import { RACI_PROBLEM_KEYS, STATUS_KEYS } from "./labels.js";
import { isClearWord, RACI_ROLES, readPhase, readSnooze, readStatus, type RaciIds, type RaciRole, type Task, type TaskStatus } from "./model.js";
import { raciProblem, type TaskPatch } from "./service.js";
import type { TaskViews } from "./views.js";

/** What `task add` is given (people as typed: `a;b`). */
export interface NewTaskInput {
  title: string;
  r: string;
  a?: string;
  c?: string;
  i?: string;
  due?: string;
  phase?: string;
  /** A go-live checklist category (`data`, `数据`): the task becomes a gate item. */
  gate?: string;
}

function raciError(problem: ReturnType<typeof raciProblem>): UserError | null {
  return problem ? new UserError(RACI_PROBLEM_KEYS[problem]) : null;
}

/** The changes to tasks that commands make: add, edit, assign, due, status, done, reopen, cancel, snooze. */
export function createTaskFlows(deps: RaciDeps, tools: AskerTools, views: TaskViews) {
  const { db, clock, tasks } = deps;

  const dueOf = async (who: TaskAsker, text: string | undefined): Promise<Due | null> => {
    if (text === undefined || isClearWord(text)) return null;
    const project = await tools.project(who);
    const due = parseDue(text, project.timezone, localParts(clock.now(), project.timezone).date);
    if (!due) throw new UserError("raci.errors.bad_due", { due: text });
    return due;
  };

  /** `--gate <category>`: the go-live feature's reading of the word, or a UserError naming it. */
  const gateOf = (text: string) => {
    const handler = deps.events.gateHandler();
    if (!handler) throw new UserError("raci.errors.gate_unavailable");
    const category = handler.readCategory(text);
    if (!category) throw new UserError("raci.errors.bad_gate", { gate: text });
    return { handler, category };
  };

  /** Runs one change to one task in a transaction, with the task locked, and keeps it in the history. */
  const change = async (
    who: TaskAsker,
    keyText: string,
    command: string,
    needs: TaskPermission,
    work: (trx: Database, task: Task, at: Date, afterCommit: (next: () => Promise<void>) => void) => Promise<{ patch?: TaskPatch; action: string; changes: Record<string, unknown> } | null>,
  ): Promise<Task> => {
    const found = await tools.task(who, keyText);
    await tools.authorize(who, found, command, needs);
    const at = clock.now();
    const after: (() => Promise<void>)[] = [];
    const changed = await db.transaction().execute(async (trx) => {
      const task = await tasks.lock(trx, found.id);
      const result = await work(trx, task, at, (next) => void after.push(next));
      if (!result) return task;
      const updated = result.patch ? await tasks.update(trx, task.id, result.patch, at) : task;
      await tasks.record(trx, task, who.personId, result.action, result.changes, at);
      return updated;
    });
    for (const next of after) await next();
    return changed;
  };

  const statusChange = (who: TaskAsker, keyText: string, to: TaskStatus, note: string | null, command: string, needs: TaskPermission) =>
    change(who, keyText, command, needs, async (trx, task, at, afterCommit) => {
      if (task.status === to) throw new UserError("raci.errors.already", { key: task.key, status: translate(who.locale, STATUS_KEYS[to]) });
      if ((task.status === "done" || task.status === "cancelled") && to !== "open") throw new UserError("raci.errors.closed", { key: task.key, status: translate(who.locale, STATUS_KEYS[task.status]) });
      const patch: TaskPatch = { status: to, blockedNote: to === "blocked" ? note : null };
      if (to === "done") patch.done = { at, by: who.personId };
      if (to === "open") patch.done = null;
      const people = (await tasks.peopleOf([task.id], trx)).get(task.id);
      if (to === "blocked") {
        const accountable = (people?.A ?? []).map((p) => p.id).filter((id) => id !== who.personId);
        await tasks.notice(trx, task, accountable, "blocked", who.personId, at);
      }
      if (to === "done") {
        const owners = await resolveLinkedBlockers(trx, task, who.personId, at);
        const informed = [...(people?.I ?? []).map((p) => p.id), ...owners].filter((id) => id !== who.personId);
        await tasks.notice(trx, task, informed, "done", who.personId, at);
      }
      await deps.events.emit({ trx, tenantId: task.tenantId, projectId: task.projectId, taskId: task.id, key: task.key, from: task.status, to, by: who.personId, at, note, afterCommit });
      return { patch, action: "status", changes: { status: { from: task.status, to }, ...(note ? { note } : {}) } };
    });

  /** Resolves the open stand-up blockers linked to a task that is done; returns their owners. */
  const resolveLinkedBlockers = async (trx: Database, task: Task, by: number, at: Date): Promise<number[]> => {
    const project = await trx.selectFrom("projects").select("timezone").where("id", "=", task.projectId).executeTakeFirst();
    const today = localParts(at, project?.timezone ?? "UTC").date;
    return deps.blockerLinks.resolveLinked(trx, task.projectId, task.key, today, by);
  };

  const card = (who: TaskAsker, task: Task, introKey: string, vars: Record<string, string | number> = {}, notes: readonly string[] = []) =>
    views.card(who, task, [translate(who.locale, introKey, { key: task.key, ...vars }), ...notes].join("\n"));

  /** The warnings a reply carries about a due date it accepted (past, not a working day for the task's R). */
  const warningsFor = async (who: TaskAsker, task: Task, due: Due | null, doer: number | undefined): Promise<string[]> => {
    if (!due) return [];
    const project = await tools.project(who);
    return dueWarnings(deps, { tenantId: who.tenantId, personId: doer ?? who.personId, timeZone: project.timezone, key: task.key, due }, (key, vars) => translate(who.locale, key, vars));
  };

  /** R or A may mark a task done; anyone else needs the PM role. Informed people are told once. */
  const done = async (who: TaskAsker, keyText: string): Promise<OutboundMessage> => {
    const task = await statusChange(who, keyText, "done", null, "task done", "ra");
    const informed = (await tasks.peopleOf([task.id])).get(task.id)?.I.some((p) => p.id !== who.personId) ?? false;
    return card(who, task, informed ? "raci.done_msg.done" : "raci.done_msg.done_quiet");
  };

  const cancel = async (who: TaskAsker, keyText: string): Promise<OutboundMessage> => {
    const task = await statusChange(who, keyText, "cancelled", null, "task cancel", "a");
    return card(who, task, "raci.done_msg.cancelled");
  };

  return {
    done,
    cancel,

    async add(who: TaskAsker, input: NewTaskInput): Promise<OutboundMessage> {
      const title = input.title.trim();
      if (!title) throw new UserError("raci.errors.no_title");
      const ids = await tools.peopleIds(who, { R: input.r, A: input.a ?? "", ...(input.c !== undefined ? { C: input.c } : {}), ...(input.i !== undefined ? { I: input.i } : {}) });
      const raci: RaciIds = { R: ids.R ?? [], A: ids.A && ids.A.length > 0 ? ids.A : [who.personId], C: ids.C ?? [], I: ids.I ?? [] };
      const problem = raciError(raciProblem(raci));
      if (problem) throw problem;
      const due = await dueOf(who, input.due);
      const phase = input.phase !== undefined ? readPhase(input.phase) : null;
      const gate = input.gate !== undefined ? gateOf(input.gate) : null;
      const at = clock.now();
      const task = await db.transaction().execute(async (trx) => {
        const number = await tasks.allocate(trx, who.tenantId, who.projectId);
        const created = await tasks.insert(trx, { tenantId: who.tenantId, projectId: who.projectId, number, title, phase, due, createdBy: who.personId, at });
        await tasks.setPeople(trx, created, raci);
        const people = (await tasks.peopleOf([created.id], trx)).get(created.id);
        const letters = Object.fromEntries(RACI_ROLES.map((r) => [r, people?.[r].map((p) => p.name) ?? []]));
        await tasks.record(trx, created, who.personId, "created", { title, phase, due: due ? formatDue(due.date, due.time) : null, ...letters, ...(gate ? { gate: gate.category } : {}) }, at);
        if (gate) await gate.handler.attach(trx, { tenantId: who.tenantId, projectId: who.projectId, taskId: created.id, category: gate.category });
        return created;
      });
      const notes = await warningsFor(who, task, due, raci.R[0]);
      if (gate) return card(who, task, "raci.done_msg.created_gate", { category: gate.handler.label(who.locale, gate.category) }, notes);
      return due ? card(who, task, "raci.done_msg.created_due", { due: showDue(due, (key, vars) => translate(who.locale, key, vars)) }, notes) : card(who, task, "raci.done_msg.created");
    },

    async edit(who: TaskAsker, keyText: string, input: { title?: string; phase?: string }): Promise<OutboundMessage> {
      if (input.title === undefined && input.phase === undefined) throw new UserError("raci.errors.nothing_to_change");
      const task = await change(who, keyText, "task edit", "a", async (_trx, current) => {
        const patch: TaskPatch = {};
        const changes: Record<string, unknown> = {};
        if (input.title !== undefined && input.title.trim() && input.title.trim() !== current.title) {
          patch.title = input.title.trim();
          changes.title = { from: current.title, to: patch.title };
        }
        if (input.phase !== undefined) {
          const phase = readPhase(input.phase);
          if (phase !== current.phase) {
            patch.phase = phase;
            changes.phase = { from: current.phase, to: phase };
          }
        }
        return Object.keys(changes).length > 0 ? { patch, action: "edited", changes } : null;
      });
      return card(who, task, "raci.done_msg.edited");
    },

    async assign(who: TaskAsker, keyText: string, given: Partial<Record<RaciRole, string>>): Promise<OutboundMessage> {
      if (RACI_ROLES.every((r) => given[r] === undefined)) throw new UserError("raci.errors.nothing_to_change");
      const ids = await tools.peopleIds(who, given);
      const task = await change(who, keyText, "task assign", "a", async (trx, current) => {
        const before = (await tasks.peopleOf([current.id], trx)).get(current.id);
        const merged: RaciIds = { R: before?.R.map((p) => p.id) ?? [], A: before?.A.map((p) => p.id) ?? [], C: before?.C.map((p) => p.id) ?? [], I: before?.I.map((p) => p.id) ?? [] };
        for (const role of RACI_ROLES) if (ids[role] !== undefined) merged[role] = ids[role] ?? [];
        const problem = raciError(raciProblem(merged));
        if (problem) throw problem;
        await tasks.setPeople(trx, current, ids);
        const after = (await tasks.peopleOf([current.id], trx)).get(current.id);
        const changes: Record<string, unknown> = {};
        for (const role of RACI_ROLES) {
          const from = before?.[role].map((p) => p.name) ?? [];
          const to = after?.[role].map((p) => p.name) ?? [];
          if (from.join("\n") !== to.join("\n")) changes[role] = { from, to };
        }
        return Object.keys(changes).length > 0 ? { action: "assigned", changes } : null;
      });
      return card(who, task, "raci.done_msg.assigned");
    },

    async due(who: TaskAsker, keyText: string, dueText: string): Promise<OutboundMessage> {
      const due = await dueOf(who, dueText);
      const task = await change(who, keyText, "task due", "a", async (_trx, current) => {
        const from = formatDue(current.dueDate, current.dueTime);
        const to = due ? formatDue(due.date, due.time) : "—";
        return from === to ? null : { patch: { due }, action: "due", changes: { due: { from, to } } };
      });
      const doer = due ? (await tasks.peopleOf([task.id])).get(task.id)?.R[0]?.id : undefined;
      const notes = await warningsFor(who, task, due, doer);
      return card(who, task, "raci.done_msg.due", { due: showDue({ date: task.dueDate, time: task.dueTime }, (key, vars) => translate(who.locale, key, vars)) }, notes);
    },

    /** `task status T-7 blocked --note …`; done and cancelled go through their own rules. */
    async status(who: TaskAsker, keyText: string, statusText: string, note?: string): Promise<OutboundMessage> {
      const to = readStatus(statusText);
      if (!to) throw new UserError("raci.errors.bad_status", { status: statusText });
      if (to === "done") return done(who, keyText);
      if (to === "cancelled") return cancel(who, keyText);
      const current = await tools.task(who, keyText);
      const reopening = current.status === "done" || current.status === "cancelled";
      // A blocked task says why: the A is told, and the reason shows in `blocker list` and on the card.
      if (to === "blocked" && !note?.trim()) throw new UserError("raci.errors.blocked_needs_reason", { key: current.key });
      const task = await statusChange(who, keyText, to, note?.trim() || null, "task status", reopening ? "a" : "ra");
      return card(who, task, to === "blocked" ? "raci.done_msg.blocked" : "raci.done_msg.status", { status: translate(who.locale, STATUS_KEYS[to]) });
    },

    async reopen(who: TaskAsker, keyText: string): Promise<OutboundMessage> {
      const found = await tools.task(who, keyText);
      if (found.status !== "done" && found.status !== "cancelled") throw new UserError("raci.errors.not_closed", { key: found.key });
      const task = await statusChange(who, keyText, "open", null, "task reopen", "a");
      return card(who, task, "raci.done_msg.reopened");
    },

    /**
     * Moves a task's nags: `1d` skips the next working-day nag on the asker's calendar (clicked on a Monday nag,
     * they resume on Wednesday; typed before Monday's work start, on Tuesday), a date resumes on that date, `off`
     * ends the snooze.
     */
    async snooze(who: TaskAsker, keyText: string, untilText: string): Promise<OutboundMessage> {
      const request = readSnooze(untilText);
      if (!request) throw new UserError("raci.errors.bad_snooze", { until: untilText });
      const rules = await deps.calendars.rulesFor(who.tenantId, who.personId);
      const local = localParts(clock.now(), rules.timeZone);
      const today = local.date;
      const beforeTodaysNag = isWorkingDay(today, rules) && local.time < rules.workStart;
      const until = request.kind === "off" ? null : request.kind === "date" ? request.date : addWorkingDays(today, beforeTodaysNag ? request.n : request.n + 1, { calendar: rules.calendar });
      if (until !== null && until <= today) throw new UserError("raci.errors.snooze_past", { until });
      const task = await change(who, keyText, "task snooze", "ra", async (_trx, current) => {
        if (current.status === "done" || current.status === "cancelled") throw new UserError("raci.errors.closed", { key: current.key, status: translate(who.locale, STATUS_KEYS[current.status]) });
        return current.snoozedUntil === until ? null : { patch: { snoozedUntil: until }, action: "snoozed", changes: { snoozed_until: { from: current.snoozedUntil, to: until } } };
      });
      return card(who, task, until ? "raci.done_msg.snoozed" : "raci.done_msg.unsnoozed", { until: until ?? "—" });
    },
  };
}

export type TaskFlows = ReturnType<typeof createTaskFlows>;
