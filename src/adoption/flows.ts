import type { AttachmentReader } from "../core/attachments.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { RaciReads } from "../raci/feature.js";
import { createUploadReader } from "../raci/upload.js";
import type { CoreServices } from "../services.js";
import type { StandupReads } from "../standups/standups.js";
import { createBoards } from "./board.js";
import { MAX_EVENTS, parseCsv, parseJsonBody, type BadLine, type UsageEvent } from "./events.js";
import { ingestEvents, type IngestOutcome } from "./ingest.js";
import { createKudos } from "./kudos.js";
import { createMapping } from "./mapping.js";
import { importMappings } from "./mapping-csv.js";
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

  const mapping = createMapping(db);

  return {
    tokens: createTokenStore(db),
    mapping,
    /** `adoption map` with a CSV of crm_user,person: all or nothing. */
    importMappings: (tenantId: number, text: string) => importMappings({ mapping, findPerson: core.findPerson }, tenantId, text),
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
    /**
     * A CSV (header row), NDJSON or JSON-array file of any length (the command line, an upload in chat): every line
     * is checked first and nothing is written unless all are good; then it is written in batches of 10,000.
     */
    async importText(tenantId: number, projectId: number, body: string, name: string): Promise<ImportOutcome> {
      const now = core.clock.now();
      const json = /\.(ndjson|jsonl|json)$/i.test(name) || /^\s*[[{]/.test(body);
      const parsed = json ? parseJsonBody(body, now, Number.POSITIVE_INFINITY) : parseCsv(body, now, Number.POSITIVE_INFINITY);
      if (parsed.bad.length > 0) return { received: parsed.events.length + parsed.bad.length, added: 0, duplicates: 0, bad: parsed.bad };
      const total: ImportOutcome = { received: 0, added: 0, duplicates: 0, bad: [] };
      for (let i = 0; i < parsed.events.length; i += MAX_EVENTS) {
        const part = await ingest(tenantId, projectId, parsed.events.slice(i, i + MAX_EVENTS));
        total.received += part.received;
        total.added += part.added;
        total.duplicates += part.duplicates;
      }
      return total;
    },
  };
}

export type AdoptionFlows = ReturnType<typeof createAdoption>;
