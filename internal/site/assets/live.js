// dashgen live reload: only in pages served by `dashgen serve`, never in a
// build's output. It listens to the server's event stream: on a new good
// build it reloads the page where the reader was; on a bad one it shows
// the errors over the page, which stays as the last good build made it.
(function () {
  'use strict';
  var key = 'dashgen-scroll:' + location.pathname + location.search;
  try {
    var saved = sessionStorage.getItem(key);
    if (saved !== null) {
      sessionStorage.removeItem(key);
      var restore = function () { window.scrollTo(0, Number(saved) || 0); };
      if (document.readyState === 'complete') { restore(); } else { window.addEventListener('load', restore); }
    }
  } catch (e) { /* storage may be off: reload to the top */ }

  var build = document.documentElement.getAttribute('data-build');
  var overlay = null;

  function clear() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function show(errors) {
    clear();
    overlay = document.createElement('div');
    overlay.id = 'dashgen-errors';
    overlay.setAttribute('role', 'alert');
    var title = document.createElement('strong');
    title.textContent = 'The last change has ' + errors.length + (errors.length === 1 ? ' error' : ' errors') +
      '; this page is from the last good build. Fix the file and save: the page reloads.';
    var list = document.createElement('ul');
    errors.forEach(function (line) {
      var item = document.createElement('li');
      item.textContent = line;
      list.appendChild(item);
    });
    overlay.appendChild(title);
    overlay.appendChild(list);
    document.body.appendChild(overlay);
  }

  var events = new EventSource('/_dashgen/events');
  events.addEventListener('reload', function (e) {
    var state = JSON.parse(e.data);
    if (String(state.build) === build) { clear(); return; }
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (err) { /* no storage */ }
    location.reload();
  });
  events.addEventListener('errors', function (e) {
    show(JSON.parse(e.data).errors);
  });
})();
