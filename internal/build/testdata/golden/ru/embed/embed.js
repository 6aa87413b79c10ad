// dashgen embed script, for the page that hosts dashgen charts in iframes.
// It resizes every <iframe data-dashgen-embed> to the height its chart page
// reports, so the chart never scrolls inside its frame. It reads one kind
// of message only, {"dashgen:height": number}, and only from the window of
// one of those iframes. It sends one kind only, {"dashgen:send-height":
// true}, once to each of those iframes when it starts: a chart page that
// loaded before this script listened sent its height to no one, and sends
// it again. It touches nothing else.
(function () {
  'use strict';
  if (window.dashgenEmbedListening) { return; } // the script may be pasted once per chart
  window.dashgenEmbedListening = true;
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data !== 'object') { return; }
    var height = data['dashgen:height'];
    if (typeof height !== 'number' || !isFinite(height) || height < 1 || height > 20000) { return; }
    var frames = document.querySelectorAll('iframe[data-dashgen-embed]');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.ceil(height) + 'px';
      }
    }
  });
  var frames = document.querySelectorAll('iframe[data-dashgen-embed]');
  for (var i = 0; i < frames.length; i++) {
    if (frames[i].contentWindow) { frames[i].contentWindow.postMessage({ 'dashgen:send-height': true }, '*'); }
  }
})();
