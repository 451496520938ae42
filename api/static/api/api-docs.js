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
    deepLinking: true,
    // Never send the visitor's cookies with "Try it out": the API answers everyone as an anonymous visitor.
    requestInterceptor: function (request) {
      request.credentials = "omit";
      return request;
    },
    validatorUrl: null
  });
})();
