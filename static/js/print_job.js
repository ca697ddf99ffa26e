/* Print job page: polls the job's status (JSON) every 2 s until it is done or failed, and
   updates the status, progress bar, error and download link. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "1") return;
  var url = box.dataset.statusUrl;
  function show(s) {
    document.getElementById("job-status").textContent = s.status_display;
    document.getElementById("job-stage").textContent = s.stage || "";
    document.getElementById("job-queued-hint").classList.toggle("d-none", s.status !== "queued");
    var bar = document.getElementById("job-bar");
    bar.style.width = s.percent + "%";
    bar.textContent = s.percent + "%";
    document.getElementById("job-progress").setAttribute("aria-valuenow", s.percent);
    if (s.error) {
      var e = document.getElementById("job-error");
      e.textContent = s.error;
      e.classList.remove("d-none");
      bar.classList.add("bg-danger");
    }
    if (s.finished) {
      bar.classList.remove("progress-bar-striped", "progress-bar-animated");
      if (s.download_url) {
        var a = document.getElementById("job-download");
        a.href = s.download_url;
        a.classList.remove("d-none");
      }
    }
    return s.finished;
  }
  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin", cache: "no-store"})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (s) { if (!show(s)) setTimeout(poll, 2000); })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();
