import { createGoNoGo } from "./decide.js";
import type { GoliveDeps } from "./deps.js";
import { createGates } from "./gates.js";
import { createIssues } from "./issues.js";
import { createWarroom } from "./warroom.js";

/** Everything the go-live commands reach as `services.golive`. */
export function createGoliveFlows(deps: GoliveDeps) {
  const gates = createGates(deps);
  deps.tasks.onStatusChange(gates.onStatusChange);
  const goNoGo = createGoNoGo(deps, gates);
  const warroom = createWarroom(deps);
  const issues = createIssues(deps, warroom);
  return { gates, goNoGo, warroom, issues };
}

export type GoliveFlows = ReturnType<typeof createGoliveFlows>;
