// Importing this module registers the people texts; files of this domain translate through it, not through core.
import "./locales/index.js";

export { hasKey, t, translator, type Locale, type Translate, type Vars } from "../core/i18n.js";
