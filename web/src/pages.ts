// The page switcher: each page registers a name, a label and what to do when shown; the
// nav links and the ?view= parameter follow the registrations, so a new page (Runs, say)
// is one registerPage call and one <main data-page="NAME"> in index.html.
export interface Page {
  name: string; // the ?view= value; "explorer" is the default
  label: string; // the nav link's text
  show: () => void | Promise<void>; // called each time the page is shown
}

const pages: Page[] = [];

export function registerPage(page: Page): void {
  pages.push(page);
}

export function pageNames(): string[] {
  return pages.map((p) => p.name);
}

function link(page: Page, onPick: (name: string) => void): HTMLAnchorElement {
  const a = document.createElement("a");
  a.id = `nav-${page.name}`;
  a.href = page.name === "explorer" ? "?" : `?view=${page.name}`;
  a.textContent = page.label;
  a.addEventListener("click", (e) => {
    e.preventDefault();
    onPick(page.name);
  });
  return a;
}

// Draws the nav links; onPick(name) is called when one is clicked.
export function drawNav(nav: HTMLElement, onPick: (name: string) => void): void {
  nav.replaceChildren(...pages.map((p) => link(p, onPick)));
}

// Shows one page (unknown names show the first) and hides the others.
export function showPage(name: string): void {
  const current = pages.find((p) => p.name === name) ?? pages[0];
  for (const main of document.querySelectorAll<HTMLElement>("main[data-page]")) {
    main.hidden = main.dataset.page !== current.name;
  }
  for (const p of pages) {
    document.getElementById(`nav-${p.name}`)?.classList.toggle("active", p === current);
  }
  void current.show();
}
