// Rusty SaaS on AWS, one stack per environment (Pulumi.<stack>.yaml holds every difference). Deploys:
// - one AWS provider carrying the default tags (Project, Environment, Owner, CostCenter)
// - network: VPC over the configured zones, public / private / isolated subnets, NAT, VPC endpoints, flow logs
// - secrets: the stack's KMS key and the JWT signing secret in Secrets Manager
// - database: RDS PostgreSQL 16 primary (PITR, Multi-AZ by config) and read replicas, RDS-managed password
// - cache: ElastiCache Valkey with TLS, encryption at rest and an auth token in Secrets Manager
import * as aws from "@pulumi/aws";
import { createAwsProvider } from "./aws-provider.js";
import { assertZonesAvailable, loadInfraConfig } from "./config.js";
import { Cache } from "./data/cache-component.js";
import { Database } from "./data/database-component.js";
import { namePrefix } from "./naming.js";
import { Network } from "./network/network-component.js";
import { Secrets } from "./secrets/secrets-component.js";

const config = loadInfraConfig();
const prefix = namePrefix(config.environment);
const provider = createAwsProvider(config);
const inStack = { providers: [provider] };

const zones = await aws.getAvailabilityZones({ state: "available" }, { provider });
assertZonesAvailable(config, zones.names);

const network = new Network("network", { prefix, region: config.region, settings: config.network, zoneNames: zones.names }, inStack);
const secrets = new Secrets("secrets", { prefix, environment: config.environment, protect: config.protectStatefulResources }, inStack);
const database = new Database("database", {
  prefix,
  settings: config.database,
  vpcId: network.vpcId,
  subnetIds: network.isolatedSubnetIds,
  zoneNames: network.zoneNames,
  serviceSecurityGroupId: network.serviceSecurityGroupId,
  kmsKeyArn: secrets.kmsKeyArn,
  logRetentionDays: config.logRetentionDays,
  protect: config.protectStatefulResources,
}, inStack);
const cache = new Cache("cache", {
  prefix,
  environment: config.environment,
  settings: config.cache,
  vpcId: network.vpcId,
  subnetIds: network.isolatedSubnetIds,
  serviceSecurityGroupId: network.serviceSecurityGroupId,
  kmsKeyArn: secrets.kmsKeyArn,
  logRetentionDays: config.logRetentionDays,
  protect: config.protectStatefulResources,
}, inStack);

// Stack outputs: addresses and ARNs only, never a secret value.
export const vpcId = network.vpcId;
export const privateSubnetIds = network.privateSubnetIds;
export const databaseEndpoint = database.address;
export const databaseReplicaEndpoints = database.replicaAddresses;
export const databaseMasterSecretArn = database.masterSecretArn;
export const cacheEndpoint = cache.primaryEndpoint;
export const cacheAuthTokenSecretArn = cache.authTokenSecretArn;
export const jwtSecretArn = secrets.jwtSecretArn;
export const kmsKeyArn = secrets.kmsKeyArn;
