/* Offline entry, the pages' side (issue 9, item 2); the worker is awards/entry/service_worker.js.

   - Registers the worker (/sw.js, scope "/"), tells it who is signed in (the page's
     <meta name="entry-user">), asks the browser to keep the app's storage
     (navigator.storage.persist()) and, on a TDP's household list, has the worker keep every
     household page listed, so they open without a connection.
   - window.EntryQueue: saves that could not reach the server wait in IndexedDB, per user,
     with a visible count ("3 phiếu chờ gửi"). They go out by themselves — on load, when the
     connection returns, and on a timer backing off from 2 s to 5 min — each to the same view
     as an online save, so windows, locks, scope and versions are checked as for any save.
     A save that meets a newer change (409) is kept as a conflict and shown, never applied;
     one refused (window closed, locked) is shown with the reason; while the session is
     expired a save waits until the member logs in again, never dropped.
   - Log-out from an entry page asks first when saves are still waiting; the worker then
     deletes the user's pages and queue (from any page). Another user on the same phone
     neither sees nor sends them. */
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="entry-user"]');
  var USER = meta ? meta.content : "";
  var DB_NAME = "dongtam-entry";
  var MAX_DELAY_MS = 5 * 60 * 1000;
  var badge = null;
  var timer = null;
  var delay = 2000;
  var sending = false;

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        var store = request.result.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
        store.createIndex("user", "user");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("queue", mode);
        var result = work(tx.objectStore("queue"));
        tx.oncomplete = function () { db.close(); resolve(result && result.value); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function mine() {
    return withStore("readonly", function (store) {
      var out = { value: [] };
      store.index("user").openCursor(IDBKeyRange.only(USER)).onsuccess = function (e) {
        var cursor = e.target.result;
        if (cursor) {
          out.value.push(cursor.value);
          cursor.continue();
        }
      };
      return out;
    });
  }

  function put(item) {
    return withStore("readwrite", function (store) { store.put(item); });
  }

  function remove(id) {
    return withStore("readwrite", function (store) { store.delete(id); });
  }

  function csrfToken() {
    var m = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    if (m) return decodeURIComponent(m[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- the visible count and the conflicts ------------------------------------------------
  function ensureBadge() {
    if (badge) return badge;
    badge = document.createElement("section");
    badge.className = "queue-status alert alert-info py-2 small mb-2";
    badge.setAttribute("aria-live", "polite");
    badge.hidden = true;
    var main = document.querySelector("main") || document.body;
    main.insertBefore(badge, main.firstChild);
    return badge;
  }

  function render(items) {
    var box = ensureBadge();
    var waiting = items.filter(function (i) { return i.state === "waiting" || i.state === "login"; });
    var problems = items.filter(function (i) { return i.state === "conflict" || i.state === "refused"; });
    box.textContent = "";
    box.hidden = !items.length;
    box.className = "queue-status alert py-2 small mb-2 " +
      (problems.length ? "alert-danger" : "alert-info");
    if (waiting.length) {
      var line = document.createElement("div");
      line.className = "queue-badge";
      line.textContent = waiting.length + " phiếu chờ gửi" +
        (waiting.some(function (i) { return i.state === "login"; })
          ? " — hãy đăng nhập lại để gửi" : navigator.onLine ? "" : " — đang mất mạng");
      box.appendChild(line);
    }
    problems.forEach(function (item) {
      var row = document.createElement("div");
      row.className = "queue-problem border-top pt-1 mt-1";
      row.dataset.queueProblem = item.state;
      var title = document.createElement("strong");
      title.textContent = item.label + (item.state === "conflict"
        ? ": chưa lưu — người khác đã sửa trước" : ": không lưu được");
      row.appendChild(title);
      var text = document.createElement("div");
      text.textContent = item.message || "";
      row.appendChild(text);
      (item.conflicts || []).forEach(function (c) {
        var d = document.createElement("div");
        d.className = "queue-conflict";
        d.textContent = c.label + " — bạn nhập: " + c.mine + "; đang lưu: " + c.theirs +
          " (" + c.who + (c.when_text ? ", lúc " + c.when_text : "") + ")";
        row.appendChild(d);
      });
      var open = document.createElement("a");
      open.href = item.url;
      open.className = "me-3";
      open.textContent = "Mở để nhập lại";
      row.appendChild(open);
      var drop = document.createElement("button");
      drop.type = "button";
      drop.className = "btn btn-sm btn-outline-secondary";
      drop.textContent = "Bỏ thông báo";
      drop.addEventListener("click", function () { remove(item.id).then(refresh); });
      row.appendChild(drop);
      box.appendChild(row);
    });
  }

  function refresh() {
    return mine().then(function (items) {
      items.sort(function (a, b) { return a.id - b.id; });
      render(items);
      return items;
    });
  }

  // --- sending ---------------------------------------------------------------------------
  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
  }

  function sendOne(item) {
    var body = new URLSearchParams(item.body);
    var token = csrfToken();
    if (token) body.set("csrfmiddlewaretoken", token);
    return fetch(item.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token, "X-Entry-Queue": "1" },
    }).then(function (response) {
      if (response.redirected && /\/accounts\/login\//.test(response.url)) return "login";
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        // Not an answer of the app's views (a CSRF refusal after a new log-in, a proxy
        // page): kept, tried again later.
        return response.status === 403 ? "login" : "retry";
      }
      return response.json().then(function (answer) {
        if (answer.ok) return remove(item.id).then(function () { return "sent"; });
        item.state = answer.conflict ? "conflict" : "refused";
        item.message = answer.message || (answer.errors ? JSON.stringify(answer.errors) : "");
        item.conflicts = answer.conflicts || [];
        if (answer.url) item.url = answer.url;
        return put(item).then(function () { return item.state; });
      });
    });
  }

  function flush() {
    if (sending || !USER) return Promise.resolve();
    sending = true;
    return mine().then(function (items) {
      var todo = items.filter(function (i) { return i.state === "waiting" || i.state === "login"; })
        .sort(function (a, b) { return a.id - b.id; });
      return todo.reduce(function (chain, item) {
        return chain.then(function (stop) {
          if (stop) return stop;
          return sendOne(item).then(function (outcome) {
            if (outcome === "login" || outcome === "retry") {
              if (item.state !== outcome) {
                item.state = outcome === "login" ? "login" : "waiting";
                return put(item).then(function () { return outcome; });
              }
              return outcome;
            }
            return null;
          });
        });
      }, Promise.resolve(null));
    }).then(function (stop) {
      sending = false;
      if (stop === "retry") throw new Error("retry");
      delay = 2000;
      return refresh().then(function (items) {
        var left = items.some(function (i) { return i.state === "waiting"; });
        if (left) schedule(delay);
      });
    }).catch(function () {
      // No connection yet: try again later, backing off.
      sending = false;
      delay = Math.min(delay * 2, MAX_DELAY_MS);
      schedule(delay);
      return refresh();
    });
  }

  function enqueue(entry) {
    var item = {
      user: USER,
      url: entry.url,
      body: entry.body,
      label: entry.label || "Phiếu",
      kind: entry.kind || "sheet",
      state: "waiting",
      created: new Date().toISOString(),
    };
    return put(item).then(refresh).then(function () { schedule(delay); });
  }

  window.EntryQueue = {
    available: Boolean(USER && window.indexedDB && window.fetch),
    enqueue: enqueue,
    flush: flush,
    refresh: refresh,
  };
  if (!window.EntryQueue.available) return;

  window.addEventListener("online", function () { delay = 2000; flush(); });
  window.addEventListener("offline", function () { refresh(); });
  refresh().then(function (items) { if (items.length) flush(); });

  // --- the worker ------------------------------------------------------------------------
  function tellWorker(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (e) { resolve(e.data); };
        (navigator.serviceWorker.controller || registration.active).postMessage(message, [channel.port2]);
      });
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return tellWorker({ type: "user", user: USER });
    }).then(function () {
      document.documentElement.dataset.offlineReady = "1";
      var links = Array.prototype.slice.call(document.querySelectorAll("[data-precache] a[href]"));
      if (!links.length) return null;
      return tellWorker({ type: "precache", urls: links.map(function (a) { return a.href; }) })
        .then(function (answer) {
          document.documentElement.dataset.precached = String(answer.cached);
        });
    }).catch(function () {});
  }
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persisted().then(function (already) {
      if (!already) navigator.storage.persist();
    });
  }

  // --- log-out: warn about waiting saves, then forget the user (the worker does too) -----
  function forget(items) {
    var dropCaches = window.caches ? caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) {
        return k.indexOf("entry-pages-") === 0 || k === "entry-meta";
      }).map(function (k) { return caches.delete(k); }));
    }) : Promise.resolve();
    return dropCaches.then(function () {
      return Promise.all(items.map(function (i) { return remove(i.id); }));
    });
  }

  var logout = document.querySelector('form[action$="/accounts/logout/"]');
  if (logout) {
    logout.addEventListener("submit", function (event) {
      if (logout.dataset.confirmed) return;
      event.preventDefault();
      mine().then(function (items) {
        var waiting = items.filter(function (i) { return i.state === "waiting" || i.state === "login"; });
        if (waiting.length && !window.confirm(waiting.length + " phiếu chưa gửi được sẽ bị xoá " +
            "khỏi máy này khi đăng xuất. Vẫn đăng xuất?")) return;
        logout.dataset.confirmed = "1";
        forget(items).then(function () { logout.submit(); }, function () { logout.submit(); });
      });
    });
  }
})();
