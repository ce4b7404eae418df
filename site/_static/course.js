// Chinese search: Sphinx indexes the pages' words as jieba cut them, but splits a query only at spaces and
// punctuation, so "服务蓝图失误点" would be one unknown word. Split a Chinese query into the index's own
// words (longest match first); a single character the index does not know is left out.
if (document.documentElement.lang.startsWith("zh")) {
  var splitQuery = (query) => {
    const terms = (typeof Search !== "undefined" && Search._index && Search._index.terms) || {};
    const known = (word) => Object.hasOwn(terms, word.toLowerCase());
    const out = [];
    for (const part of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter((t) => t)) {
      for (const run of part.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu)) {
        if (!/\p{Script=Han}/u.test(run) || known(run)) { out.push(run); continue; }
        for (let i = 0; i < run.length;) {
          let j = Math.min(run.length, i + 8);
          while (j > i + 1 && !known(run.slice(i, j))) j--;
          if (j > i + 1 || known(run[i])) out.push(run.slice(i, j));
          i = j;
        }
      }
    }
    return out.length ? out : [query.trim()];
  };
}

// The JupyterHub page (launch/jupyterhub): the reader types their hub's address and gets the nbgitpuller
// link, in the format `service-course hub-link` prints (course_lib/commands/hub_link.py).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("course-hub-form");
  if (!form) return;
  const input = document.getElementById("course-hub-address");
  const link = document.getElementById("course-hub-link");
  const shown = document.getElementById("course-hub-url");
  const asked = new URLSearchParams(window.location.search).get("path") || "";
  const path = /^(zh\/)?(notebooks|exercises)\/[\w.-]+\.ipynb$/.test(asked) ? asked : form.dataset.defaultPath;
  document.getElementById("course-hub-path").textContent = path;
  const enc = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  const update = () => {
    const hub = input.value.trim().replace(/\/+$/, "");
    if (!/^https?:\/\/[^\s/]+/.test(hub)) { link.removeAttribute("href"); shown.textContent = ""; return; }
    const url = `${hub}/hub/user-redirect/git-pull?repo=${enc(form.dataset.repo)}&branch=${enc(form.dataset.branch)}` +
                `&targetpath=${enc(form.dataset.folder)}&urlpath=${enc(`lab/tree/${form.dataset.folder}/${path}`)}`;
    link.href = url;
    shown.textContent = url;
    try { localStorage.setItem("course-hub", hub); } catch (e) { /* private mode */ }
  };
  try { input.value = localStorage.getItem("course-hub") || ""; } catch (e) { /* private mode */ }
  input.addEventListener("input", update);
  form.addEventListener("submit", (e) => { e.preventDefault(); if (link.href) window.location.href = link.href; });
  update();
});
