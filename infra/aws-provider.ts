// The one AWS provider every resource is created with: explicit region and default tags, so nothing falls back
// to ambient credentials' region or goes untagged.
import * as aws from "@pulumi/aws";
import type { InfraConfig } from "./config.js";
import { defaultTags, namePrefix } from "./naming.js";

export function createAwsProvider(config: InfraConfig): aws.Provider {
  return new aws.Provider(namePrefix(config.environment), {
    region: config.region as aws.Region,
    defaultTags: { tags: defaultTags(config) },
  });
}
