// Image decisions: the cache tag, the build platform, and how long ECR keeps what.

/** Tag of the BuildKit registry cache. */
export const imageCacheTag = "cache";

/** Prefix of the immutable per-build tag; the lifecycle policy counts exactly these. */
export const revisionTagPrefix = "git-";
/** Superseded builds kept (by count, never by age): rollback targets and long-running tasks' digests. */
export const keptBuilds = 30;

/** `git-<full commit>`: immutable, so the digest a task definition names stays tagged and is never expired by age. */
export function revisionTag(revision: string): string {
  if (!/^[0-9a-f]{40}$/.test(revision)) throw new RangeError(`not a full git commit: ${JSON.stringify(revision)}`);
  return `${revisionTagPrefix}${revision}`;
}

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
 * Every build carries its `git-<commit>` tag for good, so a rolled-back or long-running task's digest stays
 * tagged: the newest 30 of those are kept however old they are. Only then may untagged images go (after 14
 * days): superseded cache manifests and interrupted pushes, never a deployed build. The `cache` tag matches no
 * rule (only `git-` images are counted), so the build cache is never expired; the environment tag always sits on
 * the newest build, inside the 30.
 */
export function ecrLifecyclePolicy(): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Keep the newest ${keptBuilds} builds (${revisionTagPrefix}<commit> tags)`,
        selection: {
          tagStatus: "tagged",
          tagPrefixList: [revisionTagPrefix],
          countType: "imageCountMoreThan",
          countNumber: keptBuilds,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: "Expire untagged images (old cache manifests, interrupted pushes) after 14 days",
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
        action: { type: "expire" },
      },
    ],
  });
}

/**
 * The buildx builder the image is built with. Exporting a registry cache (`cacheTo`) needs the docker-container
 * driver (docker/buildx#701; Docker's default `docker` driver refuses cache export unless the daemon runs the
 * containerd image store), so the program names a builder the workflow creates with that driver and a person
 * creates once with `docker buildx create --name rusty-saas --driver docker-container` (infra/README.md).
 */
export const imageBuilderName = "rusty-saas";
