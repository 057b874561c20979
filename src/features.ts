import { adoptionFeature } from "./adoption/feature.js";
import { calendarFeature } from "./calendar/feature.js";
import { digestFeature } from "./digest/feature.js";
import { feedbackFeature } from "./feedback/feature.js";
import type { AnyFeature } from "./feature/define.js";
import { goliveFeature } from "./golive/feature.js";
import { governanceFeature } from "./governance/feature.js";
import { peopleFeature } from "./people/feature.js";
import { privacyFeature } from "./privacy/feature.js";
import { projectsFeature } from "./projects/feature.js";
import { raciFeature } from "./raci/feature.js";
import { standupsFeature } from "./standups/feature.js";
import { teamsFeature } from "./teams/feature.js";

/**
 * Every feature, in order: a feature may read those listed before it. `help` lists commands in this order.
 * Adding a domain is one folder and one line here.
 */
export const features: readonly AnyFeature[] = [peopleFeature, projectsFeature, teamsFeature, calendarFeature, standupsFeature, raciFeature, feedbackFeature, goliveFeature, adoptionFeature, governanceFeature, digestFeature, privacyFeature] as readonly AnyFeature[];
