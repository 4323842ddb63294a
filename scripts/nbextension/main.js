/**
 * collapse-lab-plotly: a classic Notebook 6 extension (what Debian packages as
 * `jupyter-notebook`) that draws `application/vnd.plotly.v1+json` outputs as live
 * plotly figures, with the project's own plotly.js (node_modules/plotly.js-dist).
 *
 * Every figure our notebooks show is one display_data carrying that JSON, a PNG and a
 * text summary (src/notebook/show.ts). The classic front-end has no plotly renderer and
 * would pick the PNG; this renderer is registered first in the display order, so it is
 * preferred. It changes only what is drawn: the output keeps all three mime types, so
 * the stored PNG is saved with the notebook as before.
 *
 * `npm run lab` (scripts/lab.js) copies this file and plotly.js into
 * .jupyter-local/nbextensions/collapse-lab-plotly/ and enables it there; nothing global.
 */
define(["base/js/namespace", "notebook/js/outputarea"], function (Jupyter, outputarea) {
  "use strict";

  var PLOTLY_MIME = "application/vnd.plotly.v1+json";
  var OutputArea = outputarea.OutputArea;

  /** Loads plotly.js from this extension's folder, under the server's base URL. */
  function loadPlotly(onLoaded, onError) {
    requirejs.config({
      paths: { "collapse-lab-plotly": Jupyter.notebook.base_url + "nbextensions/collapse-lab-plotly/plotly" },
      // plotly.js-dist is not an AMD module: it sets window.Plotly.
      shim: { "collapse-lab-plotly": { exports: "Plotly" } },
    });
    requirejs(["collapse-lab-plotly"], onLoaded, onError);
  }

  /**
   * The renderer: an output subarea with a div that plotly draws into once plotly.js is
   * loaded (asynchronously, so the div is in the page by then and has a width).
   * Called with the output area as `this`, like the built-in renderers.
   */
  function appendPlotly(figure, metadata, element) {
    var toinsert = this.create_output_subarea(metadata, "output_plotly", PLOTLY_MIME);
    var div = document.createElement("div");
    toinsert.append(div);
    element.append(toinsert);
    loadPlotly(
      function (Plotly) {
        Plotly.newPlot(div, figure.data || [], figure.layout || {}, figure.config || {});
      },
      function (error) {
        console.error("collapse-lab-plotly: could not load plotly.js", error);
        div.textContent = "plotly.js could not be loaded (" + error + "): see the browser console.";
      }
    );
    return toinsert;
  }

  /**
   * Outputs drawn before this extension loaded (the notebook and its extensions load in
   * parallel) show the PNG: draw those output areas again, keeping their trust state and
   * the notebook's saved/unsaved state.
   */
  function redrawEarlierFigures() {
    var notebook = Jupyter.notebook;
    if (!notebook || typeof notebook.get_cells !== "function") return;
    var dirty = notebook.dirty;
    notebook.get_cells().forEach(function (cell) {
      var area = cell.output_area;
      if (!area || !area.outputs) return;
      var hasFigure = area.outputs.some(function (output) {
        return output.data !== undefined && output.data[PLOTLY_MIME] !== undefined;
      });
      if (!hasFigure) return;
      var outputs = area.toJSON();
      var trusted = area.trusted;
      area.clear_output(false, true);
      area.trusted = trusted;
      area.fromJSON(outputs);
    });
    if (notebook.dirty !== dirty) notebook.set_dirty(dirty);
  }

  function load_ipython_extension() {
    if (OutputArea.append_map[PLOTLY_MIME] === appendPlotly) return;
    OutputArea.prototype.register_mime_type(PLOTLY_MIME, appendPlotly, { safe: true, index: 0 });
    redrawEarlierFigures();
  }

  return { load_ipython_extension: load_ipython_extension };
});
