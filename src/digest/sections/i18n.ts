// The sections translate through the digest's texts; importing this registers them.
import "../locales/index.js";

export { translator, type Translate } from "../../core/i18n.js";
