// The widget: an explorer drawn in the page, with or without a kernel. It listens to the explorer's own
// controls, computes the setting they name (explorers.js, from numbers.js) and draws it on a canvas: the
// panels' tiles that Matplotlib drew, the moving artists in their styles, the ticks of the axes that follow
// the curve. Python side: sgd_lib/widgets/browser.py.

const FAR = 1e5; // pixels: points beyond this are drawn at this distance (the canvas clips them anyway)
const RUNS_KEPT = 64; // runs kept per explorer (a drag back and forth finds its runs again)

function bytesOf(value) {
  if (!value) return new Uint8Array(0);
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return new Uint8Array(value);
}

async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// The tiles' images, and the explorer's integer arrays (browser.py: describe) put into its data.
async function unpack(spec, images, arrays) {
  const raw = bytesOf(images);
  let offset = 0;
  const tiles = await Promise.all(spec.images.map((size) => {
    const png = raw.slice(offset, offset + size);
    offset += size;
    return createImageBitmap(new Blob([png], { type: "image/png" }));
  }));
  const data = { ...spec.data };
  if (spec.arrays.length) {
    const body = await inflate(bytesOf(arrays));
    let start = 0;
    for (const { name, type, shape } of spec.arrays) {
      const Kind = { uint8: Uint8Array, uint16: Uint16Array }[type];
      const count = shape.reduce((a, b) => a * b, 1);
      data[name] = new Kind(body.slice(start, start + count * Kind.BYTES_PER_ELEMENT).buffer);
      start += count * Kind.BYTES_PER_ELEMENT;
    }
  }
  return { tiles, data };
}

// --- drawing ------------------------------------------------------------------------------------------------

function fraction(v, lo, hi, log) {
  return log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
}

const clamp = (v) => Math.max(-FAR, Math.min(FAR, v));

// Data to pixels, as Matplotlib maps them: the axes' pixel box and its limits [x0, x1, y0, y1].
function mapper(axes, [x0, x1, y0, y1]) {
  const [left, top, right, bottom] = axes.box;
  return (x, y) => [clamp(left + fraction(x, x0, x1, axes.xlog) * (right - left)),
    clamp(bottom - fraction(y, y0, y1, axes.ylog) * (bottom - top))];
}

function pixels([xs, ys], to) {
  return xs.map((x, i) => {
    const [px, py] = to(x, ys[i]);
    return Number.isFinite(px) && Number.isFinite(py) ? [px, py] : null;
  });
}

function tracePolyline(ctx, xy) {
  ctx.beginPath();
  let pen = false;
  for (const p of xy) {
    if (p === null) pen = false;
    else if (pen) ctx.lineTo(p[0], p[1]);
    else {
      ctx.moveTo(p[0], p[1]);
      pen = true;
    }
  }
}

function traceMarker(ctx, marker, [x, y], size) {
  ctx.beginPath();
  if (marker === "o" || marker === ".") ctx.arc(x, y, marker === "o" ? size / 2 : size / 4, 0, 2 * Math.PI);
  else if (marker === "s") ctx.rect(x - size / 2, y - size / 2, size, size);
  else if (marker === "*") {
    for (let k = 0; k < 10; k++) {
      const r = ((k % 2 ? 0.381966 : 1) * size) / 2;
      const a = -Math.PI / 2 + (k * Math.PI) / 5;
      ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
    }
    ctx.closePath();
  }
}

function stroke(ctx, color, width, dash) {
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.setLineDash(dash || []);
  ctx.stroke();
}

function drawLine(ctx, style, xy) {
  if (style.stroke) {
    tracePolyline(ctx, xy);
    if (style.halo) stroke(ctx, style.halo[1], style.halo[0], []);
    stroke(ctx, style.stroke, style.width, style.dash);
  }
  if (!style.marker) return;
  for (const p of xy) {
    if (p === null) continue;
    traceMarker(ctx, style.marker, p, style.size);
    if (style.fill) {
      ctx.fillStyle = style.fill;
      ctx.fill();
    }
    if (style.edgeWidth > 0) stroke(ctx, style.edge, style.edgeWidth, []);
  }
}

// Matplotlib's "-|>" arrow: a shaft, and a filled head 0.4 of the mutation scale long, 0.2 of it each side.
function drawArrow(ctx, style, [a, b]) {
  if (!a || !b) return;
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (!(length > 0)) return;
  const [ux, uy] = [(b[0] - a[0]) / length, (b[1] - a[1]) / length];
  const head = Math.min(0.4 * style.head, length), half = 0.2 * style.head;
  const [cx, cy] = [b[0] - ux * head, b[1] - uy * head];
  const shaft = () => {
    ctx.beginPath();
    ctx.moveTo(a[0], a[1]);
    ctx.lineTo(cx, cy);
  };
  const tip = () => {
    ctx.beginPath();
    ctx.moveTo(b[0], b[1]);
    ctx.lineTo(cx - uy * half, cy + ux * half);
    ctx.lineTo(cx + uy * half, cy - ux * half);
    ctx.closePath();
  };
  if (style.halo) {
    shaft();
    stroke(ctx, style.halo[1], style.halo[0], []);
    tip();
    stroke(ctx, style.halo[1], style.halo[0] - style.width, []);
  }
  shaft();
  stroke(ctx, style.stroke, style.width, style.dash);
  tip();
  ctx.fillStyle = style.stroke;
  ctx.fill();
}

// The ticks and labels of an axis whose limits follow the curve (common.log_ticks; a table for an x axis).
function drawTicks(ctx, entry, axes, limits) {
  const { major, minor, pad, font, color } = entry.style;
  const to = mapper(axes, limits);
  const [left, , , bottom] = axes.box;
  const marks = [];
  if (entry.axis === "y") {
    const [majors, minors] = logTicks(limits[2], limits[3]);
    majors.forEach((v) => marks.push([to(limits[0], v)[1], major, format(v, "g")]));
    minors.forEach((v) => marks.push([to(limits[0], v)[1], minor, null]));
  } else {
    for (const [v, label] of entry.table[format(limits[1], "g")] || []) marks.push([to(v, limits[2])[0], major, label]);
  }
  ctx.save();
  ctx.strokeStyle = ctx.fillStyle = color;
  ctx.font = `${font}px "DejaVu Sans", "Bitstream Vera Sans", Verdana, sans-serif`;
  for (const [at, [length, width], label] of marks) {
    ctx.lineWidth = width;
    ctx.beginPath();
    if (entry.axis === "y") {
      ctx.moveTo(left, at);
      ctx.lineTo(left - length, at);
    } else {
      ctx.moveTo(at, bottom);
      ctx.lineTo(at, bottom + length);
    }
    ctx.stroke();
    if (label === null) continue;
    [ctx.textAlign, ctx.textBaseline] = entry.axis === "y" ? ["right", "middle"] : ["center", "top"];
    if (entry.axis === "y") ctx.fillText(label, left - major[0] - pad, at);
    else ctx.fillText(label, at, bottom + major[0] + pad);
  }
  ctx.restore();
}

function drawFrame(ctx, spec, tiles, frame) {
  const { layout } = spec, look = spec.looks[frame.look];
  ctx.fillStyle = "white";
  ctx.fillRect(0, 0, layout.size[0], layout.size[1]);
  layout.panels.forEach((panel, i) => ctx.drawImage(tiles[look.tiles[i]], Math.round(panel.box[0]), Math.round(panel.box[1])));
  const limits = layout.axes.map((axes, i) => frame.limits[i] || axes.limits);
  for (const entry of spec.ticks) drawTicks(ctx, entry, layout.axes[entry.axes], limits[entry.axes]);
  ctx.lineJoin = "round";
  frame.artists.forEach((data, slot) => {
    const style = spec.styles[look.styles[slot]];
    if (!data[0].length) return;
    const axes = layout.axes[style.axes];
    const xy = pixels(data, mapper(axes, limits[style.axes]));
    ctx.save();
    if (style.clip) {
      const [left, top, right, bottom] = axes.box;
      ctx.beginPath();
      ctx.rect(left, top, right - left, bottom - top);
      ctx.clip();
    }
    if (style.kind === "arrow") drawArrow(ctx, style, xy);
    else drawLine(ctx, style, xy);
    ctx.restore();
  });
}

// --- the controls -------------------------------------------------------------------------------------------

async function models(model, references) {
  const manager = model.widget_manager;
  return Promise.all((references || []).map((ref) => manager.get_model(String(ref).replace(/^IPY_MODEL_/, ""))));
}

// What each control says: the learning rate of a selection slider's index, a menu's index, a box's value.
function reading(control, data) {
  const name = control.get("_model_name");
  if (name === "SelectionSliderModel") return data.rates[control.get("index")];
  if (name === "DropdownModel") return control.get("index");
  return control.get("value");
}

async function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "sgd-explorer";
  const status = document.createElement("div");
  status.className = "sgd-explorer-status widget-html-content";
  status.style.cssText = "line-height: 1.4; margin: 4px 0; min-height: 1.4em;";
  const canvas = document.createElement("canvas");
  canvas.style.display = "block";
  root.append(status, canvas);
  el.append(root);
  const ctx = canvas.getContext("2d");

  const spec = model.get("spec");
  const explorer = EXPLORERS[spec.kind];
  const { tiles, data } = await unpack(spec, model.get("images"), model.get("arrays"));
  [canvas.width, canvas.height] = spec.layout.size;
  const controls = await models(model, model.get("controls"));
  const [play, stepper] = await models(model, model.get("playback_controls"));
  const runs = new Map();
  const anyLook = spec.looks[Object.keys(spec.looks)[0]]; // the looks differ in colours, not in axes
  const view = {
    loss: spec.ticks.length ? spec.ticks[0].axes : -1,
    window: (slot) => spec.layout.axes[spec.styles[anyLook.styles[slot]].axes].limits,
  };
  let live = false; // a kernel answered
  let following = false; // the playback slider names the update shown (the learner or Play moves it)
  let writing = false; // the page itself moves the playback controls
  let shown = null;

  const values = () => controls.map((control) => reading(control, data));
  function current() {
    const setting = values(), key = explorer.key(setting);
    if (!runs.has(key)) {
      if (runs.size >= RUNS_KEPT) runs.delete(runs.keys().next().value);
      runs.set(key, explorer.run(data, setting));
    }
    const run = runs.get(key);
    return { setting, run, updates: explorer.updates(run) };
  }
  // The update shown: null for the end of the run.
  let step = null;
  if (stepper) {
    const { updates } = current();
    step = stepper.get("value") < Math.min(stepper.get("max"), updates) ? stepper.get("value") : null;
  }

  function draw() {
    const { setting, run } = current();
    const frame = explorer.frame(data, setting, run, step, view);
    drawFrame(ctx, spec, tiles, frame);
    status.innerHTML = frame.status;
    shown = { setting, step, frame };
  }

  // The playback controls show the run: its last update at the slider's end, the update shown at its handle.
  function showPlayback(updates) {
    if (!stepper) return;
    const value = step === null ? updates : step;
    writing = true;
    try {
      for (const control of [play, stepper]) control.set({ max: Math.max(updates, 1), value });
    } finally {
      writing = false;
    }
  }

  // A setting changed (PlaybackExplorer._redraw): a running playback restarts, a paused one keeps its update,
  // a run shown at its end stays at its end.
  function onSetting() {
    const { updates } = current();
    if (stepper) {
      const playing = play.get("playing");
      if (playing) step = 0;
      else if (step !== null && step >= updates) step = null; // the run is shorter: its end
      following = playing;
      showPlayback(updates);
    }
    draw();
  }
  for (const control of controls) control.on("change:value change:index", onSetting);

  function onStep() {
    if (writing || !(following || play.get("playing"))) return;
    const { updates } = current();
    const value = stepper.get("value");
    step = value >= updates ? null : value;
    draw();
  }

  if (stepper) {
    stepper.on("change:value", onStep);
    play.on("change:playing", () => {
      if (play.get("playing")) following = true;
    });
  }
  // The learner takes hold of the playback controls: from now on the playback slider names the update shown.
  const playbackRow = () => {
    const box = el.closest(".widget-vbox");
    return box && stepper ? box.children[1] : null;
  };
  const takeHold = (event) => {
    const row = playbackRow();
    if (row && row.contains(event.target)) following = true;
  };
  // Without a kernel the page makes the step buttons' step (PlaybackExplorer._nudge).
  const nudge = (event) => {
    const row = playbackRow();
    if (live || !row || !row.contains(event.target)) return;
    const button = event.target.closest("button");
    const direction = button && button.querySelector(".fa-step-forward") ? 1 : button && button.querySelector(".fa-step-backward") ? -1 : 0;
    if (!direction) return;
    const { updates } = current();
    play.set("playing", false);
    const value = Math.max(0, Math.min(updates, (step === null ? updates : step) + direction));
    step = value >= updates ? null : value;
    showPlayback(updates);
    draw();
  };
  document.addEventListener("pointerdown", takeHold, true);
  document.addEventListener("keydown", takeHold, true);
  document.addEventListener("click", nudge, true);

  model.on("msg:custom", (message) => {
    if (message && message.type === "hello") live = true;
    if (message && message.type === "step") { // show_step() from the kernel
      following = true;
      onStep();
    }
  });
  try {
    model.send({ type: "hello" });
  } catch (error) {
    live = false; // no kernel: a page
  }
  draw();

  // What tests and the drag benchmark read: the frame on the canvas, in data coordinates.
  canvas.sgdExplorer = {
    shown: () => shown && { setting: shown.setting, step: shown.step, status: status.textContent,
      artists: shown.frame.artists, limits: shown.frame.limits, look: shown.frame.look },
    frameAt(setting, at) { // the frame of any setting, as the page would draw it
      const run = explorer.run(data, setting);
      const frame = explorer.frame(data, setting, run, at, view);
      return { ...frame, updates: explorer.updates(run), status: frame.status };
    },
    live: () => live,
  };

  return () => {
    document.removeEventListener("pointerdown", takeHold, true);
    document.removeEventListener("keydown", takeHold, true);
    document.removeEventListener("click", nudge, true);
  };
}

export default { render };
