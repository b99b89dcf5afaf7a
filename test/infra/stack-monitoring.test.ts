// Whole-stack tests, monitoring: alarms → SNS → runbooks, dashboard, Prometheus workspace, budget, outputs.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadRuleFiles } from "../../infra/monitoring/prometheus-plan.js";
import { apiJob } from "../../monitoring/slo/slo-spec.js";
import { container, envOf } from "./harness/task-queries.js";
import { recordedStack, stackNames } from "./harness/recorded-stacks.js";
import { repoRoot } from "./harness/stack-harness.js";
import { input, ofType, one, parseJson, sourcesOf } from "./harness/stack-queries.js";

const alarmType = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe.each(stackNames)("%s stack: monitoring", (stack) => {
  const prefix = `rusty-saas-${stack}`;
  const albName = `rusty-${stack}-alb`;
  const topicArn = `arn:aws:sns:eu-west-1:123456789012:${prefix}-alarms`;

  it("sends alarms to an SNS topic with the configured e-mail subscribers, which CloudWatch, Budgets and AMP may publish to", async () => {
    const run = await recordedStack(stack);
    const subscriptions = ofType(run, "aws:sns/topicSubscription:TopicSubscription").map((s) => [
      input(s, "protocol"),
      input(s, "endpoint"),
      input(s, "topic"),
    ]);
    const emails = JSON.parse(run.config["rusty-saas:alarmEmails"] ?? "[]") as string[];
    expect(subscriptions).toEqual(emails.map((email) => ["email", email, topicArn]));
    const policy = parseJson(
      input(one(run, "aws:sns/topicPolicy:TopicPolicy", `${prefix}-alarms-policy`), "policy"),
    ) as {
      Statement: { Principal: { Service: string }; Condition: unknown }[];
    };
    expect(policy.Statement.map((s) => s.Principal.Service).sort()).toEqual([
      "aps.amazonaws.com",
      "budgets.amazonaws.com",
      "cloudwatch.amazonaws.com",
    ]);
    for (const statement of policy.Statement)
      expect(statement.Condition).toEqual({ StringEquals: { "aws:SourceAccount": "123456789012" } });
  });

  it("wires every alarm to the topic and names an existing runbook page in its description", async () => {
    const run = await recordedStack(stack);
    const alarms = ofType(run, alarmType);
    expect(alarms.length).toBeGreaterThan(20);
    for (const alarm of alarms) {
      expect(input(alarm, "alarmActions"), alarm.name).toEqual([topicArn]);
      expect(input(alarm, "okActions")).toEqual([topicArn]);
      const runbook = /Runbook: (runbooks\/alerts\/[A-Za-z0-9]+\.md)$/.exec(
        input<string>(alarm, "alarmDescription"),
      )?.[1];
      expect(runbook, alarm.name).toBeDefined();
      expect(existsSync(path.join(repoRoot, runbook!)), runbook).toBe(true);
      expect(input(alarm, "name")).toBe(alarm.name);
    }
  });

  it("covers the load balancer, the service, every database instance and every cache node", async () => {
    const run = await recordedStack(stack);
    const alarms = ofType(run, alarmType);
    const names = alarms.map((a) => a.name);
    for (const key of [
      "ApiHigh5xxRatio",
      "ApiHighLatencyP99",
      "ApiNoHealthyTargets",
      "ApiRejectedConnections",
      "ApiTasksBelowDesired",
      "ApiCpuHigh",
      "ApiMemoryHigh",
    ])
      expect(names).toContain(`${prefix}-${key}`);
    const instances = ofType(run, "aws:rds/instance:Instance");
    for (const instance of instances) {
      const id = input<string>(instance, "identifier");
      const onInstance = alarms
        .filter((a) => input<Record<string, string> | undefined>(a, "dimensions")?.DBInstanceIdentifier === id)
        .map((a) => a.name.replace(`${prefix}-`, "").split("-")[0]);
      const replica = input(instance, "replicateSourceDb") !== undefined;
      expect(onInstance.sort(), id).toEqual([
        "DatabaseConnectionsHigh",
        "DatabaseCpuHigh",
        "DatabaseFreeStorageLow",
        "DatabaseFreeableMemoryLow",
        "DatabaseReadLatencyHigh",
        ...(replica ? ["DatabaseReplicaLagHigh"] : []),
        "DatabaseTransactionIdsHigh",
        "DatabaseWriteLatencyHigh",
      ]);
    }
    const nodeCount = Number(input(one(run, "aws:elasticache/replicationGroup:ReplicationGroup"), "numCacheClusters"));
    const cacheNodes = new Set(
      alarms.map((a) => input<Record<string, string> | undefined>(a, "dimensions")?.CacheClusterId).filter(Boolean),
    );
    expect([...cacheNodes].sort()).toEqual(Array.from({ length: nodeCount }, (_, i) => `${prefix}-cache-00${i + 1}`));
  });

  it("computes the 5xx ratio from target and load-balancer 5xx over the requests routed to the API's target group", async () => {
    const run = await recordedStack(stack);
    const ratio = one(run, alarmType, `${prefix}-ApiHigh5xxRatio`);
    const queries = input<
      { id: string; expression?: string; metric?: { metricName: string; dimensions: Record<string, string> } }[]
    >(ratio, "metricQueries");
    expect(queries.map((q) => q.metric?.metricName ?? q.expression)).toEqual([
      expect.stringContaining("requests"),
      "RequestCount",
      "HTTPCode_Target_5XX_Count",
      "HTTPCode_ELB_5XX_Count",
    ]);
    for (const q of queries.slice(1)) expect(q.metric?.dimensions.LoadBalancer).toBe(`app/${albName}/50dc6c495c0c9188`);
    // Not the load balancer's RequestCount, which counts the port-80 redirects too (alarm-behaviour.test.ts).
    expect(queries[1]?.metric?.dimensions.TargetGroup).toBe(`targetgroup/rusty-${stack}-api/943f017f100becff`);
    expect(input(ratio, "evaluationPeriods")).toBe(5);
    const p99 = one(run, alarmType, `${prefix}-ApiHighLatencyP99`);
    expect(p99.inputs).toMatchObject({ extendedStatistic: "p99", metricName: "TargetResponseTime", period: 60 });
    expect(input(one(run, alarmType, `${prefix}-ApiNoHealthyTargets`), "treatMissingData")).toBe("breaching");
  });

  it("builds a dashboard over the same load balancer, service, instances and alarms", async () => {
    const run = await recordedStack(stack);
    const dashboard = one(run, "aws:cloudwatch/dashboard:Dashboard");
    const body = input<string>(dashboard, "dashboardBody");
    expect(body).toContain(`app/${albName}/50dc6c495c0c9188`);
    expect(body).toContain(`${prefix}-db`);
    const alarmWidget = (
      JSON.parse(body) as { widgets: { type: string; properties: { alarms?: string[] } }[] }
    ).widgets.find((w) => w.type === "alarm");
    expect([...(alarmWidget?.properties.alarms ?? [])].sort()).toEqual(
      ofType(run, alarmType)
        .map((alarm) => `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${input<string>(alarm, "name")}`)
        .sort(),
    );
    expect(run.outputs.dashboardUrl).toBe(
      `https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/${prefix}`,
    );
  });

  it("creates the Prometheus workspace, deploys every rule file under monitoring/rules and routes its alerts to SNS", async () => {
    const run = await recordedStack(stack);
    const workspace = one(run, "aws:amp/workspace:Workspace");
    expect(input(workspace, "alias")).toBe(prefix);
    const files = loadRuleFiles(path.join(repoRoot, "monitoring/rules"));
    const namespaces = ofType(run, "aws:amp/ruleGroupNamespace:RuleGroupNamespace");
    expect(namespaces.map((n) => [input(n, "name"), input(n, "data")])).toEqual(files.map((f) => [f.name, f.content]));
    expect(run.outputs.prometheusWorkspaceId).toBe(`${prefix}-amp-id`);
  });

  it("scrapes the API under the job and with the environment label the rules and dashboards select", async () => {
    const run = await recordedStack(stack);
    const config = parse(envOf(container(run, "adot-collector")).AOT_CONFIG_CONTENT ?? "") as {
      receivers: { prometheus: { config: { scrape_configs: { job_name: string }[] } } };
      exporters: { prometheusremotewrite: { external_labels: Record<string, string> } };
    };
    expect(config.receivers.prometheus.config.scrape_configs.map((c) => c.job_name)).toEqual([apiJob]);
    expect(config.exporters.prometheusremotewrite.external_labels.environment).toBe(stack);
  });

  it("translates the committed Alertmanager routing to this stack's topics: pages and tickets to the alarm topic, the Watchdog to the watchdog topic", async () => {
    const run = await recordedStack(stack);
    const definition = parse(
      input<string>(one(run, "aws:amp/alertManagerDefinition:AlertManagerDefinition"), "definition"),
    ) as { alertmanager_config: string };
    const config = parse(definition.alertmanager_config) as {
      route: { routes: { matchers?: string[]; receiver: string }[] };
      receivers: { name: string; sns_configs?: { topic_arn: string; sigv4: { region: string } }[] }[];
    };
    const committed = parse(readFileSync(path.join(repoRoot, "monitoring/alertmanager.yml"), "utf8")) as {
      receivers: { name: string }[];
    };
    expect(config.receivers.map((r) => r.name)).toEqual(committed.receivers.map((r) => r.name));
    const topicOf = Object.fromEntries(config.receivers.map((r) => [r.name, r.sns_configs?.map((c) => c.topic_arn)]));
    expect(topicOf).toEqual({
      page: [topicArn],
      ticket: [topicArn],
      deadman: [`arn:aws:sns:eu-west-1:123456789012:${prefix}-alert-watchdog`],
      info: undefined,
    });
    for (const receiver of config.receivers)
      for (const sns of receiver.sns_configs ?? []) expect(sns.sigv4.region).toBe("eu-west-1");
    // Staging's pages become tickets on staging's own alert manager; production keeps paging.
    const unconditional = config.route.routes.filter((route) => route.matchers === undefined).map((r) => r.receiver);
    expect(unconditional).toEqual(stack === "staging" ? ["ticket"] : []);
    expect(JSON.stringify(config.route.routes)).not.toContain("environment=");
  });

  it("watches the alerting pipeline from outside: a CloudWatch alarm fires when the watchdog topic stays silent", async () => {
    const run = await recordedStack(stack);
    const watchdog = one(run, "aws:sns/topic:Topic", `${prefix}-alert-watchdog`);
    const policy = parseJson(
      input(one(run, "aws:sns/topicPolicy:TopicPolicy", `${prefix}-alert-watchdog-policy`), "policy"),
    ) as {
      Statement: { Principal: { Service: string } }[];
    };
    expect(policy.Statement.map((s) => s.Principal.Service)).toEqual(["aps.amazonaws.com"]);
    const alarm = one(run, alarmType, `${prefix}-AlertPipelineSilent`);
    expect(alarm.inputs).toMatchObject({
      namespace: "AWS/SNS",
      metricName: "NumberOfMessagesPublished",
      dimensions: { TopicName: input(watchdog, "name") },
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "breaching",
      alarmActions: [topicArn],
    });
    expect(Number(input(alarm, "evaluationPeriods")) * Number(input(alarm, "period"))).toBe(900);
  });

  it("saves the Logs Insights queries the runbooks name, on the API's log group", async () => {
    const run = await recordedStack(stack);
    const queries = ofType(run, "aws:cloudwatch/queryDefinition:QueryDefinition");
    expect(queries.map((q) => input(q, "name")).sort()).toEqual(
      ["errors-by-code", "request-lines", "slowest-routes"].map((key) => `${prefix}/${key}`),
    );
    for (const query of queries) {
      expect(input(query, "logGroupNames")).toEqual([`/${prefix}/api`]);
      expect(input<string>(query, "queryString").length).toBeLessThanOrEqual(10_000);
    }
  });

  it("sets a monthly cost budget that alerts the topic on actual and forecast spend", async () => {
    const run = await recordedStack(stack);
    const budget = one(run, "aws:budgets/budget:Budget");
    expect(budget.inputs).toMatchObject({
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: run.config["rusty-saas:monthlyBudgetUsd"],
      limitUnit: "USD",
    });
    const notifications = input<{ notificationType: string; threshold: number; subscriberSnsTopicArns: string[] }[]>(
      budget,
      "notifications",
    );
    expect(notifications.map((n) => [n.notificationType, n.threshold, n.subscriberSnsTopicArns])).toEqual([
      ["ACTUAL", 80, [topicArn]],
      ["FORECASTED", 100, [topicArn]],
    ]);
    expect(sourcesOf(run, budget, "notifications")).toContain(`${prefix}-alarms`);
  });

  it("exports the API URL, load balancer, dashboard, workspace, log group, cluster and service, and no secret", async () => {
    const run = await recordedStack(stack);
    expect(run.outputs).toMatchObject({
      logGroupName: `/${prefix}/api`,
      clusterName: prefix,
      serviceName: "api",
      taskDefinitionArn: expect.stringContaining(":task-definition/"),
    });
    for (const key of ["apiUrl", "loadBalancerDnsName", "dashboardUrl", "prometheusWorkspaceId"])
      expect(run.outputs[key], key).toEqual(expect.any(String));
    expect(Object.keys(run.outputs).sort()).toEqual([
      "alarmTopicArn",
      "apiUrl",
      "cacheAuthTokenSecretArn",
      "cacheEndpoint",
      "clusterName",
      "dashboardUrl",
      "databaseEndpoint",
      "databaseFinalSnapshotIdentifier",
      "databaseIdentifier",
      "databaseMasterSecretArn",
      "databaseReplicaEndpoints",
      "databaseReplicatedBackupsArn",
      "gameDayTemplateIds",
      "imageRef",
      "jwtSecretArn",
      "loadBalancerDnsName",
      "logGroupName",
      "prometheusWorkspaceId",
      "serviceName",
      "taskDefinitionArn",
      "vpcId",
    ]);
    expect(run.secretOutputs).toEqual([]);
    expect(JSON.stringify(run.outputs)).not.toMatch(/mock-secret|mock-registry-password/);
  });
});
