// The session page without JavaScript already works (forms post and redirect back to the card, whose
// weight field then has autofocus). This adds a rest countdown under the last logged set, and keeps the
// keyboard and screen-reader user in place when htmx swaps a card: focus goes where the server marked
// (autofocus: the next set's weight, or the first field with an error), else to the card's heading, and
// the page's one live region says what happened (the card's data-announce).
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

  function announce(text) {
    var region = document.getElementById("log-status");
    if (!region || !text) { return; }
    // Emptied first, so the same words twice in a row ("Set removed.") are still announced.
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  function settle(event) {
    var target = event.detail && event.detail.target;
    // An outerHTML swap replaces the target: find the new card by the id they share.
    var card = target && target.id ? document.getElementById(target.id) : null;
    if (!card || !card.classList.contains("log-card")) { return; }
    var field = card.querySelector("[autofocus]");
    if (field) {
      field.focus();
    } else if (!card.contains(document.activeElement)) {
      var heading = card.querySelector("h2[tabindex]");
      if (heading) { heading.focus(); }
    }
    announce(card.dataset.announce);
  }

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:afterSwap", start);
  document.addEventListener("htmx:afterSettle", settle);
})();
