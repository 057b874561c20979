import type { Clock } from "./core/clock.js";
import type { DecisionBoard } from "./core/decisions.js";
import type { PersonalDataRegistry } from "./core/personal-data.js";
import type { AuditService } from "./audit/service.js";
import type { GuidedConversationStore } from "./conversations/store.js";
import type { Notifier } from "./notify/notifier.js";
import type { Directory } from "./people/directory.js";
import type { PersonFinder } from "./people/find-person.js";
import type { PeopleService } from "./people/service.js";
import type { ProjectService } from "./projects/service.js";
import type { TeamService } from "./teams/service.js";
import type { TenantService } from "./tenants/service.js";

/** The services every feature and command may use, built by the composition root before any feature. */
export interface CoreServices {
  tenants: TenantService;
  people: PeopleService;
  projects: ProjectService;
  teams: TeamService;
  audit: AuditService;
  directory: Directory;
  findPerson: PersonFinder;
  notify: Notifier;
  clock: Clock;
  conversations: GuidedConversationStore;
  /** What waits for someone's decision, across features (`decision list`, the sponsor digest). */
  decisions: DecisionBoard;
  /** What every owner of tables keeps about a person (`privacy export|erase|retention`). */
  personalData: PersonalDataRegistry;
  defaults: { locale: "zh-CN" | "en"; timezone: string };
}

/**
 * What features add under their name (`services.standups`, `services.raci` …). Each feature declares its entry
 * next to its feature object with a module augmentation, so adding a feature edits no central file:
 * `declare module "../services.js" { interface FeatureServices { standups: StandupFlows } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FeatureServices {}

/**
 * The services a command reaches through its context. Commands import this type only (`import type`), never
 * the services' code.
 */
export type Services = CoreServices & FeatureServices;
