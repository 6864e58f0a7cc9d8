// The operation's place on a map (Leaflet, vendored in static/vendor/leaflet).
// The latitude, longitude and radius fields stay the truth: the map reads them
// and writes them, so keyboards, screen readers and the API keep working.
(function () {
  "use strict";

  const COUNTRY_VIEW = { US: [[37.5, -98.5], 4], MX: [[23.6, -102.5], 5] };
  const NEARBY_DELAY_MS = 400;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));
  }

  // "31.3086, -110.9422", "31.3086 -110.9422" or "31,3086; -110,9422": a point, or null.
  function parsePoint(text) {
    const match = String(text || "").trim()
      .match(/^(-?\d{1,2}(?:[.,]\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:[.,]\d+)?)$/);
    if (!match) return null;
    const lat = parseFloat(match[1].replace(",", "."));
    const lon = parseFloat(match[2].replace(",", "."));
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return null;
    return [lat, lon];
  }

  function numberOf(input) {
    const value = parseFloat(String(input.value).replace(",", "."));
    return Number.isFinite(value) ? value : null;
  }

  function setField(input, value) {
    input.value = value;
    // Tell the page (drafts, other scripts) that the field changed, as typing does.
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function picker(element) {
    // A read-only map (an operation's page) reads its point from data attributes instead of fields.
    const readonly = element.dataset.readonly === "1";
    const form = element.closest("form");
    const section = element.closest(".map-picker");
    const given = (value) => Object.assign(document.createElement("input"), { value: value || "" });
    const lat = readonly ? given(element.dataset.lat) : form.querySelector("input[name=latitude]");
    const lon = readonly ? given(element.dataset.lon) : form.querySelector("input[name=longitude]");
    const radius = readonly ? given(element.dataset.radius) : form.querySelector("input[name=radius_m]");
    const status = section.querySelector("[data-map-status]");
    const text = JSON.parse(element.dataset.messages);
    const say = (message) => { status.textContent = message; };

    const map = L.map(element, { scrollWheelZoom: false }); // the page scrolls past the map; + and − zoom
    L.control.scale({ imperial: element.dataset.country === "US" }).addTo(map);
    const basemap = offlineBasemap(map, element, text);
    let tiles = null;
    if (element.dataset.tiles) {
      tiles = L.tileLayer(element.dataset.tiles, {
        maxZoom: parseInt(element.dataset.maxZoom, 10) || 19, attribution: element.dataset.attribution,
      }).addTo(map);
      watchTiles(map, tiles, basemap, () => say(text.offlineNote));
      L.control.layers({ [text.street]: tiles, [text.offline]: basemap.layer }, null, { collapsed: true }).addTo(map);
    } else {
      basemap.layer.addTo(map);
    }

    const pin = L.marker([0, 0], { draggable: !readonly, keyboard: !readonly, title: text.thisOperation, autoPan: true });
    const circle = L.circle([0, 0], { radius: 1, className: "map-radius", interactive: false });
    const handle = L.marker([0, 0], {
      draggable: true, title: text.radiusHandle,
      icon: L.divIcon({ className: "map-radius-handle", iconSize: [18, 18] }),
    });
    const nearby = L.layerGroup().addTo(map);
    let placed = false;

    function point() {
      const a = numberOf(lat), b = numberOf(lon);
      return a !== null && b !== null && a >= -90 && a <= 90 && b >= -180 && b <= 180 ? [a, b] : null;
    }

    function metres() {
      const value = parseInt(radius.value, 10);
      return value > 0 ? value : 200;
    }

    // The handle sits on the circle's east edge.
    function handlePosition(centre, r) {
      const east = L.latLng(centre).toBounds(2 * r).getEast();
      return [centre[0], east];
    }

    function draw(recentre) {
      const here = point();
      if (!here) return;
      pin.setLatLng(here);
      circle.setLatLng(here).setRadius(metres());
      handle.setLatLng(handlePosition(here, metres()));
      if (!placed) {
        pin.addTo(map); circle.addTo(map);
        if (!readonly) handle.addTo(map);
        placed = true;
      }
      if (recentre) map.fitBounds(circle.getBounds(), { maxZoom: 16, padding: [24, 24], animate: false });
      loadNearby(here);
    }

    function place(latlng, message) {
      setField(lat, latlng[0].toFixed(6));
      setField(lon, latlng[1].toFixed(6));
      draw(false);
      say(message || format(text.pointSet, { lat: lat.value, lon: lon.value }));
    }

    let nearbyTimer = null;
    function loadNearby(here) {
      clearTimeout(nearbyTimer);
      nearbyTimer = setTimeout(() => {
        const url = new URL(element.dataset.nearby, window.location.href);
        url.searchParams.set("lat", here[0]);
        url.searchParams.set("lon", here[1]);
        if (element.dataset.exclude) url.searchParams.set("exclude", element.dataset.exclude);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then((response) => (response.ok ? response.json() : { items: [] }))
          .then((data) => {
            drawNearby(data.items || []);
            markCurrent((data.current && data.current.alerts) || []);
          })
          .catch(() => {});
      }, NEARBY_DELAY_MS);
    }

    function alertLines(body, alerts) {
      alerts.forEach((alert) => {
        const line = document.createElement("p");
        const to = document.createElement("a");
        to.href = alert.url;
        to.className = alert.critical ? "map-alert map-alert-critical" : "map-alert";
        to.textContent = `${alert.severity}: ${format(text.openAlert, { id: alert.id, agency: alert.agency })}`;
        line.appendChild(to);
        body.appendChild(line);
      });
    }

    // The operation being edited, with its own open alerts: its circle turns red.
    function markCurrent(alerts) {
      const path = circle.getElement && circle.getElement();
      if (path) path.classList.toggle("map-radius-conflict", alerts.length > 0);
      pin.unbindPopup();
      if (alerts.length) {
        const body = document.createElement("div");
        const title = document.createElement("strong");
        title.textContent = text.thisOperation;
        body.appendChild(title);
        alertLines(body, alerts);
        pin.bindPopup(body);
      }
    }

    function drawNearby(items) {
      nearby.clearLayers();
      items.forEach((item) => {
        const conflicted = item.alerts.length > 0;
        const shape = L.circle([item.latitude, item.longitude], {
          radius: item.radius_m, className: conflicted ? "map-op map-op-conflict" : "map-op",
        }).addTo(nearby);
        const body = document.createElement("div");
        const link = document.createElement("a");
        link.href = item.url;
        link.textContent = item.title;
        body.appendChild(link);
        const when = document.createElement("p");
        when.textContent = `${item.kind} · ${item.status} · ${item.starts} – ${item.ends}`;
        body.appendChild(when);
        alertLines(body, item.alerts);
        shape.bindPopup(body);
      });
      section.dataset.nearbyCount = String(items.length);
    }

    if (!readonly) bindEditing();
    const start = point();
    if (start) {
      map.setView(start, 15); // a view first: a circle has no bounds on a map without one
      draw(true);
    } else {
      const [centre, zoom] = COUNTRY_VIEW[element.dataset.country] || COUNTRY_VIEW.US;
      map.setView(centre, zoom);
    }
    element.classList.add("map-ready");

    function bindEditing() {
      map.on("click", (event) => place([event.latlng.lat, event.latlng.lng]));
      pin.on("dragend", () => {
        const at = pin.getLatLng();
        place([at.lat, at.lng]);
      });
      handle.on("drag", () => {
        const r = Math.max(1, Math.round(pin.getLatLng().distanceTo(handle.getLatLng())));
        circle.setRadius(r);
        say(format(text.radius, { m: r }));
      });
      handle.on("dragend", () => {
        const r = Math.max(1, Math.round(pin.getLatLng().distanceTo(handle.getLatLng())));
        setField(radius, String(r));
        draw(false);
        say(format(text.radius, { m: r }));
      });
      [lat, lon, radius].forEach((input) => input.addEventListener("change", () => draw(input !== radius)));

      // A pasted "lat, lon" in the latitude box fills both boxes.
      lat.addEventListener("paste", (event) => {
        const pasted = parsePoint((event.clipboardData || window.clipboardData).getData("text"));
        if (pasted) {
          event.preventDefault();
          place(pasted);
          draw(true);
        }
      });

      const pasteBox = section.querySelector("[data-map-paste]");
      function placePasted() {
        const pasted = parsePoint(pasteBox.value);
        if (!pasted) {
          say(text.pasteBad);
          pasteBox.setAttribute("aria-invalid", "true");
          return;
        }
        pasteBox.removeAttribute("aria-invalid");
        place(pasted);
        draw(true);
      }
      section.querySelector("[data-map-paste-go]").addEventListener("click", placePasted);
      pasteBox.addEventListener("keydown", (event) => {
        if (event.key === "Enter") { event.preventDefault(); placePasted(); }
      });

      section.querySelector("[data-map-locate]").addEventListener("click", () => {
        if (!navigator.geolocation) { say(text.locateFailed); return; }
        say(text.locating);
        navigator.geolocation.getCurrentPosition(
          (position) => {
            place([position.coords.latitude, position.coords.longitude],
              format(text.located, { m: Math.round(position.coords.accuracy) }));
            draw(true);
          },
          () => say(text.locateFailed),
          { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });

      section.querySelectorAll("[data-map-point]").forEach((button) => {
        button.addEventListener("click", () => {
          const taken = parsePoint(button.dataset.mapPoint);
          if (!taken) return;
          const venue = form.querySelector("input[name=venue]");
          const address = form.querySelector("input[name=address]");
          if (venue && !venue.value && button.dataset.venue) setField(venue, button.dataset.venue);
          if (address && !address.value && button.dataset.address) setField(address, button.dataset.address);
          place(taken, format(text.tookPoint, { record: button.dataset.record }));
          draw(true);
        });
      });
    }
  }

  // If the tile server cannot be reached, fall back to the offline basemap and say so.
  function watchTiles(map, tiles, basemap, onFallback) {
    let loaded = 0, failed = 0, fell = false;
    tiles.on("tileload", () => { loaded += 1; });
    tiles.on("tileerror", () => {
      failed += 1;
      if (!fell && loaded === 0 && failed >= 2) {
        fell = true;
        map.removeLayer(tiles);
        basemap.layer.addTo(map);
        onFallback();
      }
    });
  }

  // US and Mexican state lines and cities shipped with the app (static/vendor/basemap).
  function offlineBasemap(map, element, text) {
    // Panes of their own, below the operations' overlays (the state outlines load later than the pin).
    map.createPane("basemapAreas");
    map.createPane("basemapPlaces");
    const layer = L.layerGroup();
    const states = L.geoJSON(null, {
      className: "map-state", interactive: false, attribution: element.dataset.basemapAttribution,
      pane: "basemapAreas",
    });
    const cities = L.layerGroup();
    const labels = L.layerGroup();
    layer.addLayer(states).addLayer(cities);
    let cityData = [];
    const spanish = element.dataset.locale === "es";

    function drawCities() {
      cities.clearLayers();
      const zoom = map.getZoom();
      // State names from zoom 5 on: at the scale of a whole country they cover the lines.
      if (zoom >= 5) layer.addLayer(labels); else layer.removeLayer(labels);
      // Fewer, bigger cities when zoomed out, so labels do not pile up.
      const least = zoom <= 4 ? 2000000 : zoom <= 5 ? 700000 : zoom <= 6 ? 250000 : 0;
      const bounds = map.getBounds().pad(0.2);
      cityData.forEach((city) => {
        const [lon, latitude] = city.geometry.coordinates;
        if (city.properties.population < least || !bounds.contains([latitude, lon])) return;
        L.circleMarker([latitude, lon], { radius: 3, className: "map-city", interactive: false, pane: "basemapPlaces" })
          .bindTooltip(city.properties.name, { permanent: true, direction: "right", className: "map-city-label" })
          .addTo(cities);
      });
    }

    let requested = false;
    function load() {
      if (requested) return;
      requested = true;
      const get = (url) => fetch(url, { credentials: "same-origin" }).then((r) => r.json());
      get(element.dataset.states).then((data) => {
        states.addData(data);
        data.features.forEach((feature) => {
          const name = spanish ? feature.properties.name_es || feature.properties.name : feature.properties.name;
          L.tooltip({ permanent: true, direction: "center", className: "map-state-label", interactive: false })
            .setLatLng(feature.properties.label).setContent(name).addTo(labels);
        });
        drawCities();
      }).catch(() => {});
      get(element.dataset.cities).then((data) => { cityData = data.features; drawCities(); }).catch(() => {});
    }

    layer.on("add", () => {
      element.classList.add("map-offline");
      load();
      map.on("zoomend moveend", drawCities);
    });
    layer.on("remove", () => {
      element.classList.remove("map-offline");
      map.off("zoomend moveend", drawCities);
    });
    return { layer };
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!window.L) return; // Leaflet missing: the number fields still do the job.
    document.querySelectorAll("#operation-map").forEach(picker);
  });
})();
