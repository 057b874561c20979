// Importing this module registers the governance texts; files of this domain translate through it, not through core.
import "./locales/index.js";

export { translator, type Locale, type Translate } from "../core/i18n.js";
