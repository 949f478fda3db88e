// txdoctor helpdesk: streams the cards of a check as each input concludes, copies replies,
// switches a card's language. The page works without this file (plain form posts).
// Chain data is only ever set with textContent or .value, never parsed as HTML.
"use strict";

(function () {
  const form = document.getElementById("check-form");
  const results = document.getElementById("results");
  const template = document.getElementById("card-template");
  const status = document.getElementById("status");
  const copyAll = document.getElementById("copy-all");
  if (!form || !results || !template || !status) return;
  const csrf = form.querySelector("input[type=hidden]").value;

  function say(key) { return status.dataset[key] || ""; }

  // Copying needs this script: the buttons stay hidden without it (the reply can be selected).
  results.querySelectorAll("button.copy").forEach((b) => { b.hidden = false; });
  copyAll.hidden = results.children.length === 0;

  function fill(node, field, value) {
    const el = node.querySelector('[data-field="' + field + '"]');
    if (el) el.textContent = value;
    return el;
  }

  function list(el, items) {
    el.replaceChildren(...items.map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }));
  }

  function render(card) {
    const node = template.content.firstElementChild.cloneNode(true);
    node.dataset.index = String(card.index);
    node.dataset.lang = card.lang;
    node.dataset.live = String(card.live);
    node.dataset.born = String(Date.now());
    node.className = "card sev-" + card.severity;
    ["title", "verdict", "input", "summary", "checked"].forEach((f) => fill(node, f, card[f]));
    const lines = node.querySelector('[data-field="lines"]');
    lines.replaceChildren(...card.lines.map((line) => {
      const div = document.createElement("div");
      const dt = document.createElement("dt");
      const dd = document.createElement("dd");
      dt.textContent = line.label;
      dd.textContent = line.value;
      dd.className = "kind-" + line.kind;
      div.append(dt, dd);
      return div;
    }));
    list(node.querySelector('[data-field="steps"]'), card.steps);
    node.querySelector('[data-field="steps-heading"]').hidden = card.steps.length === 0;
    list(node.querySelector('[data-field="safety"]'), card.safety);
    list(node.querySelector('[data-field="notes"]'), card.notes);
    const link = node.querySelector('[data-field="explorer"]');
    if (card.explorer_url.startsWith("https://")) {
      link.href = card.explorer_url;
      link.hidden = false;
    }
    node.querySelector('[data-field="reply"]').value = card.reply;
    node.querySelector("button.copy").hidden = false;
    node.querySelector('[data-field="raw"]').value = card.raw_input;
    node.querySelectorAll(".relang button").forEach((b) => {
      b.setAttribute("aria-pressed", String(b.value === card.lang));
    });
    return node;
  }

  function place(node, container) {
    const index = Number(node.dataset.index);
    const after = Array.from(container.children).find((c) => Number(c.dataset.index) > index);
    container.insertBefore(node, after || null);
  }

  async function stream(body, onCard, signal) {
    const response = await fetch("/api/diagnose", {
      method: "POST",
      signal: signal,
      credentials: "same-origin",
      headers: {"content-type": "application/json", "accept": "application/x-ndjson",
                "x-csrf-token": csrf},
      body: JSON.stringify(Object.assign({format: "card"}, body)),
    });
    if (!response.ok) {
      let message = say("failed");
      try { message = (await response.json()).error.message; } catch (e) { /* keep */ }
      throw new Error(message);
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const {value, done} = await reader.read();
      if (value) buffer += decoder.decode(value, {stream: true});
      let cut;
      while ((cut = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, cut).trim();
        buffer = buffer.slice(cut + 1);
        if (line) onCard(JSON.parse(line).card);
      }
      if (done) break;
    }
  }

  function showError(message) {
    let box = document.getElementById("error");
    if (!box) {
      box = document.createElement("p");
      box.id = "error";
      box.className = "error";
      box.setAttribute("role", "alert");
      form.before(box);
    }
    box.textContent = message;
    box.hidden = false;
  }

  async function refreshRecent() {
    const table = document.querySelector("#recent tbody");
    if (!table) return;
    const response = await fetch("/api/recent", {credentials: "same-origin"});
    if (!response.ok) return;
    const rows = await response.json();
    if (!rows.length) return;
    table.replaceChildren(...rows.slice(0, 20).map((r) => {
      const tr = document.createElement("tr");
      const when = new Date(r.at * 1000).toISOString().slice(0, 16).replace("T", " ");
      [when, r.agent, r.value, r.chain || "", r.verdict].forEach((text, i) => {
        const td = document.createElement("td");
        if (i === 2) {
          const code = document.createElement("code");
          code.textContent = text;
          td.append(code);
        } else {
          td.textContent = text;
        }
        tr.append(td);
      });
      return tr;
    }));
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const error = document.getElementById("error");
    if (error) error.hidden = true;
    results.replaceChildren();
    copyAll.hidden = true;
    status.textContent = say("working");
    results.setAttribute("aria-busy", "true");
    try {
      await stream({text: data.get("text"), lang: data.get("lang"),
                    expect_chain: data.get("expect_chain")}, (card) => {
        place(render(card), results);
        copyAll.hidden = false;
      });
      status.textContent = say("done");
      refreshRecent().catch(() => {});
    } catch (e) {
      status.textContent = "";
      showError(e.message);
    } finally {
      results.removeAttribute("aria-busy");
    }
  });

  async function copy(text, button) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      const area = document.createElement("textarea");
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    const label = button.textContent;
    button.textContent = say("copied");
    button.classList.add("copied");
    setTimeout(() => { button.textContent = label; button.classList.remove("copied"); }, 1500);
  }

  results.addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const card = button.closest(".card");
    if (button.classList.contains("copy")) {
      copy(card.querySelector('[data-field="reply"]').value, button);
    } else if (button.closest(".relang")) {
      event.preventDefault();
      const raw = card.querySelector('[data-field="raw"]').value;
      card.setAttribute("aria-busy", "true");
      try {
        await stream({inputs: [raw], lang: button.value,
                      expect_chain: form.querySelector("#expect").value}, (fresh) => {
          fresh.index = Number(card.dataset.index);
          card.replaceWith(render(fresh));
        });
      } catch (e) {
        showError(e.message);
        card.removeAttribute("aria-busy");
      }
    }
  });

  // Unsettled cards (confirming, pending, not seen yet) are checked again by themselves, one
  // request per language for all of them, for at most 10 minutes after they first appeared.
  const refreshMs = Number(status.dataset.refreshMs) || 10000;
  let refreshing = false;
  async function refreshLive() {
    if (refreshing || results.getAttribute("aria-busy")) return;
    const now = Date.now();
    const live = Array.from(results.querySelectorAll('.card[data-live="true"]')).filter(
      (c) => now - Number(c.dataset.born || now) < 600000);
    const byLang = new Map();
    live.forEach((c) => byLang.set(c.dataset.lang, (byLang.get(c.dataset.lang) || []).concat(c)));
    refreshing = true;
    const abort = new AbortController();  // a refresh never waits more than 30 s
    const timer = setTimeout(() => abort.abort(), 30000);
    try {
      for (const [lang, group] of byLang) {
        const raws = group.map((c) => c.querySelector('[data-field="raw"]').value);
        await stream({inputs: raws, lang: lang, expect_chain: form.querySelector("#expect").value},
          (fresh) => {
            const old = group[fresh.index];
            if (!old || !old.isConnected) return;
            const born = old.dataset.born;
            fresh.index = Number(old.dataset.index);
            const node = render(fresh);
            node.dataset.born = born;
            old.replaceWith(node);
          }, abort.signal);
      }
    } catch (e) { /* the next round tries again */ } finally {
      clearTimeout(timer);
      refreshing = false;
    }
  }
  results.querySelectorAll(".card").forEach((c) => { c.dataset.born = String(Date.now()); });
  setInterval(refreshLive, refreshMs);

  copyAll.addEventListener("click", () => {
    const replies = Array.from(results.querySelectorAll('[data-field="reply"]'))
      .map((area) => area.value);
    copy(replies.join(say("separator")), copyAll);
  });
})();
