// Every drill `npm run drill` knows, by name.
import type { Drill } from "./drill-definition.js";
import { dumpRestoreDrill } from "./dump-restore-drill.js";
import { pitrDrill } from "./pitr-drill.js";
import { promoteDrill } from "./promote-drill.js";
import { tenantRestoreDrill } from "./tenant-restore-drill.js";

export const drills: Drill[] = [pitrDrill, dumpRestoreDrill, promoteDrill, tenantRestoreDrill];

export const drillNames = drills.map((drill) => drill.name);
