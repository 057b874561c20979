import type { GateCategory } from "./schema.js";

/** One gate item as the checklist and the go/no-go read it. */
export interface GateItem {
  taskId: string;
  key: string;
  title: string;
  category: GateCategory;
  status: string;
  dueDate: string | null;
  evidence: string | null;
  owners: string[];
  /** Done and evidenced: the only state that counts as ticked. */
  passed: boolean;
}

export interface GateStatus {
  items: GateItem[];
  /** Gate items that count (cancelled ones do not). */
  total: number;
  passed: number;
  open: GateItem[];
  byCategory: { category: GateCategory; total: number; passed: number }[];
}

