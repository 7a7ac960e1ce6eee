// The part of Plotly's API the page uses (the dist bundle ships no types).
declare module "plotly.js/lib/core" {
  namespace Plotly {
    type Data = object;
    type Layout = Record<string, unknown>;
    interface PlotDatum { curveNumber: number; pointNumber: number; customdata?: unknown }
    interface PlotEvent { points: PlotDatum[] }
  }
  interface PlotElement extends HTMLElement {
    on(event: string, handler: (e: Plotly.PlotEvent) => void): void;
    _fullLayout?: any;
    data?: any[];
  }
  const Plotly: {
    react(el: HTMLElement, data: Plotly.Data[], layout?: Partial<Plotly.Layout>, config?: object): Promise<PlotElement>;
    restyle(el: HTMLElement, update: object, traces?: number[]): Promise<PlotElement>;
    relayout(el: HTMLElement, update: object): Promise<PlotElement>;
    update(el: HTMLElement, data: object, layout: object, traces?: number[]): Promise<PlotElement>;
    purge(el: HTMLElement): void;
  };
  export default Plotly;
  export type { PlotElement };
}
