(() => {
  const SV = window.INSATSGUIDEN_SV || {};
  const ATTRS = ["aria-label", "title", "placeholder"];
  const plain = (el) => (el.innerText || el.textContent || "").replace(/\s+/g, " ").trim();
  // Chat messages carry their Markdown source as aria-label: say who speaks and give the readable text.
  function messageLabel(el) {
    const label = el.getAttribute("aria-label") || "";
    if (label.startsWith("user's message")) el.dataset.who = "Din fråga: ";
    else if (label.startsWith("bot's message")) el.dataset.who = "Svar: ";
    if (!el.dataset.who) return;
    const want = el.dataset.who + plain(el).slice(0, 300);
    if (label !== want) el.setAttribute("aria-label", want);
  }
  let pending = false;
  function relabelMessages() {  // message text arrives after its aria-label: relabel once per frame
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      document.querySelectorAll(`[data-who], [aria-label^="user's message"], [aria-label^="bot's message"]`)
        .forEach(messageLabel);
    });
  }
  function translate(root) {
    if (!(root instanceof Element)) return;
    const nodes = [root, ...root.querySelectorAll("*")];
    for (const el of nodes) {
      for (const a of ATTRS) {
        const v = el.getAttribute(a);
        if (v && SV[v.trim()]) el.setAttribute(a, SV[v.trim()]);
      }
      for (const n of el.childNodes) {
        if (n.nodeType === 3) {
          const t = n.nodeValue.trim();
          if (t && SV[t]) n.nodeValue = n.nodeValue.replace(t, SV[t]);
        }
      }
    }
  }
  // The map's picture says what it shows (Gradio's own alt text is "undefined plot visualising provided data").
  function mapAlt() {
    for (const [picture, caption] of [["#overview-map img", "map-alt"], ["#overview-chart img", "chart-alt"]]) {
      const img = document.querySelector(picture);
      const words = document.getElementById(caption);
      if (!img || !words) continue;
      const text = plain(words);
      if (text && img.getAttribute("alt") !== text) img.setAttribute("alt", text);
    }
  }
  function start() {
    document.documentElement.lang = "sv";
    translate(document.body);
    new MutationObserver((changes) => {
      if (document.documentElement.lang !== "sv") document.documentElement.lang = "sv";
      relabelMessages();
      mapAlt();
      for (const c of changes) {
        if (c.type === "childList") c.addedNodes.forEach((n) => translate(n.nodeType === 3 ? n.parentElement : n));
        else if (c.type === "characterData") translate(c.target.parentElement);
        else translate(c.target);
      }
    }).observe(document.documentElement, {subtree: true, childList: true, characterData: true,
                                          attributes: true, attributeFilter: ATTRS.concat(["lang"])});
  }
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);

  // The start of the newest answer at the top of the chat (or of the page, where the chat does not scroll).
  function scroller(el) {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p).overflowY;
      if ((s === "auto" || s === "scroll") && p.scrollHeight > p.clientHeight + 1) return p;
    }
    return null;
  }
  window.insatsguidenShowAnswer = (tries = 20) => {
    const bots = document.querySelectorAll("#chat .message-row.bot-row, #chat .bot-row, #chat [data-testid='bot']");
    const last = bots[bots.length - 1];
    if (!last) { if (tries > 0) setTimeout(() => window.insatsguidenShowAnswer(tries - 1), 100); return; }
    const box = scroller(last);
    if (box) box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 4;
    else {  // the page scrolls: bring the answer's start up, below whatever stays on top (the phone's tool bar)
      const r = last.getBoundingClientRect();
      const bar = document.getElementById("tools-col");
      const sticky = bar && getComputedStyle(bar).position === "sticky" && window.innerWidth <= 640;
      const top = sticky ? bar.getBoundingClientRect().height : 0;
      window.scrollBy(0, r.top - 8 - top);
    }
  };
  // On a phone the tools (filters, downloads) start folded into their bar, so the conversation has the screen.
  function foldToolsOnPhone(tries = 50) {
    if (window.innerWidth > 640) return;
    const toggle = document.querySelector("#tools > button, #tools .label-wrap");
    if (!toggle) { if (tries > 0) setTimeout(() => foldToolsOnPhone(tries - 1), 100); return; }
    if (toggle.classList.contains("open") || toggle.getAttribute("aria-expanded") === "true") toggle.click();
  }
  if (document.readyState === "complete") foldToolsOnPhone(); else window.addEventListener("load", () => foldToolsOnPhone());

  // A paste longer than the box takes (maxlength) was cut by the browser without a word, and the question that
  // stands at the end of a pasted e-mail was lost. Keep its beginning and its end instead, and say so.
  const fmt = (n) => n.toLocaleString("sv-SE");
  function pasteNote(text) {
    let note = document.getElementById("paste-note");
    const bar = document.getElementById("ask-row");
    if (!note && bar) {
      note = document.createElement("p");
      note.id = "paste-note";
      note.setAttribute("role", "status");
      bar.prepend(note);
    }
    if (note) { note.textContent = text; note.hidden = !text; }
  }
  document.addEventListener("paste", (e) => {
    const box = e.target;
    if (!(box instanceof HTMLTextAreaElement) || !box.closest("#question")) return;
    const max = box.maxLength;
    const pasted = (e.clipboardData && e.clipboardData.getData("text")) || "";
    const room = max - (box.value.length - (box.selectionEnd - box.selectionStart));
    if (max <= 0 || pasted.length <= room) return;
    e.preventDefault();
    const half = Math.max(0, Math.floor((room - 3) / 2));
    const kept = room < 8 ? pasted.slice(0, Math.max(0, room)) : pasted.slice(0, half) + " … " + pasted.slice(-half);
    box.setRangeText(kept, box.selectionStart, box.selectionEnd, "end");
    box.dispatchEvent(new Event("input", {bubbles: true}));
    const already = max - room;  // what the box held outside the selection the paste replaces
    const why = already > 0
      ? `Rutan tar ${fmt(max)} tecken och hade redan ${fmt(already)}; den inklistrade texten hade ${fmt(pasted.length)}. `
      : `Den inklistrade texten hade ${fmt(pasted.length)} tecken, fler än de ${fmt(max)} som rutan tar. `;
    pasteNote(why + (room < 8 ? "Bara början av den kom med."
                              : "Början och slutet av den är inklistrade (där en fråga brukar stå); mitten är utelämnad."));
  }, true);
  // The note goes with the text: when the box is emptied, or the question is sent (the answer says how it was cut).
  document.addEventListener("input", (e) => {
    const box = e.target;
    if (box instanceof HTMLTextAreaElement && box.closest("#question") && !box.value) pasteNote("");
  }, true);
  document.addEventListener("click", (e) => { if (e.target instanceof Element && e.target.closest("#send")) pasteNote(""); }, true);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && e.target instanceof Element && e.target.closest("#question")) pasteNote("");
  }, true);

  // Tab out of a dropdown: Gradio lets focus fall into its open list, which then stays open over the next
  // dropdown. Close it (blur) and move focus to the next (Shift: previous) control ourselves.
  const TABBABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), textarea:not([disabled]), " +
                   "select:not([disabled]), [tabindex]:not([tabindex='-1'])";
  document.addEventListener("keydown", (e) => {
    const input = e.target;
    if (e.key !== "Tab" || !(input instanceof HTMLInputElement) || input.getAttribute("role") !== "combobox") return;
    const all = [...document.querySelectorAll(TABBABLE)].filter(
      (el) => el.offsetParent !== null && !el.closest("[role=listbox], ul.options"));
    const next = all[all.indexOf(input) + (e.shiftKey ? -1 : 1)];
    if (!next) return;
    e.preventDefault();
    e.stopPropagation();
    input.blur();
    next.focus();
  }, true);
})();
