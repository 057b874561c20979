// Importing this module registers the privacy texts; files of this domain translate through it, not through core.
import "./locales/index.js";

export { t, translator, type Locale, type Translate } from "../core/i18n.js";
