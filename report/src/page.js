"use strict";
// The report's script: reads the embedded data (core's records), lays the
// picture out in layers — directory, management groups, subscription,
// principal — and redoes it for what the search and the directory filter
// leave visible. Names come from tenants: they are only ever set as text.
(function () {
  var data = JSON.parse(document.getElementById("tenantry-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var natural = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var ROW = 30, BOX_H = 22, LIMIT = 300;
  var COL = { directory: 10, mg: 250, sub: 520, principal: 960 };
  var WIDTH = { directory: 220, mg: 200, sub: 250, principal: 280 };
  var CHAINS = [
    ["direct", "direct", "#334155", false],
    ["group", "through a group", "#2563eb", false],
    ["inherited", "inherited from a management group or the root", "#059669", true],
    ["elevated", "elevated Global Administrator", "#dc2626", false],
    ["gdap", "a partner's GDAP relationship", "#7c3aed", false],
    ["lighthouse", "Azure Lighthouse", "#ea580c", true],
    ["classic", "classic administrator", "#a16207", false]
  ];
  var COLOR = {}, DASHED = {};
  CHAINS.forEach(function (c) { COLOR[c[0]] = c[2]; DASHED[c[0]] = c[3]; });

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clip(text, n) { text = String(text); return text.length > n ? text.slice(0, n - 1) + "\u2026" : text; }

  // A grant as drawn: its kind (the edge's colour), its chain in core's
  // words, and its label (the reason, then the chain).
  function grant(s, i) {
    var m = s.managers[i], g = s.grants[i] || { kind: "direct", chain: "direct" };
    return { kind: g.kind, chain: g.chain, label: m.reason + (g.chain !== "direct" ? " \u00b7 " + g.chain : "") };
  }

  var dirs = data.directories;
  var dirByDomain = {};
  dirs.forEach(function (d, i) { d.order = i; dirByDomain[d.initial_domain] = d; });
  var subs = data.subscriptions;
  subs.forEach(function (s) {
    s.problem = s.orphaned || s.unrecoverable.length > 0;
    s.haystack = [s.name, s.id, s.directory, s.management_group || "", s.kind]
      .concat(s.managers.map(function (m, i) { return m.account + " " + grant(s, i).chain; }))
      .join("\n").toLowerCase();
  });

  // The header: counts, the directory filter, the legend.
  var orphaned = subs.filter(function (s) { return s.orphaned; }).length;
  var lost = subs.filter(function (s) { return s.unrecoverable.length > 0; }).length;
  document.getElementById("summary").textContent =
    dirs.length + " directories, " + subs.length + " subscriptions (" + data.profile + " rules); " +
    orphaned + " orphaned, " + lost + " whose move would break what cannot be recovered.";
  var select = document.getElementById("directory");
  dirs.forEach(function (d) { select.appendChild(el("option", { value: d.initial_domain }, d.initial_domain)); });
  var legend = document.getElementById("legend");
  CHAINS.forEach(function (c) {
    var li = el("li", { "class": c[3] ? "dashed" : "" }, c[1]);
    li.style.setProperty("--c", c[2]);
    legend.appendChild(li);
  });
  legend.appendChild(el("li", { "class": "key-orphaned" }, "red box: orphaned (no Owner)"));
  legend.appendChild(el("li", { "class": "key-lost" }, "dashed box: a move breaks what cannot be recovered"));

  var search = document.getElementById("search");
  var problems = document.getElementById("problems");
  var picture = document.getElementById("picture");
  var panel = document.getElementById("panel");
  var selected = null;

  function visible() {
    var q = search.value.trim().toLowerCase();
    var terms = q ? q.split(/\s+/) : [];
    var dir = select.value;
    return subs.filter(function (s) {
      if (dir && s.directory !== dir) return false;
      if (problems.checked && !s.problem) return false;
      return terms.every(function (t) { return s.haystack.indexOf(t) >= 0; });
    });
  }

  // A management group's chain from the top: [top, ..., itself].
  function mgPath(d, name) {
    var byName = Object.create(null);
    d.management_groups.forEach(function (g) { byName[g.name] = g; });
    var path = [], g = byName[name], guard = 0;
    while (g && guard++ < 16) { path.unshift(g); g = g.parent ? byName[g.parent] : null; }
    return path;
  }

  function box(g, x, y, w, label, title) {
    g.appendChild(svg("rect", { x: x, y: y - BOX_H / 2, width: w, height: BOX_H, rx: 4 }));
    g.appendChild(svg("text", { x: x + 6, y: y + 4 }, clip(label, Math.floor(w / 6.6))));
    g.appendChild(svg("title", {}, title));
  }

  function curve(x1, y1, x2, y2) {
    var mx = (x1 + x2) / 2;
    return "M" + x1 + "," + y1 + " C" + mx + "," + y1 + " " + mx + "," + y2 + " " + x2 + "," + y2;
  }

  function draw() {
    var shown = visible();
    var total = shown.length;
    shown.sort(function (a, b) {
      var da = dirByDomain[a.directory], db = dirByDomain[b.directory];
      var oa = da ? da.order : 0, ob = db ? db.order : 0;
      if (oa !== ob) return oa - ob;
      var ma = a.management_group || "", mb = b.management_group || "";
      if (ma !== mb) return ma < mb ? -1 : 1;
      return natural.compare(a.name, b.name) || (a.id < b.id ? -1 : 1);
    });
    shown = shown.slice(0, LIMIT);
    document.getElementById("shown").textContent = total > LIMIT
      ? "showing " + LIMIT + " of " + total + " subscriptions: search or filter to narrow them"
      : "showing " + total + " of " + subs.length + " subscriptions";

    // Subscriptions, one row each; management groups and directories at
    // the mean of what is below them; principals at the mean of what they
    // manage, then spread so that no two overlap.
    var y0 = 40, ys = {};
    shown.forEach(function (s, i) { ys[s.id] = y0 + i * ROW; });
    var dirY = Object.create(null), mgY = Object.create(null), mgDepth = Object.create(null), mgOf = Object.create(null);
    shown.forEach(function (s) {
      var y = ys[s.id], d = dirByDomain[s.directory];
      (dirY[s.directory] = dirY[s.directory] || []).push(y);
      var path = d && s.management_group ? mgPath(d, s.management_group) : [];
      path.forEach(function (g, depth) {
        var key = s.directory + "/" + g.name;
        (mgY[key] = mgY[key] || []).push(y);
        mgDepth[key] = depth; mgOf[key] = g;
      });
      s.path = path.map(function (g) { return s.directory + "/" + g.name; });
    });
    function mean(list) { return list.reduce(function (a, b) { return a + b; }, 0) / list.length; }
  // A directory or group sits level with the first subscription below it,
  // as in an outline, so that it stays in view above a long list.
  function top(list) { return Math.min.apply(null, list); }
    var principals = Object.create(null);
    shown.forEach(function (s) {
      s.managers.forEach(function (m) {
        var p = principals[m.account] = principals[m.account] || { account: m.account, ys: [], grants: 0 };
        p.ys.push(ys[s.id]); p.grants++;
      });
    });
    var plist = Object.keys(principals).map(function (k) { var p = principals[k]; p.y = mean(p.ys); return p; });
    plist.sort(function (a, b) { return a.y - b.y || (a.account < b.account ? -1 : 1); });
    var last = -Infinity;
    plist.forEach(function (p) { p.y = Math.max(p.y, last + ROW); last = p.y; });
    var height = Math.max(y0 + shown.length * ROW, last + ROW, 120) + 20;
    var maxDepth = 0;
    Object.keys(mgDepth).forEach(function (k) { maxDepth = Math.max(maxDepth, mgDepth[k]); });
    var subX = COL.mg + (Object.keys(mgDepth).length ? WIDTH.mg + maxDepth * 24 + 40 : 0);
    if (!Object.keys(mgDepth).length) subX = COL.mg;
    var prinX = subX + WIDTH.sub + 300;
    var width = prinX + WIDTH.principal + 20;

    var root = svg("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, role: "img" });
    root.appendChild(svg("text", { "class": "col", x: COL.directory, y: 18 }, "Directories"));
    if (Object.keys(mgDepth).length) root.appendChild(svg("text", { "class": "col", x: COL.mg, y: 18 }, "Management groups"));
    root.appendChild(svg("text", { "class": "col", x: subX, y: 18 }, "Subscriptions"));
    root.appendChild(svg("text", { "class": "col", x: prinX, y: 18 }, "Who can manage them (and through what)"));
    var edgeLayer = svg("g", { "class": "edges" });
    var nodeLayer = svg("g", { "class": "nodes" });
    root.appendChild(edgeLayer); root.appendChild(nodeLayer);

    var dirPos = Object.create(null);
    Object.keys(dirY).forEach(function (domain) {
      var y = top(dirY[domain]), d = dirByDomain[domain];
      dirPos[domain] = y;
      var g = svg("g", { "class": "node directory", "data-directory": domain });
      box(g, COL.directory, y, WIDTH.directory, domain, (d ? d.name + " \u2014 " : "") + domain + (d ? " (tenant " + d.id + ")" : ""));
      nodeLayer.appendChild(g);
    });
    var mgPos = Object.create(null);
    Object.keys(mgY).forEach(function (key) {
      var y = top(mgY[key]), g0 = mgOf[key], x = COL.mg + mgDepth[key] * 24;
      mgPos[key] = { x: x, y: y };
      var g = svg("g", { "class": "node mg", "data-management-group": g0.name });
      box(g, x, y, WIDTH.mg, g0.display_name || g0.name, "management group " + g0.name);
      nodeLayer.appendChild(g);
    });
    // Directory > top group > ... > subscription.
    var seen = Object.create(null);
    shown.forEach(function (s) {
      var fromX = COL.directory + WIDTH.directory, fromY = dirPos[s.directory];
      s.path.forEach(function (key) {
        var p = mgPos[key];
        if (!seen[key]) { edgeLayer.appendChild(svg("path", { "class": "edge", d: curve(fromX, fromY, p.x, p.y) })); seen[key] = true; }
        fromX = p.x + WIDTH.mg; fromY = p.y;
      });
      edgeLayer.appendChild(svg("path", { "class": "edge", d: curve(fromX, fromY, subX, ys[s.id]) }));
    });
    shown.forEach(function (s) {
      var cls = "node sub" + (s.orphaned ? " orphaned" : "") + (s.unrecoverable.length ? " unrecoverable" : "") + (selected === s.id ? " selected" : "");
      var g = svg("g", { "class": cls, "data-subscription": s.id, tabindex: 0, role: "button" });
      var flags = (s.orphaned ? "orphaned; " : "") + (s.unrecoverable.length ? "a move breaks beyond recovery: " + s.unrecoverable.join(", ") + "; " : "");
      box(g, subX, ys[s.id], WIDTH.sub, s.name, flags + s.name + " (" + s.id + ", " + s.kind + ")");
      if (s.orphaned) g.appendChild(svg("text", { "class": "badge", x: subX + WIDTH.sub - 58, y: ys[s.id] + 4 }, "ORPHANED"));
      else if (s.unrecoverable.length) g.appendChild(svg("text", { "class": "badge lost", x: subX + WIDTH.sub - 38, y: ys[s.id] + 4 }, "LOSES"));
      g.addEventListener("click", function () { select_(s.id); });
      g.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select_(s.id); } });
      nodeLayer.appendChild(g);
      // One edge per grant, coloured by its chain; labelled with the
      // reason and the chain.
      var fan = Object.create(null);
      s.managers.forEach(function (m, i) {
        var p = principals[m.account], gr = grant(s, i);
        var n = fan[m.account] = (fan[m.account] || 0) + 1;
        var y1 = ys[s.id] + (n - 1) * 3, y2 = p.y + (n - 1) * 3;
        var x1 = subX + WIDTH.sub, x2 = prinX;
        var path = svg("path", {
          "class": "edge grant" + (selected && selected !== s.id ? " dimmed" : ""),
          d: curve(x1, y1, x2, y2),
          "data-subscription": s.id, "data-account": m.account, "data-chain": gr.kind
        });
        path.style.stroke = COLOR[gr.kind] || "#334155";
        if (DASHED[gr.kind]) path.setAttribute("stroke-dasharray", "6 3");
        path.appendChild(svg("title", {}, m.account + " can manage " + s.name + ": " + gr.label + (m.condition ? " (condition " + m.condition + ")" : "")));
        edgeLayer.appendChild(path);
        var label = svg("text", { "class": "edge-label", x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 3, "text-anchor": "middle", "data-subscription": s.id }, clip(gr.label, 48));
        if (selected && selected !== s.id) label.setAttribute("class", "edge-label edge dimmed");
        edgeLayer.appendChild(label);
      });
    });
    plist.forEach(function (p) {
      var g = svg("g", { "class": "node principal", "data-account": p.account });
      box(g, prinX, p.y, WIDTH.principal, p.account, p.account + ": " + p.grants + " grant(s) among the subscriptions shown");
      nodeLayer.appendChild(g);
    });
    if (!shown.length) root.appendChild(svg("text", { x: COL.directory, y: 60 }, "No subscription matches."));
    picture.replaceChildren(root);
  }

  function table(head, rows) {
    var t = el("table"), tr = el("tr");
    head.forEach(function (h) { tr.appendChild(el("th", {}, h)); });
    t.appendChild(tr);
    rows.forEach(function (r) {
      var row = el("tr");
      r.forEach(function (c) {
        var td = el("td");
        if (c instanceof Node) td.appendChild(c); else td.textContent = c === undefined || c === null ? "" : String(c);
        row.appendChild(td);
      });
      t.appendChild(row);
    });
    return t;
  }

  // Rows of Microsoft's impact table with their objects.
  function rows(box, list) {
    if (!list.length) { box.appendChild(el("p", { "class": "note" }, "Nothing is affected.")); return; }
    box.appendChild(table(["Service or resource", "Objects", "Recoverable", "What to do"], list.map(function (r) {
      var objs = r.objects.map(function (o) { return o.object + (o.detail ? " (" + o.detail + ")" : ""); }).join("\n");
      var rec = el("span", { "class": r.recoverable ? "" : "no" }, r.recoverable ? "yes" : "NO");
      var pre = el("div"); pre.style.whiteSpace = "pre-wrap"; pre.textContent = objs;
      return [r.service + ": " + r.impact, pre, rec, r.remedy];
    })));
  }

  function showMove(box, m, sub) {
    var im = m.impact, rp = m.restore;
    box.appendChild(el("h4", {}, "Moving it to " + m.to));
    if (im.blocking.length) {
      box.appendChild(el("p", {}, m.blocking_total > im.blocking.length
        ? "Blocked (the first " + im.blocking.length + " of " + m.blocking_total + " refusals; tenantry impact lists them all):"
        : "Blocked:"));
      box.appendChild(table(["Code", "Rule", "Why", "What to do"], im.blocking.map(function (b) { return [b.code, b.rule, b.message, b.hint]; })));
    } else if (im.movers.length) {
      box.appendChild(el("p", {}, "Nothing blocks it. Who can make the move (R6): " + im.movers.join(", ")));
    } else {
      box.appendChild(el("p", {}, "Nobody can make the move (R6) as the snapshot stands."));
    }
    if (im.requesters && im.requesters.length) box.appendChild(el("p", {}, "May ask for the two-party move (N4): " + im.requesters.join(", ")));
    if (im.rows.length) rows(box, im.rows);
    else if (im.blocking.length) {
      box.appendChild(el("p", { "class": "note" }, "Once unblocked, whoever makes it, the move does this to what the subscription holds (and deletes its role assignments):"));
      rows(box, sub.inventory);
    } else box.appendChild(el("p", { "class": "note" }, "Nothing is affected."));
    box.appendChild(el("h4", {}, "Restore plan in " + rp.directory + " (" + rp.steps.length + " steps)"));
    if (rp.steps.length) {
      box.appendChild(table(["#", "Operation", "Re-creates", "az"], rp.steps.map(function (s, i) {
        var code = el("code", {}, s.az || "(the portal only)");
        return [i + 1, s.operation, s.restores, code];
      })));
    }
    if (rp.unmapped.length) {
      box.appendChild(el("p", {}, m.unmapped_total > rp.unmapped.length
        ? "Cannot be mapped (the first " + rp.unmapped.length + " of " + m.unmapped_total + "; tenantry restore-plan lists them all):"
        : "Cannot be mapped:"));
      box.appendChild(table(["Principal", "Deleted", "Why, and what to do"], rp.unmapped.map(function (u) { return [u.principal, u.restores, u.reason]; })));
    }
  }

  function select_(id) {
    selected = id;
    var s = subs.filter(function (x) { return x.id === id; })[0];
    draw();
    if (!s) return;
    var box = el("div", { id: "details", "data-subscription": s.id });
    box.appendChild(el("h2", {}, s.name));
    var p = el("p");
    if (s.orphaned) p.appendChild(el("span", { "class": "flag orphaned" }, "orphaned: no Owner"));
    if (s.unrecoverable.length) p.appendChild(el("span", { "class": "flag lost" }, "a move breaks beyond recovery: " + s.unrecoverable.join(", ")));
    if (!s.orphaned && !s.unrecoverable.length) p.appendChild(el("span", { "class": "flag ok" }, "no flags"));
    box.appendChild(p);
    var owner = s.owner.user || (s.owner.directory ? "directory " + s.owner.directory : "unknown (imported)");
    var place = !s.management_group ? "" : s.under_root ? " (tenant root group)" : " / management group " + s.management_group;
    box.appendChild(table(["Id", "Kind", "Directory", "Owner"], [[s.id, s.kind + (s.offer ? " (" + s.offer + ")" : s.plan ? " (" + s.plan + ")" : ""), s.directory + place, owner]]));
    box.appendChild(el("h3", {}, "Who can manage it (" + s.managers.length + " grants)"));
    box.appendChild(table(["Account", "Why", "Through", "Condition"], s.managers.map(function (m, i) {
      return [m.account, m.reason, grant(s, i).chain, m.condition || ""];
    })));
    box.appendChild(el("h3", {}, "Before you move it"));
    if (s.kind !== "azure") box.appendChild(el("p", { "class": "note" }, "An Office 365 subscription belongs to its directory and does not move."));
    else if (!s.moves.length) {
      box.appendChild(el("p", { "class": "note" }, "No other directory in this snapshot to move it to. Whoever moves it, wherever to, a move does this to what it holds (its role assignments are deleted too):"));
      rows(box, s.inventory);
    } else if (dirs.length - 1 > s.moves.length) {
      box.appendChild(el("p", { "class": "note" }, "Assessed against the first " + s.moves.length + " of the " + (dirs.length - 1) + " other directories; tenantry impact assesses any."));
    }
    s.moves.forEach(function (m) { showMove(box, m, s); });
    var src = el("p", { "class": "note" }, "Microsoft's impact table: " + data.sources.join("; "));
    if (s.kind === "azure") box.appendChild(src);
    panel.replaceChildren(box);
  }

  var timer = null;
  function redraw() { clearTimeout(timer); timer = setTimeout(draw, 60); }
  search.addEventListener("input", redraw);
  select.addEventListener("change", draw);
  problems.addEventListener("change", draw);
  draw();
}());
