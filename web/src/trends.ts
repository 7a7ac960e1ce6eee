// The Trends page: a titled thumbnail grid of both studies' figures, from the report's
// figures/index.json; a thumbnail opens the figure full size with its caption and data.
import type { Figure, FigureIndex } from "./types";

let shown = false;

async function figureIndex(): Promise<Figure[]> {
  const reply = await fetch("/figures/index.json");
  if (reply.ok) return ((await reply.json()) as FigureIndex).figures;
  // A report folder from before index.json: the SVGs by name only.
  const names = await fetch("/api/figures").then((r) => r.json()) as { figures: { name: string; url: string }[] };
  return names.figures.map((f, i) => ({ study: "Figures", number: i + 1, stem: f.name.replace(/\.svg$/, ""),
    title: f.name, caption: "", svg: f.url.slice(1), png: f.url.slice(1), data: "" }));
}

function open(f: Figure): void {
  const dialog = document.getElementById("figure-dialog") as HTMLDialogElement;
  const img = document.getElementById("figure-full") as HTMLImageElement;
  img.src = "/" + f.svg;
  img.alt = f.title;
  const caption = document.getElementById("figure-caption")!;
  caption.replaceChildren(`${f.study}, Fig. ${f.number}: ${f.title}. ${f.caption} `);
  if (f.data) {
    const data = document.createElement("a");
    data.href = "/" + f.data;
    data.textContent = "data (CSV)";
    caption.append(data);
  }
  dialog.showModal();
}

function card(f: Figure): HTMLElement {
  const figure = document.createElement("figure");
  figure.className = "thumb";
  const button = document.createElement("button");
  button.type = "button";
  button.title = "open full size";
  const img = document.createElement("img");
  img.src = "/" + f.png;
  img.alt = f.title;
  img.loading = "lazy";
  button.append(img);
  button.addEventListener("click", () => open(f));
  const caption = document.createElement("figcaption");
  const title = document.createElement("strong");
  title.textContent = `Fig. ${f.number}: ${f.title}`;
  caption.append(title, document.createElement("br"), f.caption + " ");
  if (f.data) {
    const data = document.createElement("a");
    data.href = "/" + f.data;
    data.textContent = "data";
    caption.append(data);
  }
  figure.append(button, caption);
  return figure;
}

export async function showTrends(box: HTMLElement): Promise<void> {
  if (shown) return;
  shown = true;
  const figures = await figureIndex();
  if (figures.length === 0) {
    box.textContent = "No figures: start the server with --report-dir DIR, where DIR was " +
      "written by `infergy report --out DIR`.";
    return;
  }
  const studies = [...new Set(figures.map((f) => f.study))];
  box.replaceChildren(...studies.map((study) => {
    const section = document.createElement("section");
    const heading = document.createElement("h3");
    heading.textContent = study;
    const grid = document.createElement("div");
    grid.className = "thumbs";
    grid.append(...figures.filter((f) => f.study === study).map(card));
    section.append(heading, grid);
    return section;
  }));
}
