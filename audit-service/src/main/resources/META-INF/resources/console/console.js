// The console page: appends what the server streams (server-sent events of appended log
// entries) and re-reads the overview section every few seconds. The session cookie is HttpOnly:
// this script never sees the token; the browser sends the cookie itself.
(() => {
  'use strict';

  const KEEP_ROWS = 200;
  const OVERVIEW_EVERY_MS = 5000;
  const entries = document.getElementById('entries');
  const state = document.getElementById('stream-state');
  const overview = document.getElementById('overview');

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    return td;
  }

  function show(entry) {
    const row = document.createElement('tr');
    row.append(cell(entry.leafIndex, 'n'), cell(entry.time),
      cell(entry.topic), cell(entry.type), cell(entry.subject, 'key'), cell(entry.reference));
    row.className = 'fresh';
    entries.prepend(row);
    while (entries.rows.length > KEEP_ROWS) {
      entries.deleteRow(entries.rows.length - 1);
    }
  }

  // The browser reconnects by itself and sends Last-Event-ID, so nothing is missed or repeated.
  const stream = new EventSource('/console/stream');
  stream.addEventListener('entry', (event) => show(JSON.parse(event.data)));
  stream.onopen = () => {
    state.textContent = 'live';
    state.className = 'state live';
  };
  stream.onerror = () => {
    state.textContent = 'reconnecting…';
    state.className = 'state down';
  };

  async function refreshOverview() {
    try {
      const response = await fetch('/console/overview', { credentials: 'same-origin', redirect: 'manual' });
      if (response.type === 'opaqueredirect' || response.status === 401) {
        window.location.assign('/console/login');
        return;
      }
      if (response.ok) {
        overview.innerHTML = await response.text();
      }
    } catch (e) {
      state.textContent = 'server unreachable';
      state.className = 'state down';
    }
  }
  setInterval(refreshOverview, OVERVIEW_EVERY_MS);
})();
