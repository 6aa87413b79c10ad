// dashgen loader: a standalone page carries ECharts gzip-compressed, at a
// third of its size, in a data block. This unpacks it with the browser's
// own DecompressionStream and runs it as an inline script, which the
// page's Content-Security-Policy allows by the hash of its exact text;
// then the page script draws the charts. Nothing is fetched.
(function () {
  'use strict';
  var block = document.getElementById('dashgen-echarts');
  if (!block) { return; }
  function fail(e) {
    window.dashgenEChartsFailed = String(e && e.message || e);
    document.dispatchEvent(new Event('dashgen:echarts'));
  }
  try {
    var bin = atob(block.textContent.trim());
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    new Response(stream).text().then(function (code) {
      var script = document.createElement('script');
      script.textContent = code;
      document.head.appendChild(script);
      document.dispatchEvent(new Event('dashgen:echarts'));
    }, fail);
  } catch (e) {
    fail(e);
  }
})();
