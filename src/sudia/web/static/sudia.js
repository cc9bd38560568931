/* Sud IA — progressive enhancement only: every page works without this script.
   Adds: the header's menu button on phones, confirmation before deletions, a waiting message on slow
   forms, and file upload with a progress bar and per-file statuses (XMLHttpRequest upload events,
   then polling the jobs API). */
"use strict";

(function () {
  var TERMINAL = { done: true, skipped: true, error: true };
  var POLL_MS = 1000;
  var MAX_POLLS = 1800; // 30 minutes: a large scanned PDF can take a while to OCR

  function plural(n, word) { return n + " " + word + (n > 1 ? "s" : ""); }

  // Header menu on phones: a button folds the navigation (without this script it is always shown).
  var menuButton = document.querySelector(".menu-bouton");
  var menu = document.getElementById("menu-entete");
  if (menuButton && menu) {
    document.documentElement.classList.add("avec-menu");
    menuButton.hidden = false;
    var setMenu = function (open) {
      menuButton.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("ouvert", open);
    };
    menuButton.addEventListener("click", function () {
      setMenu(menuButton.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("ouvert")) { setMenu(false); menuButton.focus(); }
    });
  }

  // Deletions: ask first; the server shows a confirmation page when this script is absent.
  document.querySelectorAll("form[data-confirmer]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirmer)) { event.preventDefault(); return; }
      var field = form.querySelector("input[name=confirmation]");
      if (field) field.value = "oui";
    });
  });

  // Slow forms (asking a question): say that something is happening.
  document.querySelectorAll("form[data-attente]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var status = form.querySelector(".attente");
      if (status) status.textContent = form.dataset.attente;
      form.setAttribute("aria-busy", "true");
      var button = form.querySelector("button[type=submit]");
      if (button) window.setTimeout(function () { button.disabled = true; }, 0);
    });
    // Back button: the browser may restore the page as it was left, button disabled.
    window.addEventListener("pageshow", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = false;
      form.removeAttribute("aria-busy");
      var status = form.querySelector(".attente");
      if (status) status.textContent = "";
    });
  });

  var upload = document.getElementById("depot");
  if (!upload || !window.FormData) return;

  var labels = JSON.parse(upload.dataset.statuts || "{}");
  var bar = upload.querySelector("progress");
  var barBox = upload.querySelector(".depot-progression");
  var percent = upload.querySelector(".depot-pourcentage");
  var state = upload.querySelector(".depot-etat");
  var list = upload.querySelector(".depot-fichiers");
  var button = upload.querySelector("button[type=submit]");
  var input = upload.querySelector("input[type=file]");

  function say(text, isError) {
    state.textContent = text;
    state.className = "depot-etat" + (isError ? " avis avis-erreur" : "");
  }

  function render(jobs) {
    list.textContent = "";
    jobs.forEach(function (job) {
      var item = document.createElement("li");
      item.className = "statut statut-" + job.status;
      var parts = [["statut-etiquette", labels[job.status] || job.status], ["statut-fichier", job.filename]];
      if (job.message) parts.push(["statut-message", job.message]);
      parts.forEach(function (part) {
        var span = document.createElement("span");
        span.className = part[0];
        span.textContent = part[1];
        item.appendChild(span);
      });
      list.appendChild(item);
    });
  }

  function summary(jobs) {
    var count = function (s) { return jobs.filter(function (j) { return j.status === s; }).length; };
    var parts = [];
    if (count("done")) parts.push(plural(count("done"), "fichier") + " ingéré" + (count("done") > 1 ? "s" : ""));
    if (count("skipped")) parts.push(plural(count("skipped"), "fichier") + " inchangé" + (count("skipped") > 1 ? "s" : ""));
    if (count("error")) parts.push(plural(count("error"), "fichier") + " en erreur");
    return "Dépôt terminé : " + parts.join(", ") + ".";
  }

  // Refresh the document list and the collection counts without losing the statuses shown.
  function refresh() {
    fetch(window.location.href, { headers: { Accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        ["liste-documents", "tableau-collections"].forEach(function (id) {
          var old = document.getElementById(id), now = fresh.getElementById(id);
          if (old && now) old.replaceWith(now);
        });
      })
      .catch(function () { /* the statuses above stay correct; a reload shows the list */ });
  }

  function poll(ids, round) {
    var url = "/api/collections/" + encodeURIComponent(upload.dataset.collection) + "/jobs";
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (body) {
        var all = Array.isArray(body) ? body : (body.jobs || []);
        var mine = ids.map(function (id) { return all.find(function (j) { return j.id === id; }); })
          .filter(Boolean);
        render(mine);
        var finished = mine.length === ids.length && mine.every(function (j) { return TERMINAL[j.status]; });
        if (finished) { say(summary(mine), false); button.disabled = false; input.value = ""; refresh(); }
        else if (round >= MAX_POLLS) { say("L'analyse des fichiers continue : rechargez la page plus tard pour voir le résultat.", false); button.disabled = false; }
        else window.setTimeout(function () { poll(ids, round + 1); }, POLL_MS);
      })
      .catch(function () {
        if (round >= MAX_POLLS) { button.disabled = false; return; }
        window.setTimeout(function () { poll(ids, round + 1); }, POLL_MS * 3);
      });
  }

  upload.addEventListener("submit", function (event) {
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) return; // the browser's "required" message handles it
    event.preventDefault();
    var data = new FormData();
    files.forEach(function (f) { data.append("files", f, f.name); });
    render(files.map(function (f) { return { filename: f.name, status: "pending", message: "" }; }));
    barBox.hidden = false;
    bar.value = 0;
    percent.textContent = "0 %";
    say("Envoi de " + plural(files.length, "fichier") + "…", false);
    button.disabled = true;

    var xhr = new XMLHttpRequest();
    xhr.open("POST", upload.dataset.api);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      var p = Math.round((100 * e.loaded) / e.total);
      bar.value = p;
      percent.textContent = p + " %";
    });
    xhr.addEventListener("load", function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      if (xhr.status >= 200 && xhr.status < 300 && body && body.jobs) {
        bar.value = 100;
        percent.textContent = "100 %";
        say("Fichiers envoyés : analyse en cours…", false);
        render(body.jobs);
        poll(body.jobs.map(function (j) { return j.id; }), 0);
      } else {
        var message = body && body.error && body.error.message;
        say(message || "Le dépôt a échoué (erreur " + xhr.status + ").", true);
        button.disabled = false;
      }
    });
    xhr.addEventListener("error", function () {
      say("Le dépôt a échoué : le serveur ne répond pas.", true);
      button.disabled = false;
    });
    xhr.send(data);
  });
})();
