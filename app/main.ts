// Process entry point (the image's CMD runs dist/app/main.js). Before anything else is loaded it turns on Node's
// module compile cache from the folder the build wrote beside the compiled code (scripts/write-compile-cache.mjs):
// V8's code for the API's ~650 modules is read instead of compiled, which takes ~0.1 s off a start (decision
// 0101). The cache is only read here: the image's folder is read-only, and an entry Node cannot use (another
// Node version, a changed file) is compiled as if there were no cache. Then serve.ts does the work.
import { existsSync } from "node:fs";
import module from "node:module";
import { fileURLToPath } from "node:url";

const compileCache = fileURLToPath(new URL("../compile-cache", import.meta.url));
// Node 22.1+ has the cache; the portable option (paths relative to the cache, so that a cache written in the
// build stage's /src serves /app) needs 24.12. From TypeScript (tsx) there is no such folder.
if (typeof module.enableCompileCache === "function" && existsSync(compileCache)) {
  try {
    module.enableCompileCache({ directory: compileCache, portable: true });
  } catch {
    // A Node whose enableCompileCache takes only a folder name: start without the cache, as the cache is optional.
  }
}

const { serve } = await import("./serve.js");
await serve();
