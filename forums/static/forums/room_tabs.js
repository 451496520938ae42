/* The live room's panels as tabs on narrow screens, and the message box in view (no build step).

   On a wide screen the messages and the side panels (questions, people, and whatever other panel a room
   has) sit side by side and this module does nothing visible. Below the breakpoint it builds a tab list from
   every [data-live-panel] in the room, in document order (labels from data-live-tab-label), and shows one
   panel at a time, following the WAI-ARIA tabs pattern: arrow keys, Home and End move between tabs, the
   selected tab is the only one in the tab order. Without JavaScript the panels simply follow each other. */

const layout = document.getElementById("live-room-layout");
const tabList = document.getElementById("live-tabs");
const NARROW = window.matchMedia("(max-width: 59.99rem)");

if (layout && tabList) {
  const panels = Array.from(layout.querySelectorAll("[data-live-panel]"));
  const tabs = panels.map((panel) => {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.className = "live-tab";
    tab.id = `live-tab-${panel.dataset.livePanel}`;
    tab.textContent = panel.dataset.liveTabLabel || panel.dataset.livePanel;
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", panel.id);
    tab.addEventListener("click", () => select(panel.dataset.livePanel, true));
    tab.addEventListener("keydown", (event) => {
      const index = tabs.indexOf(tab);
      const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const next = tabs[(moves[event.key] + tabs.length) % tabs.length];
      select(panels[tabs.indexOf(next)].dataset.livePanel, true);
    });
    tabList.append(tab);
    return tab;
  });
  let current = "messages";

  function select(name, focus) {
    current = name;
    panels.forEach((panel, index) => {
      const selected = panel.dataset.livePanel === name;
      tabs[index].setAttribute("aria-selected", selected ? "true" : "false");
      tabs[index].tabIndex = selected ? 0 : -1;
      panel.classList.toggle("live-panel--inactive", !selected);
      if (selected && focus) tabs[index].focus();
    });
    if (name === "messages") document.dispatchEvent(new CustomEvent("live:messages-shown"));
  }

  function apply() {
    const narrow = NARROW.matches;
    tabList.hidden = !narrow;
    layout.classList.toggle("live-room-layout--tabs", narrow);
    panels.forEach((panel, index) => {
      if (narrow) {
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", tabs[index].id);
      } else {
        panel.removeAttribute("role");
        panel.setAttribute("aria-labelledby", panel.querySelector("h2").id);
        panel.classList.remove("live-panel--inactive");
      }
    });
    if (narrow) {
      select(current, false);
      measureTabs();
    }
  }

  // The panels fill the window below the tabs (live.css), which may take two rows.
  function measureTabs() {
    if (NARROW.matches) layout.style.setProperty("--live-tabs-height", `${tabList.offsetHeight}px`);
  }

  // The message box stays in view. On a phone the room is a chat: its tabs go to the top of the window, the
  // messages and the message box fill the rest (live.css). On a wide screen the messages pane takes the
  // height left below the room's header, but never less than 36rem (or the window): under a tall header (a
  // long title, a notice after signing in) the window scrolls just enough to show the message box.
  const messages = layout.querySelector('[data-live-panel="messages"]');
  const composer = document.getElementById("live-composer") || messages; // the pane's minimum may push it out
  function bringIntoView() {
    if (NARROW.matches) {
      tabList.scrollIntoView({ block: "start" });
      return;
    }
    const below = composer.getBoundingClientRect().bottom + 8 - window.innerHeight;
    if (below > 0) window.scrollBy(0, below);
  }

  window.addEventListener("resize", measureTabs, { passive: true });
  NARROW.addEventListener("change", () => {
    apply();
    // A window made narrow (a tablet turned, a window resized) shows the tabs and the message box too.
    if (NARROW.matches) bringIntoView();
  });
  apply();
  // A link to one message keeps its own position, and so does a page the browser scrolled back to.
  window.addEventListener("load", () => {
    if (!window.location.hash && window.scrollY === 0) bringIntoView();
  });
}
