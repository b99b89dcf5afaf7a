// The saved CloudWatch Logs Insights queries (log-queries-plan.ts) on the API's log group, filed in a folder named
// after the stack so each environment's queries sit together in the console.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logQueries, logQueryName, validateLogQuery } from "./log-queries-plan.js";

export interface LogQueriesArgs {
  readonly prefix: string;
  readonly logGroupName: pulumi.Input<string>;
}

export class LogQueries extends pulumi.ComponentResource {
  readonly queryNames: string[];

  constructor(name: string, args: LogQueriesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:monitoring:LogQueries", name, {}, opts);
    const problems = logQueries.flatMap((query) => validateLogQuery(logQueryName(args.prefix, query.key), query, []));
    if (problems.length > 0) throw new Error(`log queries: ${problems.join("; ")}`);
    this.queryNames = logQueries.map((query) => logQueryName(args.prefix, query.key));
    for (const query of logQueries) {
      new aws.cloudwatch.QueryDefinition(
        `${args.prefix}-query-${query.key}`,
        {
          name: logQueryName(args.prefix, query.key),
          queryString: query.queryString,
          logGroupNames: [args.logGroupName],
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
