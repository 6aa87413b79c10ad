// The parts of ECharts the pages use, and nothing else: update-echarts.sh
// bundles this file (with esbuild, from the pinned npm package) into
// echarts.min.js, which sets the global `echarts` page.js draws with.
//
// A module belongs here only when something the pages draw needs it:
// a series type that charts/*.go or page.js produces, a component an
// option they build names, a renderer page.js asks for. Removing one that
// is used fails without a word in ECharts' production build: the series,
// the component or the drawing is simply left out.
// TestEChartsBundleRegistersEveryKind (cmd/dashgen) asks ECharts, in
// Chromium, what it kept of every chart and of every module listed here.
import * as echarts from 'echarts/core';
import {
  BarChart, // bar charts (charts/bar.go)
  LineChart, // timelines: a stepped line (charts/timeline.go)
  PieChart, // pies (charts/pie.go)
  ScatterChart, // dot plots: a scatter series
  CustomChart // error bars and open-end arrows drawn over bars and pies (page.js)
} from 'echarts/charts';
import {
  GridComponent, // the axes of bars, lines and dots
  TooltipComponent, // option.tooltip, each series' tooltip (page.js)
  LegendComponent, // option.legend: the series of a chart with several
  TitleComponent, // option.title: the title inside an exported SVG (page.js)
  AriaComponent // option.aria: decal patterns where colour tells things apart
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart, LineChart, PieChart, ScatterChart, CustomChart,
  GridComponent, TooltipComponent, LegendComponent, TitleComponent, AriaComponent,
  CanvasRenderer, SVGRenderer
]);

// Maps (issue 19): the map series and the geo component are in a second
// bundle, echarts-map.min.js (echarts-map-modules.js: this file and them),
// which only pages that draw a map carry.

export * from 'echarts/core';
