// The HTML shell of /api/v1/docs: Redoc (served from this origin, see docs-assets.ts) renders the OpenAPI document
// into it. The page carries no inline script or style: its own Content-Security-Policy (below) allows scripts from
// this origin only, and styles from this origin plus the ones Redoc injects, which carry this response's nonce.
// Why Redoc, and what each CSP source is for: runbooks/decisions/0120-api-reference-renderer.md.
import { apiPrefix } from "../../api/api-router.js";

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export const docsAssetsPath = `${apiPrefix}/docs/assets`;

/**
 * Inline `<style>` elements Redoc's bundle adds as it loads, before it knows the nonce (its scrollbar CSS, and the
 * same element while still empty). Tied to the pinned bundle: the browser test fails on a violation if they drift.
 */
const rendererStyleHashes = [
  "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
  "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
];

/** The docs page's policy: stricter than the API's default on styles (no 'unsafe-inline'), plus a blob: worker. */
export function docsContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    "base-uri 'self'",
    "connect-src 'self'",
    "font-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "script-src 'self'",
    "script-src-attr 'none'",
    `style-src 'self' 'nonce-${nonce}' ${rendererStyleHashes.join(" ")}`,
    // Redoc's search index runs in a worker it creates from a blob: URL of its own code.
    "worker-src blob:",
    "upgrade-insecure-requests",
  ].join("; ");
}

export function renderDocsPage(title: string, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<link rel="icon" href="data:,">
</head>
<body>
<div id="reference" data-spec-url="${apiPrefix}/openapi.json" data-style-nonce="${escape(nonce)}"></div>
<noscript>${escape(title)}: this reference needs JavaScript. The OpenAPI document is at
<a href="${apiPrefix}/openapi.json">${apiPrefix}/openapi.json</a>.</noscript>
<script src="${docsAssetsPath}/redoc.standalone.js"></script>
<script src="${docsAssetsPath}/docs.js"></script>
</body>
</html>
`;
}
