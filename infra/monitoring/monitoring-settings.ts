// The alarms' and budget's stack settings, declared once (see config-settings.ts for how declarations become
// config, checks and the README table).
import { integer, textList } from "../config-kinds.js";
import { group } from "../config-schema.js";

export const monitoringSettings = group({
  alarmEmails: {
    key: "alarmEmails",
    description: "E-mail addresses subscribed to the alarm topic (each confirms once)",
    kind: textList({
      allowed: "e-mail addresses",
      item: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
      hint: "must be e-mail addresses",
    }),
    default: "[]",
  },
  monthlyBudgetUsd: {
    key: "monthlyBudgetUsd",
    description: "Monthly cost budget in USD, alerting at 80 % of actual and 100 % of forecast spend; 0 for none",
    kind: integer(0, 1_000_000),
  },
});
