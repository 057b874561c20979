import { defineCommand, type CommandSpec } from "../core/command.js";
import type { Services } from "../services.js";

/** Declares a command whose context carries the domain services. */
export function command<A>(spec: CommandSpec<A, Services>): CommandSpec<A, Services> {
  return defineCommand(spec);
}
