import type { CommandContext, CommandProject } from "../core/command.js";

/**
 * Who runs a people, project or team command: the parts of the command's context those flows read
 * (a command passes its context as it is).
 */
export type Asker = Pick<CommandContext<unknown, unknown>, "tenant" | "actor" | "project" | "roles" | "locale" | "conversation" | "now">;

/** The asker's current project; a project-scoped command always has one (the dispatcher answers "no project" first). */
export function currentProject(who: Pick<Asker, "project">): CommandProject {
  if (!who.project) throw new Error("this command needs a current project");
  return who.project;
}
