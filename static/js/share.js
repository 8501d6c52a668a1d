/*
 * share.js — "Copy link" buttons.
 *
 * A button with `data-copy-target="<input id>"` copies that input's value to the clipboard
 * and says so in the element named by `data-copied-status` (a live region, for screen
 * readers). Without the clipboard API (an insecure origin) the text is selected instead, so
 * the person copies it with the keyboard. No inline script: the page keeps its strict CSP.
 */
(function () {
  "use strict";

  function say(button, text) {
    var id = button.getAttribute("data-copied-status");
    var status = id ? document.getElementById(id) : null;
    if (status) {
      status.textContent = text;
    }
  }

  function selectText(input) {
    input.focus();
    input.select();
  }

  function copy(button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    if (!input) {
      return;
    }
    var text = input.value;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () {
          say(button, "Link copied.");
        },
        function () {
          selectText(input);
          say(button, "Press Ctrl+C (⌘C on a Mac) to copy the selected link.");
        }
      );
      return;
    }
    selectText(input);
    say(button, "Press Ctrl+C (⌘C on a Mac) to copy the selected link.");
  }

  function init() {
    var buttons = document.querySelectorAll("[data-copy-target]");
    for (var i = 0; i < buttons.length; i += 1) {
      buttons[i].addEventListener("click", function (event) {
        copy(event.currentTarget);
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
