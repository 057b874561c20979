import { UserError, type Role } from "../core/command.js";
import { translator } from "../core/i18n.js";
import type { OutboundMessage } from "../core/message.js";
import { currentProject, type Asker } from "../people/asker.js";
import { personNamed } from "../people/person-arg.js";
import type { CoreServices } from "../services.js";
import { memberListMessage } from "./messages.js";

/** What the member flows read and change. */
export type MemberFlowDeps = Pick<CoreServices, "projects" | "findPerson">;

/** `member list`, `add`, `role`, `remove` in the current project; a project never loses its last admin. */
export function createMemberFlows(deps: MemberFlowDeps) {
  const { projects } = deps;

  /** The named person's roles in the project; refused when they hold none. */
  const memberNamed = async (who: Asker, name: string) => {
    const project = currentProject(who);
    const { person } = await personNamed(deps, who.tenant, name);
    const roles = await projects.rolesOf(who.tenant.id, project.id, person.id);
    if (roles.length === 0) throw new UserError("errors.not_a_member", { name: person.displayName, project: project.name });
    return { project, person, roles };
  };

  const keepsAnAdmin = async (who: Asker, projectId: number, name: string): Promise<void> => {
    if ((await projects.members(who.tenant.id, projectId, "admin")).length <= 1) throw new UserError("commands.member_role.last_admin", { name });
  };

  return {
    async list(who: Asker, role?: Role): Promise<OutboundMessage | string> {
      const project = currentProject(who);
      const t = translator(who.locale);
      const members = await projects.members(who.tenant.id, project.id, role);
      if (members.length === 0) return t("commands.member_list.none");
      return memberListMessage(t, project.name, members);
    },

    /** Adds a person (created and invited when an email or mobile names nobody yet) with a role. */
    async add(who: Asker, name: string, role: Role): Promise<string> {
      const project = currentProject(who);
      const t = translator(who.locale);
      const { person, created } = await personNamed(deps, who.tenant, name, true);
      const added = await projects.addMember(who.tenant.id, project.id, person.id, role);
      const vars = { name: person.displayName, role: t(`roles.${role}`), project: project.name };
      if (!added) return t("commands.member_add.already", vars);
      return t(created ? "commands.member_add.invited" : "commands.member_add.done", vars);
    },

    /** Replaces a member's roles with one. */
    async setRole(who: Asker, name: string, role: Role): Promise<string> {
      const { project, person, roles } = await memberNamed(who, name);
      if (roles.includes("admin") && role !== "admin") await keepsAnAdmin(who, project.id, person.displayName);
      await projects.removeMember(who.tenant.id, project.id, person.id);
      await projects.addMember(who.tenant.id, project.id, person.id, role);
      const t = translator(who.locale);
      return t("commands.member_role.done", { name: person.displayName, role: t(`roles.${role}`) });
    },

    /** Takes one role from a member, or (without a role) takes them out of the project. */
    /** Before `member remove` asks to confirm: a UserError when the person is not found or not a member. */
    async checkRemove(who: Asker, name: string): Promise<void> {
      await memberNamed(who, name);
    },

    async remove(who: Asker, name: string, role?: Role): Promise<string> {
      const { project, person, roles } = await memberNamed(who, name);
      const t = translator(who.locale);
      if (roles.includes("admin") && (role === undefined || role === "admin")) await keepsAnAdmin(who, project.id, person.displayName);
      const removed = await projects.removeMember(who.tenant.id, project.id, person.id, role);
      if (removed === 0) throw new UserError("commands.member_remove.no_such_role", { name: person.displayName, role: t(`roles.${role ?? "member"}`) });
      return role ? t("commands.member_remove.role_done", { name: person.displayName, role: t(`roles.${role}`) }) : t("commands.member_remove.done", { name: person.displayName, project: project.name });
    },
  };
}
