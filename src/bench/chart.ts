/**
 * A line chart as a standalone SVG file: wall time against the number of hosts, one polyline per
 * tool. Written by hand (a few dozen elements), so the benchmark needs no charting library.
 */

export interface Series {
  name: string;
  color: string;
  /** [x, y] points; points with a y that is not a positive finite number are left out. */
  points: readonly (readonly [number, number])[];
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  /** 'log': Ansible's minutes and play's seconds on one chart; 'linear': one tool's growth. */
  yScale: 'linear' | 'log';
  series: readonly Series[];
}

const WIDTH = 640;
const HEIGHT = 400;
const PLOT = { left: 70, right: 170, top: 40, bottom: 50 };
const plotW = WIDTH - PLOT.left - PLOT.right;
const plotH = HEIGHT - PLOT.top - PLOT.bottom;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Round tick values covering [lo, hi]: 1-2-5 steps (linear) or powers of ten (log). */
export function ticks(lo: number, hi: number, scale: 'linear' | 'log'): number[] {
  if (scale === 'log') {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(Number((10 ** e).toPrecision(1)));
    return out;
  }
  const span = hi - lo || 1;
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= Math.ceil(hi / step) * step + step / 2; v += step) out.push(Number(v.toPrecision(6)));
  return out;
}

function tickLabel(v: number): string {
  if (v >= 1000 && v % 1000 === 0) return `${v / 1000}k`;
  return String(v);
}

/** The SVG document for the chart. */
export function lineChart(spec: ChartSpec): string {
  const series = spec.series.map((s) => ({ ...s, points: s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && y > 0) }));
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  if (xs.length === 0) throw new Error(`chart "${spec.title}": no points to draw`);
  const xTicks = ticks(0, Math.max(...xs), 'linear');
  const yTicks = spec.yScale === 'log' ? ticks(Math.min(...ys), Math.max(...ys), 'log') : ticks(0, Math.max(...ys), 'linear');
  const [x0, x1] = [xTicks[0] as number, xTicks[xTicks.length - 1] as number];
  const [y0, y1] = [yTicks[0] as number, yTicks[yTicks.length - 1] as number];
  const f = spec.yScale === 'log' ? Math.log10 : (v: number): number => v;
  const px = (x: number): number => PLOT.left + ((x - x0) / (x1 - x0 || 1)) * plotW;
  const py = (y: number): number => PLOT.top + plotH - ((f(y) - f(y0)) / (f(y1) - f(y0) || 1)) * plotH;

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${esc(spec.title)}</text>`,
  ];
  for (const t of xTicks) {
    out.push(`<line class="grid" x1="${num(px(t))}" y1="${PLOT.top}" x2="${num(px(t))}" y2="${PLOT.top + plotH}" stroke="#ddd"/>`);
    out.push(`<text class="x-tick" x="${num(px(t))}" y="${PLOT.top + plotH + 16}" text-anchor="middle">${tickLabel(t)}</text>`);
  }
  for (const t of yTicks) {
    out.push(`<line class="grid" x1="${PLOT.left}" y1="${num(py(t))}" x2="${PLOT.left + plotW}" y2="${num(py(t))}" stroke="#ddd"/>`);
    out.push(`<text class="y-tick" x="${PLOT.left - 6}" y="${num(py(t) + 4)}" text-anchor="end">${tickLabel(t)}</text>`);
  }
  out.push(`<rect x="${PLOT.left}" y="${PLOT.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${PLOT.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${PLOT.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  series.forEach((s, i) => {
    const pts = s.points.map(([x, y]) => `${num(px(x))},${num(py(y))}`);
    out.push(`<polyline data-series="${esc(s.name)}" points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const p of pts) {
      const [cx, cy] = p.split(',');
      out.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${s.color}"/>`);
    }
    const ly = PLOT.top + 10 + i * 20;
    out.push(`<line x1="${WIDTH - PLOT.right + 12}" y1="${ly}" x2="${WIDTH - PLOT.right + 32}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`);
    out.push(`<text x="${WIDTH - PLOT.right + 38}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
