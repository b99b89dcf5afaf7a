import { describe, expect, it } from "vitest";
import { parseSetting } from "../config.js";
import { apiSecrets, injectedSecretArns } from "./container-plan.js";
import { serviceSettings } from "./service-settings.js";
import { executionRolePolicy } from "./task-plan.js";

const arn = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}`;
const base = { jwtSecretArn: arn("jwt-AbC"), redisAuthTokenSecretArn: arn("redis-DeF"), jwtSecretPreviousArn: "" };

describe("JWT_SECRET_PREVIOUS on ECS", () => {
  it("is injected only during a rotation, and the execution role may then read exactly that secret too", () => {
    expect(Object.keys(apiSecrets(base))).toEqual(["JWT_SECRET", "REDIS_AUTH_TOKEN"]);
    const rotating = { ...base, jwtSecretPreviousArn: arn("jwt-previous-GhI") };
    expect(apiSecrets(rotating)).toEqual({
      JWT_SECRET: base.jwtSecretArn,
      JWT_SECRET_PREVIOUS: rotating.jwtSecretPreviousArn,
      REDIS_AUTH_TOKEN: base.redisAuthTokenSecretArn,
    });
    const policy = JSON.parse(
      executionRolePolicy({
        repositoryArn: "arn:aws:ecr:eu-west-1:123456789012:repository/api",
        logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/api",
        secretArns: injectedSecretArns(apiSecrets(rotating)),
        kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
        region: "eu-west-1",
      }),
    ) as { Statement: { Sid: string; Resource: string[] }[] };
    expect(policy.Statement.find((statement) => statement.Sid === "InjectedSecrets")?.Resource).toEqual(
      [base.jwtSecretArn, rotating.jwtSecretPreviousArn, base.redisAuthTokenSecretArn].sort(),
    );
  });

  it("is the stack setting jwtSecretPreviousArn: none by default, else a secret's ARN", () => {
    const setting = serviceSettings.settings.jwtSecretPreviousArn;
    expect(parseSetting(setting, () => undefined)).toEqual({ value: "" });
    expect(parseSetting(setting, () => arn("jwt-previous-GhI"))).toEqual({ value: arn("jwt-previous-GhI") });
    expect(parseSetting(setting, () => "jwt-previous")).toEqual({
      problems: ['rusty-saas:jwtSecretPreviousArn: "jwt-previous" must be none or a Secrets Manager secret ARN'],
    });
  });
});
