// dashgen page script: draws every chart of the page from the JSON data
// blocks the build wrote. It is static: nothing in it comes from the data,
// and it never turns data into code. Label and tooltip texts are looked up
// by index and set as text; tooltips are HTML-escaped before display.
(function () {
  'use strict';

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function tooltipHTML(text) {
    return escapeHTML(text).replace(/\n/g, '<br>');
  }

  function formatInt(v) {
    return typeof v === 'number' ? v.toLocaleString('en-US') : v;
  }

  // Error bars for ranges: a line from min to max with caps, in the
  // direction of the value axis.
  function errorBars(spec) {
    var ranges = spec.ranges || [];
    var index = spec.rangeIndex || [];
    var horizontal = !!spec.horizontal;
    var data = ranges.map(function (r, i) { return [index[i], r[0], r[1]]; });
    return {
      type: 'custom',
      name: 'range',
      silent: true,
      z: 10,
      data: data,
      encode: horizontal ? { x: [1, 2], y: 0 } : { x: 0, y: [1, 2] },
      renderItem: function (params, api) {
        var cat = api.value(0), lo = api.value(1), hi = api.value(2);
        var a = horizontal ? api.coord([lo, cat]) : api.coord([cat, lo]);
        var b = horizontal ? api.coord([hi, cat]) : api.coord([cat, hi]);
        var cap = 7;
        var style = { stroke: '#222', lineWidth: 2 };
        var shapes = [
          { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: style }
        ];
        if (horizontal) {
          shapes.push({ type: 'line', shape: { x1: a[0], y1: a[1] - cap, x2: a[0], y2: a[1] + cap }, style: style });
          shapes.push({ type: 'line', shape: { x1: b[0], y1: b[1] - cap, x2: b[0], y2: b[1] + cap }, style: style });
        } else {
          shapes.push({ type: 'line', shape: { x1: a[0] - cap, y1: a[1], x2: a[0] + cap, y2: a[1] }, style: style });
          shapes.push({ type: 'line', shape: { x1: b[0] - cap, y1: b[1], x2: b[0] + cap, y2: b[1] }, style: style });
        }
        return { type: 'group', children: shapes };
      }
    };
  }

  function layout(option, spec, el) {
    var width = el.clientWidth || 600;
    var narrow = width < 520;
    option.grid = { left: 8, right: spec.horizontal ? (narrow ? 96 : 150) : 16, top: 32, bottom: 8, containLabel: true };
    var catAxis = spec.horizontal ? option.yAxis : option.xAxis;
    var valAxis = spec.horizontal ? option.xAxis : option.yAxis;
    if (catAxis && catAxis[0]) {
      catAxis[0].axisLabel = {
        width: spec.horizontal ? Math.round(width * (narrow ? 0.34 : 0.3)) : Math.max(60, Math.round(width / Math.max(1, (catAxis[0].data || []).length)) - 8),
        overflow: 'break',
        interval: 0,
        fontSize: narrow ? 11 : 13,
        color: '#333'
      };
      if (spec.horizontal) { catAxis[0].inverse = true; }
    }
    if (valAxis && valAxis[0]) {
      valAxis[0].axisLabel = { formatter: formatInt, fontSize: narrow ? 10 : 12, color: '#555', hideOverlap: true };
      valAxis[0].splitLine = { lineStyle: { color: '#e4e4e4' } };
    }
  }

  function draw(el, spec) {
    var option = spec.option;
    var labels = spec.labels || [];
    var tips = spec.tooltips || [];
    (option.series || []).forEach(function (s, si) {
      s.label = s.label || {};
      s.label.formatter = function (p) { return (labels[si] || [])[p.dataIndex] || ''; };
      s.label.fontSize = 12;
      s.label.color = '#222';
      s.tooltip = { formatter: function (p) { return tooltipHTML((tips[si] || [])[p.dataIndex] || ''); } };
      if (s.type === 'bar') { s.barMaxWidth = 44; }
    });
    option.tooltip = { trigger: 'item', confine: true, extraCssText: 'max-width: 320px; white-space: normal;' };
    if ((spec.ranges || []).length) { option.series.push(errorBars(spec)); }
    option.textStyle = { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' };
    if (option.xAxis || option.yAxis) { layout(option, spec, el); }
    var reduced = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    option.animation = !reduced && option.animation !== false;
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option);
    var width = el.clientWidth;
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (el.clientWidth === width) { return; }
        width = el.clientWidth;
        if (option.xAxis || option.yAxis) { layout(option, spec, el); chart.setOption(option); }
        chart.resize();
      }).observe(el);
    }
  }

  function start() {
    var blocks = document.querySelectorAll('script[type="application/json"][data-chart]');
    for (var i = 0; i < blocks.length; i++) {
      var id = blocks[i].getAttribute('data-chart');
      var el = document.getElementById('draw-' + id);
      if (!el) { continue; }
      try {
        draw(el, JSON.parse(blocks[i].textContent));
      } catch (e) {
        el.textContent = 'This chart could not be drawn: ' + e.message;
        if (window.console) { console.error(e); }
      }
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
