// Starts Swagger UI on the API documentation page. The schema's address comes from the page (a data
// attribute), so no inline script is needed and the site's Content-Security-Policy stays strict.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    domNode: root,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // Without deep links an operation's path is plain text, not a link nested inside its toggle button.
    deepLinking: false,
    // Never send the visitor's cookies with "Try it out": the API answers everyone as an anonymous visitor.
    requestInterceptor: function (request) {
      request.credentials = "omit";
      return request;
    },
    // Plain answers: the highlighter's colours fall short of WCAG contrast on its dark background.
    syntaxHighlight: false,
    validatorUrl: null
  });

  // Swagger UI draws the choices of a parameter as a <select> without a name: give each the name of its
  // parameter (the row says it visually), as screen readers need.
  function nameSelects() {
    root.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach(function (select) {
      var row = select.closest("tr[data-param-name]");
      select.setAttribute("aria-label", row.getAttribute("data-param-name"));
    });
  }
  new MutationObserver(nameSelects).observe(root, { childList: true, subtree: true });
})();
