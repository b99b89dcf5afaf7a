// A readable, self-contained HTML page rendered from the OpenAPI document: no external scripts, so it works
// under the strict Content-Security-Policy and offline.
import type { OpenApiDocument } from "../../api/openapi-document.js";

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  "x-required-role"?: string;
  responses?: Record<string, { description?: string }>;
};

export function renderDocsPage(document: OpenApiDocument): string {
  const sections = new Map<string, string[]>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, raw] of Object.entries(item as Record<string, Operation>)) {
      const operation = raw;
      const tag = operation.tags?.[0] ?? "other";
      const responses = Object.entries(operation.responses ?? {})
        .map(([status, response]) => `<li><code>${status}</code> ${escape(response.description ?? "")}</li>`)
        .join("");
      const html = `<article id="${escape(`${method}-${path}`)}"><h3><span class="method">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${escape(operation.summary ?? "")}</p>${operation.description ? `<p>${escape(operation.description)}</p>` : ""}
<p class="access">Access: <strong>${escape(operation["x-required-role"] ?? "public")}</strong></p><ul>${responses}</ul></article>`;
      sections.set(tag, [...(sections.get(tag) ?? []), html]);
    }
  }
  const body = [...sections]
    .map(([tag, items]) => `<section><h2>${escape(tag)}</h2>${items.join("\n")}</section>`)
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(document.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}article{border-top:1px solid #ddd;padding:.5rem 0}.method{font-weight:bold;color:#075}code{background:#f4f4f4;padding:0 .2rem}</style>
</head><body><h1>${escape(document.info.title)} <small>${escape(document.info.version)}</small></h1>
<p>${escape(document.info.description ?? "")} Errors are <code>application/problem+json</code> with a stable <code>code</code>.
The machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
${body}</body></html>`;
}
