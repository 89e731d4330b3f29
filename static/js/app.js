// Small enhancements on top of htmx. Everything here is optional: without JavaScript the
// server marks the fields, the links are plain links and the forms plain forms.
(function () {
  "use strict";

  // Live forms (estimator, planner) swap only their result; the result lists the fields in
  // error ([data-field-error]) and this marks the fields themselves, as the server does on a
  // full page: aria-invalid, the Bootstrap class, the message under the field.
  function markFields(form, result, focusFirst) {
    var errors = {};
    result.querySelectorAll("[data-field-error]").forEach(function (item) {
      var name = item.getAttribute("data-field-error");
      var message = item.querySelector(".message");
      errors[name] = (errors[name] ? errors[name] + " " : "") + (message ? message.textContent : "");
    });
    var first = null;
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || !input.id) return;
      var errorId = input.id + "_error";
      var feedback = document.getElementById(errorId);
      var describedBy = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== errorId;
      });
      if (Object.prototype.hasOwnProperty.call(errors, input.name)) {
        if (!feedback) {
          feedback = document.createElement("div");
          feedback.id = errorId;
          feedback.className = "invalid-feedback";
          input.insertAdjacentElement("afterend", feedback);
        }
        feedback.textContent = errors[input.name];
        input.classList.add("is-invalid");
        input.setAttribute("aria-invalid", "true");
        describedBy.unshift(errorId);
        if (!first) first = input;
      } else {
        if (feedback) feedback.remove();
        input.classList.remove("is-invalid");
        input.removeAttribute("aria-invalid");
      }
      if (describedBy.length) input.setAttribute("aria-describedby", describedBy.join(" "));
      else input.removeAttribute("aria-describedby");
    });
    if (first && focusFirst) {
      var section = first.closest("details");
      if (section) section.open = true;
      first.focus();
    }
  }

  var submitted = new WeakSet();
  document.addEventListener("submit", function (event) {
    submitted.add(event.target);
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    document.querySelectorAll("form[data-field-errors]").forEach(function (form) {
      var result = document.querySelector(form.getAttribute("data-field-errors"));
      if (!result) return;
      markFields(form, result, submitted.has(form));
      submitted.delete(form);
    });
  });

  // "Copy the link": a plain link without JavaScript (or without a clipboard).
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-copy-link]");
    if (!link || !navigator.clipboard) return;
    event.preventDefault();
    navigator.clipboard.writeText(link.href).then(
      function () {
        var status = link.parentElement.querySelector(".copy-status");
        if (status) status.textContent = link.getAttribute("data-copied");
      },
      function () {
        window.location.href = link.href;
      }
    );
  });
})();
