import "./i18n.js"; // registers the texts these keys name

/** What each kind of points is called (`adoption me`, the rules, the weekly post). */
export const KIND_KEYS: Readonly<Record<string, string>> = {
  login: "adoption.kind.login",
  record_created: "adoption.kind.record_created",
  record_updated: "adoption.kind.record_updated",
  record_deleted: "adoption.kind.record_deleted",
  activity_logged: "adoption.kind.activity_logged",
  report_generated: "adoption.kind.report_generated",
  first_record: "adoption.kind.first_record",
  kudos: "adoption.kind.kudos",
  standup: "adoption.kind.standup",
  task: "adoption.kind.task",
};

/** Why a line of events was refused, in people's words. */
export const BAD_LINE_KEYS: Readonly<Record<string, string>> = {
  field: "adoption.bad.field",
  future: "adoption.bad.future",
  type: "adoption.bad.type",
  json: "adoption.bad.json",
  not_object: "adoption.bad.not_object",
  header: "adoption.bad.header",
};

export const kindKey = (kind: string): string => KIND_KEYS[kind] ?? "adoption.kind.record_created";
export const badLineKey = (reason: string): string => BAD_LINE_KEYS[reason] ?? "adoption.bad.field";
