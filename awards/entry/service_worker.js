/* The entry screens' service worker (issue 9, item 2), served by awards.entry.offline at
   /sw.js (scope "/"), which prepends VERSION, ASSETS, ENTRY_PREFIX, LOGOUT_PATH and
   OFFLINE_HTML.

   - Static assets (ASSETS: every CSS/JS/icon the entry pages use, all local) are cached on
     install in "entry-static-<VERSION>"; an update of the worker replaces only that cache.
   - Entry pages (ENTRY_PREFIX) are network first (with a time-out, for a weak 4G signal)
     and each page is kept in the cache of the user it was made for ("entry-pages-<user>",
     the key read from the page's <meta name="entry-user">), so an update of the worker
     keeps them and another user on the same phone is never served them. Offline, a page
     comes from the cache of the user who last used the app online.
   - Log-out (a POST to LOGOUT_PATH, from any page) deletes the pages of that user, their
     waiting saves and the app's note of who is signed in.
   - Saves are never handled here: the pages send them, and queue them in IndexedDB when the
     server cannot be reached (static/js/offline.js). */
/* global VERSION, ASSETS, ENTRY_PREFIX, LOGOUT_PATH, OFFLINE_HTML */
"use strict";

var STATIC_CACHE = "entry-static-" + VERSION;
var META_CACHE = "entry-meta";
var PAGES_PREFIX = "entry-pages-";
var USER_KEY = "/__entry/user";
var NETWORK_TIMEOUT_MS = 6000;
var DB_NAME = "dongtam-entry";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then(function (cache) { return cache.addAll(ASSETS); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  // Only the old static caches go: the users' pages survive an update of the worker.
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) {
        return k.indexOf("entry-static-") === 0 && k !== STATIC_CACHE;
      }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function currentUser() {
  return caches.open(META_CACHE).then(function (meta) {
    return meta.match(USER_KEY);
  }).then(function (hit) { return hit ? hit.text() : ""; });
}

function setUser(user) {
  return caches.open(META_CACHE).then(function (meta) {
    return meta.put(USER_KEY, new Response(user));
  });
}

function pageUser(html) {
  var m = /<meta name="entry-user" content="(u\d+)">/.exec(html);
  return m ? m[1] : "";
}

function pageKey(url) {
  var u = new URL(url);
  u.hash = "";
  return u.href;
}

function keepPage(request, response) {
  if (!response.ok || response.redirected || response.type !== "basic") return Promise.resolve();
  var copy = response.clone();
  return copy.text().then(function (html) {
    var user = pageUser(html);
    if (!user) return;
    return currentUser().then(function (signedIn) {
      // Only for the user the app knows as signed in: a page still arriving after a
      // log-out (or another user's page) is not kept.
      if (signedIn && signedIn !== user) return null;
      if (!signedIn && request.mode !== "navigate") return null;
      return caches.open(PAGES_PREFIX + user);
    }).then(function (cache) {
      if (!cache) return;
      var headers = { "Content-Type": "text/html; charset=utf-8", "X-Entry-Cached": "1" };
      return cache.put(pageKey(request.url), new Response(html, { headers: headers }));
    });
  });
}

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (v) { clearTimeout(timer); resolve(v); },
                 function (e) { clearTimeout(timer); reject(e); });
  });
}

function cachedPage(request) {
  return currentUser().then(function (user) {
    if (!user) return null;
    return caches.open(PAGES_PREFIX + user).then(function (cache) {
      return cache.match(pageKey(request.url));
    });
  });
}

function offlinePage() {
  return new Response(OFFLINE_HTML, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8" },
  });
}

function networkFirst(request) {
  var network = fetch(request);
  return withTimeout(network, NETWORK_TIMEOUT_MS).then(function (response) {
    return keepPage(request, response).then(function () { return response; },
                                            function () { return response; });
  }).catch(function () {
    return cachedPage(request).then(function (hit) { return hit || offlinePage(); });
  });
}

function cacheFirst(request) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request);
  });
}

// --- log-out: nothing personal stays ------------------------------------------------------
function deleteQueueOf(user) {
  return new Promise(function (resolve) {
    var open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = function () {
      var store = open.result.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
      store.createIndex("user", "user");
    };
    open.onerror = function () { resolve(); };
    open.onsuccess = function () {
      var db = open.result;
      var tx = db.transaction("queue", "readwrite");
      var index = tx.objectStore("queue").index("user");
      index.openCursor(IDBKeyRange.only(user)).onsuccess = function (e) {
        var cursor = e.target.result;
        if (cursor) {
          cursor.delete();
          cursor.continue();
        }
      };
      tx.oncomplete = function () { db.close(); resolve(); };
      tx.onerror = function () { db.close(); resolve(); };
    };
  });
}

function forgetUser() {
  return currentUser().then(function (user) {
    return caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) {
        return k.indexOf(PAGES_PREFIX) === 0 || k === META_CACHE;
      }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return user ? deleteQueueOf(user) : null; });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === LOGOUT_PATH) {
    event.waitUntil(forgetUser());
    return;
  }
  if (request.method !== "GET") return;
  if (ASSETS.indexOf(url.pathname) !== -1) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (url.pathname.indexOf(ENTRY_PREFIX) === 0 && request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  }
});

// --- messages from the pages (static/js/offline.js) ----------------------------------------
function precache(urls) {
  return currentUser().then(function (user) {
    if (!user) return 0;
    var done = 0;
    // One at a time: the household pages are small, the phone's link is not.
    return urls.reduce(function (chain, u) {
      return chain.then(function () {
        return fetch(u, { credentials: "same-origin" }).then(function (response) {
          return keepPage(new Request(u), response).then(function () { done += 1; });
        }).catch(function () {});
      });
    }, Promise.resolve()).then(function () { return done; });
  });
}

self.addEventListener("message", function (event) {
  var msg = event.data || {};
  var reply = function (value) {
    if (event.ports && event.ports[0]) event.ports[0].postMessage(value);
  };
  if (msg.type === "user") {
    event.waitUntil(setUser(msg.user).then(function () {
      // Pages of any other user are dropped (their waiting saves are kept, untouched).
      return caches.keys().then(function (keys) {
        return Promise.all(keys.filter(function (k) {
          return k.indexOf(PAGES_PREFIX) === 0 && k !== PAGES_PREFIX + msg.user;
        }).map(function (k) { return caches.delete(k); }));
      });
    }).then(function () { reply({ ok: true, version: VERSION }); }));
  } else if (msg.type === "precache") {
    event.waitUntil(precache(msg.urls || []).then(function (n) { reply({ cached: n }); }));
  } else if (msg.type === "version") {
    reply({ version: VERSION });
  }
});
