import type { AnySection } from "../model.js";
import { adoptionSection } from "./adoption.js";
import { decisionsSection } from "./decisions.js";
import { deliverySection } from "./delivery.js";
import { feedbackSection } from "./feedback.js";
import { goliveSection } from "./golive.js";
import { governanceSection } from "./governance.js";
import { standupsSection } from "./standups.js";
import { statusSection } from "./status.js";

/**
 * The digest's sections, most important first. A new one is one file in this folder and one line
 * here: it reads its feature through `scope.sources.read("feedback")` and says nothing when that is null.
 */
export const sections: readonly AnySection[] = [statusSection, decisionsSection, goliveSection, deliverySection, standupsSection, adoptionSection, governanceSection, feedbackSection];
