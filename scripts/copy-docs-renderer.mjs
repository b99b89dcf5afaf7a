// Part of `npm run build`: the API reference page (/api/v1/docs) serves Redoc's standalone bundle from this origin.
// Copying that one file beside the compiled docs feature lets the image ship it without the renderer's dependency
// tree (redoc is a dev dependency); app/features/docs/docs-assets.ts reads it from there.
import { cpSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import process from "node:process";

const outDir = process.argv[2] ?? "dist";
const bundle = createRequire(import.meta.url).resolve("redoc/bundles/redoc.standalone.js");
const target = path.join(outDir, "app", "features", "docs", "assets");

mkdirSync(target, { recursive: true });
cpSync(bundle, path.join(target, "redoc.standalone.js"));
