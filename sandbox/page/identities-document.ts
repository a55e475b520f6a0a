/**
 * The text of the Identities page: one HTML document with its style and script inline, so it works
 * offline and the Content-Security-Policy can allow exactly these two blocks by hash. The script is
 * plain browser JavaScript (no framework): it asks for the sandbox token once, keeps it in
 * sessionStorage, reads the users and groups through the sandbox's own API with
 * `Authorization: Bearer`, and polls while the page is visible. Every value from the API reaches the
 * DOM through `textContent`, never as markup.
 */
import { MAX_LIMIT } from '../validation';

/** How often the page reloads the identities, in milliseconds. */
export const REFRESH_INTERVAL_MS = 2000;

/** The sessionStorage key under which the page keeps the token for the tab's session. */
export const TOKEN_STORAGE_KEY = 'apono-sandbox.token';

/** The page's stylesheet (the content of its one `<style>` element). */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --line: #8884; --muted: #888; --accent: #5b4bd6; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; }
header { display: flex; align-items: baseline; gap: 1rem; padding: 0.8rem 1.5rem; border-bottom: 1px solid var(--line); }
header h1 { font-size: 1.25rem; margin: 0; }
header .origin { color: var(--muted); flex: 1; }
main { padding: 1rem 1.5rem; }
[hidden] { display: none !important; }
form.sign-in { max-width: 26rem; display: grid; gap: 0.5rem; margin-top: 2rem; }
form.sign-in input { font: inherit; padding: 0.4rem; }
button { font: inherit; cursor: pointer; }
.error { color: #c62828; }
.toolbar { display: flex; gap: 1rem; align-items: center; margin-bottom: 0.8rem; }
.toolbar input { font: inherit; padding: 0.35rem; min-width: 18rem; }
.status-line { color: var(--muted); }
[role="tablist"] { display: flex; gap: 0.25rem; border-bottom: 1px solid var(--line); margin-bottom: 0.8rem; }
[role="tab"] { border: 0; background: none; padding: 0.5rem 0.9rem; border-bottom: 2px solid transparent; }
[role="tab"][aria-selected="true"] { border-bottom-color: var(--accent); font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
.badge { display: inline-block; padding: 0 0.5rem; border-radius: 0.8rem; border: 1px solid var(--line); }
.badge.active { color: #2e7d32; border-color: #2e7d32; }
.badge.invited { color: #b26a00; border-color: #b26a00; }
.badge.disabled { color: var(--muted); }
.empty { color: var(--muted); padding: 1rem 0.6rem; }
`;

/** The page's script (the content of its one `<script>` element). */
export const PAGE_SCRIPT = `
'use strict';
(function () {
  var TOKEN_KEY = ${JSON.stringify(TOKEN_STORAGE_KEY)};
  var REFRESH_MS = ${REFRESH_INTERVAL_MS};
  var PAGE_LIMIT = ${MAX_LIMIT};
  var USERS_PATH = '/api/admin/v3/users';
  var GROUPS_PATH = '/api/admin/v1/groups';

  var view = { tab: 'users', users: null, groups: null, shown: '', timer: null, generation: 0 };

  function byId(id) { return document.getElementById(id); }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function ApiError(status, message) {
    this.status = status;
    this.message = message;
  }

  /** GET one JSON document with the token; a non-2xx answer becomes an ApiError. */
  function getJson(path, token) {
    return fetch(path, {
      headers: { authorization: 'Bearer ' + token, accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    }).then(function (response) {
      return response.text().then(function (text) {
        var body = null;
        try { body = text === '' ? null : JSON.parse(text); } catch (ignored) { body = null; }
        if (!response.ok) {
          var detail = body && (body.message || body.code);
          throw new ApiError(response.status, String(response.status) + (detail ? ' ' + detail : ''));
        }
        return body;
      });
    });
  }

  /** Every item of a cursor-paginated list, following next_page_token to the end. */
  function getAll(path, token) {
    var items = [];
    var seen = {};
    function page(pageToken) {
      var url = path + '?limit=' + PAGE_LIMIT + (pageToken ? '&page_token=' + encodeURIComponent(pageToken) : '');
      return getJson(url, token).then(function (body) {
        items.push.apply(items, body.items);
        var next = body.pagination && body.pagination.next_page_token;
        if (!next || seen[next]) return items;
        seen[next] = true;
        return page(next);
      });
    }
    return page(null);
  }

  function loadIdentities(token) {
    var users = getAll(USERS_PATH, token);
    var groups = getAll(GROUPS_PATH, token).then(function (list) {
      return Promise.all(list.map(function (group) {
        var membersPath = GROUPS_PATH + '/' + encodeURIComponent(group.id) + '/members';
        return getAll(membersPath, token).then(function (members) {
          return { group: group, members: members.map(function (member) { return member.email; }) };
        });
      }));
    });
    return Promise.all([users, groups]);
  }

  function fullName(user) {
    return [user.first_name, user.last_name].filter(function (part) { return part; }).join(' ');
  }

  function sourceOf(identity) {
    return identity.source_integration_name || identity.source_integration_id || 'Apono';
  }

  function shownTime(rfc3339) {
    if (!rfc3339) return '';
    return String(rfc3339).replace('T', ' ').replace('Z', ' UTC');
  }

  function userRow(user) {
    var status = element('span', user.status, 'badge ' + user.status);
    return {
      text: [fullName(user), user.email, user.roles.join(', '), user.status, sourceOf(user), shownTime(user.invited_at)],
      cells: [fullName(user), user.email, user.roles.join(', '), status, sourceOf(user), shownTime(user.invited_at)],
      key: user.id,
    };
  }

  function groupRow(entry) {
    var members = entry.members.slice().sort();
    var count = members.length === 1 ? '1 member' : members.length + ' members';
    return {
      text: [entry.group.name, sourceOf(entry.group), count, members.join(', ')],
      cells: [entry.group.name, sourceOf(entry.group), count, members.join(', ')],
      key: entry.group.id,
    };
  }

  function matches(row, query) {
    if (query === '') return true;
    return row.text.join('\\n').toLowerCase().indexOf(query) !== -1;
  }

  function renderTable(bodyId, rows, columns, noun) {
    var body = byId(bodyId);
    var query = byId('filter').value.trim().toLowerCase();
    var shown = rows.filter(function (row) { return matches(row, query); });
    var fresh = document.createDocumentFragment();
    shown.forEach(function (row) {
      var tr = document.createElement('tr');
      tr.dataset.id = row.key;
      row.cells.forEach(function (cell) {
        var td = document.createElement('td');
        if (typeof cell === 'string') td.textContent = cell;
        else td.appendChild(cell);
        tr.appendChild(td);
      });
      fresh.appendChild(tr);
    });
    if (shown.length === 0) {
      var tr = document.createElement('tr');
      var td = element('td', rows.length === 0 ? 'No ' + noun + ' yet.' : 'No ' + noun + ' match the filter.', 'empty');
      td.colSpan = columns;
      tr.appendChild(td);
      fresh.appendChild(tr);
    }
    body.replaceChildren(fresh);
    return shown.length;
  }

  function render() {
    if (!view.users || !view.groups) return;
    var users = renderTable('users-body', view.users.map(userRow), 6, 'users');
    var groups = renderTable('groups-body', view.groups.map(groupRow), 4, 'groups');
    byId('users-count').textContent = users === view.users.length ? String(users) : users + ' of ' + view.users.length;
    byId('groups-count').textContent = groups === view.groups.length ? String(groups) : groups + ' of ' + view.groups.length;
  }

  function selectTab(tab) {
    view.tab = tab;
    ['users', 'groups'].forEach(function (name) {
      byId('tab-' + name).setAttribute('aria-selected', String(name === tab));
      byId('panel-' + name).hidden = name !== tab;
    });
  }

  function showSignIn(message) {
    stopPolling();
    view.generation += 1;
    view.users = null;
    view.groups = null;
    view.shown = '';
    byId('identities').hidden = true;
    byId('sign-out').hidden = true;
    byId('sign-in').hidden = false;
    byId('sign-in-error').textContent = message || '';
    byId('sign-in-error').hidden = !message;
    byId('token').value = '';
    byId('token').focus();
  }

  function stopPolling() {
    if (view.timer !== null) clearTimeout(view.timer);
    view.timer = null;
  }

  function schedule(token) {
    stopPolling();
    view.timer = setTimeout(function () { refresh(token); }, REFRESH_MS);
  }

  /** Loads everything once; on success shows the tables, on 401 forgets the token and asks again. */
  function refresh(token) {
    var generation = view.generation;
    view.timer = null;
    // A hidden tab stops polling once it has shown something; visibilitychange resumes it.
    if (document.hidden && view.users !== null) return Promise.resolve();
    return loadIdentities(token).then(function (result) {
      if (generation !== view.generation) return;
      view.users = result[0];
      view.groups = result[1];
      sessionStorage.setItem(TOKEN_KEY, token);
      byId('sign-in').hidden = true;
      byId('identities').hidden = false;
      byId('sign-out').hidden = false;
      // Rebuilding unchanged tables every refresh would drop the reader's text selection.
      var snapshot = JSON.stringify(result);
      if (snapshot !== view.shown) {
        view.shown = snapshot;
        render();
      }
      byId('refreshed').textContent = 'Updated ' + new Date().toLocaleTimeString() + '; refreshing every ' + REFRESH_MS / 1000 + ' s.';
      byId('refreshed').classList.remove('error');
      schedule(token);
    }, function (error) {
      if (generation !== view.generation) return;
      if (error instanceof ApiError && error.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        showSignIn('The sandbox refused this token (' + error.message + '). Enter the token the sandbox was started with.');
        return;
      }
      var reason = error instanceof ApiError ? error.message : 'the sandbox did not answer';
      if (view.users === null) {
        byId('sign-in-error').textContent = 'Could not load the identities (' + reason + '); retrying.';
        byId('sign-in-error').hidden = false;
      } else {
        byId('refreshed').textContent = 'Refresh failed (' + reason + '); retrying in ' + REFRESH_MS / 1000 + ' s.';
        byId('refreshed').classList.add('error');
      }
      schedule(token);
    });
  }

  byId('sign-in').addEventListener('submit', function (event) {
    event.preventDefault();
    var token = byId('token').value.trim();
    if (token === '') return;
    stopPolling();
    view.generation += 1;
    byId('sign-in-error').hidden = true;
    refresh(token);
  });

  byId('sign-out').addEventListener('click', function () {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn('');
  });

  byId('filter').addEventListener('input', render);
  byId('tab-users').addEventListener('click', function () { selectTab('users'); });
  byId('tab-groups').addEventListener('click', function () { selectTab('groups'); });

  document.addEventListener('visibilitychange', function () {
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (!document.hidden && token && view.users !== null && view.timer === null) refresh(token);
  });

  selectTab('users');
  var saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) refresh(saved);
  else showSignIn('');
})();
`;

/** The page's markup between `<body>` and `</body>`; it holds no data until the script fills it. */
export const PAGE_BODY = `
<header>
  <h1>Identities</h1>
  <span class="origin">apono-sandbox (read-only view)</span>
  <button type="button" id="sign-out" hidden>Change token</button>
</header>
<main>
  <form id="sign-in" class="sign-in" autocomplete="off" hidden>
    <label for="token">Sandbox token (the <code>--token</code> the sandbox was started with)</label>
    <input id="token" type="password" autocomplete="off" spellcheck="false" required>
    <button type="submit">Show identities</button>
    <p id="sign-in-error" class="error" role="alert" hidden></p>
  </form>
  <div id="identities" hidden>
    <div role="tablist" aria-label="Identities">
      <button type="button" role="tab" id="tab-users" aria-controls="panel-users">Users (<span id="users-count"></span>)</button>
      <button type="button" role="tab" id="tab-groups" aria-controls="panel-groups">Groups (<span id="groups-count"></span>)</button>
    </div>
    <div class="toolbar">
      <input id="filter" type="search" placeholder="Filter by any column" aria-label="Filter">
      <span id="refreshed" class="status-line" role="status"></span>
    </div>
    <section role="tabpanel" id="panel-users" aria-labelledby="tab-users">
      <table>
        <thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Status</th><th>Source</th><th>Invited at</th></tr></thead>
        <tbody id="users-body"></tbody>
      </table>
    </section>
    <section role="tabpanel" id="panel-groups" aria-labelledby="tab-groups" hidden>
      <table>
        <thead><tr><th>Name</th><th>Source</th><th>Members</th><th>Member emails</th></tr></thead>
        <tbody id="groups-body"></tbody>
      </table>
    </section>
  </div>
</main>
`;

/** The whole HTML document. */
export const IDENTITIES_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Identities - apono-sandbox</title>
<link rel="icon" href="data:,">
<style>${PAGE_STYLE}</style>
</head>
<body>${PAGE_BODY}<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
