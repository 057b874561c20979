/** The CRM event types the endpoint accepts; anything else is refused. */
export const EVENT_TYPES = ["login", "record_created", "record_updated", "record_deleted", "activity_logged", "report_generated"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Types that name a record: they need `object` and `record_id`. */
export const RECORD_TYPES: ReadonlySet<string> = new Set(["record_created", "record_updated", "record_deleted"]);

/** Points per type and object (`*`: any other object). Shown to admins by `adoption rules`, to nobody else. */
export interface PointRule {
  type: EventType;
  object: string;
  points: number;
  /** Awards per person, type and day (0: no cap). */
  cap: number;
}

export const POINT_RULES: readonly PointRule[] = [
  { type: "record_created", object: "account", points: 3, cap: 20 },
  { type: "record_created", object: "opportunity", points: 3, cap: 20 },
  { type: "record_created", object: "quote", points: 3, cap: 20 },
  { type: "record_created", object: "*", points: 2, cap: 20 },
  { type: "record_updated", object: "*", points: 1, cap: 10 },
  { type: "activity_logged", object: "visit", points: 3, cap: 15 },
  { type: "activity_logged", object: "*", points: 2, cap: 15 },
  { type: "report_generated", object: "*", points: 1, cap: 2 },
];

/** The one-time bonus for a person's first complete record of each object type. */
export const FIRST_RECORD_BONUS = 5;
/** A record deleted within this many hours of its creation loses its points (and its bonus). */
export const REVERSAL_HOURS = 24;
/** An activity logged more than this many hours after it happened (`related_at`) earns nothing. */
export const ON_TIME_HOURS = 24;
/** How far ahead of the server's clock an event may claim to have happened. */
export const FUTURE_SLACK_MS = 15 * 60_000;

/** Participation points from the bot itself. */
export const PARTICIPATION = { kudos: 1, standup: 1, task: 2 } as const;
/** Kudos a person may give per day. */
export const KUDOS_PER_DAY = 5;

/** Badges, earned once per person: the week's post names those earned that week. */
export const VISITS_BADGE = 10;
