// Numbers for people: units stated, a few significant digits.
export function sig(value: number, digits = 4): string {
  return Number(value.toPrecision(digits)).toString();
}

export function energyText(energyJ: number): string {
  return energyJ < 1 ? `${sig(energyJ * 1000)} mJ` : `${sig(energyJ)} J`;
}

// null and 0 mean unknown here (no model has zero throughput, latency or size).
function orDash(value: number | null, show: (v: number) => string): string {
  return value === null || value === 0 ? "–" : show(value);
}

export interface HoverFields {
  name: string;
  inputSizePx: number | null;
  accuracyPct: number;
  energyJ: number;
  throughput: number | null;
  latencyS: number | null;
  flopCount: number | null;
  parameterCount: number | null;
  family: string;
  architecture: string;
}

// The tooltip's lines (HTML as Plotly's hover labels take it).
export function hoverText(f: HoverFields): string {
  return [
    `<b>${f.name}</b>`,
    `type: ${f.architecture}, family ${f.family}`,
    `input: ${orDash(f.inputSizePx, (v) => `${v} px`)}`,
    `accuracy: ${sig(f.accuracyPct)} %`,
    `energy: ${energyText(f.energyJ)} per image`,
    `throughput: ${orDash(f.throughput, (v) => `${sig(v)} images/s`)}`,
    `latency: ${orDash(f.latencyS, (v) => `${sig(v * 1000)} ms per batch`)}`,
    `FLOPs: ${orDash(f.flopCount, (v) => `${sig(v / 1e9)} GFLOP per image`)}`,
    `parameters: ${orDash(f.parameterCount, (v) => `${sig(v / 1e6)} M`)}`,
  ].join("<br>");
}
