import "./i18n.js";
import { UserError } from "../core/command.js";
import type { Role } from "../core/command.js";
import { createAttachments, type AttachmentDeps } from "./attachment.js";
import { createBrowse } from "./browse.js";
import type { FeedbackDeps } from "./deps.js";
import { createExport, type ExportConfig } from "./export.js";
import { createFiling } from "./file.js";
import { createInfo } from "./info.js";
import { createKeyUsers } from "./keyusers.js";
import type { Asker } from "./model.js";
import { createReleases } from "./release.js";
import { createSettingsFlows } from "./settings-flows.js";
import { createStats } from "./stats.js";
import { createTriage } from "./triage.js";
import { createVotes } from "./votes.js";
import "./i18n.js";

/** Everything the feedback commands reach as `services.feedback`. */
export function createFeedbackFlows(deps: FeedbackDeps & Pick<AttachmentDeps, "readAttachment"> & { config: ExportConfig }) {
  const { core } = deps;
  const keyUsers = createKeyUsers(deps);
  const info = createInfo(deps);
  const filing = createFiling(deps);
  const triage = createTriage(deps, { askReporter: info.askReporter });
  const votes = createVotes(deps);
  const browse = createBrowse(deps);
  const settings = createSettingsFlows(deps, keyUsers);
  const stats = createStats(deps);
  const releases = createReleases(deps);
  const exports = createExport(deps);
  const attachments = createAttachments({ ...deps, moduleKeyUsers: keyUsers.ofModule });

  /** The asker moved to another of their projects (`--project <key>`, which DM buttons carry). */
  const inProject = async (asker: Asker, projectRef: string | undefined): Promise<Asker> => {
    if (!projectRef?.trim() || projectRef.trim().toLowerCase() === asker.projectKey.toLowerCase()) return asker;
    const project = await core.projects.find(asker.tenantId, projectRef);
    const roles: readonly Role[] = project ? ((await core.projects.projectsOf(asker.tenantId, asker.personId)).find((p) => p.project.id === project.id)?.roles ?? []) : [];
    if (!project || roles.length === 0) throw new UserError("feedback.errors.not_in_project", { project: projectRef });
    return { ...asker, projectId: project.id, projectKey: project.key, projectName: project.name, roles };
  };

  return { filing, triage, votes, browse, settings, stats, info, releases, exports, attachments, keyUsers, inProject };
}

export type FeedbackFlows = ReturnType<typeof createFeedbackFlows>;
