// The few panel shapes the dashboards use, over one Prometheus data source chosen by a dashboard variable and one
// environment variable (Managed Prometheus series carry `environment`; so does the local scrape config).
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as heatmap from "@grafana/grafana-foundation-sdk/heatmap";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { apiJob } from "../slo/slo-spec.js";

export const datasource: common.DataSourceRef = { type: "prometheus", uid: "${datasource}" };
/** Every API series selector of the dashboards starts with this. */
export const api = `job="${apiJob}", environment=~"$environment"`;

export interface Query {
  readonly expr: string;
  readonly legend: string;
}

export interface Size {
  readonly w: number;
  readonly h: number;
}

function target(query: Query, refId: string): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder().expr(query.expr).legendFormat(query.legend).refId(refId).range();
}

const refIds = "ABCDEFGHIJ";

export function timeSeries(title: string, unit: string, queries: readonly Query[], description: string) {
  return new timeseries.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(datasource)
    .unit(unit)
    .targets(queries.map((query, i) => target(query, refIds[i]!)))
    .lineWidth(1)
    .fillOpacity(10)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Bottom),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending),
    );
}

/** A time series with dashed threshold lines (burn-rate factors, limits). */
export function withThresholds(panel: timeseries.PanelBuilder, steps: readonly { value: number; color: string }[]) {
  return panel
    .thresholds(
      new dashboard.ThresholdsConfigBuilder()
        .mode(dashboard.ThresholdsMode.Absolute)
        .steps([{ value: null, color: "green" }, ...steps]),
    )
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed));
}

export function singleStat(title: string, unit: string, query: Query, description: string) {
  return new stat.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(datasource)
    .unit(unit)
    .targets([target(query, "A")])
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]))
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.Value);
}

export function latencyHeatmap(title: string, expr: string, description: string) {
  return new heatmap.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(datasource)
    .targets([
      new prometheus.DataqueryBuilder()
        .expr(expr)
        .legendFormat("{{le}}")
        .format(prometheus.PromQueryFormat.Heatmap)
        .refId("A")
        .range(),
    ])
    .calculate(false)
    .yAxis(new heatmap.YAxisConfigBuilder().unit("s"))
    .color(new heatmap.HeatmapColorOptionsBuilder().mode(heatmap.HeatmapColorMode.Scheme).scheme("Oranges").steps(64));
}

export function row(title: string): dashboard.RowBuilder {
  return new dashboard.RowBuilder(title);
}

/** The dashboard frame: data source and environment pickers, UTC, 30 s refresh, last six hours. */
export function frame(title: string, uid: string, description: string): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(["rusty-saas"])
    .timezone("utc")
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .withVariable(new dashboard.DatasourceVariableBuilder("datasource").label("Data source").type("prometheus"))
    .withVariable(
      new dashboard.QueryVariableBuilder("environment")
        .label("Environment")
        .datasource(datasource)
        .query(`label_values(up{job="${apiJob}"}, environment)`)
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .includeAll(true)
        .allValue(".*")
        .multi(true),
    );
}

/** Lays panels out left to right, wrapping at Grafana's 24 columns. */
export function place(
  builder: dashboard.DashboardBuilder,
  sections: readonly {
    row: string;
    panels: readonly { panel: { gridPos(p: dashboard.GridPos): unknown; id(id: number): unknown }; size: Size }[];
  }[],
) {
  let y = 0;
  let id = 0;
  for (const section of sections) {
    builder.withRow(row(section.row).id(++id).gridPos({ x: 0, y, w: 24, h: 1 }));
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const { panel, size } of section.panels) {
      if (x + size.w > 24) {
        y += rowHeight;
        x = 0;
        rowHeight = 0;
      }
      panel.gridPos({ x, y, w: size.w, h: size.h });
      panel.id(++id);
      builder.withPanel(panel as never);
      x += size.w;
      rowHeight = Math.max(rowHeight, size.h);
    }
    y += rowHeight;
  }
  return builder;
}
