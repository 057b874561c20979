import type { AttachmentReader } from "../core/attachments.js";
import { UserError } from "../core/command.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { RaciReads } from "../raci/feature.js";
import { createUploadReader } from "../raci/upload.js";
import type { CoreServices } from "../services.js";
import type { StandupReads } from "../standups/standups.js";
import { createBoards } from "./board.js";
import { parseCsv, parseJsonBody, type BadLine, type UsageEvent } from "./events.js";
import { ingestEvents, type IngestOutcome } from "./ingest.js";
import { createKudos } from "./kudos.js";
import { createMapping } from "./mapping.js";
import { createParticipation } from "./participation.js";
import { createScores } from "./scores.js";
import { createSettings } from "./settings.js";
import { createTokenStore } from "./tokens.js";
import "./i18n.js";
import type { Translate } from "./i18n.js";
import { kindKey } from "./labels.js";
import { FIRST_RECORD_BONUS, KUDOS_PER_DAY, ON_TIME_HOURS, PARTICIPATION, POINT_RULES, REVERSAL_HOURS } from "./rules.js";

export interface ImportOutcome extends IngestOutcome {
  bad: BadLine[];
}

/** Everything the adoption commands, route, schedule and read API use. */
export function createAdoption(deps: { db: Database; core: CoreServices; standups: StandupReads; raci: RaciReads; logger: Logger; readAttachment: AttachmentReader }) {
  const { db, core } = deps;
  const scores = createScores(db);
  const settings = createSettings(core.projects);
  const participation = createParticipation({ db, standups: deps.standups, raci: deps.raci, now: () => core.clock.now() });
  const boards = createBoards({ core, scores, settings, participation });
  const readUpload = createUploadReader({ readAttachment: deps.readAttachment, logger: deps.logger });

  const timezoneOf = async (tenantId: number, projectId: number) => {
    const project = await core.projects.get(tenantId, projectId);
    if (!project) throw new Error(`no project ${projectId}`);
    return project.timezone;
  };
  const ingest = async (tenantId: number, projectId: number, events: readonly UsageEvent[]) =>
    ingestEvents(db, { tenantId, projectId, timezone: await timezoneOf(tenantId, projectId) }, events);

  return {
    tokens: createTokenStore(db),
    mapping: createMapping(db),
    settings,
    scores,
    participation,
    boards,
    kudos: createKudos({ db, core }),
    ingest,
    readUpload,
    timezoneOf,
    /** The scoring rules in words, for admins (`adoption rules`). */
    rulesText(t: Translate): string {
      const lines = POINT_RULES.map((r) => t("adoption.rules.line", { type: t(kindKey(r.type)), object: r.object === "*" ? t("adoption.rules.any_object") : r.object, points: r.points, cap: r.cap }));
      return [
        t("adoption.rules.head"),
        ...lines,
        t("adoption.rules.fixed", { bonus: FIRST_RECORD_BONUS, reversal: REVERSAL_HOURS, late: ON_TIME_HOURS, kudos: PARTICIPATION.kudos, kudosCap: KUDOS_PER_DAY, standup: PARTICIPATION.standup, task: PARTICIPATION.task }),
      ].join("\n");
    },
    /** A CSV (header row) or NDJSON file: every line checked first; nothing is written unless all are good. */
    async importText(tenantId: number, projectId: number, body: string, name: string): Promise<ImportOutcome> {
      const now = core.clock.now();
      const parsed = /\.(ndjson|jsonl|json)$/i.test(name) || body.trimStart().startsWith("{") || body.trimStart().startsWith("[") ? parseJsonBody(body, now) : parseCsv(body, now);
      if (parsed.tooMany) throw new UserError("adoption.import.too_many");
      if (parsed.bad.length > 0) return { received: parsed.events.length + parsed.bad.length, added: 0, duplicates: 0, bad: parsed.bad };
      return { ...(await ingest(tenantId, projectId, parsed.events)), bad: [] };
    },
  };
}

export type AdoptionFlows = ReturnType<typeof createAdoption>;
