// The two scripts the docs page loads, served from this origin: Redoc's standalone bundle from its npm package, and
// the few lines that start it. They are not API operations, so they live on their own router, outside OpenAPI.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import Router from "@koa/router";
import type { AppState } from "../../platform/http/app-state.js";
import { docsAssetsPath } from "./docs-page.js";

/**
 * The build copies the bundle beside the compiled module (scripts/copy-docs-renderer.mjs), so the image ships one
 * 1.1 MB file instead of the renderer's dependency tree; from source it is read from node_modules.
 */
export function rendererBundlePath(): string {
  const copied = fileURLToPath(new URL("./assets/redoc.standalone.js", import.meta.url));
  return existsSync(copied) ? copied : createRequire(import.meta.url).resolve("redoc/bundles/redoc.standalone.js");
}

/** Starts Redoc on the page's mount point with the response's style nonce. */
export const startScript = `"use strict";
(function () {
  var mount = document.getElementById("reference");
  // Redoc 2's sidebar footer always shows its vendor's logo from a CDN: this page loads nothing from another
  // origin, so an image pointing elsewhere is hidden instead of fetched (and refused by the img-src policy).
  var elsewhere = function (url) {
    return new URL(String(url), location.href).origin !== location.origin;
  };
  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    get: src.get,
    set: function (value) {
      if (elsewhere(value)) this.hidden = true;
      else src.set.call(this, value);
    }
  });
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLImageElement && name.toLowerCase() === "src" && elsewhere(value)) {
      this.hidden = true;
      return;
    }
    return setAttribute.call(this, name, value);
  };
  Redoc.init(mount.dataset.specUrl, {
    nonce: mount.dataset.styleNonce,
    expandResponses: "200,201,202",
    requiredPropsFirst: true,
    hideHostname: true,
    jsonSampleExpandLevel: 3
  }, mount);
})();
`;

export function docsAssetsRouter(): Router<AppState> {
  let bundle: Buffer | undefined;
  const router = new Router<AppState>({ prefix: docsAssetsPath });
  const script =
    (body: () => string | Buffer) => (ctx: { type: string; body: unknown; set(h: string, v: string): void }) => {
      ctx.type = "text/javascript; charset=utf-8";
      ctx.set("Cache-Control", "public, max-age=3600");
      ctx.body = body();
    };
  router.get(
    "/redoc.standalone.js",
    script(() => (bundle ??= readFileSync(rendererBundlePath()))),
  );
  router.get(
    "/docs.js",
    script(() => startScript),
  );
  return router;
}
