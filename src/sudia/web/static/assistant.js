/* Sud IA — the assistant without page reloads. Progressive enhancement: the page works without it.
   Asks through POST /api/conversations/ask (NDJSON events: start, delta…, done | error), shows the
   text as it comes and then the answer as the server renders it; Enter sends (Shift+Enter: new line);
   example questions are asked on click; copy buttons; feedback sent without leaving the page.
   Questions only ever travel in request bodies, never in URLs. */
"use strict";

(function () {
  var form = document.getElementById("formulaire-question");
  if (!form || !window.fetch || !window.TextDecoder || !window.JSON) return;

  var thread = document.getElementById("fil");
  var field = form.querySelector("textarea[name=question]");
  var button = form.querySelector("button[type=submit]");
  var status = document.getElementById("etat-question");
  var conversationField = form.querySelector("input[name=conversation]");
  var previousField = form.querySelector("input[name=precedente]");
  var csrfField = form.querySelector("input[name=csrf]");
  var keepsHistory = form.dataset.historique === "oui";
  var busy = false;

  Array.prototype.forEach.call(document.querySelectorAll(".avec-script"), function (el) { el.hidden = false; });

  function say(text) { status.textContent = text; }

  function chosenCollections() {
    return Array.prototype.map.call(form.querySelectorAll("input[name=collections]:checked"),
      function (box) { return box.value; });
  }

  function previousQuestions() {
    // Anonymous visitors: the questions as understood, sent back so that a follow-up is understood too.
    var queries = Array.prototype.map.call(thread.querySelectorAll(".tour[data-requete]"),
      function (turn) { return turn.dataset.requete; });
    if (!queries.length && previousField && previousField.value) queries = [previousField.value];
    return queries.slice(-3);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function placeholder(question) {
    var turn = element("article", "tour tour-en-cours");
    turn.setAttribute("aria-busy", "true");
    var title = element("h2", "tour-question");
    title.appendChild(element("span", "visuellement-cache", "Question : "));
    title.appendChild(document.createTextNode(question));
    turn.appendChild(title);
    var box = element("section", "reponse");
    box.appendChild(element("p", "attente", "Recherche de la réponse dans les documents…"));
    var text = element("div", "reponse-texte reponse-flux");
    box.appendChild(text);
    turn.appendChild(box);
    thread.appendChild(turn);
    return { turn: turn, text: text, waiting: box.querySelector(".attente") };
  }

  function showError(shown, question, message) {
    shown.turn.removeAttribute("aria-busy");
    shown.waiting.remove();
    var box = element("div", "avis avis-erreur");
    box.setAttribute("role", "alert");
    box.appendChild(element("p", "", message || "La question n'a pas pu être traitée."));
    shown.turn.querySelector(".reponse").appendChild(box);
    field.value = question; // nothing typed is lost
    say("");
  }

  function finish(shown, event) {
    var holder = document.createElement("div");
    holder.innerHTML = event.html;
    var turn = holder.firstElementChild;
    shown.turn.replaceWith(turn);
    if (event.conversation && conversationField) {
      conversationField.value = event.conversation;
      if (keepsHistory && window.history && window.location.pathname !== "/conversations/" + event.conversation) {
        // The conversation's own address (an identifier, never the question): reload and bookmarks reopen it.
        window.history.replaceState(null, "", "/conversations/" + event.conversation);
      }
    }
    if (previousField) previousField.value = event.query || "";
    enhance(turn);
    listConversation(event);
    if (!form.querySelector('.actions a[href="/"]')) {  // as the server renders a conversation's page
      var fresh = element("a", "bouton bouton-secondaire", "Nouvelle conversation");
      fresh.href = "/";
      button.insertAdjacentElement("afterend", fresh);
    }
    say("Réponse affichée ci-dessus.");
  }

  // A conversation that starts here joins « Mes conversations » beside it.
  function listConversation(event) {
    var list = document.querySelector(".historique-court ul");
    var aside = document.querySelector(".historique-court");
    if (!event.conversation || !aside) return;
    var href = "/conversations/" + event.conversation;
    if (aside.querySelector('a[href="' + href + '"]')) return;
    if (!list) {
      list = element("ul");
      var empty = aside.querySelector("h2 + p");
      if (empty) empty.replaceWith(list); else aside.insertBefore(list, aside.children[1] || null);
    }
    Array.prototype.forEach.call(aside.querySelectorAll("a[aria-current]"), function (a) { a.removeAttribute("aria-current"); });
    var item = element("li");
    var link = element("a", "", event.title || "");
    link.href = href;
    link.setAttribute("aria-current", "page");
    item.appendChild(link);
    list.insertBefore(item, list.firstChild);
  }

  function handle(line, shown, question) {
    if (!line.trim()) return;
    var event = JSON.parse(line);
    if (event.type === "start") {
      if (event.rewritten) {
        var understood = element("p", "tour-comprise");
        understood.appendChild(element("span", "tour-comprise-etiquette", "Question comprise comme :"));
        understood.appendChild(document.createTextNode(" « " + event.query + " »"));
        shown.turn.insertBefore(understood, shown.turn.querySelector(".reponse"));
      }
    } else if (event.type === "delta") {
      if (shown.waiting.isConnected) shown.waiting.textContent = "Rédaction de la réponse…";
      shown.text.textContent += event.text;
    } else if (event.type === "done") {
      finish(shown, event);
    } else if (event.type === "error") {
      showError(shown, question, event.error && event.error.message);
    }
  }

  function read(response, shown, question) {
    var decoder = new TextDecoder();
    var pending = "";
    function lines(chunk, last) {
      pending += chunk;
      var parts = pending.split("\n");
      pending = last ? "" : parts.pop();
      parts.forEach(function (line) { handle(line, shown, question); });
    }
    if (!response.body || !response.body.getReader) {
      return response.text().then(function (text) { lines(text, true); });
    }
    var reader = response.body.getReader();
    function next() {
      return reader.read().then(function (step) {
        if (step.done) { lines(decoder.decode(), true); return; }
        lines(decoder.decode(step.value, { stream: true }), false);
        return next();
      });
    }
    return next();
  }

  function ask(question) {
    question = question.trim();
    if (!question) { field.focus(); say("Écrivez une question avant de l'envoyer."); return; }
    // A question typed while an answer is still being written is kept in the field, and the user is
    // told so: ignoring the key silently looked like a lost question.
    if (busy) {
      if (!field.value.trim()) field.value = question;  // an example clicked meanwhile
      say("Une réponse est en cours d'écriture : votre question reste dans le champ, envoyez-la quand la réponse sera terminée.");
      return;
    }
    busy = true;
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    say("Recherche de la réponse dans les documents…");
    field.value = "";
    var shown = placeholder(question);
    var examples = document.querySelector(".exemples");
    if (examples) examples.hidden = true;
    var body = {
      question: question,
      collections: chosenCollections(),
      conversation: conversationField && conversationField.value ? conversationField.value : null,
      previous: keepsHistory ? [] : previousQuestions()
    };
    fetch(form.dataset.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/x-ndjson",
                 "X-CSRF-Token": csrfField ? csrfField.value : "" },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.ok) return read(response, shown, question);
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 401) { window.location.href = "/connexion?suivant=%2F"; return; }
        showError(shown, question, data.error && data.error.message);
      });
    }).catch(function () {
      showError(shown, question, "Le serveur ne répond pas : vérifiez la connexion puis renvoyez la question.");
    }).then(function () {
      busy = false;
      button.disabled = false;
      form.removeAttribute("aria-busy");
      field.focus();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    ask(field.value);
  });

  field.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ask(field.value);
    }
  });

  Array.prototype.forEach.call(document.querySelectorAll("button.exemple"), function (example) {
    example.addEventListener("click", function (event) {
      event.preventDefault();
      ask(example.value);
    });
  });

  // -- copy and feedback, on the turns on the page and on those that arrive ----------------------
  function plainText(turn) {
    var text = turn.querySelector(".reponse-texte");
    var lines = [text ? text.innerText.trim() : ""];
    var sources = turn.querySelectorAll(".source");
    if (sources.length) {
      lines.push("", "Sources :");
      Array.prototype.forEach.call(sources, function (source) {
        var number = source.querySelector(".source-numero");
        var title = source.querySelector(".source-titre a");
        var place = source.querySelector(".source-lieu");
        var where = place ? place.textContent.split("·")[0].trim() : "";
        lines.push((number ? number.textContent + " " : "") + (title ? title.textContent.trim() : "") +
                   (where && where.indexOf("fichier") !== 0 ? " (" + where + ")" : ""));
      });
    }
    return lines.join("\n");
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = element("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "absolute";
      area.style.left = "-9999px";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand && document.execCommand("copy");
      area.remove();
      if (ok) resolve(); else reject(new Error("copy"));
    });
  }

  function enhance(turn) {
    var copyButton = turn.querySelector("button.copier");
    if (copyButton) {
      copyButton.hidden = false;
      copyButton.addEventListener("click", function () {
        var state = turn.querySelector(".copier-etat");
        copy(plainText(turn)).then(function () { state.textContent = "Réponse copiée."; },
          function () { state.textContent = "La copie a échoué : sélectionnez le texte pour le copier."; });
      });
    }
    var feedback = turn.querySelector("form.avis-reponse");
    if (feedback) {
      feedback.addEventListener("submit", function (event) {
        event.preventDefault();
        var submitter = event.submitter || feedback.querySelector("button[aria-pressed=true]");
        var rating = submitter ? parseInt(submitter.value, 10) : 0;
        var state = feedback.querySelector(".avis-etat");
        if (rating !== 1 && rating !== -1) { state.textContent = "Choisissez d'abord « Utile » ou « Pas utile »."; return; }
        var comment = feedback.querySelector("textarea[name=commentaire]");
        fetch(feedback.dataset.api, {
          method: "PUT",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "Accept": "application/json",
                     "X-CSRF-Token": (feedback.querySelector("input[name=csrf]") || {}).value || "" },
          body: JSON.stringify({ rating: rating, comment: comment ? comment.value : "" })
        }).then(function (response) {
          return response.json().then(function (data) {
            if (!response.ok) throw new Error(data.error && data.error.message);
            Array.prototype.forEach.call(feedback.querySelectorAll(".bouton-avis"), function (b) {
              b.setAttribute("aria-pressed", String(parseInt(b.value, 10) === data.rating));
            });
            var send = feedback.querySelector(".avis-envoyer");
            if (send) { send.value = String(data.rating); send.hidden = false; }
            state.textContent = data.comment ? "Avis et commentaire enregistrés, merci." : "Avis enregistré, merci.";
          });
        }).catch(function (error) {
          state.textContent = (error && error.message) || "L'avis n'a pas pu être enregistré.";
        });
      });
    }
  }

  // « Poser la question dans … » after an abstention: the same question, in the collection suggested.
  thread.addEventListener("submit", function (event) {
    var again = event.target;
    if (!again.classList || !again.classList.contains("reposer")) return;
    event.preventDefault();
    var wanted = Array.prototype.map.call(again.querySelectorAll("input[name=collections]"), function (i) { return i.value; });
    Array.prototype.forEach.call(form.querySelectorAll("input[name=collections]"), function (box) {
      box.checked = wanted.indexOf(box.value) >= 0;
    });
    ask(again.querySelector("input[name=question]").value);
  });

  Array.prototype.forEach.call(thread.querySelectorAll(".tour"), enhance);
})();
