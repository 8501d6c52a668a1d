/*
 * feedback.js — one-click answers from an email link.
 *
 * A link in an email (`/feedback/pulse/12/?rating=4`) opens a page whose form already has the
 * answer chosen; the GET itself writes nothing (mail scanners open links). The form carries
 * `data-autosubmit="<key>"`, and this script submits it once on load, so a person with
 * JavaScript records their answer with the one click in their mailbox; without JavaScript
 * they press the button. The key is remembered for the browser tab: going back to the page
 * does not submit it again.
 */
(function () {
  "use strict";

  function alreadySent(key) {
    try {
      if (window.sessionStorage.getItem("autosubmit:" + key)) {
        return true;
      }
      window.sessionStorage.setItem("autosubmit:" + key, "1");
    } catch (error) {
      // storage refused (private mode): submit once for this page load
    }
    return false;
  }

  function autosubmit() {
    var forms = document.querySelectorAll("form[data-autosubmit]");
    for (var i = 0; i < forms.length; i += 1) {
      var form = forms[i];
      var key = form.getAttribute("data-autosubmit") || form.action;
      form.removeAttribute("data-autosubmit");
      if (alreadySent(key)) {
        continue;
      }
      form.classList.add("is-submitting");
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", autosubmit);
  } else {
    autosubmit();
  }
})();
