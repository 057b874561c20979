import { Buffer } from "node:buffer";

/** One file part of a multipart/form-data body, as a fake platform received it. */
export interface ReceivedFile {
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** Parses a multipart/form-data body (undici's parser behind Response.formData): text fields and file parts. */
export async function parseMultipart(body: Buffer, contentType: string): Promise<{ fields: Record<string, string>; files: ReceivedFile[] }> {
  const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
  const fields: Record<string, string> = {};
  const files: ReceivedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") fields[field] = value;
    else files.push({ field, filename: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  return { fields, files };
}
