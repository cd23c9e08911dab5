/* global document, window, fetch */
// A job's page (an import, a refresh, a survey round's mailing): asks for the job's status every second and
// writes it into the page's live region; once the job has ended the page is loaded again to show the outcome.
// Without this script the page's button or link does the same.
(function () {
  'use strict';
  var region = document.getElementById('job-status');
  if (!region || region.getAttribute('data-done') === 'yes') return;
  var url = region.getAttribute('data-status-url');
  var text = document.getElementById('job-status-text');
  var failures = 0;
  function poll() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then(function (s) {
        failures = 0;
        if (s.done) {
          window.location.reload();
          return;
        }
        if (text && text.textContent !== s.status) text.textContent = s.status;
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        // The button still works; stop asking after a few failures in a row.
        if (++failures < 5) window.setTimeout(poll, 2000);
      });
  }
  window.setTimeout(poll, 1000);
})();
