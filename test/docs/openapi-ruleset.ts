// The rules the OpenAPI document is linted with (test/docs/openapi-lint.test.ts): Spectral's OpenAPI ruleset and
// the OWASP API Security Top 10 ruleset, both in full. A rule turned off or down is listed here with its reason.
import { oas } from "@stoplight/spectral-rulesets";
import owasp from "@stoplight/spectral-owasp-ruleset";
import type { RulesetDefinition } from "@stoplight/spectral-core";

export const openApiRuleset = {
  extends: [
    [oas as RulesetDefinition, "all"],
    [owasp as unknown as RulesetDefinition, "all"],
  ],
  rules: {
    // Length, size and range limits are what stop oversized input, and every request field has them (zod max,
    // min and max on each body, query and path field; limit 1..100). These rules also demand them of what the
    // server itself writes (ids, timestamps, counts, lists it pages), where a limit would describe nothing.
    "owasp:api4:2023-string-limit": "off",
    "owasp:api4:2023-integer-limit": "off",
    "owasp:api4:2023-array-limit": "off",
    // JSON numbers carry no int32/int64 distinction here: every integer is a JavaScript number under 2^53.
    "owasp:api4:2023-integer-format": "off",
    // Signup, login, refresh and logout are the way to a token, so they cannot require one; they have their own
    // stricter per-address and per-account rate limits instead (features/auth).
    "owasp:api2:2023-write-restricted": "off",
    // CORS answers depend on the deployment's CORS_ORIGINS: most callers (server to server) never see the header.
    "owasp:api8:2023-define-cors-origin": "off",
  },
} satisfies RulesetDefinition;
