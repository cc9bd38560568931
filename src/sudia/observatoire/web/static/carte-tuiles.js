/* Optional tiled base map for the observatory (only when SUDIA_MAP_TILE_URL is set).
   The SVG map drawn by the server stays the default; this button swaps it for a Leaflet map on
   the configured tile server. Leaflet (vendored, BSD-2) is loaded on the first click only. */
(function () {
  "use strict";
  var box = document.querySelector(".obs-tuiles");
  if (!box) return;
  var button = box.querySelector("button");
  var frame = document.querySelector(".obs-carte-tuiles");
  var svgMap = document.querySelector(".obs-carte");
  var map = null;
  box.hidden = false;

  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + " : " + r.status);
      return r.json();
    });
  }

  function link(props) {
    var a = document.createElement("a");
    a.href = props.url;
    a.textContent = props.name;
    var p = document.createElement("p");
    p.appendChild(a);
    p.appendChild(document.createTextNode(" — " + props.kind_label));
    return p;
  }

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  function build() {
    var colours = JSON.parse(box.dataset.couleurs || "{}");
    map = L.map(frame, { scrollWheelZoom: false });
    L.tileLayer(box.dataset.tuiles, { maxZoom: 18, attribution: box.dataset.attribution || "" }).addTo(map);
    return Promise.all([getJSON(box.dataset.contours), getJSON(box.dataset.points)]).then(function (data) {
      var outlines = L.geoJSON(data[0], {
        style: { color: "#1b3a6b", weight: 1.5, fillOpacity: 0.04 }, interactive: false
      }).addTo(map);
      L.geoJSON(data[1], {
        pointToLayer: function (feature, latlng) {
          var colour = colours[feature.properties.kind] || "#4f5561";
          return L.circleMarker(latlng, { radius: 8, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 1 });
        },
        onEachFeature: function (feature, layer) {
          layer.bindPopup(link(feature.properties));
          // Leaflet renders a string tooltip as HTML: names from documents go in as text nodes (#10).
          layer.bindTooltip(text(feature.properties.name));
        }
      }).addTo(map);
      map.fitBounds(outlines.getBounds());
    });
  }

  button.addEventListener("click", function () {
    var showTiles = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(showTiles));
    button.textContent = showTiles ? "Revenir à la carte simple" : "Afficher le fond de carte détaillé";
    frame.hidden = !showTiles;
    if (svgMap) svgMap.hidden = showTiles;
    if (!showTiles) return;
    if (map) { map.invalidateSize(); return; }
    var prefix = "/observatoire/static/";
    load("link", { rel: "stylesheet", href: prefix + "leaflet.css" })
      .then(function () { return load("script", { src: prefix + "leaflet.js" }); })
      .then(build)
      .catch(function (error) {
        frame.textContent = "Le fond de carte détaillé n'a pas pu être chargé (" + error.message + ").";
      });
  });
})();
