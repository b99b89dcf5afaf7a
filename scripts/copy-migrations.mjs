// Part of `npm run build`: tsc emits only JavaScript, but the migration runner resolves its SQL files next to the
// compiled module (dist/app/migrations), so the image and `npm run start:prod` need them copied there.
// The target is replaced, not merged, so a migration deleted from app/ cannot linger in dist/ and be applied.
import { cpSync, rmSync } from "node:fs";
import path from "node:path";
import process from "node:process";

const outDir = process.argv[2] ?? "dist";
const source = path.join("app", "migrations");
const target = path.join(outDir, "app", "migrations");

rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true, filter: (file) => !path.basename(file).startsWith(".") });
