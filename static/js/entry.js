/* Live score while keying in a self-assessment form (R2: 10 points per criterion, digital
   citizen at 90) and the household's state (R3). The server computes the same on save. */
(function () {
  "use strict";
  var form = document.getElementById("sheet-form");
  if (!form) return;
  var threshold = parseInt(form.dataset.threshold || "90", 10);
  var cards = Array.prototype.slice.call(form.querySelectorAll(".member-card[data-eligible]"));
  var householdText = form.querySelector(".js-household");
  var dirty = false;

  function criteria(card) {
    return Array.prototype.slice.call(card.querySelectorAll("input.criterion"));
  }

  function updateCard(card, fromCriterion) {
    var boxes = criteria(card);
    var met = boxes.filter(function (b) { return b.checked; }).length;
    var scoredBox = card.querySelector("input.scored");
    if (fromCriterion && met > 0 && scoredBox) scoredBox.checked = true;
    var scored = scoredBox ? scoredBox.checked : met > 0;
    var score = met * 10;
    card.querySelector(".js-score").textContent = scored ? String(score) : "–";
    var badge = card.querySelector(".js-citizen");
    if (!scored) {
      badge.textContent = "Chưa chấm";
      badge.className = "js-citizen badge text-bg-secondary";
    } else if (score >= threshold) {
      badge.textContent = "Công dân số";
      badge.className = "js-citizen badge text-bg-success";
    } else {
      badge.textContent = "Chưa đạt";
      badge.className = "js-citizen badge text-bg-warning";
    }
    boxes.forEach(function (b) {
      if (b.dataset.self === undefined) return;
      var differs = (b.dataset.self === "1") !== b.checked;
      b.closest(".criterion-row").classList.toggle("differs", differs);
    });
    card.dataset.scored = scored ? "1" : "0";
    card.dataset.digital = scored && score >= threshold ? "1" : "0";
  }

  function updateHousehold() {
    if (!householdText) return;
    var n = cards.length;
    if (n === 0) {
      householdText.textContent = "Không thuộc diện (không có người từ đủ 18 tuổi)";
      return;
    }
    var digital = cards.filter(function (c) { return c.dataset.digital === "1"; }).length;
    var unscored = cards.filter(function (c) { return c.dataset.scored !== "1"; }).length;
    var text = digital + "/" + n + " người đạt Công dân số";
    if (digital === n) text += " — Gia đình công dân số";
    else if (unscored) text += " — còn " + unscored + " người chưa chấm";
    else text += " — chưa đạt Gia đình công dân số";
    householdText.textContent = text;
  }

  cards.forEach(function (card) {
    card.addEventListener("change", function (event) {
      dirty = true;
      var isCriterion = event.target.classList.contains("criterion");
      if (event.target.classList.contains("scored") && !event.target.checked) {
        criteria(card).forEach(function (b) { b.checked = false; });
      }
      updateCard(card, isCriterion);
      updateHousehold();
    });
    updateCard(card, false);
  });
  updateHousehold();

  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
