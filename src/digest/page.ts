import { translator } from "./i18n.js";
import { esc } from "./html.js";
import type { DigestContent, RenderScope } from "./model.js";

const STYLE = `
  body { font-family: "Noto Sans SC", "WenQuanYi Micro Hei", "PingFang SC", system-ui, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
  main { max-width: 760px; margin: 0 auto; padding: 16px; }
  header h1 { font-size: 1.4rem; margin: 0 0 4px; }
  header p { margin: 0 0 16px; color: #57606a; }
  section { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 12px 16px; margin-bottom: 12px; }
  h2 { font-size: 1.1rem; margin: 0 0 8px; }
  .rag { font-size: 1.2rem; font-weight: bold; }
  .dot { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; margin-right: 0.4em; vertical-align: -0.05em; }
  .dot-red { background: #cf222e; } .dot-amber { background: #d4a72c; } .dot-green { background: #2da44e; }
  table { border-collapse: collapse; margin-bottom: 8px; }
  th { text-align: left; padding: 2px 12px 2px 0; font-weight: normal; color: #57606a; }
  td { padding: 2px 0; }
  figure.chart { margin: 8px 0; }
  figure.chart svg { max-width: 100%; height: auto; }
  summary { cursor: pointer; }
  code { font-size: 0.85rem; background: #eff1f3; padding: 1px 4px; border-radius: 4px; }
  small { color: #57606a; }
  footer { color: #57606a; font-size: 0.85rem; }
`;

/** The web report: the digest's content as one read-only page, no JavaScript, readable on a phone, in the reader's language. */
export async function reportPage(content: DigestContent, expiresAt: Date): Promise<string> {
  const { scope } = content;
  const t = translator(scope.locale);
  const render: RenderScope = { locale: scope.locale, t, previous: scope.previous, images: false };
  const parts: string[] = [];
  for (const { section, data } of content.sections) parts.push(await section.html(data, render));
  const title = t("digest.title", { project: scope.project.name, from: scope.week.from, to: scope.week.to });
  return `<!doctype html>
<html lang="${esc(scope.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><h1>${esc(title)}</h1><p>${esc(t("digest.page.as_of", { at: scope.now.toISOString().slice(0, 16).replace("T", " ") }))}</p></header>
${parts.join("\n")}
<footer>${esc(t("digest.page.footer", { date: expiresAt.toISOString().slice(0, 10) }))}</footer>
</main>
</body>
</html>
`;
}
