// The one AWS provider every resource is created with: explicit region and default tags, so nothing falls back
// to ambient credentials' region or goes untagged.
import * as aws from "@pulumi/aws";
import type { StackWideSettings } from "./config.js";
import { defaultTags, namePrefix } from "./naming.js";

export function createAwsProvider(settings: StackWideSettings): aws.Provider {
  return new aws.Provider(namePrefix(settings.environment), {
    region: settings.region as aws.Region,
    defaultTags: { tags: defaultTags(settings) },
  });
}
