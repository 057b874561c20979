// Importing this module registers the digest texts; files of this domain translate through it.
import "./locales/index.js";

export { t, translator, type Locale, type Translate } from "../core/i18n.js";
