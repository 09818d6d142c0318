// The session page without JavaScript already works (forms post and redirect back to the card).
// This adds a rest countdown under the last logged set; htmx swaps cards in place.
(function () {
  "use strict";
  var timer = null;

  function format(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function tick() {
    var now = Date.now() / 1000, active = 0, latest = 0;
    var timers = document.querySelectorAll(".rest-timer[data-logged-at]");
    // Only the rest after the most recent set matters; older ones would just be noise.
    timers.forEach(function (el) { latest = Math.max(latest, Number(el.dataset.loggedAt)); });
    timers.forEach(function (el) {
      el.hidden = Number(el.dataset.loggedAt) !== latest;
      if (el.hidden) { return; }
      var left = Math.round(Number(el.dataset.loggedAt) + Number(el.dataset.restSeconds) - now);
      if (left > 0) {
        el.textContent = "Rest " + format(left);
        el.classList.remove("rest-done");
        active += 1;
      } else {
        el.textContent = "Rest over: go when you're ready.";
        el.classList.add("rest-done");
      }
    });
    if (!active && timer) { clearInterval(timer); timer = null; }
  }

  function start() {
    tick();
    if (!timer) { timer = setInterval(tick, 1000); }
  }

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:afterSwap", start);
})();
