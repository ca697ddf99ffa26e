/* Live score while keying in a self-assessment form (R2) and the household's state (R3).
   The numbers (points per criterion, the digital-citizen score) and the words come from the
   server as data attributes of the form (scoring.rules, scoring.glossary); the server
   computes the same on save. */
(function () {
  "use strict";
  var form = document.getElementById("sheet-form");
  if (!form) return;
  var data = form.dataset;
  var pointsPerCriterion = parseInt(data.pointsPerCriterion, 10);
  var digitalMinScore = parseInt(data.digitalMinScore, 10);
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
    var n = cards.length;
    if (n === 0) {
      householdText.textContent = data.labelNotApplicable + " (không có người từ đủ 18 tuổi)";
      return;
    }
    var digital = cards.filter(function (c) { return c.dataset.digital === "1"; }).length;
    var unscored = cards.filter(function (c) { return c.dataset.scored !== "1"; }).length;
    var text = digital + "/" + n + " người đạt " + data.labelDigitalCitizen;
    if (digital === n) text += " — " + data.labelDigitalFamily;
    else if (unscored) text += " — còn " + unscored + " người chưa chấm";
    else text += " — chưa đạt " + data.labelDigitalFamily;
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
