// The import's progress bar while the file is read; the page reloads when reading is done.
(function () {
  var url = document.getElementById("import-progress-script").dataset.progressUrl;
  (function poll() {
    fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
      document.getElementById("import-progress").value = data.progress;
      document.getElementById("progress-text").textContent = data.progress + "%";
      if (data.status === "reading") setTimeout(poll, 700); else window.location.reload();
    }).catch(function () { setTimeout(poll, 2000); });
  })();
})();
