import type { ConversationRef } from "./adapter.js";
import type { Role } from "./command.js";
import type { Locale } from "./i18n.js";

/** Who runs a project-scoped command (feedback, governance), in which project, with which project roles. */
export interface ProjectAsker {
  tenantId: number;
  projectId: number;
  projectKey: string;
  projectName: string;
  personId: number;
  locale: Locale;
  roles: readonly Role[];
  conversation: ConversationRef;
}
