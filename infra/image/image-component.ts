// The API image: an ECR repository (scan on push, immutable tags except the build cache, a lifecycle policy)
// and the root Dockerfile built and pushed by @pulumi/docker-build. Consumers use the pushed digest, so a task
// definition always names the exact bytes that were built.
//
// No registry credentials are declared: an ECR token is new on every GetAuthorizationToken call, so an input
// derived from it differs between `pulumi preview --save-plan` and `pulumi up --plan` and the up aborts with
// "violates plan" (pulumi/pulumi#17546). Docker's own login is used instead: the workflow runs
// `aws ecr get-login-password | docker login` before the deploy, a person does the same once (infra/README.md).
import * as aws from "@pulumi/aws";
import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import {
  ecrLifecyclePolicy,
  imageBuilderName,
  imageCacheTag,
  imagePlatform,
  revisionTag,
  rollingTags,
} from "./image-plan.js";

export interface ApiImageArgs {
  readonly prefix: string;
  readonly environment: string;
  /** Full git commit of the build: its immutable `git-<commit>` tag. */
  readonly revision: string;
  /** Build context relative to the project directory (where Pulumi runs), so state and plans hold no machine path. */
  readonly context: string;
  readonly architecture: "ARM64" | "X86_64";
  readonly kmsKeyArn: pulumi.Input<string>;
}

export class ApiImage extends pulumi.ComponentResource {
  readonly repositoryUrl: pulumi.Output<string>;
  readonly repositoryArn: pulumi.Output<string>;
  /** `<repository>@sha256:<digest>` of the pushed build. */
  readonly imageRef: pulumi.Output<string>;

  constructor(name: string, args: ApiImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:image:ApiImage", name, {}, opts);
    const child = { parent: this };
    const repository = new aws.ecr.Repository(
      `${args.prefix}-api`,
      {
        name: `${args.prefix}/api`,
        imageScanningConfiguration: { scanOnPush: true },
        // Tags never move, except the two rolling tags every build rewrites (see rollingTags).
        imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters: rollingTags(args.environment).map((filter) => ({
          filter,
          filterType: "WILDCARD",
        })),
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
      },
      child,
    );
    new aws.ecr.LifecyclePolicy(
      `${args.prefix}-api-lifecycle`,
      { repository: repository.name, policy: ecrLifecyclePolicy() },
      child,
    );
    this.repositoryUrl = repository.repositoryUrl;
    this.repositoryArn = repository.arn;

    const cacheRef = pulumi.interpolate`${repository.repositoryUrl}:${imageCacheTag}`;
    const image = new dockerBuild.Image(
      `${args.prefix}-api-image`,
      {
        context: { location: args.context },
        dockerfile: { location: `${args.context}/Dockerfile` },
        platforms: [imagePlatform(args.architecture)],
        push: true,
        // Pull-request previews must not need a Docker engine; CI's own workflow builds the image on every change.
        buildOnPreview: false,
        // The environment tag moves to each new build; the revision tag stays, which keeps the digest every task
        // definition names from ever becoming untagged (and expiring) while it may still be needed.
        tags: [
          pulumi.interpolate`${repository.repositoryUrl}:${args.environment}`,
          pulumi.interpolate`${repository.repositoryUrl}:${revisionTag(args.revision)}`,
        ],
        // A docker-container builder: the `docker` driver cannot export the registry cache below.
        builder: { name: imageBuilderName },
        cacheFrom: [{ registry: { ref: cacheRef } }],
        // ECR stores registry caches only as image manifests.
        cacheTo: [{ registry: { ref: cacheRef, mode: "max", imageManifest: true, ociMediaTypes: true } }],
      },
      child,
    );
    this.imageRef = pulumi.interpolate`${repository.repositoryUrl}@${image.digest}`;
    this.registerOutputs({ repositoryUrl: this.repositoryUrl, imageRef: this.imageRef });
  }
}
