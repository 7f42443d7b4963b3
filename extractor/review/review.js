// The review page: built from the JSON block, document text set through textContent only.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("review-data").textContent);
  var byId = {};
  var boxes = {};
  var parts = {};
  var rows = {};
  var colour = {};
  var selected = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function show(value) {
    if (value === null || value === undefined) return "—";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function pct(value, total) { return (100 * value / total).toFixed(4) + "%"; }

  // header: title, source, legend
  var info = data.document;
  document.title = "Review: " + (info.title || info.path);
  document.getElementById("title").textContent = info.title || info.path;
  document.getElementById("source").textContent =
    info.path + " · " + info.pages + " pages · year " + show(info.year) + " · extractor " + info.extractor_version;
  var legend = document.getElementById("legend");
  var kindFilter = document.getElementById("kind-filter");
  data.kinds.forEach(function (k) {
    colour[k.kind] = k.colour;
    var all = data.items.filter(function (it) { return it.kind === k.kind; });
    var drawn = all.filter(function (it) { return it.box; }).length;
    var li = el("li");
    var sw = el("span", "swatch");
    sw.style.borderColor = k.colour;
    sw.style.background = k.colour + "33";
    li.appendChild(sw);
    li.appendChild(el("span", null, k.kind + " " + drawn + "/" + all.length));
    li.title = drawn + " of " + all.length + " " + k.kind + " boxed on their page";
    legend.appendChild(li);
    var opt = el("option", null, k.kind);
    opt.value = k.kind;
    kindFilter.appendChild(opt);
  });
  var failedCount = data.items.filter(function (it) { return it.failed; }).length;
  var li = el("li");
  var sw = el("span", "swatch");
  sw.style.borderColor = "#d62728";
  li.appendChild(sw);
  li.appendChild(el("span", null, "failed check " + failedCount));
  legend.appendChild(li);

  // golden values that no record matches (review built with --golden)
  if (data.missing.length) {
    var missing = document.getElementById("missing");
    missing.hidden = false;
    missing.querySelector("summary").textContent = data.missing.length + " golden values not extracted";
    data.missing.forEach(function (m) {
      missing.querySelector("ul").appendChild(
        el("li", null, m.kind + " · p. " + show(m.page) + " · " + m.label + " = " + m.value));
    });
  }

  // what 'extractor check' finds: its message, and each place as a link to its page
  if (data.findings && data.findings.length) {
    var findings = document.getElementById("findings");
    findings.hidden = false;
    findings.querySelector("summary").textContent = data.findings.length + " possible contradictions";
    data.findings.forEach(function (f) {
      var item = el("li", "finding", f.message);
      f.places.forEach(function (place) {
        var link = el("a", "place", "p. " + show(place.page) + " · " + place.text);
        if (place.page) link.href = "#page-" + place.page;
        item.appendChild(el("br"));
        item.appendChild(link);
      });
      findings.querySelector("ul").appendChild(item);
    });
  }

  // details panel and tooltip
  var fields = document.getElementById("fields");
  function describe(item) {
    fields.textContent = "";
    var lines = [["kind", item.kind]];
    if (!("id" in item.record)) lines.push(["id", item.id]);
    if (item.failed) lines.push(["failed", item.failed]);
    if (item.ocr !== null && item.ocr !== undefined) lines.push(["read by OCR", "confidence " + item.ocr + " / 100"]);
    lines.push(["box", item.box ? (item.located ? "first occurrence on p. " + item.page : "bbox") : "none (table only)"]);
    Object.keys(item.record).forEach(function (key) { lines.push([key, item.record[key]]); });
    lines.forEach(function (pair) {
      fields.appendChild(el("dt", null, pair[0]));
      fields.appendChild(el("dd", pair[0] === "failed" ? "failed" : null, show(pair[1])));
    });
  }
  var tooltip = document.getElementById("tooltip");
  function tip(item, event) {
    var r = item.record;
    var text = item.kind + " · p. " + show(item.page) + (item.failed ? " · FAILED: " + item.failed : "") +
      (item.ocr !== null && item.ocr !== undefined ? " · OCR " + item.ocr + "/100" : "") + "\n" + item.summary;
    ["value", "unit", "start", "end", "granularity", "expansion", "source", "section", "rule"].forEach(function (key) {
      if (key in r && r[key] !== null && r[key] !== "") text += "\n" + key + ": " + show(r[key]);
    });
    tooltip.textContent = text;
    tooltip.hidden = false;
    tooltip.style.left = Math.min(event.clientX + 14, window.innerWidth - 430) + "px";
    tooltip.style.top = (event.clientY + 14) + "px";
  }

  function select(id, fromBox, instant) {
    if (selected) {
      if (boxes[selected]) boxes[selected].classList.remove("active");
      rows[selected].classList.remove("selected");
    }
    selected = id;
    var item = byId[id];
    describe(item);
    rows[id].classList.add("selected");
    rows[id].scrollIntoView({ block: "nearest" });
    var target = fromBox ? null : boxes[id] || (item.page && document.getElementById("page-" + item.page));
    if (target) target.scrollIntoView({ block: boxes[id] ? "center" : "start", behavior: instant ? "auto" : "smooth" });
    if (boxes[id]) {
      // restart the flash animation
      boxes[id].classList.remove("active");
      void boxes[id].offsetWidth;
      boxes[id].classList.add("active");
    }
  }

  // pages and boxes
  var pagesNode = document.getElementById("pages");
  var sheets = {};
  data.pages.forEach(function (p) {
    var section = el("section", "page");
    section.id = "page-" + p.number;
    section.setAttribute("data-page", p.number);
    section.setAttribute("data-width", p.width);
    section.setAttribute("data-height", p.height);
    section.appendChild(el("h2", null, "Page " + p.number));
    var sheet = el("div", "sheet");
    sheet.style.aspectRatio = p.width + " / " + p.height;
    var img = el("img");
    img.src = p.src;
    img.alt = "Page " + p.number;
    sheet.appendChild(img);
    section.appendChild(sheet);
    pagesNode.appendChild(section);
    sheets[p.number] = { node: sheet, width: p.width, height: p.height };
  });
  data.items.forEach(function (item) {
    byId[item.id] = item;
    var sheet = item.box && sheets[item.page];
    if (!sheet) return;
    var b = item.box;
    var box = el("div", "box kind-" + item.kind + (item.failed ? " failed" : "") + (item.ocr !== null && item.ocr !== undefined ? " ocr" : ""));
    box.setAttribute("data-id", item.id);
    box.setAttribute("data-kind", item.kind);
    box.style.setProperty("--c", colour[item.kind]);
    box.style.left = pct(b[0], sheet.width);
    box.style.top = pct(b[1], sheet.height);
    box.style.width = pct(b[2] - b[0], sheet.width);
    box.style.height = pct(b[3] - b[1], sheet.height);
    box.addEventListener("mousemove", function (e) { tip(item, e); });
    box.addEventListener("mouseleave", function () { tooltip.hidden = true; });
    box.addEventListener("click", function () { select(item.id, true); });
    sheet.node.appendChild(box);
    boxes[item.id] = box;
    // a table's cells, a note's calls, a list's entries: outlined inside it, each with its tooltip
    parts[item.id] = (item.parts || []).map(function (part) {
      var p = part.box;
      var node = el("div", "part");
      node.setAttribute("data-of", item.id);
      node.style.setProperty("--c", colour[item.kind]);
      node.style.left = pct(p[0], sheet.width);
      node.style.top = pct(p[1], sheet.height);
      node.style.width = pct(p[2] - p[0], sheet.width);
      node.style.height = pct(p[3] - p[1], sheet.height);
      node.addEventListener("mousemove", function (e) {
        tooltip.textContent = item.kind + " · p. " + show(item.page) + "\n" + part.tip;
        tooltip.hidden = false;
        tooltip.style.left = Math.min(e.clientX + 14, window.innerWidth - 430) + "px";
        tooltip.style.top = (e.clientY + 14) + "px";
      });
      node.addEventListener("mouseleave", function () { tooltip.hidden = true; });
      node.addEventListener("click", function () { select(item.id, true); });
      sheet.node.appendChild(node);
      return node;
    });
  });

  // the table
  var tbody = document.querySelector("#table tbody");
  data.items.forEach(function (item) {
    var tr = el("tr", (item.failed ? "failed" : "") + (boxes[item.id] ? "" : " nobox"));
    tr.setAttribute("data-id", item.id);
    tr.style.setProperty("--c", colour[item.kind]);
    tr.appendChild(el("td", null, show(item.page)));
    tr.appendChild(el("td", null, item.kind));
    tr.appendChild(el("td", null, item.summary));
    tr.appendChild(el("td", null, item.record.rule || item.record.source || ""));
    tr.addEventListener("click", function () { select(item.id, false); });
    rows[item.id] = tr;
  });

  var sortKey = "page";
  var sortDir = 1;
  function sortValue(item, key) {
    if (key === "page") return item.page === null ? Infinity : item.page;
    if (key === "rule") return item.record.rule || item.record.source || "";
    return item[key];
  }
  function render() {
    var order = data.items.slice().sort(function (a, b) {
      var x = sortValue(a, sortKey), y = sortValue(b, sortKey);
      if (x < y) return -sortDir;
      if (x > y) return sortDir;
      return data.items.indexOf(a) - data.items.indexOf(b);
    });
    order.forEach(function (item) { tbody.appendChild(rows[item.id]); });
  }
  document.querySelectorAll("#table th").forEach(function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-sort");
      sortDir = key === sortKey ? -sortDir : 1;
      sortKey = key;
      document.querySelectorAll("#table th").forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", sortDir === 1 ? "ascending" : "descending");
      render();
    });
  });

  // filters: kind, text, failed only; a filtered-out record is hidden in the table and on the page
  var textFilter = document.getElementById("text-filter");
  var failedFilter = document.getElementById("failed-filter");
  if (!failedCount) document.getElementById("failed-toggle").hidden = true;
  var shown = document.getElementById("shown");
  function filter() {
    var kind = kindFilter.value;
    var needle = textFilter.value.trim().toLowerCase();
    var n = 0;
    data.items.forEach(function (item) {
      var haystack = (item.summary + " " + JSON.stringify(item.record)).toLowerCase();
      var keep = (!kind || item.kind === kind) && (!needle || haystack.indexOf(needle) >= 0) &&
        (!failedFilter.checked || item.failed);
      rows[item.id].classList.toggle("hidden", !keep);
      if (boxes[item.id]) boxes[item.id].classList.toggle("hidden", !keep);
      (parts[item.id] || []).forEach(function (node) { node.classList.toggle("hidden", !keep); });
      if (keep) n += 1;
    });
    shown.textContent = n + " / " + data.items.length;
  }
  kindFilter.addEventListener("change", filter);
  textFilter.addEventListener("input", filter);
  failedFilter.addEventListener("change", filter);

  render();
  filter();

  // a link to a record: index.html#<record id> selects it
  function fromHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (byId.hasOwnProperty(id)) select(id, false, true);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
