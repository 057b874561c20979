/**
 * Who owns the runtime's own tables (features declare theirs in `tables` / `sharedTables`). Only the owning folder
 * writes a table; a private one is read only there too, a shared one may be read (joined for a name) by anyone.
 * test/architecture.test.ts enforces it.
 */
export const CORE_TABLE_OWNERS: Readonly<Record<string, { owner: string; shared: boolean }>> = {
  tenants: { owner: "src/tenants", shared: true },
  deliveries: { owner: "src/notify", shared: false },
  audit_log: { owner: "src/audit", shared: false },
  inbound_keys: { owner: "src/core", shared: false },
  pending_replies: { owner: "src/core", shared: false },
  claims: { owner: "src/schedule", shared: false },
  scheduler_state: { owner: "src/schedule", shared: false },
  guided_conversations: { owner: "src/conversations", shared: false },
  groups: { owner: "src/notify", shared: false },
  media: { owner: "src/notify", shared: false },
  media_uploads: { owner: "src/notify", shared: false },
};
