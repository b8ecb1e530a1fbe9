// hammer-module.js — Hammer.js (pinch and pan gestures for chartjs-plugin-zoom) as an ES module: its
// npm package is a UMD script only; run as a module it sets window.Hammer (it finds neither AMD nor
// CommonJS), which this module exports. The import map points "hammerjs" here.
import './node_modules/hammerjs/hammer.min.js';

export default globalThis.Hammer;
