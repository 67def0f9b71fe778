// An explorer drawn in the browser: its background tiles once, its moving artists from frames the kernel
// computed for every setting around the current one. It listens to the explorer's own controls, so a drag
// redraws at once, with or without a kernel. Python side: sgd_lib/widgets/_canvas.py and _scene.py.

const MISSING_LIVE = "Computing this setting\u2026";
const MISSING_STATIC = "This setting is not stored in the page: run the notebook to see it.";
const PLAYBACK_STATIC = "Playback of this setting is not stored in the page: run the notebook to see it.";
const FAR = 1e5; // pixels: points beyond this are drawn at this distance (the canvas clips them anyway)

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

// A packed blob (sgd_lib/widgets/_scene.py: pack): JSON document, float32 (x, y) points, PNG images.
async function unpack(value) {
  const raw = bytesOf(value);
  if (!raw.length) return null;
  const body = await inflate(raw);
  const length = new DataView(body.buffer).getUint32(0, true);
  const doc = JSON.parse(new TextDecoder().decode(body.subarray(4, 4 + length)));
  const start = 4 + length;
  const count = doc.values;
  const bytes = new Uint8Array(4 * count); // unshuffle: the file holds every value's byte 0, then byte 1, ...
  for (let b = 0; b < 4; b++) {
    const plane = body.subarray(start + b * count, start + (b + 1) * count);
    for (let i = 0; i < count; i++) bytes[4 * i + b] = plane[i];
  }
  const values = new Float32Array(bytes.buffer); // little-endian, as every browser's
  let offset = start + 4 * count;
  const images = await Promise.all(doc.images.map((size) => {
    const png = body.slice(offset, offset + size);
    offset += size;
    return createImageBitmap(new Blob([png], { type: "image/png" }));
  }));
  return { doc, values, images };
}

// Tiles and styles keep the kernel's numbering across blobs; frames point at their points in their blob.
class Store {
  constructor() {
    this.tiles = new Map();
    this.styles = new Map();
    this.grid = new Map();
    this.off = [];
    this.playback = { key: null, complete: false, frames: [] };
    this.current = null;
  }

  frames(blob) {
    if (!blob) return [];
    const { doc, values, images } = blob;
    for (const [id, tile] of Object.entries(doc.tiles)) this.tiles.set(+id, { ...tile, image: images[tile.image] });
    for (const [id, style] of Object.entries(doc.styles)) this.styles.set(+id, style);
    return doc.frames.map((frame) => ({
      key: frame.key,
      step: frame.step ?? null,
      status: frame.status,
      tiles: frame.tiles.map((id) => this.tiles.get(id)),
      artists: frame.artists.map(([x, y, count, style]) => ({
        x: values.subarray(x, x + count),
        y: values.subarray(y, y + count),
        style: this.styles.get(style),
      })),
    }));
  }
}

// --- drawing ------------------------------------------------------------------------------------------------

function fraction(v, lo, hi, log) {
  return log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
}

function clamp(v) {
  return Math.max(-FAR, Math.min(FAR, v));
}

// Data to pixels, as Matplotlib maps them: the axes' pixel box and its limits in this frame.
function mapper(axes, limits) {
  const [left, top, right, bottom] = axes.box;
  const [x0, x1, y0, y1] = limits;
  return (x, y) => [
    clamp(left + fraction(x, x0, x1, axes.xlog) * (right - left)),
    clamp(bottom - fraction(y, y0, y1, axes.ylog) * (bottom - top)),
  ];
}

function pixels(xs, ys, to) {
  const out = [];
  for (let i = 0; i < xs.length; i++) {
    const [x, y] = to(xs[i], ys[i]);
    out.push(Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null);
  }
  return out;
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
  if (marker === "o" || marker === ".") {
    ctx.arc(x, y, marker === "o" ? size / 2 : size / 4, 0, 2 * Math.PI);
  } else if (marker === "s") {
    ctx.rect(x - size / 2, y - size / 2, size, size);
  } else if (marker === "*") {
    for (let k = 0; k < 10; k++) {
      const r = (k % 2 ? 0.381966 : 1) * size / 2;
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
function drawArrow(ctx, style, xy) {
  const [a, b] = xy;
  if (!a || !b) return;
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (!(length > 0)) return;
  const [ux, uy] = [(b[0] - a[0]) / length, (b[1] - a[1]) / length];
  const head = Math.min(0.4 * style.head, length);
  const half = 0.2 * style.head;
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

function drawFrame(ctx, layout, base, frame) {
  ctx.clearRect(0, 0, layout.size[0], layout.size[1]);
  if (base) ctx.drawImage(base, 0, 0);
  if (!frame) return;
  const limits = [];
  for (const tile of frame.tiles) {
    const panel = layout.panels[tile.panel];
    ctx.drawImage(tile.image, Math.round(panel.box[0]), Math.round(panel.box[1]));
    panel.axes.forEach((axes, i) => { limits[axes] = tile.limits[i]; });
  }
  ctx.lineJoin = "round";
  for (const { x, y, style } of frame.artists) {
    if (!x.length) continue;
    const axes = layout.axes[style.axes];
    const xy = pixels(x, y, mapper(axes, limits[style.axes]));
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
  }
}

// --- which frame -----------------------------------------------------------------------------------------

// A control's position on the grid, as sgd_lib/widgets/_grid.py names it ("x": the value the grid was
// computed between positions; "?": a value the grid does not have).
function position(model, axis, off) {
  if (axis.kind === "index") return String(model.get("index"));
  if (axis.kind === "bool") return model.get("value") ? "1" : "0";
  if (axis.kind === "int") return String(model.get("value") - axis.min);
  const value = model.get("value");
  const p = Math.round((value - axis.min) / axis.step);
  const at = Number((axis.min + p * axis.step).toPrecision(12));
  if (p >= 0 && p < axis.size && Math.abs(value - at) <= 1e-9 * Math.max(1, Math.abs(at))) return String(p);
  return off !== null && off !== undefined && value === off ? "x" : "?";
}

async function models(model, references) {
  const manager = model.widget_manager;
  return Promise.all((references || []).map((ref) => manager.get_model(String(ref).replace(/^IPY_MODEL_/, ""))));
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

  const store = new Store();
  const layout = model.get("scene");
  canvas.width = layout.size[0];
  canvas.height = layout.size[1];
  const axes = model.get("axes");
  const controls = await models(model, model.get("controls"));
  const [play, stepper] = await models(model, model.get("playback_controls"));
  let base = null;
  let live = false; // a kernel answered
  let holdEnd = false; // the run is shown at its end while the kernel moves the playback slider after a change
  let shown = null;
  let dirty = false; // a setting changed since the kernel was last told that a drag ended

  function wanted() {
    const key = controls.map((c, i) => position(c, axes[i], store.off[i])).join(",");
    const step = stepper && !holdEnd && stepper.get("value") < stepper.get("max") ? stepper.get("value") : null;
    return { key, step };
  }

  function find({ key, step }) {
    const current = store.current;
    if (current && current.key === key && current.step === step) return current;
    if (step === null) return store.grid.get(key) || null;
    if (store.playback.key === key) return store.playback.frames[step] || null;
    return null;
  }

  function draw() {
    const want = wanted();
    const frame = find(want);
    drawFrame(ctx, layout, base, frame);
    shown = frame;
    if (frame) status.innerHTML = frame.status;
    else if (want.step !== null && !live) status.textContent = PLAYBACK_STATIC;
    else status.textContent = live ? MISSING_LIVE : MISSING_STATIC;
  }

  async function load(name) {
    const blob = await unpack(model.get(name));
    const frames = store.frames(blob);
    if (name === "grid") {
      store.grid = new Map(frames.map((f) => [f.key, f]));
      store.off = blob ? blob.doc.off : [];
    } else if (name === "playback") {
      store.playback = blob ? { key: blob.doc.key, complete: blob.doc.complete, frames } : store.playback;
    } else {
      store.current = frames[0] || null;
    }
  }

  const raw = bytesOf(model.get("base"));
  if (raw.length) base = await createImageBitmap(new Blob([raw.slice()], { type: "image/png" }));
  await Promise.all(["grid", "playback", "current"].map(load));
  draw();

  for (const name of ["grid", "playback", "current"]) {
    model.on(`change:${name}`, async () => {
      await load(name);
      draw();
    });
  }
  const onSetting = () => {
    dirty = true;
    if (stepper && stepper.get("value") >= stepper.get("max")) holdEnd = true;
    draw();
  };
  for (const control of controls) control.on("change:value change:index", onSetting);
  if (stepper) {
    stepper.on("change:value change:max", () => {
      if (stepper.get("value") >= stepper.get("max")) holdEnd = true;
      draw();
    });
  }

  // The learner takes hold of the playback controls: from now on the playback slider names the update shown.
  const playbackRow = () => {
    const box = el.closest(".widget-vbox");
    return box && stepper ? box.children[1] : null;
  };
  const takeHold = (event) => {
    const row = playbackRow();
    if (row && row.contains(event.target)) {
      holdEnd = false;
      requestAnimationFrame(draw);
    }
  };
  let asked = 0; // drags whose end the kernel has not answered yet
  const settled = () => {
    if (dirty && live) {
      asked += 1;
      model.send({ type: "settled", key: wanted().key });
    }
    dirty = false;
  };
  document.addEventListener("pointerdown", takeHold, true);
  document.addEventListener("keydown", takeHold, true);
  document.addEventListener("pointerup", settled, true);
  document.addEventListener("keyup", settled, true);
  if (play) play.on("change:playing", () => { if (play.get("playing")) holdEnd = false; draw(); });

  model.on("msg:custom", (message) => {
    if (message && message.type === "hello") live = true;
    if (message && message.type === "settled") asked = Math.max(0, asked - (message.count || 1));
  });
  try {
    model.send({ type: "hello" });
  } catch (error) {
    live = false; // no kernel: a page
  }

  // What tests and the drag benchmark read: the frame on the canvas, in data coordinates.
  canvas.sgdExplorer = {
    shown: () => shown && {
      key: shown.key,
      step: shown.step,
      status: status.textContent,
      artists: shown.artists.map(({ x, y }) => [Array.from(x), Array.from(y)]),
    },
    live: () => live,
    waiting: () => asked,
  };

  return () => {
    document.removeEventListener("pointerdown", takeHold, true);
    document.removeEventListener("keydown", takeHold, true);
    document.removeEventListener("pointerup", settled, true);
    document.removeEventListener("keyup", settled, true);
  };
}

export default { render };
