/** Tables of RACI tasks and their history (migrations/0003_raci.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RaciTables {}
