// The front desk's only script: live preview, make/print, batch progress, confirmations.
// Served from this machine (no CDN). Client text is only ever set with textContent, never as HTML.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf"]').content;

  function post(url, body) {
    return fetch(url, { method: "POST", body: body, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" });
  }

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- new sheet -------------------------------------------------------------------------------
  const form = document.getElementById("sheet-form");
  if (form) sheetForm(form);

  function sheetForm(form) {
    const pages = document.getElementById("pages");
    const state = document.getElementById("preview-state");
    const cautions = document.getElementById("cautions");
    const made = document.getElementById("made");
    let timer = null, asked = 0, shown = 0, last = null;

    function key() { return new URLSearchParams(new FormData(form)).toString(); }

    // While the form is being filled, only fields already touched show their errors ("a goal is required"
    // should not shout while the name is still being typed); Download and Print show them all.
    const touched = new Set(["form"]);
    function showErrors(errors, all) {
      form.querySelectorAll("[data-error-for]").forEach(function (p) {
        const field = p.dataset.errorFor;
        const msg = (all || touched.has(field)) ? ((errors || {})[field] || "") : "";
        p.textContent = msg;
        const box = p.closest(".field");
        if (box) box.classList.toggle("invalid", !!msg);
      });
    }

    function showCautions(list) {
      cautions.replaceChildren();
      (list || []).forEach(function (c) {
        const stop = c.action === "refer" || c.action === "defer";
        const box = el("div", "caution" + (stop ? " stop" : ""));
        const verb = { refer: "Refer: no self-routine; see a doctor first",
                       defer: "Defer: no self-routine until it has passed",
                       gentle: "Gentle pressure only", avoid: "Leave out the affected foot" }[c.action] || c.action;
        box.appendChild(el("strong", "", c.name + (c.side ? " (" + c.side + ")" : "") + ": " + verb));
        box.appendChild(el("span", "", c.message));
        cautions.appendChild(box);
      });
    }

    async function preview() {
      const mine = ++asked;
      pages.classList.add("stale");
      let res, data;
      try {
        res = await post("/api/preview", new FormData(form));
        data = await res.json();
      } catch (e) { state.textContent = "The preview could not be drawn (is the server running?)."; return; }
      if (mine < shown) return;  // an older answer arriving late
      shown = mine;
      showErrors(data.errors);
      pages.classList.remove("stale");
      if (!data.ok) {
        const shown = Object.keys(data.errors || {}).some(function (f) { return touched.has(f); });
        state.textContent = shown ? "Fix the marked fields to see the sheet." : "Fill in a name and a goal to see the sheet.";
        return;
      }
      showCautions(data.cautions);
      state.textContent = data.pages.length + (data.pages.length === 1 ? " page" : " pages") +
        (data.warnings.length ? " · " + data.warnings.join("; ") : "");
      const imgs = data.pages.map(function (src, i) {
        const img = el("img");
        img.alt = "Page " + (i + 1) + " of the sheet";
        img.src = src;
        return img;
      });
      pages.replaceChildren.apply(pages, imgs);
      pages.dataset.version = String(mine);
    }

    function soon(ev) {
      if (ev && ev.target && ev.target.name) touched.add(ev.target.name.startsWith("foot-") ? "conditions" : ev.target.name);
      clearTimeout(timer);
      timer = setTimeout(preview, 200);
    }
    form.addEventListener("input", soon);
    form.addEventListener("change", soon);

    async function makeSheet() {
      const k = key();
      if (last && last.key === k) return last.pdf;
      const res = await post("/api/sheet", new FormData(form));
      const data = await res.json();
      showErrors(data.errors, true);
      if (!data.ok) { made.textContent = ""; return null; }
      last = { key: k, pdf: data.pdf };
      made.textContent = "Saved in the client's history.";
      return data.pdf;
    }

    form.addEventListener("submit", async function (ev) {
      ev.preventDefault();
      const pdf = await makeSheet();
      if (pdf) window.location.assign(pdf);
    });
    document.getElementById("print").addEventListener("click", async function () {
      const pdf = await makeSheet();
      if (!pdf) return;
      const frame = document.getElementById("print-frame");
      frame.onload = function () { try { frame.contentWindow.print(); } catch (e) { window.open(pdf + "?inline=true"); } };
      frame.src = pdf + "?inline=true";
    });
    if (form.querySelector("#name").value) preview();
  }

  // --- confirmations ---------------------------------------------------------------------------
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (ev) { if (!window.confirm(f.dataset.confirm)) ev.preventDefault(); });
  });

  // --- batch -----------------------------------------------------------------------------------
  const batch = document.getElementById("batch-form");
  if (batch) batchForm(batch);

  function batchForm(batch) {
    const error = document.getElementById("batch-error");
    const run = document.getElementById("batch-run");
    const rows = document.getElementById("batch-rows");
    const bar = document.getElementById("batch-progress");
    const count = document.getElementById("batch-count");
    const zip = document.getElementById("batch-zip");

    function addRow(r) {
      const tr = el("tr", r.status);
      [String(r.row), r.name, r.status, r.file, (r.field ? r.field + ": " : "") + r.message].forEach(function (t) {
        tr.appendChild(el("td", "", t));
      });
      rows.appendChild(tr);
    }

    async function poll(job, since) {
      const res = await fetch("/api/batch/" + job + "?since=" + since, { credentials: "same-origin" });
      const s = await res.json();
      s.rows.forEach(addRow);
      bar.max = Math.max(1, s.total);
      bar.value = s.processed;
      count.textContent = s.processed + " of " + s.total + " rows" + (s.failed ? ", " + s.failed + " with problems" : "") +
        (s.done ? " · done" : "");
      if (s.error) { error.textContent = s.error; }
      if (s.done) {
        if (s.zip) { zip.href = s.zip; zip.hidden = false; }
        return;
      }
      setTimeout(function () { poll(job, s.processed); }, 300);
    }

    batch.addEventListener("submit", async function (ev) {
      ev.preventDefault();
      error.textContent = "";
      const res = await post("/api/batch", new FormData(batch));
      const text = await res.text();
      let data;
      try { data = JSON.parse(text); } catch (e) { data = { ok: false, error: text }; }
      if (!data.ok) { error.textContent = data.error; return; }
      rows.replaceChildren();
      zip.hidden = true;
      run.hidden = false;
      poll(data.job, 0);
    });
  }
})();
