/** Tables of calendars, leave, stand-ups and blockers (migrations/0002_standups.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StandupTables {}
