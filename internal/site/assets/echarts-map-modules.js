// The bundle of pages that draw a map (charts/map.go): everything
// echarts-modules.js holds, and the map series with the geo component it
// draws on. update-echarts.sh bundles it into echarts-map.min.js; pages
// without a map carry echarts.min.js, which has neither.
import { use } from './echarts-modules.js';
import { MapChart } from 'echarts/charts';
import { GeoComponent } from 'echarts/components';

use([MapChart, GeoComponent]);

export * from './echarts-modules.js';
