/** One CSV record and the (1-based) line of the text it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number; problem: "unterminated_quote" };

/**
 * Parses CSV text as RFC 4180 describes it: fields separated by a delimiter, records by CRLF or LF, a field
 * in double quotes may hold delimiters, line breaks and `""` for a quote. Lenient where spreadsheets are: a
 * BOM is dropped, a quote inside an unquoted field is kept as it is, blank lines are skipped. The delimiter
 * is a comma unless the first line has tabs and no commas (cells pasted from a spreadsheet).
 */
export function parseCsv(input: string): CsvResult {
  const text = input.replace(/^\uFEFF/, "");
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteStart = 1;
  let fieldStarted = false;

  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0]?.trim() !== "") records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    fieldStarted = false;
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      quoteStart = line;
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = "";
      fieldStarted = false;
      continue;
    }
    if (ch === "\r" && text[i + 1] === "\n") continue;
    if (ch === "\n" || ch === "\r") {
      endRecord();
      line++;
      recordLine = line;
      continue;
    }
    field += ch;
    if (ch !== " " && ch !== "\t") fieldStarted = true;
    else if (!fieldStarted) field = field.trimStart();
  }
  if (quoted) return { ok: false, line: quoteStart, problem: "unterminated_quote" };
  if (field !== "" || fields.length > 0) endRecord();
  return { ok: true, records };
}
