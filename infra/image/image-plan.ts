// Image decisions: the cache tag, the build platform, and how long ECR keeps what.

/** Tag of the BuildKit registry cache. */
export const imageCacheTag = "cache";

/**
 * The two rolling tags that may move: the build cache and the environment's current build. Deploys never use a
 * tag (task definitions name the digest); every other tag, such as a release tag pushed by hand, is immutable.
 */
export function rollingTags(environment: string): string[] {
  return [imageCacheTag, environment];
}

export function imagePlatform(architecture: "ARM64" | "X86_64"): "linux/arm64" | "linux/amd64" {
  return architecture === "ARM64" ? "linux/arm64" : "linux/amd64";
}

/**
 * Untagged layers (superseded builds) go after 14 days, giving a rollback window; otherwise the newest 30
 * images stay. The cache image is exempt: losing it only slows the next build, but keeping it is cheap.
 */
export function ecrLifecyclePolicy(): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: "Expire untagged images after 14 days",
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: "Keep the newest 30 images",
        selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 30 },
        action: { type: "expire" },
      },
    ],
  });
}

/** `123.dkr.ecr.eu-west-1.amazonaws.com/name/api` → `123.dkr.ecr.eu-west-1.amazonaws.com`. */
export function registryHost(repositoryUrl: string): string {
  return repositoryUrl.split("/")[0] ?? repositoryUrl;
}
