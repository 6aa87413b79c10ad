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

  // Colours come from the page's style sheet, so an embed follows its light
  // or dark theme.
  function color(name, fallback) {
    var v = window.getComputedStyle(document.documentElement).getPropertyValue(name);
    return (v && v.trim()) || fallback;
  }

  // Export mode, for dashgen export: ?export=png|svg|pdf. Animation off;
  // for an image the chart fills the frame and its type is larger, to be
  // read from the back of a room; svg and pdf draw with ECharts' SVG
  // renderer, so text stays text.
  var exportMode = (/[?&]export=(png|svg|pdf)(?:&|$)/.exec(window.location.search) || [])[1] || '';
  var zoom = exportMode === 'png' || exportMode === 'svg' ? 1.3 : 1;
  function px(n) { return Math.round(n * zoom); }

  // Numbers on the axes as the page's language writes them: 1,275; 1.275;
  // 1 275.
  // The separator comes from the page (data-group), not the browser's
  // locale data, which may lack the page's language.
  var group = document.documentElement.getAttribute('data-group');
  if (group === null) { group = ','; }
  function formatInt(v) {
    if (typeof v !== 'number') { return v; }
    var s = String(Math.round(Math.abs(v))).replace(/\B(?=(\d{3})+(?!\d))/g, group);
    return v < 0 ? '-' + s : s;
  }

  // Error bars for ranges: a line from min to max with caps, in the
  // direction of the value axis.
  function errorBars(spec) {
    var ranges = spec.ranges || [];
    var horizontal = !!spec.horizontal;
    // Each range carries its own label: a range-only figure has no bar to
    // put one on.
    var data = ranges.map(function (r) { return [r.index, r.min, r.max, r.series]; });
    var labels = spec.labels || [];
    // Over a bar; under a dot (a dot plot's line runs through its dot).
    var dots = (spec.option.series || []).some(function (s) { return s.type === 'scatter'; });
    return {
      type: 'custom',
      name: 'range',
      z: dots ? 1 : 10,
      // A range-only figure has no bar: its error bar shows its tooltip.
      tooltip: pointTooltip(spec),
      data: data,
      encode: horizontal ? { x: [1, 2], y: 0 } : { x: 0, y: [1, 2] },
      renderItem: function (params, api) {
        var cat = api.value(0), lo = api.value(1), hi = api.value(2);
        var a = horizontal ? api.coord([lo, cat]) : api.coord([cat, lo]);
        var b = horizontal ? api.coord([hi, cat]) : api.coord([cat, hi]);
        var cap = 7;
        var style = { stroke: color('--ink', '#222'), lineWidth: 2 };
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
        var point = (spec.option.series[api.value(3)].data || [])[cat];
        var hasBar = point && point.value !== undefined && point.value !== null;
        var text = (labels[api.value(3)] || [])[cat] || '';
        if (!hasBar && text) {
          shapes.push({
            type: 'text',
            style: horizontal
              ? { text: text, x: b[0] + 8, y: b[1], verticalAlign: 'middle', fill: color('--ink', '#222'), fontSize: px(12) }
              : { text: text, x: b[0], y: b[1] - 8, align: 'center', verticalAlign: 'bottom', fill: color('--ink', '#222'), fontSize: px(12) }
          });
        }
        return { type: 'group', children: shapes };
      }
    };
  }

  // Open ends for lower bounds ("at least 161"): an arrowhead just past
  // the end of the bar, pointing along the value axis, which reads "and
  // more". The bar's label sits past the arrowhead (charts gives those
  // labels the room).
  function openEnds(spec, chart) {
    if ((spec.option.series[0] || {}).type === 'pie') { return pieOpenEnds(spec, chart); }
    var horizontal = !!spec.horizontal;
    // Each arrowhead is [index, value, value, series], as an error bar's
    // data, and shows its bar's tooltip.
    var data = (spec.openEnds || []).map(function (p) {
      var point = (spec.option.series[p.series].data || [])[p.index] || {};
      // A dot's value is [value, item].
      var v = Array.isArray(point.value) ? point.value[0] : point.value;
      return [p.index, v, v, p.series];
    });
    return {
      type: 'custom',
      name: 'open-end',
      z: 9,
      tooltip: pointTooltip(spec),
      data: data,
      encode: horizontal ? { x: 1, y: 0 } : { x: 0, y: 1 },
      renderItem: function (params, api) {
        var cat = api.value(0), v = api.value(1), si = api.value(3);
        var bars = (spec.option.series || []).filter(function (s) { return s.type === 'bar'; });
        // The bar's own place in its category, when several series share it.
        var size = api.size(horizontal ? [0, 1] : [1, 0]);
        var band = horizontal ? size[1] : size[0];
        var n = Math.max(1, bars.length);
        var offset = n > 1 ? (si - (n - 1) / 2) * (band * 0.8 / n) : 0;
        var end = horizontal ? api.coord([v, cat]) : api.coord([cat, v]);
        var colour = ((spec.option.series[si] || {}).itemStyle || {}).color || color('--ink', '#222');
        // Past a dot's edge, not its centre.
        var ser = spec.option.series[si] || {};
        var past = ser.type === 'scatter' ? (ser.symbolSize || 0) / 2 : 0;
        var a = 6, l = 8; // half-width and length of the arrowhead
        var pts;
        if (horizontal) {
          var y = end[1] + offset, x = end[0] + 3 + past;
          pts = [[x, y - a], [x + l, y], [x, y + a]];
        } else {
          var x2 = end[0] + offset, y2 = end[1] - 3;
          pts = [[x2 - a, y2], [x2, y2 - l], [x2 + a, y2]];
        }
        return { type: 'polyline', shape: { points: pts }, style: { stroke: colour, lineWidth: 2.5, fill: null } };
      }
    };
  }

  // Hatching on dots: ECharts lays no decal pattern over a scatter
  // symbol, so the diagonal lines of "about" (a mark whose itemStyle has a
  // visible decal) are drawn here, as chords of the dot, "/" as on bars.
  function dotHatches(spec) {
    var data = [];
    (spec.option.series || []).forEach(function (s, si) {
      if (s.type !== 'scatter') { return; }
      (s.data || []).forEach(function (d, i) {
        var decal = d && d.itemStyle && d.itemStyle.decal;
        if (decal && decal.color && decal.color !== 'rgba(0,0,0,0)' && Array.isArray(d.value)) {
          data.push([i, d.value[0], d.value[0], si]);
        }
      });
    });
    if (!data.length) { return null; }
    return {
      type: 'custom',
      name: 'hatch',
      z: 3,
      silent: true,
      // Its dot's tooltip, when one is shown on it (by keyboard or script).
      tooltip: pointTooltip(spec),
      data: data,
      encode: { x: 1, y: 0 },
      renderItem: function (params, api) {
        var si = api.value(3), s = spec.option.series[si] || {};
        var item = (s.data || [])[api.value(0)] || {};
        var colour = ((item.itemStyle || {}).decal || {}).color || color('--ink', '#222');
        var c = api.coord([api.value(1), api.value(0)]);
        var r = (s.symbolSize || 0) / 2 - 1.5;
        var lines = [];
        for (var k = -2 * r; k <= 2 * r; k += 4) {
          // The line x + y = k (about the dot's centre) where it crosses the dot.
          var d = Math.abs(k) / Math.SQRT2;
          if (d >= r) { continue; }
          var h = Math.sqrt(r * r - d * d) / Math.SQRT2;
          var fx = c[0] + k / 2, fy = c[1] + k / 2;
          lines.push({ type: 'line', shape: { x1: fx - h, y1: fy + h, x2: fx + h, y2: fy - h }, style: { stroke: colour, lineWidth: 1 } });
        }
        return { type: 'group', children: lines };
      }
    };
  }

  // pointTooltip is the tooltip of a mark drawn over a point (an error
  // bar, an open end), whose data is [index, …, series]: its point's.
  function pointTooltip(spec) {
    var tips = spec.tooltips || [];
    return { formatter: function (p) { return tooltipHTML((tips[p.value[3]] || [])[p.value[0]] || ''); } };
  }

  // On a pie, the open end is a chevron in the paper's colour inside the
  // slice, at its trailing edge, pointing on round the circle: the slice
  // may be larger. It reads the slices' layout as ECharts laid them out
  // (at every size), through chart(), the instance once it exists.
  function pieOpenEnds(spec, chart) {
    return {
      type: 'custom',
      name: 'open-end',
      coordinateSystem: 'none',
      z: 9,
      tooltip: pointTooltip(spec),
      data: (spec.openEnds || []).map(function (p) { return [p.index, 0, 0, p.series]; }),
      renderItem: function (params, api) {
        var inst = chart();
        var pie = inst && inst.getModel().getSeriesByIndex(0);
        var l = pie && pie.getData().getItemLayout(api.value(0));
        if (!l) { return { type: 'group', children: [] }; }
        var dir = l.clockwise === false ? -1 : 1;
        var end = dir > 0 ? l.endAngle : l.startAngle;
        var rm = (l.r + (l.r0 || 0)) / 2;
        var a = Math.min(7, (l.r - (l.r0 || 0)) / 4), len = a * 1.2;
        // Two chevrons, just inside the trailing edge: ">>".
        var children = [0, 1].map(function (k) {
          var at = end - dir * (len * (1.6 + 1.4 * k) + 4) / rm;
          var c = [l.cx + rm * Math.cos(at), l.cy + rm * Math.sin(at)];
          var t = [-Math.sin(at) * dir, Math.cos(at) * dir]; // on round the circle
          var n = [Math.cos(at), Math.sin(at)]; // outwards
          var pts = [
            [c[0] - t[0] * len / 2 + n[0] * a, c[1] - t[1] * len / 2 + n[1] * a],
            [c[0] + t[0] * len / 2, c[1] + t[1] * len / 2],
            [c[0] - t[0] * len / 2 - n[0] * a, c[1] - t[1] * len / 2 - n[1] * a]
          ];
          return { type: 'polyline', shape: { points: pts }, style: { stroke: color('--paper', '#fff'), lineWidth: 2.5, fill: null } };
        });
        return { type: 'group', children: children };
      }
    };
  }

  var measurer;
  // Category labels are wrapped at spaces by wrapText (below), not by
  // ECharts' overflow: 'break', which breaks text in scripts other than
  // Latin between any two letters and can start a line with a comma;
  // 'break' stays set only for a word longer than the width. They wrap a
  // little narrower than the width, so ECharts' own measure never breaks a
  // line again.
  function wrapLabel(text, width, fontSize) {
    return wrapText(text, width * 0.95, fontSize, false).join('\n');
  }

  // wrappedLines counts the lines a category label takes.
  function wrappedLines(text, width, fontSize) {
    return wrapText(text, width * 0.95, fontSize, false).length;
  }

  function textWidth(text, fontSize) {
    measurer = measurer || document.createElement('canvas').getContext('2d');
    measurer.font = fontSize + 'px system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
    return measurer.measureText(text).width;
  }

  // layout sizes the axes for the element's width and returns the height
  // the drawing needs. Horizontal bars keep their category names in a
  // column that wraps them; on a narrow screen (a phone, a slim iframe) the
  // names go above their bars instead, so the bars keep most of the width.
  // The right margin fits the longest value label ("about 800 · 17% of 613").
  // fit, when not 0, is the height the drawing must keep to (an exported
  // image): the category names then get the room they need within it, by
  // a wider column of names and, if that is not enough, smaller type.
  function layout(option, spec, el, fit) {
    var width = el.clientWidth || 600;
    var narrow = width < 520;
    var catAxis = spec.horizontal ? option.yAxis : option.xAxis;
    var valAxis = spec.horizontal ? option.xAxis : option.yAxis;
    // The rows of marks: bars, or a dot plot's dots.
    var bars = (option.series || []).filter(function (s) { return s.type === 'bar' || s.type === 'scatter'; });
    var needed = 0;
    if (spec.horizontal && catAxis && catAxis[0]) {
      var cats = catAxis[0].data || [];
      var longest = 0;
      (spec.labels || []).forEach(function (ls) {
        (ls || []).forEach(function (t) {
          String(t).split('\n').forEach(function (line) { longest = Math.max(longest, textWidth(line, px(12))); });
        });
      });
      var right = Math.min(Math.round(width * 0.4), Math.ceil(longest) + 16);
      var stacked = width < 480 && !(fit > 0); // an image keeps the names beside their bars
      var fontSize = px(narrow ? 12 : 13);
      var labelWidth = stacked ? width - 16 : Math.round(width * (narrow ? 0.36 : 0.32));
      var lineHeight = px(15);
      var linesAt = function (w, size) {
        var n = 1;
        cats.forEach(function (label) { n = Math.max(n, wrappedLines(label, w, size)); });
        return n;
      };
      var lines = linesAt(labelWidth, fontSize);
      if (fit > 0 && !stacked && cats.length) {
        // Each name is centred on its band of the axis: it must not be
        // taller than the band, with a little air between two names.
        var band = (fit - 56) / cats.length;
        var found = false;
        [1, 0.9, 0.8, 0.7, 0.6].forEach(function (scale) {
          [0.32, 0.4, 0.48, 0.56].forEach(function (share) {
            if (found) { return; }
            var size = Math.max(8, Math.round(px(narrow ? 12 : 13) * scale));
            var lh = Math.round(size * 15 / 13);
            var w = Math.round(width * share);
            var n = linesAt(w, size);
            fontSize = size; lineHeight = lh; labelWidth = w; lines = n;
            found = n * lh + 4 <= band;
          });
        });
      }
      var barsHalf = (bars.length * 16 + (bars.length - 1) * 4) / 2;
      catAxis[0].axisTick = { show: false };
      catAxis[0].inverse = true;
      catAxis[0].axisLabel = {
        width: labelWidth, overflow: 'break', interval: 0, lineHeight: lineHeight, fontSize: fontSize,
        color: color('--ink', '#333'),
        formatter: function (v) { return wrapLabel(v, labelWidth, fontSize); }
      };
      bars.forEach(function (s) { s.barWidth = stacked ? 16 : undefined; });
      if (stacked) {
        option.grid = { left: 6, right: right, top: 6, bottom: 28 };
        catAxis[0].axisLabel.inside = true;
        catAxis[0].axisLabel.align = 'left';
        catAxis[0].axisLabel.verticalAlign = 'bottom';
        catAxis[0].axisLabel.margin = 2;
        catAxis[0].axisLabel.padding = [0, 0, barsHalf + 4, 0];
        catAxis[0].z = 5;
        needed = cats.length * (2 * (lines * lineHeight + barsHalf + 4) + 6) + 40;
      } else {
        option.grid = { left: labelWidth + 14, right: right, top: 28, bottom: 28 };
        needed = cats.length * Math.max(lines * lineHeight + 14, 30 + 22 * Math.max(1, bars.length)) + 56;
      }
    } else {
      option.grid = { left: 56, right: 16, top: 36, bottom: 56 };
      if (catAxis && catAxis[0]) {
        var count = Math.max(1, (catAxis[0].data || []).length);
        catAxis[0].axisLabel = {
          width: Math.max(50, Math.round((width - 80) / count) - 8),
          overflow: 'break', interval: 0, lineHeight: px(15), fontSize: px(narrow ? 11 : 13),
          color: color('--ink', '#333')
        };
        catAxis[0].axisTick = { show: false };
      }
    }
    if (valAxis && valAxis[0]) {
      valAxis[0].axisLabel = { formatter: formatInt, fontSize: px(narrow ? 10 : 12), color: color('--muted', '#555'), hideOverlap: true };
      valAxis[0].splitLine = { lineStyle: { color: color('--line', '#e4e4e4') } };
      valAxis[0].splitNumber = narrow ? 3 : 5;
    }
    return needed;
  }

  function draw(el, spec) {
    // The height is a data attribute, set here through the DOM: the page's
    // Content-Security-Policy refuses style="" attributes in markup.
    var height = parseInt(el.getAttribute('data-height'), 10) || 0;
    var setHeight = function (needed) {
      var h = needed > 0 ? needed : height; // layout knows best what wrapped labels need
      if (h > 0 && el.style.height !== h + 'px') { el.style.height = h + 'px'; }
    };
    setHeight(0);
    var option = spec.option;
    var labels = spec.labels || [];
    var tips = spec.tooltips || [];
    (option.series || []).forEach(function (s, si) {
      s.label = s.label || {};
      s.label.formatter = function (p) { return (labels[si] || [])[p.dataIndex] || ''; };
      s.label.fontSize = px(12);
      s.label.lineHeight = px(15);
      s.label.color = color('--ink', '#222');
      s.tooltip = { formatter: function (p) { return tooltipHTML((tips[si] || [])[p.dataIndex] || ''); } };
      if (s.type === 'map') {
        // A map's regions are ECharts' own list (every shape of the map),
        // so a tooltip is found by the region's name, its code.
        var byName = {};
        (s.data || []).forEach(function (d, i) { byName[d.name] = (tips[si] || [])[i]; });
        s.tooltip = { formatter: function (p) { return byName[p.name] ? tooltipHTML(byName[p.name]) : ''; } };
        s.itemStyle.borderColor = color('--muted', '#7a7a7a');
      }
      if (s.type === 'bar') { s.barMaxWidth = 44; }
      if (s.type === 'pie') { s.labelLine = { length: 8, length2: 8 }; }
    });
    fitPies(option, el);
    option.tooltip = { trigger: 'item', confine: true, extraCssText: 'max-width: 320px; white-space: normal;' };
    // Where colour tells things apart (slices of a pie, several series),
    // decal patterns tell them apart without colour too. The page gives the
    // chart its own description, so ECharts' generated label is off.
    // Where the marks' styles say how sure each figure is (spec.marked),
    // a pie's slices keep those styles alone: their labels name them.
    var colourCoded = (option.series || []).length > 1 || (!spec.marked && (option.series || []).some(function (s) { return s.type === 'pie'; }));
    var decal = { show: colourCoded };
    if (colourCoded) {
      // Diagonal lines mean "about" wherever marks are styled, so no
      // chart uses them to tell series or slices apart: dots, checks and
      // triangles instead (ECharts' own patterns use lines too).
      decal.decals = [
        { color: 'rgba(0, 0, 0, 0.2)', symbol: 'circle', dashArrayX: [[8, 8], [0, 8, 8, 0]], dashArrayY: [6, 0], symbolSize: 0.8 },
        { color: 'rgba(0, 0, 0, 0.2)', dashArrayX: [[6, 6], [0, 6, 6, 0]], dashArrayY: [6, 0] },
        { color: 'rgba(0, 0, 0, 0.2)', symbol: 'triangle', dashArrayX: [[10, 10], [0, 10, 10, 0]], dashArrayY: [8, 0], symbolSize: 0.7 }
      ];
    }
    option.aria = { enabled: true, label: { enabled: false }, decal: decal };
    // The legend lists the chart's series, not the marks drawn over them.
    if (option.legend) {
      var names = (option.series || []).map(function (s) { return s.name; });
      (Array.isArray(option.legend) ? option.legend : [option.legend]).forEach(function (l) { l.data = names; });
    }
    if ((spec.ranges || []).length) { option.series.push(errorBars(spec)); }
    var chart = null;
    if ((spec.openEnds || []).length) { option.series.push(openEnds(spec, function () { return chart; })); }
    var hatches = dotHatches(spec);
    if (hatches) { option.series.push(hatches); }
    option.textStyle = { fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif', color: color('--ink', '#222') };
    if (option.legend) { (Array.isArray(option.legend) ? option.legend : [option.legend]).forEach(function (l) { l.textStyle = { color: color('--ink', '#222') }; }); }
    if (option.legend) { (Array.isArray(option.legend) ? option.legend : [option.legend]).forEach(function (l) { l.textStyle.fontSize = px(12); }); }
    // An exported image has the window's height: the drawing fills what the
    // title, notes and sources leave (inside the drawing, for an SVG).
    var inside = exportMode === 'svg' ? titleInside(option, el) : null;
    var fill = exportMode === 'png' || exportMode === 'svg' ? fillHeight(el) : exportMode === 'pdf' ? fillPage(el) : 0;
    if (option.xAxis || option.yAxis) { setHeight(layout(option, spec, el, fill > 0 ? fill - (inside ? inside.top + inside.bottom : 0) : 0)); }
    // A map is as high as its width draws it, and no higher.
    // ECharts' layoutSize is the map's width: as wide as the drawing, or
    // as the height allows.
    var mapHeight = function () { return spec.aspect ? Math.min(height, Math.round((el.clientWidth || 600) / spec.aspect) + 16) : 0; };
    var fitMap = function () {
      var h = el.clientHeight || height;
      (option.series || []).forEach(function (s) {
        if (s.type === 'map') { s.layoutSize = Math.max(40, Math.round(Math.min((el.clientWidth || 600) * 0.96, (h - 16) * spec.aspect))); }
      });
    };
    if (spec.aspect && !(fill > 0)) { setHeight(mapHeight()); }
    if (inside) { inside.apply(); }
    if (fill > 0) { setHeight(fill); }
    if (spec.aspect) { fitMap(); }
    var reduced = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    option.animation = !reduced && option.animation !== false && !exportMode;
    chart = echarts.init(el, null, { renderer: exportMode === 'svg' || exportMode === 'pdf' ? 'svg' : 'canvas' });
    chart.setOption(option);
    drawn[el.id.replace(/^draw-/, '')] = chart;
    if (window.performance && performance.mark && !performance.getEntriesByName('dashgen:first-chart').length) {
      performance.mark('dashgen:first-chart'); // read by the time-to-first-chart measurement
    }
    // The box's width changes after the first drawing: a scroll bar comes
    // or goes, the window turns or is resized, a screenshot tool lays the
    // page out at one width and captures it at another. The chart is then
    // laid out again for the new width (what layout and fitPies decide by
    // it) and painted at once, in the frame in which the box changed:
    // ECharts' resize() alone repaints the drawing of the old width at once
    // and the new one only on the next animation frame, so a page captured
    // in this one (a screenshot, a print) would show the old drawing, cut
    // off on the right (or in a strip on the left). The new option is
    // handed to resize() (lazyUpdate), which lays it out at the new size
    // with no transition; flush() paints it.
    var width = el.clientWidth;
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (el.clientWidth === width) { return; }
        width = el.clientWidth;
        if (option.xAxis || option.yAxis) { setHeight(layout(option, spec, el)); }
        fitPies(option, el);
        if (spec.aspect) {
          if (!exportMode) { setHeight(mapHeight()); }
          fitMap();
        }
        chart.setOption(option, { lazyUpdate: true });
        chart.resize();
        chart.getZr().flush();
      }).observe(el);
    }
  }

  // fitPies sizes a pie and its labels for the element's width: smaller on
  // a narrow screen, so the labels keep room beside it.
  function fitPies(option, el) {
    var narrow = (el.clientWidth || 600) < 520;
    (option.series || []).forEach(function (s) {
      if (s.type !== 'pie') { return; }
      s.radius = narrow ? ['22%', '42%'] : ['30%', '55%'];
      s.label.overflow = 'break';
      s.label.width = px(narrow ? 70 : 120);
    });
  }

  // fillHeight is the drawing's height when the chart alone fills the
  // window (an exported image): the window less everything else on the page.
  function fillHeight(el) {
    var rest = document.body.getBoundingClientRect().height - el.getBoundingClientRect().height;
    return Math.max(160, Math.floor(window.innerHeight - rest));
  }

  // fillPage lays a drawn chart out for a PDF (dashgen export): on a
  // landscape page of its own that it fills, with its title, notes and
  // sources. The window is the printed area of a portrait page, so a
  // landscape one is the window turned. The first chart shares the first
  // page with the dashboard's title when it keeps 40% of the page for its drawing;
  // otherwise it starts a page of its own. Returns the drawing's height.
  function fillPage(el) {
    var section = el.closest('section.chart');
    if (!section) { return 0; }
    var pageWidth = window.innerHeight, pageHeight = window.innerWidth;
    var slack = 24; // rounding and the page's own margins
    section.classList.add('landscape');
    section.style.width = pageWidth + 'px';
    var rest = section.getBoundingClientRect().height - el.getBoundingClientRect().height;
    var avail = pageHeight - rest - slack;
    var grid = section.parentElement;
    if (grid && grid.firstElementChild === section) {
      var head = [];
      for (var n = grid.previousElementSibling; n; n = n.previousElementSibling) { head.push(n); }
      head.forEach(function (h) { h.classList.add('landscape'); h.style.width = pageWidth + 'px'; });
      var top = grid.getBoundingClientRect().top - document.body.getBoundingClientRect().top;
      if (avail - top >= pageHeight * 0.4) {
        avail -= top;
      } else {
        head.forEach(function (h) { h.classList.remove('landscape'); h.style.width = ''; });
        section.classList.add('own-page');
      }
    }
    return Math.max(160, Math.floor(avail));
  }

  // wrapText breaks text into lines of at most width pixels, at spaces.
  function wrapText(text, width, fontSize, bold) {
    measurer = measurer || document.createElement('canvas').getContext('2d');
    measurer.font = (bold ? 'bold ' : '') + fontSize + 'px system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
    var out = [];
    String(text).split('\n').forEach(function (para) {
      var line = '';
      para.split(' ').forEach(function (word) {
        var next = line ? line + ' ' + word : word;
        if (line && measurer.measureText(next).width > width) {
          out.push(line);
          line = word;
        } else {
          line = next;
        }
      });
      out.push(line);
    });
    return out;
  }

  // titleInside puts the chart's title, notes and sources line into the
  // drawing itself (and returns the room they take), for an SVG file that must stand on its own; the page's
  // own copies are hidden by the export style. The lines are broken here,
  // with room to spare, rather than by ECharts at the exact width, so that
  // the same page always gives the same file.
  function titleInside(option, el) {
    var section = el.closest('section.chart');
    var text = function (sel) {
      return Array.prototype.map.call(section.querySelectorAll(sel), function (e) { return e.textContent.trim(); }).join('\n');
    };
    var width = (el.clientWidth - 8) * 0.96;
    var title = wrapText(text('h1, h2'), width, px(20), true);
    var release = document.querySelector('.from .release'); // the data release, when the project states one
    var foot = wrapText([text('.marks li'), text('.notes li'), text('p.sources'), release ? release.textContent.trim() : ''].filter(Boolean).join('\n'), width, px(12), false);
    option.title = [
      { text: title.join('\n'), left: 0, top: 0, textStyle: { fontSize: px(20), lineHeight: px(26), color: color('--ink', '#222') } },
      { text: foot.join('\n'), left: 0, bottom: 0, textStyle: { fontSize: px(12), lineHeight: px(16), fontWeight: 'normal', color: color('--muted', '#555') } }
    ];
    var top = title.length * px(26) + 8, bottom = foot.length * px(16) + 8;
    // apply makes room for them, once the axes are laid out.
    return {
      top: top, bottom: bottom, apply: function () {
        var grid = option.grid || (option.grid = {});
        grid.top = (grid.top || 0) + top;
        grid.bottom = (grid.bottom || 0) + bottom;
        if (option.series && option.series[0] && option.series[0].type === 'pie') {
          option.series[0].top = top;
          option.series[0].bottom = bottom;
        }
      }
    };
  }

  var drawn = {}; // chart id → ECharts instance, for the Image action

  // An embed page follows ?theme=light|dark, or else the reader's system.
  function applyTheme() {
    var m = /[?&]theme=(light|dark)(?:&|$)/.exec(window.location.search);
    if (m) { document.documentElement.setAttribute('data-theme', m[1]); }
  }

  // reportHeight tells the page hosting this embed how tall it is, so
  // embed.js can size the iframe. It posts only {"dashgen:height": n} to
  // the parent, and touches nothing else there. It listens to one message
  // only, {"dashgen:send-height": true} from the parent, which embed.js
  // sends when it starts (this page may have loaded, and sent its height,
  // before embed.js listened), and answers it with the height, nothing
  // else.
  function reportHeight() {
    if (window.parent === window) { return; }
    var last = 0;
    function send() {
      var h = Math.ceil(document.body.getBoundingClientRect().height);
      if (h !== last) {
        last = h;
        window.parent.postMessage({ 'dashgen:height': h }, '*');
      }
    }
    window.addEventListener('message', function (event) {
      var data = event.data;
      if (event.source !== window.parent || !data || typeof data !== 'object' || data['dashgen:send-height'] !== true) { return; }
      last = 0;
      send();
    });
    send();
    if (window.ResizeObserver) { new ResizeObserver(send).observe(document.body); }
    window.addEventListener('load', send);
  }

  // The Embed, Data and Image actions of a dashboard's charts. Data is a
  // plain link; Copy and Image need this script, so they stay hidden
  // without it.
  function wireActions() {
    var copies = document.querySelectorAll('.embed-code button.copy');
    for (var i = 0; i < copies.length; i++) {
      copies[i].hidden = false;
      copies[i].addEventListener('click', function (ev) {
        var button = ev.currentTarget;
        var area = button.parentNode.querySelector('textarea');
        var label = button.textContent;
        var done = function () {
          button.textContent = button.getAttribute('data-copied') || label;
          setTimeout(function () { button.textContent = label; }, 2000);
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(area.value).then(done, function () { area.select(); });
        } else {
          area.select();
          if (document.execCommand && document.execCommand('copy')) { done(); }
        }
      });
    }
    var images = document.querySelectorAll('button.image[data-chart]');
    for (var j = 0; j < images.length; j++) {
      if (!drawn[images[j].getAttribute('data-chart')]) { continue; }
      images[j].hidden = false;
      images[j].addEventListener('click', function (ev) {
        var button = ev.currentTarget;
        var chart = drawn[button.getAttribute('data-chart')];
        var link = document.createElement('a');
        link.href = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: color('--paper', '#fff') });
        link.download = button.getAttribute('data-file');
        document.body.appendChild(link);
        link.click();
        link.remove();
      });
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
        el.textContent = (el.getAttribute('data-failed') || 'This chart could not be drawn:') + ' ' + e.message;
        if (window.console) { console.error(e); }
      }
    }
    wireActions();
    if (document.documentElement.classList.contains('embed')) { reportHeight(); }
    // dashgen export waits for this mark: every chart drawn, two frames on.
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { document.documentElement.setAttribute('data-drawn', ''); });
    });
  }

  applyTheme();
  if (exportMode) { document.documentElement.classList.add('export', 'export-' + exportMode); }
  // A PDF keeps only the links that lead somewhere outside it: the site's
  // own pages are not beside the PDF, and the export server's address dies
  // with it.
  if (exportMode === 'pdf') {
    document.addEventListener('DOMContentLoaded', function () {
      var links = document.querySelectorAll('a[href]');
      for (var i = 0; i < links.length; i++) {
        if (!/^https?:\/\//i.test(links[i].getAttribute('href'))) { links[i].removeAttribute('href'); }
      }
    });
  }

  // An export must look the same every time: before drawing, wait until
  // the fonts the charts use are ready, or text measured with a fallback
  // font would wrap at other words.
  function whenReady(fn) {
    if (!exportMode || !document.fonts || !document.fonts.load) { fn(); return; }
    var family = ' system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
    Promise.all([px(12), px(13), px(20)].map(function (size) {
      return Promise.all([document.fonts.load(size + 'px' + family), document.fonts.load('bold ' + size + 'px' + family)]);
    })).then(fn, fn);
  }

  // whenECharts waits for the loader to unpack ECharts, on a standalone
  // page; a page that loads it as a file has it already.
  function whenECharts(fn) {
    if (window.echarts || !document.getElementById('dashgen-echarts')) { fn(); return; }
    document.addEventListener('dashgen:echarts', function once() {
      document.removeEventListener('dashgen:echarts', once);
      if (window.dashgenEChartsFailed && window.console) { console.error('ECharts could not be unpacked: ' + window.dashgenEChartsFailed); }
      fn();
    });
  }

  // whenMaps gives ECharts the shapes of the maps the page draws: GeoJSON
  // in data blocks, gzip-compressed, unpacked by the browser. Nothing is
  // fetched.
  function whenMaps(fn) {
    // Standalone pages hold them in data blocks; pages of a site with
    // shared assets load them as scripts, which put them in dashgenMaps.
    var maps = [];
    var blocks = document.querySelectorAll('script[type="application/octet-stream"][data-map]');
    for (var b = 0; b < blocks.length; b++) { maps.push([blocks[b].getAttribute('data-map'), blocks[b].textContent]); }
    Object.keys(window.dashgenMaps || {}).forEach(function (name) { maps.push([name, window.dashgenMaps[name]]); });
    if (!maps.length || !window.echarts || !window.DecompressionStream) { fn(); return; }
    Promise.all(maps.map(function (m) {
      var bin = atob(m[1].trim());
      var bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
      return new Response(stream).text().then(function (text) {
        echarts.registerMap(m[0], JSON.parse(text));
      });
    })).then(fn, function (e) {
      if (window.console) { console.error('A map could not be unpacked: ' + (e && e.message || e)); }
      fn();
    });
  }

  var begin = function () { whenECharts(function () { whenMaps(function () { whenReady(start); }); }); };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', begin);
  } else {
    begin();
  }
})();
