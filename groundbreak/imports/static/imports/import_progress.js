// While the file is read, show the worker's progress; reload when the preview is ready.
(function () {
  var section = document.getElementById("reading");
  if (!section) return;
  var url = section.dataset.progressUrl;
  (function poll() {
    fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
      document.getElementById("import-progress").value = data.progress;
      document.getElementById("progress-text").textContent = data.progress + "%";
      if (data.status === "reading") setTimeout(poll, 700); else window.location.reload();
    }).catch(function () { setTimeout(poll, 2000); });
  })();
})();
