/* Steps 1–2 in the browser (no inline script: everything is wired from data attributes).

   - Live score while keying in a self-assessment form (R2) and the household's state (R3).
     The numbers (points per criterion, the digital-citizen score) and the words come from
     the server as data attributes of the form (scoring.rules, scoring.glossary); the server
     computes the same on save.
   - A minute a household (issue 9): "Đạt cả 10 tiêu chí" and "Như người trên" per person,
     dates typed as 8 digits with the slashes shown as you type, members added inline (the
     member-add form posted asking for JSON; the server answers with the new card), Enter
     ticks a criterion like Space.
   - Saves asking for JSON, so a save that cannot reach the server waits in the offline
     queue (static/js/offline.js) instead of being lost; a conflict (HTTP 409: someone saved
     in between) is shown by the server's page, never applied.
   - Conflicts: "Lấy bản đang lưu" puts the stored value back into the field. */
(function () {
  "use strict";

  var JSON_HEADERS = { Accept: "application/json" };

  function $all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function announce(text) {
    var box = document.querySelector(".js-save-state");
    if (box) box.textContent = text;
  }

  // --- dates: "15031990" → "15/03/1990" as you type ----------------------------------------
  function maskDate(input, event) {
    if (event && event.inputType && event.inputType.indexOf("delete") === 0) return;
    var v = input.value.replace(/\/\/+/g, "/");
    if (!/^[\d/]*$/.test(v)) return; // "15.03.1990", "15-03-1990": the server reads them
    for (var i = 0; i < v.length; i++) {
      if (v[i] === "/" && i !== 2 && i !== 5) return; // "5/3/1990" typed by hand
    }
    var d = v.replace(/\//g, "").slice(0, 8);
    var out = d.slice(0, 2);
    if (d.length >= 2) out += "/" + d.slice(2, 4);
    if (d.length >= 4) out += "/" + d.slice(4);
    if (out !== v) input.value = out;
  }

  function initDateMasks(root) {
    $all(root, "input[data-date-mask]").forEach(function (input) {
      input.addEventListener("input", function (event) { maskDate(input, event); });
    });
  }

  // --- "Lấy bản đang lưu" on the register forms and the cultural house -------------------
  function initTakeTheirs(root) {
    $all(root, "[data-take-theirs]").forEach(function (button) {
      button.addEventListener("click", function () {
        var form = button.closest("form");
        var field = form && form.elements[button.dataset.takeTheirs];
        if (!field) return;
        var value = button.dataset.value;
        if (field.type === "checkbox") field.checked = value === "1";
        else if (field.length !== undefined && !field.tagName) {
          $all(form, "[name='" + button.dataset.takeTheirs + "']").forEach(function (r) {
            r.checked = r.value === value;
          });
        } else field.value = value;
        button.textContent = "Đã lấy bản đang lưu";
        button.disabled = true;
      });
    });
  }

  initDateMasks(document);
  initTakeTheirs(document);

  var form = document.getElementById("sheet-form");
  if (!form) return;
  var data = form.dataset;
  var pointsPerCriterion = parseInt(data.pointsPerCriterion, 10);
  var digitalMinScore = parseInt(data.digitalMinScore, 10);
  var householdText = form.querySelector(".js-household");
  var dirty = false;

  function cards() {
    return $all(form, ".member-card[data-eligible]");
  }

  function criteria(card) {
    return $all(card, "input.criterion");
  }

  function stateOf(card) {
    var scored = card.querySelector("input.scored");
    return (scored && scored.checked ? "1" : "0") +
      criteria(card).map(function (b) { return b.checked ? "1" : "0"; }).join("");
  }

  function applyState(card, state) {
    var scored = card.querySelector("input.scored");
    if (scored) scored.checked = state[0] === "1";
    criteria(card).forEach(function (b, i) { b.checked = state[i + 1] === "1"; });
    changed(card, false);
  }

  function updateCard(card, fromCriterion) {
    var boxes = criteria(card);
    var met = boxes.filter(function (b) { return b.checked; }).length;
    var scoredBox = card.querySelector("input.scored");
    if (fromCriterion && met > 0 && scoredBox) scoredBox.checked = true;
    var scored = scoredBox ? scoredBox.checked : met > 0;
    var score = met * pointsPerCriterion;
    card.querySelector(".js-score").textContent = scored ? String(score) : "–";
    var badge = card.querySelector(".js-citizen");
    if (!scored) {
      badge.textContent = data.labelUnscored;
      badge.className = "js-citizen badge text-bg-secondary";
    } else if (score >= digitalMinScore) {
      badge.textContent = data.labelDigitalCitizen;
      badge.className = "js-citizen badge text-bg-success";
    } else {
      badge.textContent = data.labelNotMet;
      badge.className = "js-citizen badge text-bg-warning";
    }
    boxes.forEach(function (b) {
      if (b.dataset.self === undefined) return;
      var differs = (b.dataset.self === "1") !== b.checked;
      b.closest(".criterion-row").classList.toggle("differs", differs);
    });
    card.dataset.scored = scored ? "1" : "0";
    card.dataset.digital = scored && score >= digitalMinScore ? "1" : "0";
  }

  function updateHousehold() {
    if (!householdText) return;
    var all = cards();
    var n = all.length;
    if (n === 0) {
      householdText.textContent = data.labelNotApplicable + " (không có người từ đủ 18 tuổi)";
      return;
    }
    var digital = all.filter(function (c) { return c.dataset.digital === "1"; }).length;
    var unscored = all.filter(function (c) { return c.dataset.scored !== "1"; }).length;
    var text = digital + "/" + n + " người đạt " + data.labelDigitalCitizen;
    if (digital === n) text += " — " + data.labelDigitalFamily;
    else if (unscored) text += " — còn " + unscored + " người chưa chấm";
    else text += " — chưa đạt " + data.labelDigitalFamily;
    householdText.textContent = text;
  }

  function changed(card, fromCriterion) {
    dirty = true;
    updateCard(card, fromCriterion);
    updateHousehold();
  }

  function previousCard(card) {
    var all = cards();
    var i = all.indexOf(card);
    return i > 0 ? all[i - 1] : null;
  }

  function updateQuickFill() {
    cards().forEach(function (card, i) {
      var box = card.querySelector(".quick-fill");
      if (!box) return;
      box.hidden = false;
      var same = box.querySelector("[data-same-as-above]");
      if (same) same.hidden = i === 0;
    });
  }

  function initCard(card) {
    if (card.dataset.ready) return;
    card.dataset.ready = "1";
    card.addEventListener("change", function (event) {
      var t = event.target;
      if (t.classList.contains("scored") && !t.checked) {
        criteria(card).forEach(function (b) { b.checked = false; });
      }
      if (t.classList.contains("criterion") || t.classList.contains("scored")) {
        changed(card, t.classList.contains("criterion"));
      }
    });
    card.addEventListener("keydown", function (event) {
      // Enter ticks a criterion like Space (a keyboard-only member keys a form in one go).
      if (event.key === "Enter" && event.target.matches("input[type=checkbox]")) {
        event.preventDefault();
        event.target.click();
      }
    });
    var all = card.querySelector("[data-all-met]");
    if (all) {
      all.addEventListener("click", function () {
        applyState(card, "1" + "1111111111".slice(0, criteria(card).length));
      });
    }
    var same = card.querySelector("[data-same-as-above]");
    if (same) {
      same.addEventListener("click", function () {
        var above = previousCard(card);
        if (above) applyState(card, stateOf(above));
      });
    }
    // After a conflict: "Giữ bản của tôi" / "Lấy bản đang lưu" show what will be saved.
    var conflict = card.querySelector(".conflict[data-theirs]");
    if (conflict) {
      var mine = stateOf(card);
      $all(conflict, "[data-resolve]").forEach(function (radio) {
        radio.addEventListener("change", function () {
          applyState(card, radio.dataset.resolve === "theirs" ? conflict.dataset.theirs : mine);
        });
      });
    }
    updateCard(card, false);
  }

  cards().forEach(initCard);
  updateQuickFill();
  updateHousehold();

  // --- saving: JSON first, the offline queue when the server cannot be reached ----------
  function formBody(formEl, submitter) {
    var body = new URLSearchParams(new FormData(formEl));
    if (submitter && submitter.name) body.append(submitter.name, submitter.value || "");
    return body;
  }

  function queue() {
    return window.EntryQueue && window.EntryQueue.available ? window.EntryQueue : null;
  }

  function householdLabel() {
    var h1 = document.querySelector("h1");
    return h1 ? h1.textContent.trim() : "Phiếu";
  }

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var q = queue();
    if (!q || form.dataset.native) return; // plain form post
    event.preventDefault();
    var body = formBody(form, submitter);
    var url = form.getAttribute("action") || location.pathname;
    fetch(url, {
      method: "POST",
      body: body,
      headers: JSON_HEADERS,
      credentials: "same-origin",
    }).then(function (response) {
      if (response.redirected && /\/accounts\/login\//.test(response.url)) throw new Error("login");
      return response.json().then(function (answer) { return [response, answer]; });
    }).then(function (pair) {
      var answer = pair[1];
      dirty = false;
      if (answer.ok) {
        location.href = answer.url;
        return;
      }
      // A conflict or a refusal: the server's own page shows it (nothing was written).
      form.dataset.native = "1";
      if (submitter && submitter.name) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = submitter.name;
        hidden.value = submitter.value || "";
        form.appendChild(hidden);
      }
      form.submit();
    }).catch(function (error) {
      // No connection (or the session expired): the save waits in the browser.
      var next = submitter && submitter.name === "save_next";
      q.enqueue({ url: url, body: body.toString(), label: householdLabel(), kind: "sheet" })
        .then(function () {
          dirty = false;
          announce("Chưa gửi được (" + (error.message === "login" ? "cần đăng nhập lại" :
            "mất kết nối") + "): phiếu được giữ trong máy và sẽ tự gửi khi có mạng.");
          if (next) {
            var link = document.querySelector(".save-bar a[aria-label^='Hộ sau']");
            if (link) location.href = link.href;
          }
        });
    });
  });

  // --- members added inline ----------------------------------------------------------------
  var addForm = document.getElementById("member-add");
  if (addForm) {
    var nameInput = addForm.querySelector("#id_full_name");
    var dateInput = addForm.querySelector("#id_birth_date");
    var errorsBox = addForm.querySelector(".js-add-errors");
    if (location.hash === "#them-nguoi" && nameInput) {
      // The fragment names no element, so the browser leaves the focus to us.
      nameInput.focus();
      addForm.scrollIntoView({ block: "center" });
    }
    nameInput.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        dateInput.focus();
      }
    });

    var insertCard = function (html) {
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var card = holder.firstElementChild;
      var fieldset = form.querySelector("fieldset");
      var empty = fieldset.querySelector(".js-no-members");
      if (empty) empty.remove();
      fieldset.appendChild(card);
      initDateMasks(card);
      if (card.dataset.eligible) initCard(card);
      updateQuickFill();
      updateHousehold();
      return card;
    };

    addForm.addEventListener("submit", function (event) {
      event.preventDefault();
      errorsBox.textContent = "";
      var body = formBody(addForm, event.submitter);
      var button = addForm.querySelector("button[type=submit]");
      button.disabled = true;
      fetch(addForm.action, {
        method: "POST",
        body: body,
        headers: JSON_HEADERS,
        credentials: "same-origin",
      }).then(function (response) {
        if (response.redirected && /\/accounts\/login\//.test(response.url)) {
          throw new Error("login");
        }
        return response.json();
      }).then(function (answer) {
        if (!answer.ok) {
          var lines = [];
          Object.keys(answer.errors || {}).forEach(function (k) {
            lines = lines.concat(answer.errors[k]);
          });
          errorsBox.textContent = lines.join(" ") || answer.message || "Không lưu được.";
          return;
        }
        insertCard(answer.html);
        addForm.reset();
        announce([answer.message].concat(answer.warnings || []).join(" "));
        nameInput.focus();
      }).catch(function (error) {
        var q = queue();
        if (!q) {
          errorsBox.textContent = "Không gửi được: kiểm tra kết nối rồi thử lại.";
          return;
        }
        var name = nameInput.value;
        q.enqueue({ url: addForm.action, body: body.toString(), label: "Thêm " + name,
                    kind: "member" }).then(function () {
          addForm.reset();
          announce("Chưa gửi được (" + (error.message === "login" ? "cần đăng nhập lại" :
            "mất kết nối") + "): " + name + " sẽ được thêm khi có mạng.");
          nameInput.focus();
        });
      }).then(function () { button.disabled = false; });
    });
  }

  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
