// The shape of an alarm as data, shared by the alarm plans and the component that creates them.

export type Comparison = "GreaterThanThreshold" | "LessThanThreshold";

export interface MetricSpec<D> {
  readonly namespace: string;
  readonly metricName: string;
  readonly stat: string;
  readonly dimensions: Record<string, D | string>;
}

export interface AlarmSpec<D> {
  readonly key: string;
  readonly name: string;
  readonly summary: string;
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: "missing" | "notBreaching" | "breaching";
  /** A single metric, or metric math: `expression` over the named metrics. */
  readonly metric?: MetricSpec<D>;
  readonly math?: { readonly expression: string; readonly metrics: Record<string, MetricSpec<D>> };
}

export interface AlarmContext<D> {
  readonly prefix: string;
  readonly loadBalancer: D;
  readonly targetGroup: D;
  readonly clusterName: string;
  readonly serviceName: string;
  readonly database: {
    readonly primary: string;
    readonly replicas: readonly string[];
    readonly instanceClass: string;
    readonly replicaInstanceClass: string;
    readonly allocatedStorageGiB: number;
    /** The parameter group's explicit max_connections, which every instance runs with. */
    readonly maxConnections: number;
  };
  readonly cacheNodes: readonly string[];
}

type Base = Pick<AlarmSpec<unknown>, "evaluationPeriods" | "datapointsToAlarm" | "treatMissingData">;
/** 60 s periods, 5 of 5 datapoints: the default of every alarm. */
export const fiveOfFive: Base = { evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: "missing" };
export const gib = 1024 ** 3;
