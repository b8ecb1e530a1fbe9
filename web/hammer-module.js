// hammer-module.js — Hammer.js (pinch and pan gestures for chartjs-plugin-zoom) as an ES module: its
// npm package is a UMD script only, which index.html loads as a classic script (window.Hammer)
// before the page's modules run; the import map points "hammerjs" here.
export default globalThis.Hammer;
