// The score as a filled-contour background, painted on a canvas under the plot area.
// Painting 1,500 models' background in a canvas takes a few ms, where a Plotly contour
// trace would redraw the whole figure on every weight change.
export interface Bands {
  min: number; // score of the lowest band's lower edge
  step: number; // band width
  count: number;
}

type Score = (energyJ: number, accuracyPct: number) => number;

const low = [255, 255, 255];
const high = [158, 202, 225]; // light blue, the best band: light enough for points on top
const lineShade = 0.9;
const scale = 2; // one computed cell per 2x2 screen pixels

export function bandColour(band: number, count: number): number[] {
  const t = count <= 1 ? 1 : band / (count - 1);
  return low.map((c, i) => Math.round(c + (high[i] - c) * t));
}

// REQUIRES: the plot is drawn (its _fullLayout holds the axes and the plot area).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function paintContour(canvas: HTMLCanvasElement, full: any, score: Score, bands: Bands): void {
  const { l, t, w, h } = full._size;
  const xa = full.xaxis;
  const ya = full.yaxis;
  const cw = Math.max(1, Math.ceil(w / scale));
  const ch = Math.max(1, Math.ceil(h / scale));
  canvas.width = cw;
  canvas.height = ch;
  Object.assign(canvas.style, { left: `${l}px`, top: `${t}px`, width: `${w}px`, height: `${h}px` });
  const log = xa.type === "log";
  const energies = new Float64Array(cw);
  for (let i = 0; i < cw; i++) {
    const r = xa.range[0] + ((xa.range[1] - xa.range[0]) * (i + 0.5)) / cw;
    energies[i] = log ? Math.pow(10, r) : r;
  }
  const band = new Int16Array(cw * ch);
  for (let j = 0; j < ch; j++) {
    const accuracy = ya.range[1] - ((ya.range[1] - ya.range[0]) * (j + 0.5)) / ch;
    for (let i = 0; i < cw; i++) {
      const z = energies[i] > 0 ? score(energies[i], accuracy) : NaN;
      const b = Math.floor((z - bands.min) / bands.step);
      band[j * cw + i] = Number.isFinite(b) ? Math.min(bands.count - 1, Math.max(-1, b)) : -1;
    }
  }
  const context = canvas.getContext("2d")!;
  const image = context.createImageData(cw, ch);
  for (let k = 0; k < band.length; k++) {
    const b = band[k];
    let rgb = b < 0 ? low : bandColour(b, bands.count);
    const i = k % cw;
    const edge = (i > 0 && band[k - 1] !== b) || (k >= cw && band[k - cw] !== b);
    if (edge) rgb = rgb.map((c) => Math.round(c * lineShade));
    image.data.set([rgb[0], rgb[1], rgb[2], 255], k * 4);
  }
  context.putImageData(image, 0, 0);
}

// The background's labelled colour scale: one swatch per band with its lower edge, and
// the upper edge of the last; `format` writes an edge's value.
export function drawScale(box: HTMLElement, bands: Bands, title: string,
                          format: (edge: number) => string): void {
  const swatches: HTMLElement[] = [];
  for (let b = 0; b < bands.count; b++) {
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    const [r, g, bl] = bandColour(b, bands.count);
    swatch.style.background = `rgb(${r},${g},${bl})`;
    swatch.dataset.edge = format(bands.min + b * bands.step);
    swatch.title = `${format(bands.min + b * bands.step)} to ${format(bands.min + (b + 1) * bands.step)}`;
    swatches.push(swatch);
  }
  const label = document.createElement("span");
  label.className = "scale-title";
  label.textContent = title;
  const strip = document.createElement("span");
  strip.className = "scale-strip";
  strip.append(...swatches);
  strip.dataset.last = format(bands.min + bands.count * bands.step);
  box.replaceChildren(label, strip);
}
