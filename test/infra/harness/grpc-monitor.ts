// A resource monitor served over gRPC, answering from the same mocks as the in-process harness, so Pulumi's own
// Node.js runner (`@pulumi/pulumi/cmd/run`, what `pulumi up` starts) can run the program here exactly as the
// language host would: same node flags, same entry point, no CLI and no cloud.
import { createRequire } from "node:module";
import { MockMonitor, type MockResourceArgs } from "@pulumi/pulumi/runtime/mocks.js";
import { mockCall, mockNewResource, type MockCloudContext } from "./mock-cloud.js";

// gRPC and protobuf are @pulumi/pulumi's own dependencies: load them from its location (the same copies its
// generated service definitions use) rather than depending on them directly.
const fromPulumi = createRequire(createRequire(import.meta.url).resolve("@pulumi/pulumi/package.json"));
const grpc = fromPulumi("@grpc/grpc-js") as GrpcModule;
const resourceRpc = fromPulumi("./proto/resource_grpc_pb.js") as { ResourceMonitorService: unknown };
const resourceProto = fromPulumi("./proto/resource_pb.js") as {
  SupportsFeatureResponse: new () => { setHassupport(value: boolean): void };
};
const emptyProto = fromPulumi("google-protobuf/google/protobuf/empty_pb.js") as { Empty: new () => unknown };

/** The part of @grpc/grpc-js used here. */
interface GrpcModule {
  Server: new () => {
    addService(service: unknown, implementation: Record<string, unknown>): void;
    bindAsync(address: string, credentials: unknown, callback: (error: Error | null, port: number) => void): void;
    tryShutdown(callback: () => void): void;
  };
  ServerCredentials: { createInsecure(): unknown };
}

/** Features the fake monitor admits; callbacks-based ones (transforms, hooks) would need a callback server. */
const supportedFeatures = new Set(["secrets", "resourceReferences", "deletedWith", "aliasSpecs"]);

export interface GrpcMonitor {
  readonly address: string;
  readonly registered: MockResourceArgs[];
  close(): Promise<void>;
}

type Handler = (
  call: { request: { getId?(): string } },
  callback: (error: unknown, response?: unknown) => void,
) => void;

export async function startGrpcMonitor(context: MockCloudContext): Promise<GrpcMonitor> {
  const registered: MockResourceArgs[] = [];
  const mock = new MockMonitor({
    newResource: (args) => {
      registered.push(args);
      return mockNewResource(args, context);
    },
    call: (args) => mockCall(args, context),
  });
  const empty: Handler = (_call, callback) => callback(null, new emptyProto.Empty());
  const handlers: Record<string, Handler> = {
    supportsFeature: (call, callback) => {
      const response = new resourceProto.SupportsFeatureResponse();
      response.setHassupport(supportedFeatures.has(call.request.getId?.() ?? ""));
      callback(null, response);
    },
    registerResource: (call, callback) => void mock.registerResource(call.request, callback),
    invoke: (call, callback) => void mock.invoke(call.request, callback),
    registerPackage: (call, callback) => mock.registerPackage(call.request, callback),
    registerResourceOutputs: empty,
    signalAndWaitForShutdown: empty,
  };
  const server = new grpc.Server();
  server.addService(resourceRpc.ResourceMonitorService, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    registered,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
