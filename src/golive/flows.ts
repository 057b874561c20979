import { createGoNoGo } from "./decide.js";
import type { GoliveDeps } from "./deps.js";
import { createGates } from "./gates.js";
import { createIssues } from "./issues.js";
import { createRollback } from "./rollback.js";
import { createRollbackSteps } from "./rollback-steps.js";
import type { DecisionSource } from "../core/decisions.js";
import { createWarroom } from "./warroom.js";
import { createWarroomLife } from "./warroom-life.js";

/** Everything the go-live commands reach as `services.golive`. */
export function createGoliveFlows(deps: GoliveDeps) {
  const gates = createGates(deps);
  deps.tasks.onStatusChange(gates.onStatusChange);
  deps.tasks.handleGates(gates.handler);
  const goNoGo = createGoNoGo(deps, gates);
  const warroom = createWarroom(deps);
  const issues = createIssues(deps, warroom);
  const rollbackSteps = createRollbackSteps(deps);
  deps.tasks.onStatusChange(rollbackSteps.onStatusChange);
  const rollback = createRollback(deps, warroom, rollbackSteps);
  /** Pending go/no-go votes (kind `go`) and rollback proposals (kind `rollback`) waiting for one person. */
  const decisions: DecisionSource = {
    pendingFor: async (query) => [...(await goNoGo.decisions.pendingFor(query)), ...(await rollback.pendingFor(query))],
  };
  const life = createWarroomLife(deps, warroom);
  return { gates, goNoGo, warroom, issues, rollback, rollbackSteps, life, decisions };
}

export type GoliveFlows = ReturnType<typeof createGoliveFlows>;
