import { UserError } from "../core/command.js";
import type { ConversationHandler } from "../core/dispatcher.js";
import { translator } from "./i18n.js";
import type { GuidedConversationStore } from "../conversations/store.js";
import { GUIDE_KIND, type AnswerFlows } from "./flows.js";
import { guideQuestion, questionsFor } from "./messages.js";
import type { StandupService } from "./service.js";

const SKIP = new Set(["skip", "pass", "next", "-", "跳过", "略过", "下一个", "无"]);
const CANCEL = new Set(["cancel", "stop", "quit", "取消", "停止", "退出", "算了"]);
/** Lines that start with these words are commands even in the middle of a guided stand-up. */
const COMMAND_WORDS = /^(standup|站会|blocker|阻塞|help|帮助|请假|销假)(\s|$)/i;

interface GuideState {
  teamId: number;
  step: number;
  answers: string[];
}

function readState(value: unknown): GuideState | null {
  if (typeof value !== "object" || value === null) return null;
  const { teamId, step, answers } = value as Record<string, unknown>;
  if (typeof teamId !== "number" || typeof step !== "number" || !Array.isArray(answers)) return null;
  return { teamId, step, answers: answers.filter((a): a is string => typeof a === "string") };
}

/**
 * The guided stand-up in a person's DM, as a dispatcher conversation handler: while a person has one open,
 * each typed line answers the current question ("skip" leaves it empty, "cancel" stops); the state lives in
 * the database, so a restart in the middle loses nothing.
 */
export function createStandupGuide(deps: { conversations: GuidedConversationStore; standups: StandupService; flows: AnswerFlows }): ConversationHandler {
  const { conversations } = deps;
  return {
    async take({ text, tenantId, personId, locale, scope }) {
      const open = await conversations.get(tenantId, personId, scope);
      if (open?.kind !== GUIDE_KIND) return null;
      const line = text.trim();
      if (COMMAND_WORDS.test(line)) return null;
      const t = translator(locale);
      const state = readState(open.state);
      const team = state ? await deps.standups.team(tenantId, state.teamId) : null;
      const config = state ? await deps.standups.config(state.teamId) : null;
      if (!state || !team || !config) {
        await conversations.end(tenantId, personId, GUIDE_KIND);
        return null;
      }
      const word = line.toLowerCase().replace(/[.!。！]+$/, "");
      if (CANCEL.has(word)) {
        await conversations.end(tenantId, personId, GUIDE_KIND);
        return t("standup.guide.cancelled");
      }
      const answers = [...state.answers, SKIP.has(word) ? "" : line];
      const questions = questionsFor(config.questions, locale);
      if (answers.length < questions.length) {
        await conversations.update(tenantId, personId, GUIDE_KIND, { ...state, step: answers.length, answers }, scope);
        return guideQuestion(t, answers.length, questions);
      }
      await conversations.end(tenantId, personId, GUIDE_KIND);
      const [yesterday = "", today = "", blockers = ""] = answers;
      try {
        return await deps.flows.answer({ tenantId, projectId: team.projectId, personId, locale }, { yesterday, today, blockers }, { teamId: team.id });
      } catch (error) {
        if (error instanceof UserError) return t(error.key, error.vars);
        throw error;
      }
    },
  };
}
