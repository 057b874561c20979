import { RefusalError, UserError } from "../core/command.js";
import { groupBy } from "../core/group-by.js";
import type { Database } from "../db/database.js";
import { memberNamed, namesOf, type FeedbackDeps } from "./deps.js";
import { t, type Locale } from "./i18n.js";
import { isPm, isTriager, type Asker } from "./model.js";
import { moduleLabel, moduleNamed, settingsOf } from "./settings.js";

const ADD = new Set(["add", "添加", "增加"]);
const REMOVE = new Set(["remove", "rm", "delete", "移除", "删除"]);
const LIST = new Set(["list", "ls", "列表", "查看"]);

/** Key users per module of a project, by module (only modules that have any). */
export async function keyUsersByModule(db: Database, projectId: number): Promise<Map<string, number[]>> {
  const rows = await db.selectFrom("feedback_module_keyusers").select(["module", "person_id"]).where("project_id", "=", projectId).orderBy("module").orderBy("added_at").execute();
  return new Map([...groupBy(rows, (r) => r.module)].map(([module, keyUsers]) => [module, keyUsers.map((r) => r.person_id)]));
}

/** The key users of one module (none: the project's key-user role and the PM, as for items without a module). */
export async function keyUsersOf(db: Database, projectId: number, module: string): Promise<number[]> {
  const rows = await db.selectFrom("feedback_module_keyusers").select("person_id").where("project_id", "=", projectId).where("module", "=", module).orderBy("added_at").execute();
  return rows.map((r) => r.person_id);
}

/** Whether the asker may triage an item of this module: a key user of the project or of the module, or the PM. */
export async function triagesModule(db: Database, asker: Asker, module: string | null): Promise<boolean> {
  if (isTriager(asker.roles)) return true;
  return module !== null && (await keyUsersOf(db, asker.projectId, module)).includes(asker.personId);
}

/**
 * `feedback keyuser [list] | add <module> @person | remove <module> @person`: the PM names the key users (超级用户)
 * of a module; they triage its items and are reminded of them first.
 */
export function createKeyUsers(deps: FeedbackDeps) {
  const { db, core } = deps;

  /** "leads (线索): Zhang Min, Anna Schmidt" lines, or null when no module has key users. */
  const lines = async (locale: Locale, tenantId: number, projectId: number): Promise<string | null> => {
    const byModule = await keyUsersByModule(db, projectId);
    if (byModule.size === 0) return null;
    const names = await namesOf(deps, tenantId, [...byModule.values()].flat());
    const label = (m: string) => (moduleLabel(locale, m) === m ? m : `${m} (${moduleLabel(locale, m)})`);
    return [...byModule].map(([m, ids]) => `• ${label(m)}: ${ids.map((id) => names.get(id) ?? "—").join(", ")}`).join("\n");
  };

  /** The module list's footer: who the key users of each module are, or how to name them. */
  const footer = async (asker: Asker): Promise<string> => {
    const listed = await lines(asker.locale, asker.tenantId, asker.projectId);
    return listed ? `${t(asker.locale, "feedback.keyuser.heading")}\n${listed}` : t(asker.locale, "feedback.keyuser.none");
  };

  const command = async (asker: Asker, action: string | undefined, moduleRef: string | undefined, who: string | undefined): Promise<string> => {
    const l = asker.locale;
    const verb = action?.trim().toLowerCase() ?? "list";
    if (LIST.has(verb)) return footer(asker);
    if (!ADD.has(verb) && !REMOVE.has(verb)) throw new UserError("feedback.errors.bad_keyuser_action", { value: action ?? "" });
    if (!isPm(asker.roles)) throw new RefusalError("feedback.errors.not_pm_keyuser", {}, { action: verb });
    const example = ADD.has(verb) ? "add" : "remove";
    if (!moduleRef?.trim()) throw new UserError("feedback.errors.keyuser_module_missing", { action: example });
    const module = moduleNamed(moduleRef, (await settingsOf(db, asker.projectId)).modules);
    if (!who?.trim()) throw new UserError("feedback.errors.keyuser_person_missing", { action: example, module });
    const person = await memberNamed(deps, asker.tenantId, asker.projectId, who, `feedback keyuser ${example} ${module}`);
    const vars = { name: person.displayName, module: moduleLabel(l, module) === module ? module : `${module} (${moduleLabel(l, module)})` };
    if (ADD.has(verb)) {
      const row = await db
        .insertInto("feedback_module_keyusers")
        .values({ project_id: asker.projectId, tenant_id: asker.tenantId, module, person_id: person.id, added_by: asker.personId, added_at: core.clock.now() })
        .onConflict((oc) => oc.doNothing())
        .returning("person_id")
        .executeTakeFirst();
      return t(l, row ? "feedback.keyuser.added" : "feedback.keyuser.already", vars);
    }
    const gone = await db.deleteFrom("feedback_module_keyusers").where("project_id", "=", asker.projectId).where("module", "=", module).where("person_id", "=", person.id).executeTakeFirst();
    return t(l, Number(gone.numDeletedRows) > 0 ? "feedback.keyuser.removed" : "feedback.keyuser.not_one", vars);
  };

  /** A module taken off the list takes its key users with it. */
  const forgetModules = async (projectId: number, modules: readonly string[]): Promise<void> => {
    if (modules.length > 0) await db.deleteFrom("feedback_module_keyusers").where("project_id", "=", projectId).where("module", "in", [...modules]).execute();
  };

  return { command, footer, forgetModules, ofModule: (projectId: number, module: string) => keyUsersOf(db, projectId, module) };
}

export type KeyUsers = ReturnType<typeof createKeyUsers>;
