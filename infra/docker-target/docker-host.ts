// The docker target's parent component: its two networks, and the one way containers and volumes are made, so
// every container gets the same labels, network, restart policy and log limits, and only the ones given
// `publish` get a port on the host (on the configured address, never all interfaces by default).
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { dockerName, environmentLabel, roleLabel, type ContainerRole } from "./naming.js";

export interface DockerHostArgs {
  readonly environment: string;
}

export interface ContainerSpec extends Omit<
  docker.ContainerArgs,
  "name" | "labels" | "networksAdvanced" | "ports" | "networkMode"
> {
  readonly role: ContainerRole;
  /** The name other containers reach it by on the private network. */
  readonly alias: string;
  /** One port published on the host: `address:external` → `internal`. */
  readonly publish?: { readonly internal: number; readonly external: number; readonly address: string };
}

export class DockerHost extends pulumi.ComponentResource {
  /** No route off the host: the data tier, the API and the monitoring talk here. */
  readonly privateNetwork: docker.Network;
  /** A plain bridge for the containers with a published port (a container only on an internal network has none). */
  readonly publishedNetwork: docker.Network;
  private readonly environment: string;

  constructor(name: string, args: DockerHostArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:docker:Host", name, {}, opts);
    this.environment = args.environment;
    const labels = this.labels("network");
    this.privateNetwork = new docker.Network(
      "private",
      { name: dockerName(args.environment, "private"), driver: "bridge", internal: true, labels },
      { parent: this },
    );
    this.publishedNetwork = new docker.Network(
      "published",
      { name: dockerName(args.environment, "published"), driver: "bridge", internal: false, labels },
      { parent: this },
    );
    this.registerOutputs({});
  }

  /** A third-party image, pulled by the digest-pinned reference; its local id is what containers run. */
  pulledImage(part: string, reference: string): pulumi.Output<string> {
    return new docker.RemoteImage(part, { name: reference, keepLocally: true }, { parent: this }).imageId;
  }

  /** A named volume; `pulumi destroy` removes it with its data. */
  volume(part: string): docker.Volume {
    return new docker.Volume(
      part,
      { name: dockerName(this.environment, part), labels: this.labels("volume") },
      { parent: this },
    );
  }

  container(part: string, spec: ContainerSpec, dependsOn: pulumi.Resource[] = []): docker.Container {
    const { role, alias, publish, ...args } = spec;
    const onPrivate = { name: this.privateNetwork.name, aliases: [alias] };
    // Docker maps published ports only through a network that is not internal: a publishing container is created
    // on the plain bridge, and joins the internal one after (the provider connects the rest before the start).
    const networks = publish ? [{ name: this.publishedNetwork.name, aliases: [alias] }, onPrivate] : [onPrivate];
    return new docker.Container(
      part,
      {
        restart: "unless-stopped",
        logDriver: "json-file",
        logOpts: { "max-size": "10m", "max-file": "3" },
        // Creation waits for a container's health check to pass (a container without one has nothing to wait for).
        wait: args.healthcheck !== undefined,
        waitTimeout: 300,
        ...args,
        name: dockerName(this.environment, part),
        labels: this.labels(role),
        networksAdvanced: networks,
        ports: publish ? [{ internal: publish.internal, external: publish.external, ip: publish.address }] : [],
        privileged: false,
      },
      // Names are fixed, and Docker refuses a second container of the same name: the old one goes first.
      { parent: this, dependsOn, deleteBeforeReplace: true },
    );
  }

  private labels(role: ContainerRole | "network" | "volume"): docker.types.input.ContainerLabel[] {
    return [
      { label: roleLabel, value: role },
      { label: environmentLabel, value: this.environment },
    ];
  }
}
