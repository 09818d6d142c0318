// The browser's time zone, e.g. "America/Los_Angeles": it fills the sign-up form's hidden field, and heads
// the Settings picker as "This device" (the saved zone stays selected: changing it is the lifter's choice).
// Without JavaScript the server uses its default zone at sign-up; the lifter can change it in Settings.
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
  document.querySelectorAll('select[name="time_zone"]').forEach(function (select) {
    var known = Array.prototype.find.call(select.options, function (option) {
      return option.value === zone;
    });
    if (!known || known.selected) {
      return;
    }
    var group = document.createElement("optgroup");
    group.label = "This device";
    var option = document.createElement("option");
    option.value = zone;
    option.textContent = known.textContent;
    group.appendChild(option);
    select.insertBefore(group, select.firstChild);
  });
})();
