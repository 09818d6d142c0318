// The invitation link is shown once, as plain selectable text, and works without JavaScript. This adds
// a Share button where the browser has the Web Share API, and a Copy button where it has the clipboard;
// each stays hidden otherwise. What happened is said in the live region next to them.
(function () {
  "use strict";

  function setUp(box) {
    var input = document.getElementById(box.dataset.shareLink);
    var status = box.parentNode.querySelector("[data-share-status]");
    var share = box.querySelector("[data-share]");
    var copy = box.querySelector("[data-copy]");
    if (!input) { return; }

    function say(text) {
      if (!status) { return; }
      // Emptied first, so the same words twice in a row are still announced.
      status.textContent = "";
      setTimeout(function () { status.textContent = text; }, 50);
    }

    if (share && navigator.share) {
      share.hidden = false;
      share.addEventListener("click", function () {
        navigator.share({ title: "Train with me on Scapula", url: input.value }).catch(function () {
          // Closing the share sheet is not an error worth a message.
        });
      });
    }
    if (copy && navigator.clipboard && navigator.clipboard.writeText) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(input.value).then(
          function () { say("Copied"); },
          function () {
            input.select();
            say("Couldn't copy: the link is selected, copy it from there.");
          }
        );
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-share-link]").forEach(setUp);
  });
})();
