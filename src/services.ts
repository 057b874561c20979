import type { Clock } from "./core/clock.js";
import type { AuditService } from "./audit/service.js";
import type { CalendarFlows } from "./calendar/flows.js";
import type { Notifier } from "./notify/notifier.js";
import type { Directory } from "./people/directory.js";
import type { PersonFinder } from "./people/find-person.js";
import type { PeopleService } from "./people/service.js";
import type { ProjectService } from "./projects/service.js";
import type { RaciFlows } from "./raci/raci.js";
import type { StandupFlows } from "./standups/standups.js";
import type { TeamService } from "./teams/service.js";
import type { TenantService } from "./tenants/service.js";

/**
 * The domain services a command reaches through its context. Commands import this type only
 * (`import type`), never the services' code.
 */
export interface Services {
  tenants: TenantService;
  people: PeopleService;
  projects: ProjectService;
  teams: TeamService;
  audit: AuditService;
  directory: Directory;
  findPerson: PersonFinder;
  notify: Notifier;
  clock: Clock;
  defaults: { locale: "zh-CN" | "en"; timezone: string };
  /** Working-day calendars, leave and per-person rules (`rulesFor`), plus `calendar import` / `calendar show`. */
  calendars: CalendarFlows;
  /** Stand-ups: answers, settings, status, stats and blockers. */
  standups: StandupFlows;
  /** RACI tasks: changes, views, the matrix, CSV import, blocker links and the nag ladder's settings. */
  raci: RaciFlows;
}
