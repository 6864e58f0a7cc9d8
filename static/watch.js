// The watch board keeps itself current: it asks for the board every few seconds (a 304 when nothing
// changed) and swaps it in place, marking alerts it had not shown. It never swaps while the officer is
// typing a call or a closing note: the next poll catches up.
(() => {
  const board = document.getElementById("watch-board");
  if (!board) return;
  const status = document.getElementById("watch-status");
  const every = Math.max(2, Number(board.dataset.poll || 10)) * 1000;
  let etag = board.dataset.etag || null;

  const shown = () => new Set([...board.querySelectorAll("[data-alert]")].map((el) => el.dataset.alert));
  const typing = () => {
    const active = document.activeElement;
    if (active && board.contains(active) && active.matches("textarea, input")) return true;
    return [...board.querySelectorAll("textarea")].some((area) => area.value.trim() !== "");
  };
  const say = (text, stale) => {
    status.textContent = text;
    status.classList.toggle("stale", stale);
  };

  async function poll() {
    if (typing()) return setTimeout(poll, every);
    try {
      const answer = await fetch(board.dataset.src, {
        headers: etag ? { "If-None-Match": etag } : {}, credentials: "same-origin", cache: "no-store", redirect: "manual",
      });
      if (answer.type === "opaqueredirect" || answer.status === 401 || answer.status === 403) {
        say(board.dataset.expired, true);
        return; // signed out: polling again would not help
      }
      let fresh = 0;
      if (answer.status === 200) {
        const before = shown();
        etag = answer.headers.get("ETag");
        board.innerHTML = await answer.text();
        board.querySelectorAll("[data-alert]").forEach((el) => {
          if (!before.has(el.dataset.alert)) { el.classList.add("fresh"); fresh += 1; }
        });
      } else if (answer.status !== 304) {
        throw new Error(String(answer.status));
      }
      const time = new Date().toLocaleTimeString();
      say((fresh ? board.dataset.fresh + " " : "") + board.dataset.updated + " " + time, false);
    } catch (error) {
      say(board.dataset.offline, true);
    }
    setTimeout(poll, every);
  }
  setTimeout(poll, every);
})();
