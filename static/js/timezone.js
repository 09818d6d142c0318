// Fills the sign-up form's hidden time zone with the browser's, e.g. "America/Los_Angeles".
// Without JavaScript the server uses its default zone; the lifter can change it in Settings.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) {
    return;
  }
  document.querySelectorAll('input[type="hidden"][name="time_zone"]').forEach(function (input) {
    if (!input.value) {
      input.value = zone;
    }
  });
})();
