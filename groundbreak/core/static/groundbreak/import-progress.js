// While an upload is read in the background, show its progress and reload when it is done.
// (A static file, not an inline script: the Content-Security-Policy allows no inline scripts.)
(function () {
  const bar = document.getElementById("import-progress");
  if (!bar || !bar.dataset.url) return;
  const text = document.getElementById("progress-text");
  (function poll() {
    fetch(bar.dataset.url, {credentials: "same-origin"}).then(r => r.json()).then(data => {
      bar.value = data.progress;
      if (text) text.textContent = data.progress + "%";
      if (data.status === "reading") setTimeout(poll, 700); else window.location.reload();
    }).catch(() => setTimeout(poll, 2000));
  })();
})();
