import type { Attachment } from "../core/adapter.js";
import { UserError } from "../core/command.js";
import { actions, button, text, type OutboundMessage } from "../core/message.js";
import { tellEach, namesOf, type FeedbackDeps } from "./deps.js";
import { t } from "./i18n.js";
import { MAX_TEXT, readPriority, readType, type Asker } from "./model.js";
import { moduleNamed, settingsOf } from "./settings.js";
import { similarOpen, type SimilarItem } from "./similar.js";
import { insertItem, type ItemRow } from "./store.js";
import { itemCard, snippet } from "./views.js";

export interface FileInput {
  text: string;
  type?: string | undefined;
  module?: string | undefined;
  priority?: string | undefined;
  attachments?: readonly Attachment[] | undefined;
  /** The author of a captured message, when not the person filing it. */
  reporterId?: number;
  source?: "command" | "reply" | "reaction";
  /** The captured message (`<conversation>:<message id>`): one item per message. */
  sourceRef?: string;
}

export type Filed = { kind: "filed"; item: ItemRow; similar: SimilarItem[] } | { kind: "already"; item: ItemRow };

/** Empty text and text past the limit are refused with what is wrong and what to do. */
export function checkText(value: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new UserError("feedback.errors.empty");
  const length = [...trimmed].length;
  if (length > MAX_TEXT) throw new UserError("feedback.errors.too_long", { length, max: MAX_TEXT });
  return trimmed;
}

/** Filing: feedback by command, or a captured message (a reply `@bot feedback`, a reaction). */
export function createFiling(deps: FeedbackDeps) {
  const { db, core } = deps;

  const file = async (asker: Asker, input: FileInput): Promise<Filed> => {
    const body = checkText(input.text);
    const type = input.type ? readType(input.type) : null;
    const module = input.module ? moduleNamed(input.module, (await settingsOf(db, asker.projectId)).modules) : null;
    const priority = input.priority ? readPriority(input.priority) : "normal";
    if (input.sourceRef) {
      const seen = await db.selectFrom("feedback_items").selectAll().where("project_id", "=", asker.projectId).where("source_ref", "=", input.sourceRef).executeTakeFirst();
      if (seen) return { kind: "already", item: seen };
    }
    const at = core.clock.now();
    const reporter = input.reporterId ?? asker.personId;
    const attachments = input.attachments && input.attachments.length > 0 ? JSON.stringify(input.attachments.map((a) => ({ name: a.name, ...(a.mimeType ? { mimeType: a.mimeType } : {}), ...(a.size !== undefined ? { size: a.size } : {}), ref: a.ref, from: asker.conversation }))) : null;
    const item = await insertItem(db, { tenantId: asker.tenantId, projectId: asker.projectId, text: body, type, module, priority, reporterId: reporter, filedBy: reporter === asker.personId ? null : asker.personId, source: input.source ?? "command", sourceRef: input.sourceRef ?? null, attachments, by: asker.personId, at });
    if (!item) {
      const seen = await db.selectFrom("feedback_items").selectAll().where("project_id", "=", asker.projectId).where("source_ref", "=", input.sourceRef ?? "").executeTakeFirstOrThrow();
      return { kind: "already", item: seen };
    }
    if (item.reporter_id !== asker.personId && item.reporter_id !== null) {
      const filer = (await core.people.get(asker.tenantId, asker.personId))?.displayName ?? "—";
      await tellEach(deps, asker.tenantId, [item.reporter_id], `feedback:filed-for:${item.id}`, (locale) => ({
        title: t(locale, "feedback.notice.title", { key: item.key, project: asker.projectName }),
        blocks: [text(t(locale, "feedback.notice.filed_for", { key: item.key, who: filer, text: snippet(item.text, 200) })), actions(button(t(locale, "feedback.btn.show"), `feedback show ${item.key}`))],
      }));
    }
    return { kind: "filed", item, similar: await similarOpen(db, asker.projectId, body, item.id) };
  };

  /** The answer to filing: the new key and card, and any similar open item offered as "Same as FB-12 (5 people)?". */
  const answer = async (asker: Asker, filed: Filed): Promise<OutboundMessage> => {
    const locale = asker.locale;
    if (filed.kind === "already") return { blocks: [text(t(locale, "feedback.file.already", { key: filed.item.key }))], locale };
    const { item, similar } = filed;
    const names = await namesOf(deps, asker.tenantId, [item.reporter_id, item.filed_by]);
    const card = itemCard(locale, { item, names, followers: [], timeZone: "UTC" });
    const head = text(t(locale, item.reporter_id === asker.personId ? "feedback.file.filed" : "feedback.file.filed_for", { key: item.key, who: names.get(item.reporter_id ?? -1) ?? "—" }));
    const blocks = [head, ...card.blocks];
    if (similar.length > 0) {
      blocks.push(text(t(locale, "feedback.file.similar", { count: similar.length })));
      blocks.push(text(similar.map((s) => `${s.key}: ${snippet(s.text, 60)}`).join("\n")));
      blocks.push(actions(...similar.map((s) => button(t(locale, "feedback.btn.same_as", { key: s.key, count: s.people }), `feedback +1 ${s.key} --from ${item.key}`))));
    }
    return { title: card.title!, blocks, locale };
  };

  return { file, answer };
}

export type Filing = ReturnType<typeof createFiling>;
