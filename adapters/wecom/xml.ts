import { XMLParser, XMLValidator } from "fast-xml-parser";

// The callback's inner message is XML (https://developer.work.weixin.qq.com/document/path/90239 and /90240).
// No DTD is ever legitimate there, so a document type or entity declaration anywhere refuses the payload
// before any parser sees it (XXE, billion laughs), and the parser itself never processes entities.

/** A callback body that is not the small, flat, DTD-free XML WeCom sends. */
export class XmlRefused extends Error {
  override readonly name = "XmlRefused";
}

const DECLARATION = /<!DOCTYPE|<!ENTITY/i;

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false, // MsgId is a 64-bit number: keep every value a string
  trimValues: true,
});

/** True when the text declares a DTD or an entity anywhere (even inside CDATA: refused outright). */
export function declaresDtd(xml: string): boolean {
  return DECLARATION.test(xml);
}

/** The string children of the `<xml>` root; nested elements (e.g. SelectedItems) are left out. Throws XmlRefused. */
export function parseWecomXml(xml: string): Record<string, string> {
  if (declaresDtd(xml)) throw new XmlRefused("a DTD or entity declaration is not allowed");
  let parsed: unknown;
  try {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw new XmlRefused(`malformed XML: ${valid.err.msg}`);
    parsed = parser.parse(xml);
  } catch (error) {
    throw error instanceof XmlRefused ? error : new XmlRefused(`unreadable XML: ${error instanceof Error ? error.message : "parse error"}`);
  }
  const root = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).xml : undefined;
  if (typeof root !== "object" || root === null) throw new XmlRefused("the root element is not <xml>");
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root)) {
    if (typeof value === "string") fields[name] = value;
    else if (typeof value === "number" || typeof value === "boolean") fields[name] = String(value);
  }
  return fields;
}
