import { RefusalError, UserError, type Role } from "../core/command.js";
import { conversationScope } from "../core/conversation-scope.js";
import type { ConversationHandler } from "../core/dispatcher.js";
import { translator } from "./i18n.js";
import { actions, text, type OutboundMessage } from "../core/message.js";
import type { CalendarService } from "../calendar/service.js";
import type { Database } from "../db/database.js";
import type { RaciTaskPort } from "../raci/task-port.js";
import type { CoreServices } from "../services.js";
import { CHANGE_DECISIONS, type ChangeDecision } from "./change-store.js";
import { createChanges } from "./changes.js";
import { createMeetings } from "./meetings.js";
import type { Asker } from "./model.js";
import { createRisks } from "./risks.js";
import { labelKey, CHOICE_LABEL } from "./labels.js";

/** The conversation kind of "write the reason for your decision as your next message". */
export const REASON_KIND = "governance_reason";
const REASON_TTL_MS = 30 * 60 * 1000;
const CANCEL = new Set(["cancel", "stop", "取消", "算了"]);

export interface DecideInput {
  kind: "risk" | "change";
  key: string;
  choice: string;
  reason?: string | undefined;
}

interface ReasonState extends Omit<DecideInput, "reason"> {
  projectId: number;
  projectKey: string;
  projectName: string;
}

export function createGovernance(deps: { db: Database; core: CoreServices; calendars: Pick<CalendarService, "rulesFor" | "rulesForPeople">; tasks: RaciTaskPort }) {
  const { core } = deps;
  const risks = createRisks(deps);
  const changes = createChanges(deps);
  const meetings = createMeetings(deps);

  /** The asker moved to another of their projects (`--project <key>`, which decision buttons carry). */
  const inProject = async (asker: Asker, projectRef: string | undefined): Promise<Asker> => {
    if (!projectRef?.trim()) return asker;
    const project = await core.projects.find(asker.tenantId, projectRef);
    const roles = project ? ((await core.projects.projectsOf(asker.tenantId, asker.personId)).find((p) => p.project.id === project.id)?.roles ?? []) : [];
    if (!project || roles.length === 0) throw new UserError("governance.errors.not_in_project", { project: projectRef });
    return { ...asker, projectId: project.id, projectKey: project.key, projectName: project.name, roles };
  };

  const readChoice = (input: DecideInput): string => {
    const choice = input.choice.trim().toLowerCase();
    const allowed: readonly string[] = input.kind === "risk" ? ["accept", "mitigate"] : CHANGE_DECISIONS;
    if (!allowed.includes(choice)) throw new UserError(input.kind === "risk" ? "governance.errors.bad_risk_decision" : "governance.errors.bad_change_decision", { value: input.choice });
    return choice;
  };

  const apply = (asker: Asker, input: DecideInput & { reason: string }) =>
    input.kind === "risk" ? risks.decide(asker, input.key, input.choice as "accept" | "mitigate", input.reason) : changes.decide(asker, input.key, input.choice as ChangeDecision, input.reason);

  /**
   * A decision with its reason runs at once. Without one (a button), the choice is checked as far as it can be
   * and the reason is asked for as the next message: every decision carries a written reason.
   */
  const decide = async (asker: Asker, input: DecideInput): Promise<OutboundMessage | string> => {
    const choice = readChoice(input);
    const reason = input.reason?.trim();
    if (reason) return apply(asker, { ...input, choice, reason });
    const state: ReasonState = { kind: input.kind, key: input.key.trim().toUpperCase(), choice, projectId: asker.projectId, projectKey: asker.projectKey, projectName: asker.projectName };
    // Asked where the button was clicked: a group click takes the reason from that group, a DM click from the DM.
    await core.conversations.start(asker.tenantId, asker.personId, REASON_KIND, state, new Date(core.clock.now().getTime() + REASON_TTL_MS), conversationScope(asker.conversation));
    const t = translator(asker.locale);
    return t("governance.decision.reason_now", { key: state.key, choice: t(labelKey(CHOICE_LABEL, choice)) });
  };

  const reasonConversation: ConversationHandler = {
    async take({ text: line, tenantId, personId, locale, event, scope }) {
      const open = await core.conversations.get(tenantId, personId, scope);
      if (open?.kind !== REASON_KIND) return null;
      await core.conversations.end(tenantId, personId, REASON_KIND, scope);
      const t = translator(locale);
      if (CANCEL.has(line.trim().toLowerCase())) return t("governance.decision.cancelled");
      const state = open.state as ReasonState;
      const roles: Role[] = (await core.projects.projectsOf(tenantId, personId)).find((p) => p.project.id === state.projectId)?.roles ?? [];
      const asker: Asker = { tenantId, projectId: state.projectId, projectKey: state.projectKey, projectName: state.projectName, personId, locale, roles, conversation: event.conversation };
      try {
        return await apply(asker, { ...state, reason: line.trim().slice(0, 500) });
      } catch (error) {
        if (error instanceof RefusalError) await core.audit.record({ tenantId, personId, projectId: state.projectId, action: `${state.kind} decide`, outcome: "refused", details: { key: state.key, reason: error.key }, conversation: event.conversation });
        if (error instanceof UserError) return t(error.key, error.vars);
        throw error;
      }
    },
  };

  /** Everything waiting for the asker's decision, across features, each with its buttons. */
  const decisionList = async (asker: Asker): Promise<OutboundMessage> => {
    const t = translator(asker.locale);
    const pending = await core.decisions.pendingFor({ tenantId: asker.tenantId, personId: asker.personId, locale: asker.locale });
    if (pending.length === 0) return { blocks: [text(t("governance.decision.none"))] };
    const projects = new Map((await core.projects.list(asker.tenantId)).map((p) => [p.id, p.name]));
    const several = new Set(pending.map((d) => d.projectId)).size > 1;
    return {
      title: t("governance.decision.title", { count: pending.length }),
      blocks: pending.flatMap((d) => [text(`${d.title}${several ? ` · ${projects.get(d.projectId) ?? ""}` : ""}`), ...(d.actions.length > 0 ? [actions(...d.actions)] : [])]),
    };
  };

  return { risks, changes, meetings, decide, reasonConversation, decisionList, inProject };
}

export type GovernanceFlows = ReturnType<typeof createGovernance>;
