// The dashboard at the boundary: one count per case status, task figures, recent case and task activity.
import { z } from "../../api/openapi-zod.js";
import { caseStatuses, type CaseStatus } from "../cases/index.js";

const countPerStatus = Object.fromEntries(caseStatuses.map((status) => [status, z.number().int()]));

export const dashboardView = z
  .object({
    casesByStatus: z.object(countPerStatus as Record<CaseStatus, z.ZodNumber>),
    openTasks: z.number().int().openapi({ description: "Tasks not done, in live cases" }),
    overdueTasks: z.number().int().openapi({ description: "Open tasks whose due date has passed" }),
    recentActivity: z
      .array(
        z.object({
          action: z.string(),
          targetType: z.string(),
          targetId: z.uuid().nullable(),
          actorId: z.uuid().nullable(),
          occurredAt: z.string(),
        }),
      )
      .openapi({ description: "The latest 10 audit events" }),
    generatedAt: z.string().openapi({
      description: "When these figures were computed (they may be served from the cache for up to a minute)",
    }),
  })
  .openapi("Dashboard");

export type DashboardView = z.infer<typeof dashboardView>;
