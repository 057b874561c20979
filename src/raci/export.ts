import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { text, type OutboundMessage } from "../core/message.js";
import { formatDue } from "./due.js";
import { translator } from "./i18n.js";
import type { TaskAsker } from "./asker.js";
import { RACI_ROLES, type TaskWithPeople } from "./model.js";
import type { TaskService } from "./service.js";

/** The header `raci export` writes; `raci import` reads it back. */
export const EXPORT_HEADER = ["key", "title", "phase", "due", ...RACI_ROLES] as const;

const cell = (value: string): string => (/[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value);

/** The tasks as a RACI CSV with their keys (people by display name, several joined by `;`), CRLF line ends. */
export function raciCsv(tasks: readonly TaskWithPeople[]): string {
  const lines = [EXPORT_HEADER.join(",")];
  for (const task of [...tasks].sort((a, b) => a.number - b.number)) {
    const due = task.dueDate ? formatDue(task.dueDate, task.dueTime) : "";
    lines.push([task.key, task.title, task.phase ?? "", due, ...RACI_ROLES.map((r) => task.people[r].map((p) => p.name).join(";"))].map(cell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * `raci export [file]`: the project's tasks (not the cancelled ones) as CSV with keys, so a spreadsheet round-trips
 * through `raci import`. In the console a path is written as UTF-8 with a BOM (Excel then reads Chinese right);
 * elsewhere the CSV comes as a message to copy.
 */
export function createRaciExport(deps: { tasks: TaskService }) {
  return async (who: TaskAsker, file?: string): Promise<OutboundMessage> => {
    const t = translator(who.locale);
    const tasks = await deps.tasks.list(who.tenantId, who.projectId, { statuses: ["open", "in_progress", "blocked", "done"], limit: 100_000 });
    const csv = raciCsv(tasks);
    if (file) {
      if (who.conversation?.platform !== "console") return { blocks: [text(t("raci.export.files_not_allowed"))] };
      const path = resolve(process.cwd(), file);
      await writeFile(path, `\uFEFF${csv}`, "utf8");
      return { blocks: [text(t("raci.export.written", { count: tasks.length, file }))] };
    }
    return { title: t("raci.export.title", { project: who.projectName, count: tasks.length }), blocks: [text(`\`\`\`\n${csv.replace(/\r\n/g, "\n")}\`\`\``), text(t("raci.export.hint"))] };
  };
}
