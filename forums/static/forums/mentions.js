/* Mention autocomplete for the post textarea. Without JavaScript people type @[Name] themselves; with it,
   typing "@" and two letters lists the people they may mention (from the thread's JSON endpoint), and
   Enter, Tab or a click inserts @[Name]. A combobox pattern: the list is announced to screen readers. */
(function () {
  "use strict";

  function enhance(textarea) {
    var url = textarea.getAttribute("data-mentions-url");
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var listId = textarea.id + "-mentions";
    var items = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";

    list.id = listId;
    list.className = "mention-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    textarea.insertAdjacentElement("afterend", status);
    textarea.insertAdjacentElement("afterend", list);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", listId);

    function currentQuery() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = before.match(/(^|[^\w@])@\[?([^\]\n@]{2,40})$/);
      return match ? match[2] : null;
    }

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      items = [];
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) {
        textarea.setAttribute("aria-activedescendant", listId + "-" + index);
      }
    }

    function insert(item) {
      var caret = textarea.selectionStart;
      var before = textarea.value.slice(0, caret);
      var start = before.search(/@\[?[^\]\n@]*$/);
      textarea.value = before.slice(0, start) + item.insert + " " + textarea.value.slice(caret);
      var position = start + item.insert.length + 1;
      textarea.setSelectionRange(position, position);
      close();
      textarea.focus();
    }

    function show(results) {
      close();
      items = results;
      if (!results.length) {
        status.textContent = "";
        return;
      }
      results.forEach(function (item, index) {
        var li = document.createElement("li");
        var meta = document.createElement("span");
        li.id = listId + "-" + index;
        li.setAttribute("role", "option");
        li.textContent = item.name + " ";
        meta.className = "meta";
        meta.textContent = "(" + item.stakeholder_type + ")";
        li.appendChild(meta);
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          insert(item);
        });
        list.appendChild(li);
      });
      list.hidden = false;
      highlight(0);
      status.textContent = (textarea.getAttribute("data-mentions-found") || "") + " " + results.length;
    }

    function lookup() {
      var query = currentQuery();
      if (!query) {
        lastQuery = "";
        close();
        return;
      }
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (currentQuery() === query) { show(data.results || []); } })
        .catch(close);
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookup, 150);
    });
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden || !items.length) {
        return;
      }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : items.length - 1;
        highlight((active + step) % items.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        insert(items[Math.max(active, 0)]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    textarea.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }

  document.querySelectorAll("textarea[data-mentions-url]").forEach(enhance);
})();
