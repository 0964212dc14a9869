// The managers' dashboard: polls /dashboard/api/summary every few seconds and draws it.
// No library: the charts are inline SVG drawn here from the JSON. Counts only, never a person.
"use strict";

(function () {
  const POLL_MS = 3000;
  const SVG = "http://www.w3.org/2000/svg";
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  let lang = page.lang;
  let last = null; // the latest summary
  let lastAt = 0; // when it arrived (ms)
  let failed = false;
  let asked = 0; // requests sent; an answer to an older one is dropped
  const query = new URLSearchParams(location.search);
  const filters = {
    store: query.get("store") || "",
    kiosk: query.get("kiosk") || "",
    staff: query.get("staff") || "",
    from: query.get("from") || "",
    to: query.get("to") || "",
  };

  // ---- small helpers ----------------------------------------------------------------------

  function w(key, n) {
    const text = page.words[lang][key] || key;
    return n === undefined ? text : text.replace("{n}", String(n)).replace("{p}", String(n));
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, String(v));
    }
    for (const child of children.flat()) if (child) node.append(child);
    return node;
  }

  const num = (n) => new Intl.NumberFormat(lang).format(n);
  const pct = (r) =>
    r === null || r === undefined
      ? "–"
      : new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(r);
  const money = (m) =>
    new Intl.NumberFormat(lang, { style: "currency", currency: m.currency }).format(m.cents / 100);

  function isoToday() {
    return new Date().toLocaleDateString("en-CA", { timeZone: zone }); // YYYY-MM-DD
  }

  function addDays(iso, days) {
    const d = new Date(iso + "T12:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  function shortDay(iso) {
    const d = new Date(iso + "T12:00:00Z");
    return new Intl.DateTimeFormat(lang, { month: "numeric", day: "numeric", timeZone: "UTC" })
      .format(d);
  }

  function ago(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    if (seconds < 90) return w("ago_s", Math.round(seconds));
    if (seconds < 5400) return w("ago_m", Math.round(seconds / 60));
    return w("ago_h", Math.round(seconds / 3600));
  }

  function storeName(id) {
    const found = last && last.choices.stores.find((s) => s.id === id);
    return found ? found.name : id || "–";
  }

  // ---- fetching ------------------------------------------------------------------------------

  function summaryUrl() {
    const q = new URLSearchParams({ tz: zone, from: filters.from, to: filters.to });
    for (const key of ["store", "kiosk", "staff"]) if (filters[key]) q.set(key, filters[key]);
    return "/dashboard/api/summary?" + q.toString();
  }

  function keepInAddress() {
    const q = new URLSearchParams({ lang });
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
    history.replaceState(null, "", "/dashboard?" + q.toString());
  }

  async function refresh() {
    const mine = ++asked;
    try {
      const answer = await fetch(summaryUrl(), {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      });
      if (answer.status === 401) {
        location.assign("/dashboard/login?lang=" + lang);
        return;
      }
      if (!answer.ok) throw new Error("HTTP " + answer.status);
      const body = await answer.json();
      if (mine !== asked) return; // the filters changed meanwhile: a newer answer follows
      last = body;
      lastAt = Date.now();
      failed = false;
      draw();
    } catch (err) {
      failed = true;
      tick();
    }
  }

  // ---- drawing ---------------------------------------------------------------------------------

  function draw() {
    if (!last) return;
    document.body.dataset.generatedAt = last.generated_at;
    drawFilters();
    drawKpis();
    drawFunnel();
    drawDays();
    drawProducts();
    drawAlerts();
    drawBreakdowns();
    drawMirrors();
    tick();
  }

  function options(select, items, current, allLabel) {
    const wanted = [["", allLabel], ...items];
    const same =
      select.options.length === wanted.length &&
      wanted.every(([v, t], i) => select.options[i].value === v && select.options[i].text === t);
    if (!same) {
      select.replaceChildren(...wanted.map(([v, t]) => el("option", { value: v, text: t })));
    }
    select.value = current;
  }

  function drawFilters() {
    const c = last.choices;
    const store = document.getElementById("f-store");
    if (page.user.store) {
      options(store, c.stores.map((s) => [s.id, s.name]), page.user.store, page.user.store);
      store.value = page.user.store;
      store.disabled = true;
    } else {
      options(store, c.stores.map((s) => [s.id, s.name + " (" + s.id + ")"]), filters.store,
        w("all_stores"));
    }
    options(document.getElementById("f-kiosk"), c.kiosks.map((k) => [k, k]), filters.kiosk,
      w("all_kiosks"));
    const people = c.staff.filter((s) => !filters.store || s.store_id === filters.store);
    options(document.getElementById("f-staff"), people.map((s) => [s.id, s.name + " (" + s.id + ")"]),
      filters.staff, w("all_staff"));
    document.getElementById("f-from").value = filters.from;
    document.getElementById("f-to").value = filters.to;
    document.getElementById("card-store").hidden = Boolean(page.user.store);
  }

  function drawKpis() {
    const f = last.funnel;
    const cards = ["sessions", "tried_sessions", "tryons", "handoffs", "reservations", "orders"]
      .map((key) => {
        const share = key === "sessions" || key === "tryons" ? null : w("of_sessions", pct(f.rates[key]));
        return el("div", { class: "kpi", "data-kpi": key, "data-value": f[key] },
          el("div", { class: "label", text: w(key) }),
          el("div", { class: "value", text: num(f[key]) }),
          el("div", { class: "share", text: share || "\u00a0" }));
      });
    const revenue = last.revenue.length ? last.revenue.map(money).join(" + ") : "–";
    cards.push(el("div", { class: "kpi wide", "data-kpi": "revenue" },
      el("div", { class: "label", text: w("revenue") }),
      el("div", { class: "value", text: revenue }),
      el("div", { class: "share", text: "\u00a0" })));
    document.getElementById("kpis").replaceChildren(...cards);
  }

  function drawFunnel() {
    const box = document.getElementById("funnel-chart");
    const f = last.funnel;
    const steps = ["sessions", "tried_sessions", "handoffs", "reservations", "orders"];
    const width = Math.max(320, box.clientWidth);
    const labelW = 128;
    const rowH = 38;
    const height = steps.length * rowH + 8;
    const top = Math.max(1, f.sessions, ...steps.map((s) => f[s]));
    const barMax = width - labelW - 150;
    const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": w("funnel") });
    steps.forEach((step, i) => {
      const y = 4 + i * rowH;
      const len = Math.max(2, (f[step] / top) * barMax);
      const share = step === "sessions" ? "" : "  " + pct(f.rates[step]);
      chart.append(
        svg("text", { x: labelW - 10, y: y + rowH / 2, class: "axis-label", "text-anchor": "end",
          "dominant-baseline": "middle", text: w(step) }),
        svg("rect", { x: labelW, y: y + 6, width: len, height: rowH - 12, rx: 4,
          class: "bar step-" + i, "data-step": step, "data-value": f[step] }),
        svg("text", { x: labelW + len + 8, y: y + rowH / 2, class: "bar-value",
          "dominant-baseline": "middle" }, svg("tspan", { text: num(f[step]) }),
          svg("tspan", { class: "share", dx: 8, text: share.trim() })));
    });
    box.replaceChildren(chart);
  }

  function drawDays() {
    const box = document.getElementById("day-chart");
    const days = last.days;
    const width = Math.max(320, box.clientWidth);
    const height = 230;
    const left = 44;
    const bottom = 28;
    const top = 26;
    const plotW = width - left - 10;
    const plotH = height - top - bottom;
    const peak = Math.max(1, ...days.map((d) => Math.max(d.sessions, d.orders)));
    const step = plotW / days.length;
    const barW = Math.max(2, Math.min(28, step * 0.36));
    const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": w("per_day") });
    const ticks = niceTicks(peak);
    for (const v of ticks) {
      const y = top + plotH - (v / ticks[ticks.length - 1]) * plotH;
      chart.append(
        svg("line", { x1: left, x2: width - 10, y1: y, y2: y, class: "grid" }),
        svg("text", { x: left - 6, y, class: "tick", "text-anchor": "end",
          "dominant-baseline": "middle", text: num(v) }));
    }
    const scale = plotH / ticks[ticks.length - 1];
    const every = Math.ceil(days.length / Math.max(1, Math.floor(plotW / 46)));
    days.forEach((d, i) => {
      const cx = left + step * i + step / 2;
      const hs = d.sessions * scale;
      const ho = d.orders * scale;
      chart.append(
        svg("rect", { x: cx - barW - 1, y: top + plotH - hs, width: barW, height: Math.max(0, hs),
          class: "bar sessions", "data-day": d.day, "data-value": d.sessions },
          svg("title", { text: `${d.day} ${w("sessions")}: ${d.sessions}` })),
        svg("rect", { x: cx + 1, y: top + plotH - ho, width: barW, height: Math.max(0, ho),
          class: "bar orders", "data-day": d.day, "data-value": d.orders },
          svg("title", { text: `${d.day} ${w("orders")}: ${d.orders}` })));
      if (i % every === 0 || i === days.length - 1) {
        chart.append(svg("text", { x: cx, y: height - 8, class: "tick", "text-anchor": "middle",
          text: shortDay(d.day) }));
      }
    });
    const legend = svg("g", { transform: `translate(${left}, 8)` },
      svg("rect", { x: 0, y: 0, width: 12, height: 12, class: "bar sessions" }),
      svg("text", { x: 18, y: 6, class: "legend", "dominant-baseline": "middle", text: w("sessions") }),
      svg("rect", { x: 120, y: 0, width: 12, height: 12, class: "bar orders" }),
      svg("text", { x: 138, y: 6, class: "legend", "dominant-baseline": "middle", text: w("orders") }));
    chart.append(legend);
    box.replaceChildren(chart);
  }

  function niceTicks(peak) {
    const raw = peak / 4;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const unit = [1, 2, 5, 10].map((m) => m * mag).find((u) => u >= raw) || mag * 10;
    const step = Math.max(1, Math.round(unit));
    const ticks = [];
    for (let v = 0; v < peak + step; v += step) ticks.push(v);
    return ticks;
  }

  function table(head, rows, empty) {
    if (!rows.length) return el("p", { class: "empty", text: empty });
    return el("table", {},
      el("thead", {}, el("tr", {}, head.map(([text, cls]) => el("th", { class: cls, text })))),
      el("tbody", {}, rows));
  }

  function meter(ratio) {
    const width = 80;
    const len = Math.max(0, Math.min(1, ratio || 0)) * width;
    return svg("svg", { width, height: 10, class: "meter", "aria-hidden": "true" },
      svg("rect", { x: 0, y: 0, width, height: 10, rx: 3, class: "track" }),
      svg("rect", { x: 0, y: 0, width: len, height: 10, rx: 3, class: "fill" }));
  }

  function productCell(p) {
    return el("td", {}, el("div", { class: "name", text: p.variant || p.product }),
      el("div", { class: "sub", text: p.sku }));
  }

  function drawProducts() {
    const rows = last.products.map((p) => el("tr", { "data-sku": p.sku }, productCell(p),
      el("td", { class: "n", text: num(p.tryons) }),
      el("td", { class: "n", text: num(p.orders) }),
      el("td", { class: "n conv" }, el("span", { text: pct(p.conversion) }), meter(p.conversion))));
    document.getElementById("products").replaceChildren(table(
      [[w("product")], [w("tryons"), "n"], [w("orders"), "n"], [w("conversion"), "n"]],
      rows, w("none_yet")));
  }

  function nearestText(n) {
    if (!n) return el("span", { class: "muted", text: w("nowhere") });
    const bits = [w("units", num(n.available)), n.distance_km + " km"];
    if (n.kind === "warehouse" && n.ship_days) bits.push(w("ships", n.ship_days));
    return el("span", {}, el("strong", { text: n.name }), " · " + bits.join(" · "),
      n.pickup_partner ? el("span", { class: "tag", text: w("partner") }) : null);
  }

  function drawAlerts() {
    document.getElementById("alerts-note").textContent = w("alerts_note", last.alert_min_tryons);
    const many = !page.user.store && !filters.store;
    const rows = last.stock_alerts.map((a) => el("tr", { "data-sku": a.sku },
      many ? el("td", { class: "key", text: storeName(a.store_id) }) : null,
      productCell(a), el("td", { class: "n", text: num(a.tryons) }),
      el("td", {}, nearestText(a.nearest))));
    const head = [[w("product")], [w("tryons"), "n"], [w("nearest")]];
    if (many) head.unshift([w("store")]);
    document.getElementById("alerts").replaceChildren(table(head, rows, w("no_alerts")));
  }

  function funnelRows(list, cell) {
    return list.map((r) => el("tr", {}, el("td", { class: "key" }, cell(r)),
      ...["sessions", "tried_sessions", "handoffs", "reservations", "orders"].map((k) =>
        el("td", { class: "n", text: num(r[k]) }))));
  }

  function named(main, sub) {
    return [el("div", { class: "name", text: main }), sub ? el("div", { class: "sub", text: sub }) : null];
  }

  function drawBreakdowns() {
    const head = (first) => [[first], [w("sessions"), "n"], [w("tried_short"), "n"],
      [w("handoffs"), "n"], [w("reservations_short"), "n"], [w("orders"), "n"]];
    document.getElementById("by-store").replaceChildren(table(head(w("store")),
      funnelRows(last.by_store, (r) => named(storeName(r.id), r.id)), w("none_yet")));
    document.getElementById("by-kiosk").replaceChildren(table(head(w("kiosk")),
      funnelRows(last.by_kiosk, (r) => named(r.id || "–", null)), w("none_yet")));
    document.getElementById("by-staff").replaceChildren(table(head(w("staff")),
      funnelRows(last.by_staff, (r) => r.id === null ? named(w("no_staff_short"), null)
        : named(r.name || r.id, r.id)), w("none_yet")));
  }

  function badge(m) {
    let key = m.status;
    let text;
    if (m.status === "no_report") text = w("no_report");
    else if (m.stale) {
      key = "stale";
      text = w("stale", Math.floor(m.age_s / 60));
    } else text = w(m.status);
    return el("span", { class: "badge " + key, text });
  }

  function cameraText(m) {
    if (m.camera === "running") return m.camera_ok === false ? w("stalled") : w("running");
    return m.camera === "closed_by_staff" ? w("closed_by_staff") : m.camera || "–";
  }

  function drawMirrors() {
    const rows = last.mirrors.map((m) => el("tr", { "data-kiosk": m.kiosk_id },
      el("td", { text: m.kiosk_id }), el("td", { text: storeName(m.store_id) }),
      el("td", {}, badge(m)), el("td", { text: ago(m.age_s) }),
      el("td", { class: "n", text: m.fps === null || m.fps === undefined ? "–" : m.fps.toFixed(1) }),
      el("td", { text: cameraText(m) }),
      el("td", { class: "n", text: m.outbox_depth === null || m.outbox_depth === undefined ? "–" : num(m.outbox_depth) }),
      el("td", { class: "problems", text: (m.problems || []).join("; ") })));
    document.getElementById("mirrors").replaceChildren(table(
      [[w("kiosk")], [w("store")], [w("status")], [w("last_report")], [w("fps"), "n"],
        [w("camera")], [w("outbox"), "n"], [w("problems")]],
      rows, w("no_mirrors")));
  }

  function tick() {
    const live = document.getElementById("live");
    const age = lastAt ? Math.round((Date.now() - lastAt) / 1000) : null;
    live.classList.toggle("failed", failed || age === null || age > 15);
    document.getElementById("live-age").textContent =
      failed ? "· " + w("offline") : age === null ? "" : "· " + w("updated", age);
  }

  // ---- language and filters ------------------------------------------------------------------

  function setLanguage(next) {
    lang = next;
    document.documentElement.lang = next;
    document.title = w("title");
    for (const node of document.querySelectorAll("[data-t]")) node.textContent = w(node.dataset.t);
    for (const b of document.querySelectorAll("#lang-switch button")) {
      b.setAttribute("aria-pressed", String(b.dataset.lang === next));
    }
    keepInAddress();
    draw();
  }

  function setFilter(key, value) {
    filters[key] = value;
    if (key === "store") filters.staff = "";
    if (filters.from && filters.to && filters.from > filters.to) {
      [filters.from, filters.to] = [filters.to, filters.from];
    }
    keepInAddress();
    refresh();
  }

  function setDays(days) {
    filters.to = isoToday();
    filters.from = addDays(filters.to, 1 - days);
    keepInAddress();
    refresh();
  }

  function start() {
    if (!filters.to) filters.to = isoToday();
    if (!filters.from) filters.from = addDays(filters.to, -6);
    for (const key of ["store", "kiosk", "staff"]) {
      document.getElementById("f-" + key).addEventListener("change", (e) => setFilter(key, e.target.value));
    }
    for (const key of ["from", "to"]) {
      document.getElementById("f-" + key).addEventListener("change", (e) => {
        if (e.target.value) setFilter(key, e.target.value);
      });
    }
    for (const b of document.querySelectorAll(".presets button")) {
      b.addEventListener("click", () => setDays(Number(b.dataset.days)));
    }
    for (const b of document.querySelectorAll("#lang-switch button")) {
      b.addEventListener("click", () => setLanguage(b.dataset.lang));
    }
    let resizing = 0;
    window.addEventListener("resize", () => {
      clearTimeout(resizing);
      resizing = setTimeout(draw, 150);
    });
    setLanguage(lang);
    refresh();
    setInterval(() => {
      if (!document.hidden) refresh(); // a tab in the background asks nothing
    }, POLL_MS);
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden) refresh();
    });
    setInterval(tick, 1000);
  }

  start();
})();
