// Report lists: a period or region picker submits its form when changed; on a phone the
// filter box starts folded.
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  var filters = document.getElementById("filterbox");
  if (filters && window.matchMedia("(max-width: 600px)").matches) filters.open = false;
})();
