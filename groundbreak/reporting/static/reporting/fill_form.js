// Live checks of the monthly report form, the statistics forms' own logic (the server checks
// the same on saving): this year's (1-N月) = last period's + this period's, since the start
// never below last period's nor below this year's, beyond the plan or the total needs a reason.
// The figures are filled in for the owner as the period's figure is typed. The messages come
// translated from the page (a JSON script element), never from this file.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  var d = form.dataset;
  var texts = JSON.parse(document.getElementById("live-check-messages").textContent);
  var period = form.elements["completed_period"], ytd = form.elements["completed_ytd"],
      total = form.elements["completed_total"], note = document.getElementById("live-check");

  function num(text) {
    text = (text || "").replace(/[,，\s]/g, "");
    return /^-?\d+(\.\d+)?$/.test(text) ? parseFloat(text) : null;
  }
  function fmt(x) { return (Math.round(x * 10000) / 10000).toString(); }
  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (all, name) { return values[name]; });
  }
  function carry() {
    var p = num(period.value);
    if (p !== null && d.baseYtd !== "") {
      ytd.value = fmt(num(d.baseYtd) + p);
      total.value = fmt(num(d.baseTotal) + p);
    }
    check();
  }
  function check() {
    var messages = [];
    var p = num(period.value), y = num(ytd.value), t = num(total.value);
    if (d.checkYtd === "1" && p !== null && y !== null) {
      var expected = num(d.previousYtd) + p;
      if (Math.abs(expected - y) > 0.00005) {
        messages.push(fill(texts.ytd, {expected: fmt(expected), previous: fmt(num(d.previousYtd)), period: fmt(p)}));
      }
    }
    if (d.baseTotal !== "" && t !== null && t < num(d.baseTotal)) messages.push(texts.total_falls);
    if (y !== null && t !== null && t < y) messages.push(texts.total_below_ytd);
    if ((d.plan !== "" && y !== null && y > num(d.plan)) || (t !== null && t > num(d.totalInvestment))) {
      messages.push(texts.beyond_plan);
    }
    note.hidden = messages.length === 0;
    note.textContent = messages.join(" ");
  }
  period.addEventListener("input", carry);
  ytd.addEventListener("input", check);
  total.addEventListener("input", check);
})();
